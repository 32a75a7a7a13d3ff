import { Language, calendarDate, days } from '@app/common/locale/polish';
import { LineOfBusiness } from '@app/privacy';
import { formalLetter } from '../mailings';

/** The lines of business as a Polish sentence names the insurance ("ubezpieczenie komunikacyjne"). */
const LINES_PL: Record<LineOfBusiness, string> = {
  motor: 'komunikacyjne',
  home: 'domu',
  travel: 'turystyczne',
  life: 'na życie',
  health: 'zdrowotne',
  property: 'majątkowe',
  liability: 'OC',
};

const LINES_EN: Record<LineOfBusiness, string> = {
  motor: 'motor',
  home: 'home',
  travel: 'travel',
  life: 'life',
  health: 'health',
  property: 'property',
  liability: 'liability',
};

export interface ReminderMailInput {
  line: LineOfBusiness;
  insurerName: string;
  policyNumber: string;
  endDate: string;
  daysLeft: number;
}

/**
 * The expiry reminder in the client's language: dates as dd.mm.rrrr in Polish, the days left in
 * the right plural form ("za 1 dzień", "za 3 dni"; "in 1 day").
 */
export function reminderMail(
  input: ReminderMailInput,
  language: Language = 'pl',
): { subject: string; text: string; html: string } {
  const end = calendarDate(input.endDate, language);
  const left = days(input.daysLeft, language);
  if (language === 'en') {
    const line = LINES_EN[input.line] ?? input.line;
    return {
      subject: `Your policy no. ${input.policyNumber} ends on ${end}`,
      ...formalLetter(
        'en',
        `Your ${line} insurance with ${input.insurerName} (policy no. ${input.policyNumber}) ends on ` +
          `${end}, in ${left}. Contact us to renew it.`,
      ),
    };
  }
  const line = LINES_PL[input.line] ?? input.line;
  return {
    subject: `Polisa nr ${input.policyNumber} kończy się ${end}`,
    ...formalLetter(
      'pl',
      `Państwa ubezpieczenie ${line} w ${input.insurerName} (polisa nr ${input.policyNumber}) kończy się ` +
        `${end}, za ${left}. Prosimy o kontakt w sprawie jego odnowienia.`,
    ),
  };
}

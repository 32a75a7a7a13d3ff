import { calendarDate, days } from '@app/common/locale/polish';
import { LineOfBusiness } from '@app/privacy';
import { escapeHtml } from '../mailings';

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
 * The expiry reminder, Polish first and English second: a neutral formal greeting (the mail does
 * not guess the addressee's gender or repeat their name), dates as dd.mm.rrrr and the days left in
 * the right plural form ("za 1 dzień", "za 3 dni").
 */
export function reminderMail(input: ReminderMailInput): { subject: string; text: string; html: string } {
  const endPl = calendarDate(input.endDate, 'pl');
  const endEn = calendarDate(input.endDate, 'en');
  const linePl = LINES_PL[input.line] ?? input.line;
  const lineEn = LINES_EN[input.line] ?? input.line;
  const pl =
    `Twoje ubezpieczenie ${linePl} w ${input.insurerName} (polisa nr ${input.policyNumber}) kończy się ` +
    `${endPl}, za ${days(input.daysLeft, 'pl')}. Skontaktuj się z nami, aby je odnowić.`;
  const en =
    `Your ${lineEn} insurance with ${input.insurerName} (policy no. ${input.policyNumber}) ends on ` +
    `${endEn}, in ${days(input.daysLeft, 'en')}. Contact us to renew it.`;
  return {
    subject: `Polisa nr ${input.policyNumber} kończy się ${endPl} / Your policy ends on ${endEn}`,
    text: `Szanowni Państwo,\n\n${pl}\n\nZ poważaniem\n\n---\n\nDear Sir or Madam,\n\n${en}\n\nKind regards`,
    html:
      `<p>Szanowni Państwo,</p><p>${escapeHtml(pl)}</p><p>Z poważaniem</p><hr>` +
      `<div lang="en"><p>Dear Sir or Madam,</p><p>${escapeHtml(en)}</p><p>Kind regards</p></div>`,
  };
}

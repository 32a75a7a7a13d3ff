import { Language, calendarDate, days, money } from '@app/common/locale/polish';
import { formalLetter } from '../mailings';

export interface InstalmentReminderMailInput {
  insurerName: string;
  policyNumber: string;
  number: number;
  count: number;
  dueDate: string;
  /** Grosze still to pay. */
  outstanding: number;
  daysOverdue: number;
}

/**
 * The reminder of an overdue instalment in the client's language: a neutral formal greeting, the
 * policy and the instalment, the day it was due and what is still to pay. Nothing else about the
 * person (no name, no PESEL, no address): the mail may be read by someone else.
 */
export function instalmentReminderMail(
  input: InstalmentReminderMailInput,
  language: Language = 'pl',
): { subject: string; text: string; html: string } {
  const due = calendarDate(input.dueDate, language);
  const ago = days(input.daysOverdue, language);
  const outstanding = money(input.outstanding, language);
  const single = input.count === 1;
  if (language === 'en') {
    const which = single ? 'The premium' : `Instalment ${input.number} of ${input.count}`;
    return {
      subject: `Payment reminder: policy no. ${input.policyNumber}`,
      ...formalLetter(
        'en',
        `${which} for policy no. ${input.policyNumber} with ${input.insurerName} was due on ${due} ` +
          `(${ago} ago). ${outstanding} remains to be paid. If you have already paid, please disregard this message.`,
      ),
    };
  }
  const which = single ? 'Składka' : `Rata ${input.number} z ${input.count}`;
  return {
    subject: `Przypomnienie o płatności: polisa nr ${input.policyNumber}`,
    ...formalLetter(
      'pl',
      `${which} za polisę nr ${input.policyNumber} w ${input.insurerName} była płatna ${due} ` +
        `(${ago} temu). Do zapłaty pozostaje ${outstanding}. ` +
        `Jeśli płatność została już wykonana, prosimy uznać tę wiadomość za nieaktualną.`,
    ),
  };
}

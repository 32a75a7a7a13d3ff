import { calendarDate, days, money } from '@app/common/locale/polish';
import { escapeHtml } from '../mailings';

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
 * The reminder of an overdue instalment, Polish first and English second: a neutral formal
 * greeting, the policy and the instalment, the day it was due and what is still to pay. Nothing
 * else about the person (no name, no PESEL, no address): the mail may be read by someone else.
 */
export function instalmentReminderMail(input: InstalmentReminderMailInput): {
  subject: string;
  text: string;
  html: string;
} {
  const duePl = calendarDate(input.dueDate, 'pl');
  const dueEn = calendarDate(input.dueDate, 'en');
  const which =
    input.count === 1
      ? { pl: 'Składka', en: 'The premium' }
      : { pl: `Rata ${input.number} z ${input.count}`, en: `Instalment ${input.number} of ${input.count}` };
  const pl =
    `${which.pl} za polisę nr ${input.policyNumber} w ${input.insurerName} była płatna ${duePl} ` +
    `(${days(input.daysOverdue, 'pl')} temu). Do zapłaty pozostaje ${money(input.outstanding, 'pl')}. ` +
    `Jeśli płatność została już wykonana, prosimy uznać tę wiadomość za nieaktualną.`;
  const en =
    `${which.en} for policy no. ${input.policyNumber} with ${input.insurerName} was due on ${dueEn} ` +
    `(${days(input.daysOverdue, 'en')} ago). ${money(input.outstanding, 'en')} remains to be paid. ` +
    `If you have already paid, please disregard this message.`;
  return {
    subject: `Przypomnienie o płatności: polisa nr ${input.policyNumber} / Payment reminder: policy no. ${input.policyNumber}`,
    text: `Szanowni Państwo,\n\n${pl}\n\nZ poważaniem\n\n---\n\nDear Sir or Madam,\n\n${en}\n\nKind regards`,
    html:
      `<p>Szanowni Państwo,</p><p>${escapeHtml(pl)}</p><p>Z poważaniem</p><hr>` +
      `<div lang="en"><p>Dear Sir or Madam,</p><p>${escapeHtml(en)}</p><p>Kind regards</p></div>`,
  };
}

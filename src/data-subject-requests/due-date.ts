import { addCalendarMonths } from '../retention';

/**
 * Deadlines of art. 12(3) GDPR: an answer within one month of receipt, extendable by two further
 * months. A period in months ends on the same date of the last month; where that month has no such
 * date (31 January + 1 month), it ends on the month's last day (Regulation 1182/71, art. 3(2)(c)).
 */

/** One month after receipt. */
export function answerDueDate(receivedAt: string): string {
  return addCalendarMonths(receivedAt, 1);
}

/** After the one extension: two further months, i.e. three months counted from receipt. */
export function extendedDueDate(receivedAt: string): string {
  return addCalendarMonths(receivedAt, 3);
}

/** Whether an open request's answer is late on `today` (the broker's date, from BrokerClock). */
export function isOverdue(dueAt: string, today: string): boolean {
  return dueAt < today;
}

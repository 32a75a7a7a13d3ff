/**
 * Who is the controller of a person processed under a mandate. Requests about such a person are
 * referred to that insurer (§1 of the policy: "należy kontaktować się z ubezpieczycielem"); the
 * broker answers nothing from the mandate data itself. The mandates module provides this token.
 */
export const MANDATE_SUBJECT_DIRECTORY = 'MANDATE_SUBJECT_DIRECTORY';

export interface MandateSubjectController {
  insurerId: string;
  insurerName: string;
  dsrContactEmail: string;
}

export interface MandateSubjectDirectory {
  /** The insurer acting as controller for the mandate subject, or null when no such subject exists. */
  findController(mandateSubjectId: string): Promise<MandateSubjectController | null>;
}

import { RetentionRule } from './purposes';
import { Purpose } from './vocabulary';

/**
 * Documents of a client (files in object storage) by category. The category decides everything
 * the registry decides for other records: under which purposes a document may be uploaded and
 * read (and downloaded), and how long it is kept. A purpose that reads a category reads every
 * field of its documents; any other purpose does not see that they exist.
 */
export const DOCUMENT_CATEGORIES = ['policy', 'consent_form', 'claim', 'identity', 'other'] as const;
export type DocumentCategory = (typeof DOCUMENT_CATEGORIES)[number];

export interface DocumentCategoryDefinition {
  en: string;
  pl: string;
  /** Purposes under which a document of this category may be uploaded. */
  upload: readonly Purpose[];
  /** Purposes under which it may be listed, read and downloaded (the uploading ones among them). */
  read: readonly Purpose[];
  /**
   * How long a document is kept; the sweep then deletes row and file, but never while a legal
   * hold on its client lasts. Counted from its upload ('entry_created'), or from the end of the
   * contract it belongs to ('contract_end'), and then never less than the same months from its
   * upload.
   */
  retention: RetentionRule & { from: 'entry_created' | 'contract_end' };
  /** With a term counted from the contract's end: the months, from its upload, a document of no contract is kept. */
  withoutContractMonths?: number;
}

export const DOCUMENT_REGISTRY: Record<DocumentCategory, DocumentCategoryDefinition> = {
  policy: {
    en: 'policy document (PDF of the policy, general terms, annexes)',
    pl: 'dokument polisy (polisa, ogólne warunki, aneksy)',
    upload: ['contract_performance'],
    // The accountant keeps the policy as the basis of the commission entries.
    read: ['offer_preparation', 'contract_performance', 'claims', 'legal_obligation', 'data_subject_rights'],
    // Claims from the contract are time-barred 6 years after it ends, however long it ran.
    retention: {
      from: 'contract_end',
      months: 72,
      en: '6 years after the contract it belongs to ends (one without a contract: 7 years after the upload); longer under a legal hold',
      pl: '6 lat od zakończenia umowy, której dotyczy (bez umowy: 7 lat od dodania); dłużej w razie blokady prawnej',
    },
    withoutContractMonths: 84,
  },
  consent_form: {
    en: 'signed consent form (the evidence of a consent)',
    pl: 'podpisany formularz zgody (dowód udzielenia zgody)',
    upload: ['offer_preparation', 'contract_performance', 'data_subject_rights'],
    read: ['offer_preparation', 'contract_performance', 'claims', 'data_subject_rights'],
    retention: {
      from: 'entry_created',
      months: 72,
      en: '6 years after the upload: proof that processing based on the consent was lawful; longer under a legal hold',
      pl: '6 lat od dodania: dowód zgodności z prawem przetwarzania na podstawie zgody; dłużej w razie blokady prawnej',
    },
  },
  claim: {
    en: 'claim documentation (photos of the damage, reports, correspondence)',
    pl: 'dokumentacja szkody (zdjęcia szkody, protokoły, korespondencja)',
    upload: ['claims'],
    read: ['claims', 'contract_performance', 'data_subject_rights'],
    retention: {
      from: 'entry_created',
      months: 72,
      en: 'until the claim is time-barred: 6 years after the upload, longer under a legal hold',
      pl: 'do przedawnienia roszczeń: 6 lat od dodania, dłużej w razie blokady prawnej',
    },
  },
  identity: {
    en: 'copy of an identity document (to confirm who concludes the contract)',
    pl: 'kopia dokumentu tożsamości (potwierdzenie, kto zawiera umowę)',
    upload: ['offer_preparation', 'contract_performance'],
    read: ['offer_preparation', 'contract_performance', 'data_subject_rights'],
    retention: {
      from: 'entry_created',
      months: 12,
      en: '12 months after the upload: needed only while the contract is concluded; longer under a legal hold',
      pl: '12 miesięcy od dodania: potrzebna tylko przy zawieraniu umowy; dłużej w razie blokady prawnej',
    },
  },
  other: {
    en: 'other document of the client',
    pl: 'inny dokument klienta',
    upload: ['offer_preparation', 'contract_performance'],
    read: ['offer_preparation', 'contract_performance', 'data_subject_rights'],
    retention: {
      from: 'entry_created',
      months: 24,
      en: '2 years after the upload; longer under a legal hold',
      pl: '2 lata od dodania; dłużej w razie blokady prawnej',
    },
  },
};

export function isDocumentCategory(value: unknown): value is DocumentCategory {
  return typeof value === 'string' && (DOCUMENT_CATEGORIES as readonly string[]).includes(value);
}

/** The categories a purpose may upload or read (none: the purpose does not see documents at all). */
export function documentCategoriesFor(purpose: Purpose, operation: 'upload' | 'read'): DocumentCategory[] {
  return DOCUMENT_CATEGORIES.filter((c) => DOCUMENT_REGISTRY[c][operation].includes(purpose));
}

import { Channel, DataCategory } from './vocabulary';

/**
 * Entities holding personal data, their fields and the category of each personal field.
 * `alwaysVisible` fields carry no personal value and come with any visible record.
 * `notPersonal` fields are data of a legal person, not of a natural one (recital 14 RODO): they
 * come with any visible record and are written wherever the record's personal data may be.
 */
export const ENTITIES = {
  /**
   * A client: a person, or a company (`kind`). A company's register data is not personal data; its
   * address is kept in the same field as a person's and follows that field's rule. A person's own
   * fields (names, date of birth, PESEL) are never held for a company.
   */
  Client: {
    alwaysVisible: ['id', 'status', 'createdAt', 'restricted', 'teamId', 'kind'],
    notPersonal: {
      companyName: 'the company’s name',
      nip: 'the company’s tax identification number (NIP)',
      regon: 'the company’s statistical number (REGON)',
      krs: 'the company’s number in the National Court Register (KRS)',
    },
    personal: {
      firstName: 'identity',
      lastName: 'identity',
      email: 'email',
      phone: 'phone',
      address: 'postal_address',
      dateOfBirth: 'birth_date',
      pesel: 'national_id',
      /** The language mail is written in: read and written with the other contact data. */
      language: 'contact_preferences',
    },
  },
  /** A demands-and-needs analysis (the client's request for offers). */
  OfferRequest: {
    alwaysVisible: ['id', 'clientId', 'lineOfBusiness', 'status', 'renewsContractId', 'createdAt'],
    personal: {
      requiredCoverages: 'insurance_needs',
      maxPremium: 'insurance_needs',
      notes: 'insurance_needs',
    },
  },
  /**
   * A person client acting for a company client, and in which role. The role is the person's
   * personal data, read under the rules of the person (a record of that client); the company's
   * and the person's ids carry no personal value.
   */
  ClientRepresentative: {
    alwaysVisible: ['companyId', 'personId', 'createdAt'],
    personal: {
      role: 'company_function',
    },
  },
  /**
   * Persons grouped for offers and contracts covering them together (a family). The name usually
   * is a surname; who belongs is told by ids, and each member is read under their own rules.
   */
  Household: {
    alwaysVisible: ['id', 'teamId', 'memberIds', 'createdAt'],
    personal: {
      name: 'identity',
    },
  },
  /** An insurer's answer to an offer request: an offer, or a refusal with its reason. */
  Quote: {
    alwaysVisible: ['id', 'offerRequestId', 'clientId', 'insurerId', 'insurerName', 'status', 'createdAt'],
    personal: {
      productName: 'insurance_needs',
      coverages: 'insurance_needs',
      sumInsured: 'insurance_needs',
      deductible: 'insurance_needs',
      validUntil: 'insurance_needs',
      declineReason: 'insurance_needs',
      premium: 'financial',
      commissionRate: 'financial',
      commission: 'financial',
    },
  },
  /**
   * An insurance contract (policy): concluded from a quote, or entered into the register directly
   * (`source`: the broker's own, or taken over from another broker). `clientId` is the policyholder.
   */
  Contract: {
    alwaysVisible: [
      'id',
      'clientId',
      'source',
      'insurerId',
      'insurerName',
      'offerRequestId',
      'quoteId',
      'renewalOfferRequestId',
      'lineOfBusiness',
      'status',
      'createdAt',
    ],
    personal: {
      policyNumber: 'contract',
      startDate: 'contract',
      endDate: 'contract',
      productName: 'contract',
      coverages: 'contract',
      sumInsured: 'contract',
      deductible: 'contract',
      cancelledAt: 'contract',
      cancellationReason: 'contract',
      recommendation: 'insurance_needs',
      /** A quote concluded although it missed the needs: which, and that the broker accepted it. */
      acknowledgedMismatch: 'insurance_needs',
      premium: 'financial',
      commissionRate: 'financial',
      commission: 'financial',
      /** The insured when not the policyholder: another client of the broker. */
      insuredId: 'contract',
      /** What is insured: a vehicle (VIN, registration number), a property (address) or a person. */
      insuredObject: 'contract',
    },
  },
  /**
   * A change to a contract (annex): from when it holds, why, and each changed term's values
   * before and after. The terms follow the contract's own fields (a premium is financial, a
   * vehicle identifies its owner), so a purpose reads an annex's terms only where it reads them
   * on the contract.
   */
  ContractAnnex: {
    alwaysVisible: ['id', 'contractId', 'clientId', 'createdAt'],
    personal: {
      effectiveDate: 'contract',
      reason: 'contract',
      changes: 'contract',
      previous: 'contract',
    },
  },
  /**
   * One instalment of a contract's premium: when it is due, how much, and what the client paid.
   * Dates follow the contract's own; amounts and payments are financial data, like the premium.
   */
  Instalment: {
    alwaysVisible: ['id', 'contractId', 'clientId', 'number', 'count', 'createdAt'],
    personal: {
      dueDate: 'contract',
      amount: 'financial',
      paidAmount: 'financial',
      paidAt: 'financial',
      status: 'financial',
    },
  },
  /**
   * A line of an insurer's commission statement, reconciled with the register: the policy number
   * (identifies the person at the insurer), the commission expected and paid, and their
   * difference. A line of a policy the register knows belongs to that contract's client.
   */
  CommissionStatementLine: {
    alwaysVisible: ['id', 'statementId', 'contractId', 'clientId', 'rowNumber', 'status'],
    personal: {
      policyNumber: 'contract',
      expected: 'financial',
      paid: 'financial',
      difference: 'financial',
      /** When the accountant settled the line: written like an instalment's payment day. */
      settledAt: 'financial',
    },
  },
  /**
   * A claim on a contract, followed through the insurer's handling (reported, in assessment, paid,
   * refused, withdrawn). `history` holds each change of status with the broker's note.
   */
  Claim: {
    alwaysVisible: ['id', 'contractId', 'clientId', 'status', 'legalHoldId', 'createdAt', 'createdBy'],
    personal: {
      insurerClaimNumber: 'claim',
      dateOfLoss: 'claim',
      description: 'claim',
      amountClaimed: 'financial',
      amountPaid: 'financial',
      history: 'claim',
    },
  },
  /**
   * Work about a client assigned to a broker: made by hand, or by the daily scan (a renewal call, an
   * overdue instalment). Kept under the purpose it serves (`purpose`).
   */
  Task: {
    alwaysVisible: [
      'id',
      'clientId',
      'contractId',
      'instalmentId',
      'kind',
      'purpose',
      'status',
      'assigneeId',
      'createdAt',
      'createdBy',
      'completedAt',
    ],
    personal: {
      title: 'client_interactions',
      description: 'client_interactions',
      dueDate: 'client_interactions',
    },
  },
  /** A call, meeting or note on the client's timeline, recorded under the purpose it served. */
  ClientActivity: {
    alwaysVisible: ['id', 'clientId', 'kind', 'purpose', 'createdAt', 'createdBy'],
    personal: {
      at: 'client_interactions',
      summary: 'client_interactions',
    },
  },
  /**
   * A document of a client: a file in object storage with what describes it. Its category decides
   * under which purposes it is seen (DOCUMENT_REGISTRY); the file's name and content are personal.
   */
  Document: {
    alwaysVisible: ['id', 'clientId', 'contractId', 'claimId', 'category', 'createdAt'],
    personal: {
      fileName: 'documents',
      contentType: 'documents',
      size: 'documents',
      checksum: 'documents',
      content: 'documents',
    },
  },
  /**
   * A person processed on an insurer's behalf under a mandate (the insurer is the controller).
   * Stored apart from clients, in schema `mandate`; each mandate's `fields` narrows this list.
   */
  MandateSubject: {
    alwaysVisible: ['id', 'createdAt'],
    personal: {
      firstName: 'identity',
      lastName: 'identity',
      email: 'email',
      phone: 'phone',
      address: 'postal_address',
      dateOfBirth: 'birth_date',
      pesel: 'national_id',
    },
  },
  /** The contract being intermediated for a mandate subject, on the insurer's behalf. */
  MandateContract: {
    alwaysVisible: ['id', 'subjectId', 'createdAt'],
    personal: {
      lineOfBusiness: 'contract',
      productName: 'contract',
      policyNumber: 'contract',
      startDate: 'contract',
      endDate: 'contract',
      premium: 'financial',
    },
  },
} as const satisfies Record<string, EntityDefinition>;

export interface EntityDefinition {
  alwaysVisible: readonly string[];
  /** Fields that are not personal data, each with what it holds. */
  notPersonal?: Readonly<Record<string, string>>;
  personal: Readonly<Record<string, DataCategory>>;
}

export type EntityName = keyof typeof ENTITIES;

/** Which client field a consent on a channel reveals (an e-mail consent does not reveal the phone). */
export const CHANNEL_FIELDS: Record<Channel, readonly string[]> = {
  email: ['email'],
  phone: ['phone'],
  post: ['address'],
};

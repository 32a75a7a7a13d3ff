import {
  CHANNEL_FIELDS,
  DOCUMENT_REGISTRY,
  ENTITIES,
  EntityName,
  PURPOSES,
  Purpose,
  REGISTRY,
  readableFields,
  roleMayUse,
  writableFields,
} from '@app/privacy';
import { DeclaredRoute } from '../support/routes';

/**
 * What the portfolio matrix (portfolio-matrix.e2e-spec.ts) asks of each route: the four portfolio
 * states, the records each client has, how each route touching client data is called, what the
 * registry says the own-portfolio answer is, and why the other personal-data routes cannot reach
 * another portfolio's client.
 */
export type State = 'own' | 'other' | 'open_grant' | 'expired_grant';
export const STATES: State[] = ['own', 'open_grant', 'other', 'expired_grant'];
export const HIDDEN: State[] = ['other', 'expired_grant'];
export const BOUND = PURPOSES.filter((p) => REGISTRY[p].portfolioBound && roleMayUse('broker', p));

export interface Fixture {
  clientId: string;
  client: Record<string, unknown>;
  offerRequestId: string;
  quoteId: string;
  contractId: string;
  /** The second instalment of the contract's quarterly schedule (overdue). */
  instalmentId: string;
  policyNumber: string;
  holdId: string;
  /** The household of which the client is the one member. */
  householdId: string;
  /** A claim on the contract, a task made under offer_preparation and an activity under it. */
  claimId: string;
  taskId: string;
  activityId: string;
  /** A policy document of the client's contract. */
  documentId: string;
  insurerId: string;
  startDate: string;
  endDate: string;
  today: string;
  /** The instant the broker's today began (ISO): a moment never in the future. */
  todayBegan: string;
}

/** How a route is exercised: one record (`one`), a list or search (`list`) or a write (`write`). */
export interface Probe {
  route: string;
  kind: 'one' | 'list' | 'write';
  url: (f: Fixture) => string;
  body?: (f: Fixture) => object;
  /** For uploads: the fields of a multipart body, sent before a small PDF as `file`. */
  form?: (f: Fixture) => Record<string, string>;
  /** For lists: the record of the fixture the list may hold. */
  target?: (f: Fixture) => string;
  /** What the registry says the own-portfolio answer is (status, and the fields of a 200). */
  oracle?: (purpose: Purpose) => { status: number; fields?: string[]; listed?: boolean };
}

export function clientFields(purpose: Purpose): string[] | null {
  const def = REGISTRY[purpose];
  const access = def.access.Client;
  if (!access) return null;
  const base = access.read === 'all' ? Object.keys(ENTITIES.Client.personal) : [...access.read];
  // Every client here has an e-mail consent for client contact and none other.
  if (def.consentGate && def.consentGate !== 'client_contact') return null;
  const channel = def.consentGate ? [...CHANNEL_FIELDS.email] : [];
  return [...new Set([...ENTITIES.Client.alwaysVisible, ...base, ...channel])].sort();
}

export function contractFields(purpose: Purpose): string[] | null {
  const access = REGISTRY[purpose].access.Contract;
  if (!access || !clientFields(purpose)) return null;
  const personal = access.read === 'all' ? Object.keys(ENTITIES.Contract.personal) : [...access.read];
  return [...new Set([...ENTITIES.Contract.alwaysVisible, ...personal])].sort();
}

/** The fixture's document is a policy: seen where the purpose reads that category and sees the client. */
const DOCUMENT_KEYS = [...ENTITIES.Document.alwaysVisible, ...Object.keys(ENTITIES.Document.personal)]
  .filter((f) => f !== 'content')
  .sort();
const seesPolicyDocument = (purpose: Purpose) =>
  DOCUMENT_REGISTRY.policy.read.includes(purpose) && clientFields(purpose) !== null;

/** A multipart body: the fields, then a small PDF as `file`. */
export function multipartBody(fields: Record<string, string>): { payload: Buffer; contentType: string } {
  const boundary = `----portfolio${Math.random().toString(16).slice(2)}`;
  const text = Object.entries(fields)
    .map(
      ([name, value]) =>
        `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    )
    .join('');
  const payload = Buffer.concat([
    Buffer.from(
      `${text}--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="p.pdf"\r\ncontent-type: application/pdf\r\n\r\n`,
    ),
    Buffer.from('%PDF-1.4\n% portfolio\n%%EOF\n', 'latin1'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Whether the client's records of `entity` are visible: the client is, and the purpose has rules for them. */
const sees = (purpose: Purpose, entity: EntityName) =>
  !!REGISTRY[purpose].access[entity] && clientFields(purpose) !== null;
/** A list under a purpose without rules for the entity refuses any filter (403), else holds what it sees. */
const listOf = (entity: EntityName, filtered: boolean) => (purpose: Purpose) =>
  filtered && !REGISTRY[purpose].access[entity]
    ? { status: 403, listed: false }
    : { status: 200, listed: sees(purpose, entity) };

/** A search of clients by fields: allowed when the purpose may read them, finding the client when they show. */
const clientSearch = (fields: string[]) => (purpose: Purpose) => {
  const readable = new Set(readableFields(purpose, 'Client'));
  if (!fields.every((f) => readable.has(f))) return { status: 403, listed: false };
  const shown = clientFields(purpose);
  return { status: 200, listed: !!shown && fields.every((f) => shown.includes(f)) };
};

export const PROBES: Probe[] = [
  {
    route: 'GET /api/claims/:id',
    kind: 'one',
    url: (f) => `/api/claims/${f.claimId}`,
    oracle: (p) => ({ status: sees(p, 'Claim') && sees(p, 'Contract') ? 200 : 404 }),
  },
  {
    route: 'GET /api/claims',
    kind: 'list',
    url: () => '/api/claims?limit=500',
    target: (f) => f.claimId,
    oracle: (p) => ({ status: 200, listed: sees(p, 'Claim') }),
  },
  {
    // Tasks are seen only under the purpose they serve: the fixture's under offer preparation.
    route: 'GET /api/tasks',
    kind: 'list',
    url: () => '/api/tasks?limit=500',
    target: (f) => f.taskId,
    oracle: (p) => ({ status: 200, listed: p === 'offer_preparation' && sees(p, 'Task') }),
  },
  {
    route: 'GET /api/clients/:id/activities',
    kind: 'one',
    url: (f) => `/api/clients/${f.clientId}/activities`,
    oracle: (p) => ({ status: sees(p, 'ClientActivity') ? 200 : 404 }),
  },
  {
    route: 'GET /api/clients/:id',
    kind: 'one',
    url: (f) => `/api/clients/${f.clientId}`,
    oracle: (p) => ({ status: clientFields(p) ? 200 : 404, fields: clientFields(p) ?? undefined }),
  },
  {
    route: 'GET /api/clients/:id/consents',
    kind: 'one',
    url: (f) => `/api/clients/${f.clientId}/consents`,
    oracle: (p) => ({ status: !clientFields(p) ? 404 : REGISTRY[p].consents.read ? 200 : 403 }),
  },
  {
    route: 'GET /api/clients/:id/legal-holds',
    kind: 'one',
    url: (f) => `/api/clients/${f.clientId}/legal-holds`,
    oracle: (p) => ({ status: clientFields(p) ? 200 : 404 }),
  },
  {
    // The office's active holds: the own and the opened client's hold listed, another portfolio's not.
    route: 'GET /api/legal-holds',
    kind: 'list',
    url: () => '/api/legal-holds?limit=500',
    target: (f) => f.holdId,
    oracle: (p) => ({ status: 200, listed: clientFields(p) !== null }),
  },
  {
    route: 'GET /api/contracts/:id',
    kind: 'one',
    url: (f) => `/api/contracts/${f.contractId}`,
    oracle: (p) => ({ status: contractFields(p) ? 200 : 404, fields: contractFields(p) ?? undefined }),
  },
  {
    route: 'GET /api/contracts/:id/reminders',
    kind: 'one',
    url: (f) => `/api/contracts/${f.contractId}/reminders`,
    oracle: (p) => ({ status: sees(p, 'Contract') ? 200 : 404 }),
  },
  {
    route: 'GET /api/contracts/:id/annexes',
    kind: 'one',
    url: (f) => `/api/contracts/${f.contractId}/annexes`,
    oracle: (p) => ({ status: sees(p, 'Contract') && sees(p, 'ContractAnnex') ? 200 : 404 }),
  },
  {
    route: 'GET /api/contracts/:id/instalments',
    kind: 'one',
    url: (f) => `/api/contracts/${f.contractId}/instalments`,
    oracle: (p) => ({ status: sees(p, 'Instalment') && sees(p, 'Contract') ? 200 : 404 }),
  },
  {
    route: 'GET /api/contracts/:id/commission',
    kind: 'one',
    url: (f) => `/api/contracts/${f.contractId}/commission`,
    oracle: (p) => ({ status: sees(p, 'Instalment') && sees(p, 'Contract') ? 200 : 404 }),
  },
  {
    // The fixture's client is a person: a company's list, empty, wherever the client is seen.
    route: 'GET /api/clients/:id/representatives',
    kind: 'one',
    url: (f) => `/api/clients/${f.clientId}/representatives`,
    oracle: (p) => ({ status: clientFields(p) ? 200 : 404 }),
  },
  {
    // The household answer is 200 wherever the client is seen (the household itself only where the
    // purpose has rules for households); hidden clients are not found.
    route: 'GET /api/clients/:id/household',
    kind: 'one',
    url: (f) => `/api/clients/${f.clientId}/household`,
    oracle: (p) => ({ status: clientFields(p) ? 200 : 404 }),
  },
  {
    route: 'GET /api/households/:id',
    kind: 'one',
    url: (f) => `/api/households/${f.householdId}`,
    oracle: (p) => ({ status: sees(p, 'Household') ? 200 : 404 }),
  },
  {
    route: 'GET /api/documents/:id',
    kind: 'one',
    url: (f) => `/api/documents/${f.documentId}`,
    oracle: (p) => ({
      status: seesPolicyDocument(p) ? 200 : 404,
      fields: seesPolicyDocument(p) ? DOCUMENT_KEYS : undefined,
    }),
  },
  {
    route: 'GET /api/documents/:id/content',
    kind: 'one',
    url: (f) => `/api/documents/${f.documentId}/content`,
    oracle: (p) => ({ status: seesPolicyDocument(p) ? 200 : 404 }),
  },
  {
    route: 'GET /api/clients/:id/documents',
    kind: 'one',
    url: (f) => `/api/clients/${f.clientId}/documents`,
    oracle: (p) => ({ status: clientFields(p) ? 200 : 404 }),
  },
  {
    route: 'GET /api/offer-requests/:id',
    kind: 'one',
    url: (f) => `/api/offer-requests/${f.offerRequestId}`,
    oracle: (p) => ({ status: sees(p, 'OfferRequest') ? 200 : 404 }),
  },
  {
    route: 'GET /api/offer-requests/:id/comparison',
    kind: 'one',
    url: (f) => `/api/offer-requests/${f.offerRequestId}/comparison`,
    oracle: (p) => ({ status: sees(p, 'OfferRequest') && sees(p, 'Quote') ? 200 : 404 }),
  },
  {
    route: 'GET /api/clients',
    kind: 'list',
    url: () => '/api/clients?limit=500',
    target: (f) => f.clientId,
    oracle: (p) => ({ status: 200, listed: clientFields(p) !== null, fields: clientFields(p) ?? undefined }),
  },
  ...(
    [
      ['q', ['firstName', 'lastName'], (f: Fixture) => String(f.client.lastName)],
      ['email', ['email'], (f: Fixture) => String(f.client.email)],
      ['pesel', ['pesel'], (f: Fixture) => String(f.client.pesel)],
      ['phone', ['phone'], (f: Fixture) => String(f.client.phone)],
    ] as Array<[string, string[], (f: Fixture) => string]>
  ).map(([param, fields, value]): Probe => ({
    route: 'GET /api/clients',
    kind: 'list',
    url: (f) => `/api/clients?${param}=${encodeURIComponent(value(f))}`,
    target: (f) => f.clientId,
    oracle: clientSearch(fields),
  })),
  {
    route: 'GET /api/contracts',
    kind: 'list',
    url: () => '/api/contracts?limit=500',
    target: (f) => f.contractId,
    oracle: (p) => ({ ...listOf('Contract', false)(p), fields: contractFields(p) ?? undefined }),
  },
  {
    route: 'GET /api/contracts',
    kind: 'list',
    url: (f) => `/api/contracts?clientId=${f.clientId}`,
    target: (f) => f.contractId,
    oracle: listOf('Contract', true),
  },
  {
    route: 'GET /api/contracts/renewals',
    kind: 'list',
    url: () => '/api/contracts/renewals?withinDays=30&limit=500',
    target: (f) => f.contractId,
    // The worklist filters on the end date, so a purpose without rules for contracts is refused.
    oracle: listOf('Contract', true),
  },
  {
    route: 'GET /api/instalments',
    kind: 'list',
    url: () => '/api/instalments?overdue=true&limit=500',
    target: (f) => f.instalmentId,
    oracle: (p) => ({ status: 200, listed: sees(p, 'Instalment') && sees(p, 'Contract') }),
  },
  {
    route: 'GET /api/offer-requests',
    kind: 'list',
    url: () => '/api/offer-requests?limit=500',
    target: (f) => f.offerRequestId,
    oracle: listOf('OfferRequest', false),
  },
  {
    route: 'GET /api/offer-requests',
    kind: 'list',
    url: (f) => `/api/offer-requests?clientId=${f.clientId}`,
    target: (f) => f.offerRequestId,
    oracle: listOf('OfferRequest', true),
  },
  // Writes, in an order in which the own and the break-glass client go through the same steps.
  {
    route: 'PATCH /api/clients/:id',
    kind: 'write',
    url: (f) => `/api/clients/${f.clientId}`,
    body: (f) => ({ email: f.client.email }),
  },
  {
    route: 'POST /api/clients/:id/consents/withdraw',
    kind: 'write',
    url: (f) => `/api/clients/${f.clientId}/consents/withdraw`,
    body: () => ({ purpose: 'client_contact', channel: 'post', source: 'matrix' }),
  },
  {
    route: 'POST /api/clients/:id/consents',
    kind: 'write',
    url: (f) => `/api/clients/${f.clientId}/consents`,
    body: () => ({
      purpose: 'renewal_reminders',
      channel: 'post',
      source: 'matrix',
      noticeVersion: '2026-01',
    }),
  },
  {
    route: 'POST /api/clients/:id/legal-holds',
    kind: 'write',
    url: (f) => `/api/clients/${f.clientId}/legal-holds`,
    body: () => ({ reason: 'Roszczenie wobec ubezpieczyciela' }),
  },
  {
    route: 'DELETE /api/clients/:id/legal-holds/:holdId',
    kind: 'write',
    url: (f) => `/api/clients/${f.clientId}/legal-holds/${f.holdId}`,
  },
  {
    // A person cannot be represented: refused alike (400) for the own and the opened client.
    route: 'POST /api/clients/:id/representatives',
    kind: 'write',
    url: (f) => `/api/clients/${f.clientId}/representatives`,
    body: (f) => ({ personId: f.clientId, role: 'pełnomocnik' }),
  },
  {
    // The client already belongs to the household: refused alike (409).
    route: 'POST /api/households/:id/members',
    kind: 'write',
    url: (f) => `/api/households/${f.householdId}/members`,
    body: (f) => ({ clientId: f.clientId }),
  },
  {
    route: 'POST /api/households',
    kind: 'write',
    url: () => '/api/households',
    body: (f) => ({ name: 'Portfelowi', memberIds: [f.clientId] }),
  },
  {
    route: 'POST /api/offer-requests',
    kind: 'write',
    url: () => '/api/offer-requests',
    body: (f) => ({ clientId: f.clientId, lineOfBusiness: 'home', needs: { requiredCoverages: ['fire'] } }),
  },
  {
    route: 'PATCH /api/offer-requests/:id',
    kind: 'write',
    url: (f) => `/api/offer-requests/${f.offerRequestId}`,
    body: () => ({ needs: { notes: 'Korekta potrzeb' } }),
    // The fixture's request is concluded: a purpose that writes needs gets the conflict.
    oracle: (p) => ({
      status: !sees(p, 'OfferRequest')
        ? 404
        : writableFields(p, 'OfferRequest').includes('notes')
          ? 409
          : 403,
    }),
  },
  {
    route: 'PATCH /api/offer-requests/:id/quotes/:quoteId',
    kind: 'write',
    url: (f) => `/api/offer-requests/${f.offerRequestId}/quotes/${f.quoteId}`,
    body: () => ({ productName: 'Auto Portfel Plus' }),
    oracle: (p) => ({
      status: !(sees(p, 'OfferRequest') && sees(p, 'Quote'))
        ? 404
        : writableFields(p, 'Quote').includes('productName')
          ? 409
          : 403,
    }),
  },
  {
    route: 'POST /api/offer-requests/:id/quotes',
    kind: 'write',
    url: (f) => `/api/offer-requests/${f.offerRequestId}/quotes`,
    body: (f) => ({ insurerId: f.insurerId, declined: true, declineReason: 'Brak oferty' }),
  },
  {
    route: 'POST /api/offer-requests/:id/conclude',
    kind: 'write',
    url: (f) => `/api/offer-requests/${f.offerRequestId}/conclude`,
    body: (f) => ({
      quoteId: f.quoteId,
      policyNumber: `${f.policyNumber}/2`,
      startDate: f.startDate,
      endDate: f.endDate,
      recommendation: 'Jedyna oferta.',
    }),
  },
  {
    route: 'POST /api/contracts',
    kind: 'write',
    url: () => '/api/contracts',
    body: (f) => ({
      policyholderId: f.clientId,
      insurerId: f.insurerId,
      lineOfBusiness: 'home',
      policyNumber: `${f.policyNumber}/dom`,
      productName: 'Dom Portfel',
      startDate: f.startDate,
      endDate: f.endDate,
      premium: { amount: 45_000, currency: 'PLN' },
      source: 'transferred',
    }),
    oracle: () => ({ status: 201 }),
  },
  {
    route: 'POST /api/contracts/:id/annexes',
    kind: 'write',
    url: (f) => `/api/contracts/${f.contractId}/annexes`,
    body: (f) => ({
      effectiveDate: f.endDate,
      reason: 'Aneks portfelowy',
      changes: { sumInsured: { amount: 5_500_000, currency: 'PLN' } },
    }),
    oracle: () => ({ status: 201 }),
  },
  {
    route: 'POST /api/contracts/:id/renewal',
    kind: 'write',
    url: (f) => `/api/contracts/${f.contractId}/renewal`,
    body: () => ({}),
  },
  {
    route: 'POST /api/claims',
    kind: 'write',
    url: () => '/api/claims',
    body: (f) => ({ contractId: f.contractId, dateOfLoss: f.today, description: 'Szkoda portfelowa' }),
    oracle: () => ({ status: 201 }),
  },
  {
    route: 'PATCH /api/claims/:id',
    kind: 'write',
    url: (f) => `/api/claims/${f.claimId}`,
    body: () => ({ note: 'Notatka portfelowa' }),
    oracle: () => ({ status: 200 }),
  },
  {
    route: 'POST /api/tasks',
    kind: 'write',
    url: () => '/api/tasks',
    body: (f) => ({ clientId: f.clientId, title: 'Zadanie portfelowe' }),
    oracle: () => ({ status: 201 }),
  },
  {
    route: 'PATCH /api/tasks/:id',
    kind: 'write',
    url: (f) => `/api/tasks/${f.taskId}`,
    body: () => ({ title: 'Zadanie portfelowe zmienione' }),
  },
  {
    route: 'POST /api/clients/:id/activities',
    kind: 'write',
    url: (f) => `/api/clients/${f.clientId}/activities`,
    body: (f) => ({ kind: 'call', at: f.todayBegan, summary: 'Rozmowa portfelowa' }),
    oracle: () => ({ status: 201 }),
  },
  {
    route: 'POST /api/documents',
    kind: 'write',
    url: () => '/api/documents',
    form: (f) => ({ clientId: f.clientId, contractId: f.contractId, category: 'policy' }),
    oracle: (p) => ({
      status: !clientFields(p) ? 404 : DOCUMENT_REGISTRY.policy.upload.includes(p) ? 201 : 403,
    }),
  },
  {
    route: 'POST /api/instalments/:id/payment',
    kind: 'write',
    url: (f) => `/api/instalments/${f.instalmentId}/payment`,
    body: (f) => ({ paidAt: f.today, amount: 1 }),
  },
  {
    // After the payment: refused alike (409) for the own and the opened client.
    route: 'POST /api/contracts/:id/instalments',
    kind: 'write',
    url: (f) => `/api/contracts/${f.contractId}/instalments`,
    body: () => ({ count: 4 }),
  },
  {
    route: 'POST /api/contracts/:id/cancel',
    kind: 'write',
    url: (f) => `/api/contracts/${f.contractId}/cancel`,
    body: () => ({ reason: 'Sprzedaż pojazdu' }),
  },
];

/** Personal-data routes that cannot reach another portfolio's client, and why. */
export const NOT_REACHING: Record<string, string> = {
  'POST /api/clients': 'creates a new client; a team not the broker’s is refused (checked below)',
  'POST /api/clients/:id/break-glass': 'the way in itself; its refusals are in test/portfolios.e2e-spec.ts',
  'POST /api/imports':
    'links a row only to a client of the broker’s own teams; another portfolio’s PESEL, or a company’s NIP, is a row error and nothing is stored (test/imports.e2e-spec.ts, test/imports-companies.e2e-spec.ts)',
  'GET /api/imports/:id':
    'an import’s state, counts and errors (never a cell’s value), read only by its author (test/imports.e2e-spec.ts)',
};
/** Whether a route's declaration keeps it away from a broker's portfolio-bound purposes. */
export function unbound(route: DeclaredRoute): boolean {
  const access = route.access!;
  if (access.roles && !access.roles.includes('broker')) return true;
  return !!access.purposes && access.purposes.every((p) => !BOUND.includes(p as Purpose));
}

export function methodOf(route: string): 'GET' | 'POST' | 'PATCH' | 'DELETE' {
  return route.split(' ')[0] as 'GET' | 'POST' | 'PATCH' | 'DELETE';
}

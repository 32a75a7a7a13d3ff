import { CHANNEL_FIELDS, ENTITIES, EntityDefinition, EntityName } from './entities';
import { REGISTRY } from './purposes';
import {
  AudienceAttribute,
  CHANNELS,
  CONSENT_PURPOSES,
  ConsentPurpose,
  Purpose,
  PURPOSES,
  ROLES,
  Role,
} from './vocabulary';

/** Questions answered from the registry: which purposes a role may use, which fields a purpose reads or writes. */

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === 'string' && (PURPOSES as readonly string[]).includes(value);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function purposesOfRole(role: Role): Purpose[] {
  return PURPOSES.filter((p) => REGISTRY[p].roles.includes(role));
}

export function roleMayUse(role: Role, purpose: Purpose): boolean {
  return REGISTRY[purpose].roles.includes(role);
}

/** Whether the purpose sees only the clients of the actor's portfolio. */
export function isPortfolioBound(purpose: Purpose | null): boolean {
  return purpose !== null && REGISTRY[purpose].portfolioBound;
}

/** The purposes under which a client whose erasure was refused (art. 17(3)) is still seen. */
export function purposesSeeingErasureRefused(): Purpose[] {
  return PURPOSES.filter((p) => REGISTRY[p].seesErasureRefused && REGISTRY[p].access.Client !== undefined);
}

/**
 * The consent purposes whose consents a purpose may read, grant or withdraw (on clients it sees).
 * A consent-gated purpose deals only with its own consents: marketing neither reads the evidence
 * of a client_contact consent nor withdraws it; the other purposes that handle consents at all
 * (offers, contracts, claims, data-subject rights) deal with every consent purpose.
 */
export function consentPurposesFor(
  purpose: Purpose,
  operation: 'read' | 'grant' | 'withdraw',
): ConsentPurpose[] {
  const def = REGISTRY[purpose];
  if (!def.consents[operation]) return [];
  return def.consentGate ? [def.consentGate] : [...CONSENT_PURPOSES];
}

/** The values of an audience attribute a purpose may select by (none when the registry names none). */
export function audienceValues(purpose: Purpose, attribute: AudienceAttribute): string[] {
  return [...(REGISTRY[purpose].audienceSelection?.[attribute] ?? [])];
}

export function allFieldsOf(entity: EntityName): string[] {
  const def: EntityDefinition = ENTITIES[entity];
  return [...def.alwaysVisible, ...notPersonalFieldsOf(entity), ...Object.keys(def.personal)];
}

/** Fields the registry declares not personal data: they follow the record, not a purpose's field list. */
export function notPersonalFieldsOf(entity: EntityName): string[] {
  return Object.keys((ENTITIES[entity] as EntityDefinition).notPersonal ?? {});
}

export function personalFieldsOf(entity: EntityName): string[] {
  return Object.keys((ENTITIES[entity] as EntityDefinition).personal);
}

function resolve(entity: EntityName, spec: 'all' | readonly string[]): string[] {
  return spec === 'all' ? personalFieldsOf(entity) : [...spec];
}

/** Personal fields a purpose may read on an entity, before any consent narrows them. */
export function readableFields(purpose: Purpose, entity: EntityName): string[] {
  const access = REGISTRY[purpose].access[entity];
  if (!access) return [];
  const base = resolve(entity, access.read);
  const gate = REGISTRY[purpose].consentGate;
  if (gate && entity === 'Client') {
    return [...new Set([...base, ...CHANNELS.flatMap((c) => CHANNEL_FIELDS[c])])];
  }
  return base;
}

/** Fields a purpose may write: those it names, and the non-personal ones where it writes all. */
export function writableFields(purpose: Purpose, entity: EntityName): string[] {
  const access = REGISTRY[purpose].access[entity];
  if (!access) return [];
  const named = resolve(entity, access.write);
  return access.write === 'all' ? [...named, ...notPersonalFieldsOf(entity)] : named;
}

/** Client fields by which a purpose may find a client's id without reading it (none by default). */
export function clientLookupFields(purpose: Purpose): string[] {
  return [...(REGISTRY[purpose].clientLookup ?? [])];
}

/**
 * Records kept each under the purpose it served (tasks, the client's timeline): the purposes whose
 * records are seen under `purpose`. Its own only; the handling of the person's own requests
 * (arts. 15-22) reads them all, as it reads everything held on the person.
 */
export function recordPurposesVisibleUnder(purpose: Purpose): Purpose[] {
  return purpose === 'data_subject_rights' ? [...PURPOSES] : [purpose];
}

import {
  AbilityBuilder,
  createMongoAbility,
  ForcedSubject,
  MongoAbility,
  MongoQuery,
  RawRuleOf,
  subject as tagSubject,
} from '@casl/ability';
import { permittedFieldsOf } from '@casl/ability/extra';
import {
  CHANNEL_FIELDS,
  CHANNELS,
  ENTITIES,
  EntityName,
  Purpose,
  PurposeDefinition,
  REGISTRY,
  Role,
  allFieldsOf,
  documentCategoriesFor,
  notPersonalFieldsOf,
  personalFieldsOf,
  roleMayUse,
  writableFields,
} from './registry';

export type PrivacyAction = 'read' | 'create' | 'update';
type AppSubject = EntityName | (ForcedSubject<EntityName> & Record<string, unknown>);
export type AppAbility = MongoAbility<[PrivacyAction, AppSubject], MongoQuery>;

/** What the ability is asked about: the entity's plain fields plus the facts its conditions test. */
export interface ClientSubjectFacts {
  id: string;
  restricted: boolean;
  /** The person's erasure was refused on grounds of art. 17(3) and is deferred until they end. */
  erasureRefused: boolean;
  /** Active consents as "purpose:channel". */
  activeConsents: string[];
  /** The team whose portfolio holds the client (null: none); tested by the scope, not by CASL. */
  teamId?: string | null;
  [field: string]: unknown;
}

/** Who acts: a signed-in staff member, or the system for work no person started (jobs, sweeps). */
export interface ScopeActor {
  staffId: string | null;
  /** 'system' is work no person started: it holds the purpose's whole access. */
  role: Role | 'system';
  purpose: Purpose | null;
}

/**
 * Builds the CASL ability of a staff member acting under one purpose, from the registry alone.
 * Consent-gated purposes get one rule per channel, each conditioned on an active consent for that
 * channel and revealing only that channel's fields.
 */
const abilityCache = new Map<string, AppAbility>();

/**
 * The ability for (role, purpose). It depends on nothing else, and abilities are never mutated,
 * so one instance per pair is built once and shared by every request.
 */
export function buildAbility(actor: Pick<ScopeActor, 'role' | 'purpose'>): AppAbility {
  const key = `${actor.role}|${actor.purpose ?? ''}`;
  let ability = abilityCache.get(key);
  if (!ability) {
    ability = createAbilityFromRegistry(actor);
    abilityCache.set(key, ability);
  }
  return ability;
}

function createAbilityFromRegistry(actor: Pick<ScopeActor, 'role' | 'purpose'>): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  const purpose = actor.purpose;
  if (purpose && (actor.role === 'system' || roleMayUse(actor.role, purpose))) {
    const def = REGISTRY[purpose];
    for (const [entityName, access] of Object.entries(def.access) as Array<
      [EntityName, NonNullable<(typeof def.access)[EntityName]>]
    >) {
      // Data that is not personal comes with any record the purpose sees.
      const always = [...ENTITIES[entityName].alwaysVisible, ...notPersonalFieldsOf(entityName)];
      const personal = access.read === 'all' ? personalFieldsOf(entityName) : [...access.read];
      const writable = writableFields(purpose, entityName);
      // Subjects are tagged plain objects, so CASL cannot infer condition types per entity: typed loosely.
      const visibility: MongoQuery = entityName === 'Client' ? clientVisibility(def) : {};
      if (entityName === 'Client' && def.consentGate) {
        for (const channel of CHANNELS) {
          can('read', entityName, [...always, ...personal, ...CHANNEL_FIELDS[channel]], {
            ...visibility,
            activeConsents: `${def.consentGate}:${channel}`,
          } as MongoQuery<never>);
        }
      } else {
        can('read', entityName, [...always, ...personal], visibility as MongoQuery<never>);
      }
      if (writable.length > 0) {
        can('update', entityName, writable, visibility as MongoQuery<never>);
        if (access.create) can('create', entityName, writable);
      }
    }
    addDocumentRules(can, purpose);
  }
  return build({
    detectSubjectType: (o) => (o as { __caslSubjectType__?: EntityName }).__caslSubjectType__ ?? 'Client',
  });
}

/**
 * Documents: the registry gives access per category, so the rules carry the categories as their
 * condition (in memory and, through `abilityToSql`, in SQL). Uploading is creating all its fields.
 */
function addDocumentRules(can: AbilityBuilder<AppAbility>['can'], purpose: Purpose): void {
  const fields = [...ENTITIES.Document.alwaysVisible, ...personalFieldsOf('Document')];
  const readable = documentCategoriesFor(purpose, 'read');
  if (readable.length > 0)
    can('read', 'Document', fields, { category: { $in: readable } } as MongoQuery as MongoQuery<never>);
  const uploadable = documentCategoriesFor(purpose, 'upload');
  if (uploadable.length > 0)
    can('create', 'Document', personalFieldsOf('Document'), {
      category: { $in: uploadable },
    } as MongoQuery as MongoQuery<never>);
}

/** The conditions a client must meet to be seen under a purpose, besides any consent gate. */
function clientVisibility(def: PurposeDefinition): MongoQuery {
  return {
    ...(def.seesRestricted ? {} : { restricted: false }),
    ...(def.seesErasureRefused ? {} : { erasureRefused: false }),
  };
}

export function asSubject(
  entity: EntityName,
  facts: object,
): ForcedSubject<EntityName> & Record<string, unknown> {
  return tagSubject(entity, { ...(facts as Record<string, unknown>) });
}

/** Every field the ability lets through for this record; empty when the record is not visible at all. */
const clientFieldCache = new WeakMap<AppAbility, Map<string, string[]>>();

export function permittedFields(
  ability: AppAbility,
  action: PrivacyAction,
  entity: EntityName,
  facts: object,
): string[] {
  // For clients the answer depends only on the facts the conditions test (restriction, refused
  // erasure and active consents), so it is memoised per ability on those; other entities are
  // computed each time.
  const f = facts as Partial<ClientSubjectFacts>;
  if (
    entity === 'Client' &&
    Object.keys(facts).length === 4 &&
    Array.isArray(f.activeConsents) &&
    typeof f.restricted === 'boolean' &&
    typeof f.erasureRefused === 'boolean'
  ) {
    let byFacts = clientFieldCache.get(ability);
    if (!byFacts) clientFieldCache.set(ability, (byFacts = new Map()));
    const key = `${action}|${f.restricted}|${f.erasureRefused}|${[...f.activeConsents].sort().join(',')}`;
    let fields = byFacts.get(key);
    if (!fields) {
      fields = computePermittedFields(ability, action, entity, facts);
      byFacts.set(key, fields);
    }
    return [...fields];
  }
  return computePermittedFields(ability, action, entity, facts);
}

function computePermittedFields(
  ability: AppAbility,
  action: PrivacyAction,
  entity: EntityName,
  facts: object,
): string[] {
  const subj = asSubject(entity, facts);
  if (!ability.can(action, subj)) return [];
  return permittedFieldsOf(ability, action, subj, {
    fieldsFrom: (rule) => rule.fields ?? allFieldsOf(entity),
  });
}

/** Fields that some rule could let through, whatever the record: used to refuse filters and sorts. */
export function fieldsReadableByType(ability: AppAbility, entity: EntityName): Set<string> {
  const result = new Set<string>();
  for (const field of allFieldsOf(entity)) {
    if (ability.can('read', entity, field)) result.add(field);
  }
  return result;
}

export function rulesOf(ability: AppAbility): RawRuleOf<AppAbility>[] {
  return ability.rules as RawRuleOf<AppAbility>[];
}

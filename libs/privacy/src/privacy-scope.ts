import type { AuditAction, AuditReason, AuditResource } from '@app/audit/audit-vocabulary';
import {
  DomainError,
  ForbiddenFieldsError,
  NotFoundError,
  type DeniedAttempt,
} from '@app/common/errors/domain-error';
import {
  AppAbility,
  ClientSubjectFacts,
  PrivacyAction,
  ScopeActor,
  buildAbility,
  fieldsReadableByType,
  permittedFields,
  rulesOf,
} from './ability.factory';
import { EntityName, Purpose, Role, isPortfolioBound } from './registry';
import { ConditionTranslator, SqlFragment, abilityToSql } from './sql-conditions';

/**
 * The actor's portfolio: the teams whose clients they see under a portfolio-bound purpose, and the
 * clients opened to them by break-glass, each until its expiry (epoch milliseconds).
 */
export interface Portfolio {
  teams: readonly string[];
  breakGlass: ReadonlyMap<string, number>;
}

/** Where the guard gets an actor's portfolio (provided by the module that owns the teams). */
export interface PortfolioSource {
  /** The Redis key of the staff member's cached portfolio (read with their access state). */
  key(staffId: string): string;
  /** The portfolio from the cached value read under `key` (null: not cached, read the tables). */
  resolve(staffId: string, cached: string | null): Promise<Portfolio>;
}
export const PORTFOLIO_SOURCE = Symbol('PORTFOLIO_SOURCE');

const NO_PORTFOLIO: Portfolio = { teams: [], breakGlass: new Map() };
let portfolioParams = 0;

/** What an operation was about to do, as the record of operations names it when it is refused. */
export interface Attempt {
  action: AuditAction;
  resource: AuditResource;
  resourceId?: string | null;
  clientIds?: string[];
  fields?: string[];
  /** The controller when it is not the broker (an insurer, for data under a mandate). */
  controllerId?: string | null;
}

/** A record that belongs to one client: the client's flags travel with it so visibility needs no extra read. */
export interface ClientOwned {
  clientId: string;
  restricted: boolean;
  erasureRefused: boolean;
}

/** The fields of a record that leave, and which of them were present (for the record of operations). */
export interface Projection<T> {
  value: Partial<T>;
  fields: string[];
}

/**
 * The privacy scope of one request or job: the actor, the declared purpose and the ability the
 * registry gives them. Built once per request by the guard, or by `PrivacyScope.system` for work
 * without a person behind it. Every read of personal data takes it; it alone answers which rows
 * are visible (in SQL and in memory, from the same rules), which fields leave, which fields may be
 * written, filtered or sorted, and it is the one way to refuse: `deny` throws an error that carries
 * the attempt, and the HTTP edge (or the job runner) records that attempt once.
 */
export class PrivacyScope {
  readonly ability: AppAbility;
  /** Whether this scope sees only the actor's portfolio (the registry decides, per purpose). */
  readonly portfolioBound: boolean;
  /** Clients opened by a break-glass grant that has not expired at the scope's creation. */
  private readonly openedByBreakGlass: ReadonlySet<string>;

  private constructor(
    readonly actor: ScopeActor,
    /** Why a system scope exists (a job's name); null for staff. */
    readonly systemReason: string | null,
    readonly portfolio: Portfolio = NO_PORTFOLIO,
    now = Date.now(),
  ) {
    this.portfolioBound = actor.role !== 'system' && isPortfolioBound(actor.purpose);
    this.openedByBreakGlass = new Set(
      [...portfolio.breakGlass].filter(([, expiresAt]) => expiresAt > now).map(([clientId]) => clientId),
    );
    this.ability =
      actor.role === 'system'
        ? buildAbility({ role: 'system', purpose: actor.purpose })
        : buildAbility({ role: actor.role, purpose: actor.purpose });
  }

  static forStaff(
    staffId: string,
    role: Role,
    purpose: Purpose | null,
    portfolio: Portfolio = NO_PORTFOLIO,
    now = Date.now(),
  ): PrivacyScope {
    return new PrivacyScope({ staffId, role, purpose }, null, portfolio, now);
  }

  /** Work that no person started: the purpose's whole access, whatever role could hold it. */
  static system(purpose: Purpose, reason: string): PrivacyScope {
    return new PrivacyScope({ staffId: null, role: 'system', purpose }, reason);
  }

  get purpose(): Purpose | null {
    return this.actor.purpose;
  }

  get staffId(): string | null {
    return this.actor.staffId;
  }

  get role(): Role | 'system' {
    return this.actor.role;
  }

  /** The staff member's id; throws for a system scope, which may not do what only a person may. */
  get staffMember(): string {
    if (!this.actor.staffId) throw new Error(`A system scope (${this.systemReason}) has no staff member`);
    return this.actor.staffId;
  }

  // ---- visibility ----

  /** SQL for "rows of `entity` visible here" (optionally: rows on which `field` is visible). */
  visibleSql(
    entity: EntityName,
    translators: Record<string, ConditionTranslator>,
    field?: string,
  ): SqlFragment {
    const rules = abilityToSql(this.ability, entity, translators, field);
    return entity === 'Client' ? this.withPortfolio(rules, translators) : rules;
  }

  /**
   * SQL for "this record of a client is visible": the purpose has rules for the record's entity,
   * and its client (under the translators' alias) is visible.
   */
  clientRecordSql(entity: EntityName, clientTranslators: Record<string, ConditionTranslator>): SqlFragment {
    const own = abilityToSql(this.ability, entity, {});
    const client = this.withPortfolio(
      abilityToSql(this.ability, 'Client', clientTranslators),
      clientTranslators,
    );
    return { sql: `(${own.sql} AND ${client.sql})`, params: { ...own.params, ...client.params } };
  }

  /** Clients opened by break-glass that this scope sees beyond its portfolio (none when not bound). */
  breakGlassClientIds(): string[] {
    return this.portfolioBound ? [...this.openedByBreakGlass] : [];
  }

  /** Whether a client of this team (or opened by break-glass) is inside what this scope may see. */
  inPortfolio(clientId: string, teamId: string | null | undefined): boolean {
    if (!this.portfolioBound) return true;
    return (!!teamId && this.portfolio.teams.includes(teamId)) || this.openedByBreakGlass.has(clientId);
  }

  /**
   * The portfolio condition, in the same statement as the purpose's rules: the client's team is
   * one of the actor's, or break-glass opened it. The translators name the columns (`portfolio`);
   * a client table without one fails closed.
   */
  private withPortfolio(rules: SqlFragment, translators: Record<string, ConditionTranslator>): SqlFragment {
    if (!this.portfolioBound) return rules;
    const translate = translators.portfolio;
    if (!translate) throw new Error('No SQL translation for the portfolio condition');
    const params = { ...rules.params };
    const param = (value: unknown): string => {
      const name = `pf${(portfolioParams = (portfolioParams + 1) % 1_000_000)}`;
      params[name] = value;
      return `:${name}`;
    };
    const portfolio = translate(
      { teams: [...this.portfolio.teams], clients: [...this.openedByBreakGlass] },
      param,
    );
    return { sql: `(${rules.sql} AND ${portfolio})`, params };
  }

  /** Whether any of the rules test a client's active consents (only then must they be read). */
  needsConsents(): boolean {
    return rulesOf(this.ability).some((r) => r.conditions && 'activeConsents' in (r.conditions as object));
  }

  /** Fields of `entity` readable for a record with these facts; empty when it is not visible. */
  fields(entity: EntityName, facts: object): string[] {
    if (entity === 'Client' && 'teamId' in facts) {
      const { teamId, ...rest } = facts as ClientSubjectFacts;
      if (!this.inPortfolio(rest.id, teamId)) return [];
      // The ability tests only the purpose's conditions (and memoises on exactly those facts).
      return permittedFields(this.ability, 'read', entity, rest);
    }
    if (entity === 'Client' && this.portfolioBound) return [];
    return permittedFields(this.ability, 'read', entity, facts);
  }

  /** Fields of a client's record (`entity`) readable here; none when its client is not visible. */
  clientRecordFields(entity: EntityName, client: ClientSubjectFacts | undefined): string[] {
    if (!client || this.fields('Client', client).length === 0) return [];
    return this.fields(entity, { clientId: client.id });
  }

  // ---- projection ----

  /** The one projection: only permitted fields leave, absent ones are omitted (never nulled). */
  project<T extends object>(fields: readonly string[], record: T): Projection<T> {
    const value: Partial<T> = {};
    const present: string[] = [];
    for (const field of fields) {
      if (Object.prototype.hasOwnProperty.call(record, field)) {
        (value as Record<string, unknown>)[field] = (record as Record<string, unknown>)[field];
        present.push(field);
      }
    }
    return { value, fields: present };
  }

  // ---- write and filter checks ----

  /** A write naming any field outside the permitted set is refused whole (and recorded). */
  assertWritable(
    action: Exclude<PrivacyAction, 'read'>,
    entity: EntityName,
    facts: object | null,
    requested: string[],
    attempt: Attempt,
  ): void {
    const allowed = new Set(
      facts
        ? permittedFields(this.ability, action, entity, facts)
        : this.fieldsWritableByType(action, entity),
    );
    const forbidden = requested.filter((f) => !allowed.has(f));
    if (forbidden.length > 0) {
      this.deny(
        { ...attempt, fields: attempt.fields ?? requested },
        new ForbiddenFieldsError(forbidden, 'write', this.purpose),
      );
    }
  }

  /** Filtering or sorting on a field the purpose may not read would leak by inference: refused. */
  assertFilterable(
    entity: EntityName,
    fields: string[],
    operation: 'filter' | 'sort',
    attempt: Attempt,
  ): void {
    const readable = fieldsReadableByType(this.ability, entity);
    const forbidden = fields.filter((f) => !readable.has(f));
    if (forbidden.length > 0) {
      this.deny(
        { ...attempt, fields: attempt.fields ?? fields },
        new ForbiddenFieldsError(forbidden, operation, this.purpose),
      );
    }
  }

  // ---- refusal ----

  /**
   * Refuses: throws `error` carrying the attempt, which the edge records once (with the error's
   * code as the reason unless the attempt names one). Thrown inside a transaction, the transaction
   * rolls back and the refusal is still recorded, outside it.
   */
  deny(attempt: Attempt & { reason?: AuditReason }, error: DomainError): never {
    const carried: DeniedAttempt = { ...attempt, reason: attempt.reason ?? error.code };
    error.deniedAttempt = carried;
    throw error;
  }

  /**
   * A record that is absent and one this scope may not see are answered alike (not found); the
   * record of operations tells them apart by the reason.
   */
  notFound(attempt: Attempt, what: string, existed: boolean): never {
    return this.deny(
      { ...attempt, reason: existed ? 'NOT_VISIBLE_UNDER_PURPOSE' : 'NOT_FOUND' },
      new NotFoundError(what),
    );
  }

  private fieldsWritableByType(action: Exclude<PrivacyAction, 'read'>, entity: EntityName): string[] {
    return this.ability
      .rulesFor(action, entity)
      .filter((r) => !r.inverted)
      .flatMap((r) => (Array.isArray(r.fields) ? r.fields : r.fields ? [r.fields] : []));
  }
}

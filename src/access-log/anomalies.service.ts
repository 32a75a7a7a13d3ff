import { Injectable } from '@nestjs/common';
import { AuditLogReader, AuditRecorder } from '@app/audit';
import { AppConfig } from '@app/common/config/app-config';
import { ValidationFailedError } from '@app/common/errors/domain-error';
import { StaffService } from '../auth';
import { ClientPortfolioService } from '../portfolios';
import { AnomaliesQueryDto } from './access-log.dto';
import { Episode, SlidingWindowDetector } from './anomaly-window';

export type AnomalyKind = 'many_clients' | 'outside_hours' | 'denied_burst' | 'export' | 'break_glass';
export const ANOMALY_KINDS: readonly AnomalyKind[] = [
  'many_clients',
  'outside_hours',
  'denied_burst',
  'export',
  'break_glass',
];

/** Filters of GET /api/access-logs that list the entries behind a finding (and a few around them). */
export interface FindingFilter {
  actorId?: string;
  action?: string;
  outcome?: 'allowed' | 'denied';
  from: string;
  to: string;
}

export interface AnomalyFinding {
  kind: AnomalyKind;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  /** Time of the first and last entry behind the finding. */
  from: string;
  to: string;
  description: string;
  /** Ids of the entries behind the finding, oldest first, at most ANOMALY_MAX_ENTRY_IDS. */
  entryIds: string[];
  entryCount: number;
  filter: FindingFilter;
  distinctClients?: number;
  denied?: number;
  day?: string;
  resource?: string;
  outcome?: string;
  /** Break-glass: whom it opened, why (as the broker wrote it), until when, and what was done. */
  clientId?: string;
  reason?: string;
  expiresAt?: string;
  actions?: string[];
}

export interface AnomalyReport {
  from: string;
  to: string;
  settings: {
    distinctClientsPerHour: number;
    workingHours: { timeZone: string; startHour: number; endHour: number; days: number[] };
    deniedBurst: { count: number; minutes: number };
    maxEntryIds: number;
  };
  summary: Record<AnomalyKind, number>;
  /** More findings of some kind existed than are listed (MAX_FINDINGS_PER_KIND). */
  truncated: boolean;
  findings: AnomalyFinding[];
}

const HOUR_MS = 3_600_000;
const DEFAULT_RANGE_MS = 24 * HOUR_MS;
const MAX_RANGE_MS = 92 * 24 * HOUR_MS;
const MAX_FINDINGS_PER_KIND = 500;
const SCAN_BATCH = 5000;
/** Operations that show a client to the one who performs them. */
const READING_ACTIONS = ['read', 'list', 'export', 'lookup'];

/**
 * Patterns in the record of operations worth a manager's look: one member of staff reading many
 * distinct clients within an hour, activity outside working hours, bursts of refused attempts, and
 * every export. Thresholds come from AppConfig. Windowed patterns are computed over the entries in
 * time order, read in keyset batches, so memory holds only one window per actor.
 */
@Injectable()
export class AnomaliesService {
  constructor(
    private readonly record: AuditLogReader,
    private readonly config: AppConfig,
    private readonly staff: StaffService,
    private readonly audit: AuditRecorder,
    private readonly portfolios: ClientPortfolioService,
  ) {}

  async find(query: AnomaliesQueryDto): Promise<AnomalyReport> {
    const toMs = query.to ? Date.parse(query.to) : Date.now();
    const fromMs = query.from ? Date.parse(query.from) : toMs - DEFAULT_RANGE_MS;
    if (!(fromMs < toMs))
      throw new ValidationFailedError('from must be before to', { fields: ['from', 'to'] }, 'INVALID_RANGE');
    if (toMs - fromMs > MAX_RANGE_MS) {
      throw new ValidationFailedError(
        'The range may span at most 92 days',
        { fields: ['from', 'to'] },
        'RANGE_TOO_LONG',
      );
    }
    const from = query.from ?? new Date(fromMs).toISOString();
    const to = query.to ?? new Date(toMs).toISOString();
    const c = this.config;
    const days = c.ANOMALY_WORK_DAYS.split(',').map(Number);
    const cap = c.ANOMALY_MAX_ENTRY_IDS;

    const manyClients = await this.windowed(from, to, 'many_clients');
    const denied = await this.windowed(from, to, 'denied_burst');
    const outside = await this.outsideHours(from, to, days);
    const exportList = await this.exportFindings(from, to);
    const breakGlass = await this.breakGlassFindings(from, to, cap);

    const lists: Record<AnomalyKind, { findings: Omit<AnomalyFinding, 'actorName'>[]; total: number }> = {
      many_clients: manyClients,
      denied_burst: denied,
      outside_hours: outside,
      export: exportList,
      break_glass: breakGlass,
    };
    const all = ANOMALY_KINDS.flatMap((kind) => lists[kind].findings);
    const ids = [...new Set(all.map((f) => f.actorId).filter((id): id is string => !!id))];
    const names = new Map((await this.staff.findByIds(ids)).map((s) => [s.id, s.fullName]));
    const findings = all
      .map((f) => ({ ...f, actorName: f.actorId ? (names.get(f.actorId) ?? null) : null }))
      .sort((a, b) =>
        a.from < b.from
          ? -1
          : a.from > b.from
            ? 1
            : ANOMALY_KINDS.indexOf(a.kind) - ANOMALY_KINDS.indexOf(b.kind),
      );

    await this.audit.record({
      action: 'review',
      resource: 'access_log_anomalies',
      fields: ['from', 'to'],
      outcome: 'allowed',
    });
    return {
      from,
      to,
      settings: {
        distinctClientsPerHour: c.ANOMALY_DISTINCT_CLIENTS_PER_HOUR,
        workingHours: {
          timeZone: c.ANOMALY_TIME_ZONE,
          startHour: c.ANOMALY_WORK_START_HOUR,
          endHour: c.ANOMALY_WORK_END_HOUR,
          days,
        },
        deniedBurst: { count: c.ANOMALY_DENIED_BURST_COUNT, minutes: c.ANOMALY_DENIED_BURST_MINUTES },
        maxEntryIds: cap,
      },
      summary: {
        many_clients: manyClients.total,
        outside_hours: outside.total,
        denied_burst: denied.total,
        export: exportList.total,
        break_glass: breakGlass.total,
      },
      truncated: ANOMALY_KINDS.some((kind) => lists[kind].total > lists[kind].findings.length),
      findings,
    };
  }

  /** Many distinct clients read in an hour, or many refusals within minutes, per actor. */
  private async windowed(from: string, to: string, kind: 'many_clients' | 'denied_burst') {
    const c = this.config;
    const reading = kind === 'many_clients';
    const detector = reading
      ? new SlidingWindowDetector(
          HOUR_MS,
          c.ANOMALY_DISTINCT_CLIENTS_PER_HOUR,
          'distinct',
          c.ANOMALY_MAX_ENTRY_IDS,
        )
      : new SlidingWindowDetector(
          c.ANOMALY_DENIED_BURST_MINUTES * 60_000,
          c.ANOMALY_DENIED_BURST_COUNT,
          'count',
          c.ANOMALY_MAX_ENTRY_IDS,
        );
    let afterAt = from;
    let afterId = '0';
    for (;;) {
      const rows = await this.record.windowScan(
        reading ? 'reads' : 'refusals',
        { from, to, afterAt, afterId },
        SCAN_BATCH,
        READING_ACTIONS,
      );
      for (const row of rows) {
        detector.push(row.actor_id, {
          id: row.id,
          at: row.at,
          atMs: row.at_ms,
          role: row.actor_role,
          keys: row.client_ids,
        });
      }
      if (rows.length < SCAN_BATCH) break;
      afterAt = rows[rows.length - 1].at;
      afterId = rows[rows.length - 1].id;
    }
    const episodes = detector.episodes;
    return {
      total: episodes.length,
      findings: episodes
        .slice(0, MAX_FINDINGS_PER_KIND)
        .map((e) => (reading ? this.manyClientsFinding(e) : this.deniedFinding(e))),
    };
  }

  private manyClientsFinding(e: Episode): Omit<AnomalyFinding, 'actorName'> {
    return {
      kind: 'many_clients',
      actorId: e.actorId,
      actorRole: e.actorRole,
      from: e.firstAt,
      to: e.lastAt,
      description: `Read ${e.peak} distinct clients within one hour (threshold ${this.config.ANOMALY_DISTINCT_CLIENTS_PER_HOUR})`,
      entryIds: e.entryIds,
      entryCount: e.entryCount,
      distinctClients: e.peak,
      filter: { actorId: e.actorId, outcome: 'allowed', from: e.firstAt, to: justAfter(e.lastAtMs) },
    };
  }

  private deniedFinding(e: Episode): Omit<AnomalyFinding, 'actorName'> {
    const c = this.config;
    return {
      kind: 'denied_burst',
      actorId: e.actorId,
      actorRole: e.actorRole,
      from: e.firstAt,
      to: e.lastAt,
      description: `${e.peak} refused attempts within ${c.ANOMALY_DENIED_BURST_MINUTES} minutes (threshold ${c.ANOMALY_DENIED_BURST_COUNT})`,
      entryIds: e.entryIds,
      entryCount: e.entryCount,
      denied: e.peak,
      filter: { actorId: e.actorId, outcome: 'denied', from: e.firstAt, to: justAfter(e.lastAtMs) },
    };
  }

  /** Staff activity outside working hours, one finding per actor and local day. */
  private async outsideHours(from: string, to: string, days: number[]) {
    const c = this.config;
    const rows = await this.record.outsideHours(
      { from, to },
      {
        timeZone: c.ANOMALY_TIME_ZONE,
        days,
        startHour: c.ANOMALY_WORK_START_HOUR,
        endHour: c.ANOMALY_WORK_END_HOUR,
      },
      c.ANOMALY_MAX_ENTRY_IDS,
      MAX_FINDINGS_PER_KIND,
    );
    const hours = `${pad(c.ANOMALY_WORK_START_HOUR)}:00-${pad(c.ANOMALY_WORK_END_HOUR)}:00`;
    return {
      total: rows[0]?.total ?? 0,
      findings: rows.map((r): Omit<AnomalyFinding, 'actorName'> => ({
        kind: 'outside_hours',
        actorId: r.actor_id,
        actorRole: r.actor_role,
        from: r.first_at,
        to: r.last_at,
        description: `${r.entry_count} operation(s) on ${r.day} outside working hours (${hours} ${c.ANOMALY_TIME_ZONE}, days ${days.join(',')})`,
        entryIds: r.entry_ids,
        entryCount: r.entry_count,
        day: r.day,
        filter: { actorId: r.actor_id, from: r.first_at, to: justAfter(r.last_at_ms) },
      })),
    };
  }

  /** Every break-glass grant made in the range: who, whom, why, until when, and what was done through it. */
  private async breakGlassFindings(from: string, to: string, cap: number) {
    const grants = await this.portfolios.grantsBetween(
      new Date(from),
      new Date(to),
      MAX_FINDINGS_PER_KIND + 1,
    );
    const listed = grants.slice(0, MAX_FINDINGS_PER_KIND);
    const findings: Omit<AnomalyFinding, 'actorName'>[] = [];
    for (const g of listed) {
      const grantedAt = new Date(g.granted_at);
      const expiresAt = new Date(g.expires_at);
      const done = await this.record.breakGlassEntries(
        g.staff_id,
        g.client_id,
        { from: grantedAt, to: expiresAt },
        cap,
      );
      findings.push({
        kind: 'break_glass',
        actorId: g.staff_id,
        actorRole: 'broker',
        from: grantedAt.toISOString(),
        to: expiresAt.toISOString(),
        description: `Break-glass under ${g.purpose}: ${done.count} operation(s) on a client outside the portfolio`,
        entryIds: done.ids,
        entryCount: done.count,
        clientId: g.client_id,
        reason: g.reason,
        expiresAt: expiresAt.toISOString(),
        actions: done.actions,
        filter: { actorId: g.staff_id, from: grantedAt.toISOString(), to: justAfter(expiresAt.getTime()) },
      });
    }
    findings.reverse();
    return { total: grants.length, findings };
  }

  /** Every export in the range, one finding each. */
  private async exportFindings(from: string, to: string) {
    const rows = await this.record.exports({ from, to }, MAX_FINDINGS_PER_KIND);
    return {
      total: rows[0]?.total ?? 0,
      findings: rows.map((r): Omit<AnomalyFinding, 'actorName'> => ({
        kind: 'export',
        actorId: r.actor_id,
        actorRole: r.actor_role,
        from: r.at,
        to: r.at,
        description: `Export of ${r.resource} (${r.outcome}${r.client_count ? `, ${r.client_count} client(s)` : ''})`,
        entryIds: [r.id],
        entryCount: 1,
        resource: r.resource,
        outcome: r.outcome,
        filter: {
          ...(r.actor_id ? { actorId: r.actor_id } : {}),
          action: 'export',
          from: r.at,
          to: justAfter(r.at_ms),
        },
      })),
    };
  }
}

/** The first millisecond after an instant: an exclusive `to` that still covers its microseconds. */
function justAfter(ms: number): string {
  return new Date(Math.floor(ms) + 1).toISOString();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

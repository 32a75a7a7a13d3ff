import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { AppConfig } from '@app/common/config/app-config';
import { toPositional } from '@app/common/database/sql';
import { NotFoundError, ValidationFailedError } from '@app/common/errors/domain-error';
import { Page } from '@app/common/http/pagination';
import { Purpose, Role, readableFields } from '@app/privacy';
import { ClientsService, scopeOf } from '../clients';
import { ContractsService } from '../contracts';
import { JOBS, QUEUES, jobIds } from '../jobs';
import { MessagingAudience } from '../mailings';
import { addDays, daysBetween, reminderStillDue } from './reminder-dates';
import { ContractReminderDto } from './reminder.dto';

export interface ReminderActor {
  staffId: string;
  role: Role;
  purpose: Purpose | null;
}

export interface ScanResult {
  date: string;
  enqueued: number;
  missed: number;
}

const PAGE = 1000;
/** A worker down for longer than this catches up only this far back (older days cannot send anything). */
const MAX_CATCH_UP_DAYS = 62;
const SYSTEM = { staffId: null, role: 'system', purpose: 'renewal_reminders' } as const;

/**
 * Expiry reminders: the daily scan finds active contracts ending in exactly each lead time whose
 * client has an active renewal_reminders consent on e-mail (and is not restricted, objecting or
 * anonymised), writes one row per (contract, lead time) — the unique key makes a repeated scan a
 * no-op — and enqueues one send job per new row.
 */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger(RemindersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contracts: ContractsService,
    private readonly clients: ClientsService,
    private readonly audience: MessagingAudience,
    private readonly audit: AuditRecorder,
    private readonly config: AppConfig,
    @InjectQueue(QUEUES.mail) private readonly mailQueue: Queue,
    private readonly clock: BrokerClock,
  ) {}

  today(): string {
    return this.clock.today();
  }

  /** `POST /api/reminders/run`: the scan for one day (today by default). */
  async run(date?: string): Promise<ScanResult> {
    const today = this.today();
    const day = date ?? today;
    if (day > today)
      throw new ValidationFailedError(
        'date must not be in the future',
        { fields: ['date'] },
        'DATE_IN_FUTURE',
      );
    return this.scanDay(day, today);
  }

  /**
   * The scheduled scan: every day since the last completed scan, up to today, in order (a worker
   * that was down catches up). Days long past send nothing (see reminderStillDue); scanning them
   * records that they were looked at.
   */
  async scheduled(): Promise<ScanResult[]> {
    const today = this.today();
    const [{ last }] = await this.dataSource.query(
      `SELECT to_char(max(scan_date), 'YYYY-MM-DD') AS last FROM reminder_scan`,
    );
    let from = last && last < today ? addDays(last, 1) : today;
    if (daysBetween(from, today) > MAX_CATCH_UP_DAYS) from = addDays(today, -MAX_CATCH_UP_DAYS);
    const results: ScanResult[] = [];
    for (let day = from; day <= today; day = addDays(day, 1)) results.push(await this.scanDay(day, today));
    return results;
  }

  private async scanDay(day: string, today: string): Promise<ScanResult> {
    const leads = this.config.reminderLeadDays;
    const eligible = this.audience.eligibleSql('renewal_reminders', 'email', 'c');
    const insertSql = `INSERT INTO contract_reminder (contract_id, client_id, lead_days, end_date, due_on, scan_date)
      SELECT t.contract_id, t.client_id, :lead, :endDate::date, :dueOn::date, :scanDate::date
        FROM unnest(:contractIds::uuid[], :clientIds::uuid[]) AS t(contract_id, client_id)
        JOIN client c ON c.id = t.client_id
       WHERE ${eligible.sql}
      ON CONFLICT ON CONSTRAINT contract_reminder_once DO NOTHING
      RETURNING id::text, client_id::text`;
    let enqueued = 0;
    let missed = 0;
    const clientIds = new Set<string>();
    for (const [index, lead] of leads.entries()) {
      const endDate = addDays(day, lead);
      const due = reminderStillDue({
        dueOn: day,
        today,
        endDate,
        graceDays: this.config.REMINDER_CATCH_UP_GRACE_DAYS,
        nextShorterLead: leads[index + 1] ?? null,
      });
      let after: string | undefined;
      for (;;) {
        const page = await this.contracts.activeEndingOnWithoutPurpose(endDate, PAGE, after);
        if (page.length === 0) break;
        after = page[page.length - 1].contractId;
        if (!due) {
          missed += page.length;
        } else {
          const { sql, params } = toPositional(insertSql, {
            ...eligible.params,
            lead,
            endDate,
            dueOn: day,
            scanDate: day,
            contractIds: page.map((c) => c.contractId),
            clientIds: page.map((c) => c.clientId),
          });
          // INSERT ... RETURNING answers the rows themselves (only UPDATE and DELETE add a count).
          const rows: Array<{ id: string; client_id: string }> = await this.dataSource.query(sql, params);
          if (rows.length > 0) {
            await this.mailQueue.addBulk(
              rows.map((r) => ({
                name: JOBS.reminderSend,
                data: { reminderId: r.id },
                opts: {
                  jobId: jobIds.reminderSend(r.id),
                  attempts: this.config.MAIL_SEND_ATTEMPTS,
                  backoff: { type: 'exponential', delay: this.config.MAIL_RETRY_DELAY_MS },
                  removeOnComplete: { count: 1000 },
                  removeOnFail: { age: 7 * 86400 },
                },
              })),
            );
            rows.forEach((r) => clientIds.add(r.client_id));
            enqueued += rows.length;
          }
        }
        if (page.length < PAGE) break;
      }
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO reminder_scan (scan_date, enqueued, missed) VALUES ($1, $2, $3)
         ON CONFLICT (scan_date) DO UPDATE SET completed_at = now(), enqueued = reminder_scan.enqueued + EXCLUDED.enqueued,
           missed = EXCLUDED.missed`,
        [day, enqueued, missed],
      );
      await this.audit.record(
        {
          action: 'create',
          resource: 'contract_reminder',
          resourceId: day,
          clientIds: [...clientIds],
          fields: ['endDate'],
          outcome: 'allowed',
          reason: 'scan',
          actor: SYSTEM,
        },
        manager,
      );
    });
    if (enqueued || missed)
      this.logger.log(`Reminder scan ${day}: ${enqueued} queued, ${missed} past their day`);
    return { date: day, enqueued, missed };
  }

  /** `GET /api/contracts/:id/reminders`: the reminders of a contract the caller may see. */
  async forContract(actor: ReminderActor, contractId: string): Promise<Page<ContractReminderDto>> {
    // The contract's client decides visibility (brokers: contract_performance; marketing: an
    // active renewal_reminders consent). Looked up by primary key only.
    const clientId = await this.contracts.clientIdOfWithoutPurpose(contractId);
    if (!clientId) {
      await this.audit.record({
        action: 'list',
        resource: 'contract_reminder',
        resourceId: contractId,
        outcome: 'denied',
        reason: 'NOT_FOUND',
      });
      throw new NotFoundError('Contract');
    }
    await this.clients.requireVisible(scopeOf(actor), clientId, {
      action: 'list',
      resource: 'contract_reminder',
    });
    const rows: Array<{
      lead_days: number;
      due_on: string;
      end_date: string;
      status: string;
      reason: string | null;
      finished_at: Date | null;
    }> = await this.dataSource.query(
      `SELECT lead_days, to_char(due_on, 'YYYY-MM-DD') AS due_on, to_char(end_date, 'YYYY-MM-DD') AS end_date,
                status, reason, finished_at
           FROM contract_reminder WHERE contract_id = $1 ORDER BY lead_days DESC`,
      [contractId],
    );
    // The lead time and the due day give away the end date as surely as the end date itself: all
    // three are shown only under a purpose the registry lets read the contract's end date.
    const showsEndDate =
      actor.purpose !== null && readableFields(actor.purpose, 'Contract').includes('endDate');
    await this.audit.record({
      action: 'list',
      resource: 'contract_reminder',
      resourceId: contractId,
      clientIds: [clientId],
      fields: showsEndDate ? ['endDate'] : [],
      outcome: 'allowed',
    });
    return {
      items: rows.map((r) => ({
        ...(showsEndDate ? { leadDays: r.lead_days, dueOn: r.due_on, endDate: r.end_date } : {}),
        status: r.status,
        ...(r.reason ? { reason: r.reason } : {}),
        ...(r.finished_at ? { finishedAt: new Date(r.finished_at).toISOString() } : {}),
      })),
      nextCursor: null,
    };
  }
}

import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { AppConfig } from '@app/common/config/app-config';
import { ValidationFailedError } from '@app/common/errors/domain-error';
import { Page } from '@app/common/http/pagination';
import {
  LINES_OF_BUSINESS,
  LineOfBusiness,
  PersonalDataLifecycle,
  PrivacyScope,
  readableFields,
} from '@app/privacy';
import { ClientsService } from '../clients';
import { ContractsService } from '../contracts';
import { JOBS, QUEUES, jobIds } from '../jobs';
import { CampaignDelivery, MessagingAudience } from '../mailings';
import { ContractReminderRepository } from './contract-reminder.repository';
import { ReminderScanRepository } from './reminder-scan.repository';
import { addDays, daysBetween, reminderStillDue } from './reminder-dates';
import { ContractReminderDto } from './reminder.dto';

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
export class RemindersService implements OnModuleInit {
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
    private readonly reminders: ContractReminderRepository,
    private readonly scans: ReminderScanRepository,
    private readonly campaignDelivery: CampaignDelivery,
    private readonly lifecycle: PersonalDataLifecycle,
  ) {}

  /**
   * Reminders not yet sent to an erased person end as skipped ("erased") in the erasing
   * transaction; once it committed, every mail job of the person (reminders and campaign sends,
   * deterministic ids) leaves the mail queue, whatever state it is in. A job already running
   * re-checks the person at send time and finds them erased.
   */
  onModuleInit(): void {
    // A misspelt line in the configuration fails at start, not at the first scan.
    this.leadGroups();
    this.lifecycle.registerErasureStep({
      name: 'contract_reminder',
      erase: (ids, manager) => this.reminders.skipQueuedForErasure(manager, ids),
    });
    this.lifecycle.registerPostErasureStep({
      name: 'queued_mail_jobs',
      afterErasure: async (ids) => void (await this.removeMailJobs(ids)),
    });
  }

  /** Removes every mail job of the persons from the mail queue; returns how many were removed. */
  async removeMailJobs(clientIds: string[]): Promise<number> {
    const ids = [
      ...(await this.campaignDelivery.sendJobIdsForErasure(clientIds)),
      ...(await this.reminders.idsForErasure(clientIds)).map((id) => jobIds.reminderSend(id)),
    ];
    let removed = 0;
    for (let i = 0; i < ids.length; i += 100) {
      // remove() answers 0 for a job that is absent or locked by a worker right now.
      const results = await Promise.all(ids.slice(i, i + 100).map((id) => this.mailQueue.remove(id)));
      removed += results.filter((n) => n === 1).length;
    }
    return removed;
  }

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
    const last = await this.scans.lastScanned();
    let from = last && last < today ? addDays(last, 1) : today;
    if (daysBetween(from, today) > MAX_CATCH_UP_DAYS) from = addDays(today, -MAX_CATCH_UP_DAYS);
    const results: ScanResult[] = [];
    for (let day = from; day <= today; day = addDays(day, 1)) results.push(await this.scanDay(day, today));
    return results;
  }

  private async scanDay(day: string, today: string): Promise<ScanResult> {
    const eligible = this.audience.eligibleSql('renewal_reminders', 'email', 'c');
    let enqueued = 0;
    let missed = 0;
    const clientIds = new Set<string>();
    for (const { lines, leads } of this.leadGroups()) {
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
          // Only contracts longer than the lead: a notice as long as the policy itself means nothing.
          const page = await this.contracts.activeEndingOnWithoutPurpose(endDate, PAGE, after, undefined, {
            lines,
            longerThanDays: lead,
          });
          if (page.length === 0) break;
          after = page[page.length - 1].contractId;
          if (!due) {
            missed += page.length;
          } else {
            const rows = await this.reminders.insertScanned(eligible, {
              lead,
              endDate,
              day,
              contractIds: page.map((c) => c.contractId),
              clientIds: page.map((c) => c.clientId),
            });
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
              rows.forEach((r) => clientIds.add(r.clientId));
              enqueued += rows.length;
            }
          }
          if (page.length < PAGE) break;
        }
      }
    }
    await this.dataSource.transaction(async (manager) => {
      await this.scans.recordScan(manager, { scanDate: day, enqueued, missed });
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

  /**
   * The lines of business grouped by their lead times: the default (REMINDER_LEAD_DAYS) for every
   * line not named in REMINDER_LEAD_DAYS_BY_LINE, and each named line with its own.
   */
  private leadGroups(): Array<{ lines: LineOfBusiness[]; leads: number[] }> {
    const byLine = this.config.reminderLeadDaysByLine;
    const unknown = Object.keys(byLine).filter(
      (line) => !(LINES_OF_BUSINESS as readonly string[]).includes(line),
    );
    if (unknown.length > 0)
      throw new Error(`REMINDER_LEAD_DAYS_BY_LINE names unknown lines of business: ${unknown.join(', ')}`);
    const groups = new Map<string, { lines: LineOfBusiness[]; leads: number[] }>();
    for (const line of LINES_OF_BUSINESS) {
      const leads = byLine[line] ?? this.config.reminderLeadDays;
      const key = leads.join(',');
      const group = groups.get(key) ?? { lines: [], leads };
      group.lines.push(line);
      groups.set(key, group);
    }
    return [...groups.values()];
  }

  /** `GET /api/contracts/:id/reminders`: the reminders of a contract the caller may see. */
  async forContract(scope: PrivacyScope, contractId: string): Promise<Page<ContractReminderDto>> {
    // The contract's client decides visibility (brokers: contract_performance; marketing: an
    // active renewal_reminders consent). Looked up by primary key only.
    const clientId = await this.contracts.clientIdOfWithoutPurpose(contractId);
    if (!clientId)
      scope.notFound(
        { action: 'list', resource: 'contract_reminder', resourceId: contractId },
        'Contract',
        false,
      );
    await this.clients.requireVisible(scope, clientId, {
      action: 'list',
      resource: 'contract_reminder',
    });
    const rows = await this.reminders.ofContract(contractId);
    // The lead time and the due day give away the end date as surely as the end date itself: all
    // three are shown only under a purpose the registry lets read the contract's end date.
    const showsEndDate =
      scope.purpose !== null && readableFields(scope.purpose, 'Contract').includes('endDate');
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
        ...(showsEndDate ? { leadDays: r.leadDays, dueOn: r.dueOn, endDate: r.endDate } : {}),
        status: r.status,
        ...(r.reason ? { reason: r.reason } : {}),
        ...(r.finishedAt ? { finishedAt: new Date(r.finishedAt).toISOString() } : {}),
      })),
      nextCursor: null,
    };
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { PrivacyScope } from '@app/privacy';
import { ClientsService } from '../clients';
import { ContractsService } from '../contracts';
import { DocumentsService } from '../documents';
import { InstalmentsService } from '../instalments';
import { ScannedTask, TaskRepository } from './task.repository';
import { ScanDateInFutureError } from './tasks.errors';

/** How far ahead a contract's end makes a renewal call due: the renewals worklist's default window. */
export const RENEWAL_CALL_WINDOW_DAYS = 30;
/** The call is due three weeks before the end, or at once when the end is nearer. */
const CALL_DAYS_BEFORE_END = 21;
const PURPOSE = 'contract_performance' as const;
const SYSTEM = { staffId: null, role: 'system', purpose: PURPOSE } as const;

export interface TaskScanResult {
  date: string;
  renewalCalls: number;
  overdueInstalments: number;
  missingDocuments: number;
}

function plusDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The daily scan that gives brokers their work: a renewal call for every contract (not cancelled)
 * ending within the renewal window, a reminder call for every overdue instalment, and a request for
 * the policy document of every running contract that has none. All serve the
 * performance of the contract (art. 6 ust. 1 lit. b RODO) and are made only for clients that
 * purpose still sees (not restricted, not anonymised). Each task has a unique key in the database —
 * the contract and its end date, the instalment, or the contract alone for its missing policy — so a
 * scan run twice, or by two workers at
 * once, makes nothing twice.
 */
@Injectable()
export class TaskScanService {
  private readonly logger = new Logger(TaskScanService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TaskRepository,
    private readonly clients: ClientsService,
    private readonly contracts: ContractsService,
    private readonly instalments: InstalmentsService,
    private readonly documents: DocumentsService,
    private readonly audit: AuditRecorder,
    private readonly clock: BrokerClock,
  ) {}

  /** `POST /api/tasks/scan` and the daily job: the scan for one day (today by default). */
  async run(date?: string): Promise<TaskScanResult> {
    const today = this.clock.today();
    const day = date ?? today;
    if (day > today) throw new ScanDateInFutureError();
    const ending = await this.contracts.endingBetweenWithoutPurpose(
      day,
      plusDays(day, RENEWAL_CALL_WINDOW_DAYS),
    );
    const overdue = await this.instalments.overdueOnWithoutPurpose(day);
    const running = await this.contracts.runningOnWithoutPurpose(day);
    const lacking = new Set(
      await this.documents.contractsLackingWithoutPurpose(
        running.map((k) => k.id),
        'policy',
      ),
    );
    const scanned: ScannedTask[] = [
      ...ending.map((k) => {
        const callBy = plusDays(k.endDate, -CALL_DAYS_BEFORE_END);
        return {
          autoKey: `renewal_call:${k.id}:${k.endDate}`,
          kind: 'renewal_call' as const,
          clientId: k.clientId,
          contractId: k.id,
          instalmentId: null,
          title: 'Telefon w sprawie odnowienia polisy',
          dueDate: callBy > day ? callBy : day,
        };
      }),
      ...overdue.map((i) => ({
        autoKey: `instalment_overdue:${i.id}`,
        kind: 'instalment_overdue' as const,
        clientId: i.clientId,
        contractId: i.contractId,
        instalmentId: i.id,
        title: 'Zaległa rata: kontakt z klientem',
        dueDate: day,
      })),
      // Keyed by the contract alone: once asked for, the policy is not asked for again, even
      // after the task is closed without a document.
      ...running
        .filter((k) => lacking.has(k.id))
        .map((k) => ({
          autoKey: `document_missing:${k.id}`,
          kind: 'document_missing' as const,
          clientId: k.clientId,
          contractId: k.id,
          instalmentId: null,
          title: 'Brak polisy w dokumentach: dołączyć plik',
          dueDate: day,
        })),
    ];
    const visible = PrivacyScope.system(PURPOSE, 'task_scan').visibleSql(
      'Client',
      this.clients.sqlTranslators('c'),
    );
    const made = await this.dataSource.transaction(async (manager) => {
      const rows = await this.tasks.insertScannedWithoutPurpose(scanned, PURPOSE, visible, manager);
      if (rows.length > 0)
        await this.audit.record(
          {
            action: 'create',
            resource: 'task_scan',
            resourceId: day,
            clientIds: [...new Set(rows.map((r) => r.clientId))],
            fields: ['title', 'dueDate'],
            outcome: 'allowed',
            reason: 'scan',
            actor: SYSTEM,
          },
          manager,
        );
      return rows;
    });
    const result = {
      date: day,
      renewalCalls: made.filter((r) => r.kind === 'renewal_call').length,
      overdueInstalments: made.filter((r) => r.kind === 'instalment_overdue').length,
      missingDocuments: made.filter((r) => r.kind === 'document_missing').length,
    };
    if (made.length > 0)
      this.logger.log(
        `Task scan ${day}: ${result.renewalCalls} renewal calls, ${result.overdueInstalments} overdue instalments, ${result.missingDocuments} missing policy documents`,
      );
    return result;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLogReader } from '@app/audit';
import { FieldCipher } from '@app/common/crypto/field-cipher';
import {
  AUTOMATED_DECISIONS,
  CONTROLLER,
  DATA_CATEGORIES,
  DATA_SUBJECT_RIGHTS,
  DataCategory,
  ENTITIES,
  EntityDefinition,
  PURPOSES,
  Purpose,
  REGISTRY,
  SUPERVISORY_AUTHORITY,
  TRANSFERS,
  readableFields,
} from '@app/privacy';
import { ActivitiesService } from '../activities';
import { ClaimsService } from '../claims';
import { ClientRecordForSubject, ClientsService } from '../clients';
import { CommissionStatementsService } from '../commissions';
import { ConsentsService } from '../consents';
import { ContractsService } from '../contracts';
import { DocumentsService } from '../documents';
import { InstalmentsService } from '../instalments';
import { OffersService } from '../offers';
import { CampaignsService } from '../mailings';
import { LegalHoldsService, RetentionDuty, RetentionService, runningDuties } from '../retention';
import { TasksService } from '../tasks';

type ClientRow = ClientRecordForSubject;

/** Most entries of the record of operations an access report lists (newest kept; the total is given). */
export const ACCESS_LOG_LIMIT = 5000;

export const ACCESS_REPORT_SCHEMA = 'consentry.access-report/1';
export const PORTABILITY_SCHEMA = 'consentry.portability/1';

/** What a report or export disclosed, named for the record of operations (field names, never values). */
export const REPORT_FIELDS = [
  ...Object.keys((ENTITIES.Client as EntityDefinition).personal),
  'consents',
  'offers',
  'contracts',
  'instalments',
  'campaignRecipients',
  'claims',
  'tasks',
  'activities',
  'documents',
  'commissionLines',
  'legalHolds',
  'accessLog',
];
export const EXPORT_FIELDS = [
  ...Object.keys((ENTITIES.Client as EntityDefinition).personal),
  'consents',
  'needsAnalyses',
  'instalments',
  'claims',
  'tasks',
  'activities',
  'documents',
  'commissionLines',
];

export type AccessReport = Awaited<ReturnType<AccessReportService['report']>>;
export type PortabilityExport = Awaited<ReturnType<AccessReportService['portability']>>;

export interface RequestRef {
  id: string;
  type: string;
  receivedAt: string;
  dueAt: string;
}

/**
 * Art. 15 access reports and art. 20 portability exports of the broker's own clients. Everything
 * comes from the broker's own storage (never from data processed for insurers), and what the report
 * says about purposes, bases, retention and rights comes from the privacy registry. Callers check
 * the request (identity verified) and record the disclosure.
 */
@Injectable()
export class AccessReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
    private readonly consents: ConsentsService,
    private readonly offers: OffersService,
    private readonly contracts: ContractsService,
    private readonly instalments: InstalmentsService,
    private readonly retention: RetentionService,
    private readonly clients: ClientsService,
    private readonly record: AuditLogReader,
    private readonly holds: LegalHoldsService,
    private readonly campaigns: CampaignsService,
    private readonly claims: ClaimsService,
    private readonly tasks: TasksService,
    private readonly activities: ActivitiesService,
    private readonly documents: DocumentsService,
    private readonly commissionStatements: CommissionStatementsService,
  ) {}

  async report(clientId: string, request: RequestRef, manager?: EntityManager) {
    const runner = manager ?? this.dataSource.manager;
    const client = await this.client(runner, clientId);
    // One connection (often the caller's transaction): the queries run one after another.
    const consents = await this.consents.stateOf(clientId);
    const offers = await this.offers.forClientWithoutPurpose(clientId, runner);
    const contracts = await this.contracts.forClientWithoutPurpose(clientId, runner);
    const instalments = await this.instalments.forClientWithoutPurpose(clientId, runner);
    const facts = await this.retention.factsWithoutPurpose([clientId], runner);
    const holds = await this.holds.historyForDataSubject(clientId, runner);
    const recipients = await this.campaigns.recipientHistoryForDataSubject(clientId, runner);
    const records = await this.newerRecords(clientId, runner);
    const accessLog = await this.accessLog(runner, clientId);
    const duties: RetentionDuty[] = facts[0] ? runningDuties(facts[0], new Date()) : [];
    const activeConsentPurposes = new Set(consents.active.map((c) => c.purpose));
    const purposes = PURPOSES.map((purpose) => {
      const def = REGISTRY[purpose];
      const applies = appliesTo(purpose, {
        consented: def.consentGate !== null && activeConsentPurposes.has(def.consentGate),
        contracts: contracts.length > 0,
        held: holds.some((h) => h.active),
        logged: accessLog.total > 0,
      });
      const fields = readableFields(purpose, 'Client');
      const personal = (ENTITIES.Client as EntityDefinition).personal;
      const categories = [...new Set(fields.map((f) => personal[f]).filter(Boolean))] as DataCategory[];
      return {
        purpose,
        applies: applies.applies,
        why: applies.why,
        description: { en: def.en, pl: def.pl },
        legalBasis: def.legalBasis,
        dataCategories: categories.map((key) => ({ key, ...DATA_CATEGORIES[key] })),
        fields,
        retention: { rule: def.retention, until: duties.find((d) => d.purpose === purpose)?.until ?? null },
        recipients: def.recipients,
      };
    }).filter((p) => p.purpose !== 'insurer_mandate');
    return {
      schemaVersion: ACCESS_REPORT_SCHEMA,
      generatedAt: new Date().toISOString(),
      request,
      controller: CONTROLLER,
      subject: {
        clientId: client.id,
        status: client.status,
        restricted: client.restricted,
        objectedToMarketing: client.objected_to_marketing,
        createdAt: iso(client.created_at),
        lastActivityAt: iso(client.last_activity_at),
        anonymisedAt: client.anonymised_at ? iso(client.anonymised_at) : null,
        data: this.personalData(client),
      },
      source: sourceOf(client),
      purposes,
      retention: {
        duties: duties.map(({ kind, purpose, legal, until, rule }) => ({
          kind,
          purpose,
          legal,
          until,
          rule,
        })),
        legalHolds: holds,
      },
      consents,
      offers,
      contracts,
      instalments,
      campaignRecipients: recipients,
      ...records,
      accessLog,
      recipients: uniqueRecipients(purposes.filter((p) => p.applies).map((p) => p.recipients)),
      transfers: TRANSFERS,
      automatedDecisions: AUTOMATED_DECISIONS,
      rights: DATA_SUBJECT_RIGHTS,
      supervisoryAuthority: SUPERVISORY_AUTHORITY,
    };
  }

  /** Art. 20: what the person provided, machine-readable, with a schema version. */
  async portability(clientId: string, manager?: EntityManager) {
    const runner = manager ?? this.dataSource.manager;
    const client = await this.client(runner, clientId);
    const consents = await this.consents.stateOf(clientId);
    const offers = await this.offers.forClientWithoutPurpose(clientId, runner);
    const contracts = await this.contracts.forClientWithoutPurpose(clientId, runner);
    const instalments = await this.instalments.forClientWithoutPurpose(clientId, runner);
    const records = await this.newerRecords(clientId, runner);
    const data = this.personalData(client);
    return {
      schemaVersion: PORTABILITY_SCHEMA,
      generatedAt: new Date().toISOString(),
      controller: { name: CONTROLLER.name, address: CONTROLLER.address, email: CONTROLLER.email },
      subject: {
        identity: {
          firstName: data.firstName,
          lastName: data.lastName,
          dateOfBirth: data.dateOfBirth,
          pesel: data.pesel,
        },
        contact: { email: data.email, phone: data.phone, address: data.address },
      },
      consents: everyConsent(consents),
      needsAnalyses: offers.map((o) => ({
        id: o.id,
        lineOfBusiness: o.lineOfBusiness,
        createdAt: o.createdAt,
        requiredCoverages: o.needs.requiredCoverages,
        maxPremium: o.needs.maxPremium,
        notes: o.needs.notes,
      })),
      // The policies the person holds or is insured under, with what they declared about the insured object.
      policies: contracts.map((k) => ({
        id: k.id,
        role: k.role,
        insurerName: k.insurerName,
        policyNumber: k.policyNumber,
        lineOfBusiness: k.lineOfBusiness,
        startDate: k.startDate,
        endDate: k.endDate,
        premium: k.premium,
        insuredObject: k.insuredObject,
      })),
      // The payments the person made against their contracts' schedules.
      instalments: instalments.map((i) => ({
        policyNumber: i.policyNumber,
        number: i.number,
        count: i.count,
        dueDate: i.dueDate,
        amount: i.amount,
        paidAmount: i.paidAmount,
        paidAt: i.paidAt,
        replaced: i.supersededAt !== null,
      })),
      // Claims, tasks, the timeline, documents (what is known of each file, not its bytes) and
      // commission statement lines of the person's policies, as the report lists them.
      ...records,
    };
  }

  /** The records the claims, tasks, timeline, documents and commissions modules keep about the person. */
  private async newerRecords(clientId: string, runner: EntityManager) {
    // One connection (often the caller's transaction): the queries run one after another.
    const claims = await this.claims.claimsForDataSubject(clientId, runner);
    const tasks = await this.tasks.tasksForDataSubject(clientId, runner);
    const activities = await this.activities.activitiesForDataSubject(clientId, runner);
    const documents = await this.documents.documentsForDataSubject(clientId, runner);
    const commissionLines = await this.commissionStatements.statementLinesForDataSubject(clientId, runner);
    return { claims, tasks, activities, documents, commissionLines };
  }

  private async client(runner: EntityManager, clientId: string): Promise<ClientRow> {
    return (await this.clients.recordForDataSubject(clientId, runner))!;
  }

  private personalData(client: ClientRow) {
    return {
      firstName: client.first_name,
      lastName: client.last_name,
      email: client.email,
      phone: client.phone,
      address: client.address,
      dateOfBirth: client.date_of_birth,
      pesel: client.pesel_cipher ? this.cipher.decrypt(client.pesel_cipher) : null,
      language: client.language,
    };
  }

  private async accessLog(runner: EntityManager, clientId: string) {
    const total = await this.record.countAboutClient(runner, clientId);
    const rows = await this.record.latestAboutClient(runner, clientId, ACCESS_LOG_LIMIT);
    const entries = rows.reverse().map((r) => ({
      ...r,
      purposeDescription:
        r.purpose && r.purpose in REGISTRY
          ? { en: REGISTRY[r.purpose as Purpose].en, pl: REGISTRY[r.purpose as Purpose].pl }
          : null,
    }));
    return { total, truncated: total > entries.length, entries };
  }
}

function appliesTo(
  purpose: Purpose,
  facts: { consented: boolean; contracts: boolean; held: boolean; logged: boolean },
): { applies: boolean; why: string } {
  const def = REGISTRY[purpose];
  if (def.consentGate)
    return facts.consented
      ? { applies: true, why: 'active consent' }
      : { applies: false, why: 'no active consent' };
  switch (def.retention.from) {
    case 'contract_end':
    case 'end_of_calendar_year_after_contract_end':
      return facts.contracts
        ? { applies: true, why: 'contracts concluded' }
        : { applies: false, why: 'no contract' };
    case 'claim_closed':
      return facts.held
        ? { applies: true, why: 'legal hold for a claim' }
        : { applies: false, why: 'no claim' };
    case 'entry_created':
      return facts.logged
        ? { applies: true, why: 'operations on the data are recorded' }
        : { applies: false, why: 'nothing recorded' };
    case 'last_activity':
      return { applies: true, why: 'client record held' };
    case 'request_closed':
      return { applies: true, why: 'this request' };
    default:
      return { applies: false, why: 'not the broker’s own processing' };
  }
}

function sourceOf(client: ClientRow) {
  const purpose = client.source?.startsWith('staff:') ? client.source.slice(6) : null;
  return {
    from: client.source,
    en: purpose
      ? `Collected from you by our staff and recorded under the purpose "${purpose}"`
      : 'Collected from you (imported into the client base)',
    pl: purpose
      ? `Zebrane od Pani/Pana przez naszych pracowników i zapisane w celu „${purpose}”`
      : 'Zebrane od Pani/Pana (zaimportowane do bazy klientów)',
    collectedAt: iso(client.created_at),
    recordedBy: client.created_by,
  };
}

/** Every consent ever given, active or withdrawn, rebuilt from the history of grants and withdrawals. */
function everyConsent(state: Awaited<ReturnType<ConsentsService['stateOf']>>) {
  const evidence = new Map(state.active.map((c) => [c.id, c.evidence]));
  const withdrawn = new Map(
    state.history.filter((e) => e.event === 'withdrawn').map((e) => [e.consentId, e.at]),
  );
  return state.history
    .filter((e) => e.event === 'granted')
    .map((e) => ({
      purpose: e.purpose,
      channel: e.channel,
      grantedAt: e.at,
      withdrawnAt: withdrawn.get(e.consentId) ?? null,
      source: e.source,
      noticeVersion: e.noticeVersion ?? null,
      evidence: evidence.get(e.consentId) ?? null,
    }));
}

function uniqueRecipients(items: Array<{ en: string; pl: string }>) {
  const seen = new Set<string>();
  return items.filter((r) => (seen.has(r.en) ? false : (seen.add(r.en), true)));
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

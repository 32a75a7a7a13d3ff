import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder, type AuditResource } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import type { Language } from '@app/common/locale/polish';
import type { PrivacyScope } from '@app/privacy';
import { ClientsService } from '../clients';
import { accessReportDocument, ReportDocument } from './access-report.document';
import {
  AccessReport,
  AccessReportService,
  EXPORT_FIELDS,
  PortabilityExport,
  REPORT_FIELDS,
} from './access-report.service';
import { DataSubjectRequestType } from './data-subject-request.dto';
import { DataSubjectRequestRepository, RequestRow } from './data-subject-request.repository';
import {
  IdentityNotVerifiedError,
  RequestClosedError,
  WrongRequestTypeError,
} from './data-subject-requests.errors';

const RESOURCE: AuditResource = 'data_subject_request';

/**
 * The documents that answer access (art. 15) and portability (art. 20) requests, as previews that
 * change nothing: completing the request records their delivery. Nothing is disclosed for an
 * unverified identity, and every disclosure is one entry in the record of operations.
 */
@Injectable()
export class RequestDisclosure {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: DataSubjectRequestRepository,
    private readonly reports: AccessReportService,
    private readonly clients: ClientsService,
    private readonly audit: AuditRecorder,
    private readonly clock: BrokerClock,
  ) {}

  /** Art. 15: the access report. */
  async report(scope: PrivacyScope, id: string): Promise<AccessReport> {
    return this.disclose(scope, id, 'access', 'report', async (row, manager) => {
      const report = await this.reports.report(
        row.client_id!,
        { id: row.id, type: row.type, receivedAt: row.received_at, dueAt: row.due_at },
        manager,
      );
      return { value: report, resource: 'access_report', fields: REPORT_FIELDS };
    });
  }

  /**
   * Art. 15: the access report as the person reads it, in the language asked for or else in the
   * person's language of correspondence, with times in the broker's time zone.
   */
  async reportDocument(scope: PrivacyScope, id: string, language?: Language): Promise<ReportDocument> {
    const report = await this.report(scope, id);
    const lang: Language = language ?? (report.subject.data.language === 'en' ? 'en' : 'pl');
    return accessReportDocument(report, lang, this.clock.timeZone);
  }

  /** Art. 20: the portability export. */
  async export(scope: PrivacyScope, id: string): Promise<PortabilityExport> {
    return this.disclose(scope, id, 'portability', 'export', async (row, manager) => {
      const value = await this.reports.portability(row.client_id!, manager);
      return { value, resource: 'portability_export', fields: EXPORT_FIELDS };
    });
  }

  private async disclose<T>(
    scope: PrivacyScope,
    id: string,
    type: DataSubjectRequestType,
    operation: string,
    build: (
      row: RequestRow,
      manager: EntityManager,
    ) => Promise<{ value: T; resource: AuditResource; fields: string[] }>,
  ): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.requests.lock(id, manager);
      if (row.type !== type) throw new WrongRequestTypeError(row.type, operation, [type]);
      if (!row.client_id) throw new RequestClosedError(row.status);
      if (row.status === 'rejected') throw new RequestClosedError(row.status);
      if (!row.identity_verified_at) throw new IdentityNotVerifiedError();
      await this.clients.requireVisible(
        scope,
        row.client_id,
        { action: 'export', resource: RESOURCE },
        manager,
      );
      const built = await build(row, manager);
      await this.audit.record(
        {
          action: 'export',
          resource: built.resource,
          resourceId: id,
          clientIds: [row.client_id],
          fields: built.fields,
          outcome: 'allowed',
        },
        manager,
      );
      return built.value;
    });
  }
}

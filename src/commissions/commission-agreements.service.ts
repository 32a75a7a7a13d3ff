import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { Page, decodeCursor, encodeCursor, pageSize } from '@app/common/http/pagination';
import { PrivacyScope } from '@app/privacy';
import { StaffService } from '../auth';
import { InsurersService, UnknownInsurerError } from '../insurers';
import { AgreementRow, CommissionAgreementRepository } from './commission-agreement.repository';
import { CreateCommissionAgreementDto, ListCommissionAgreementsQueryDto } from './commission-agreement.dto';
import { SplitStaffNotBrokerError, SplitStaffRepeatedError, SplitsNotWholeError } from './commissions.errors';

/** Rates and shares travel as fractions with four decimal places and are kept as basis points. */
const rateToBasisPoints = (rate: number) => Math.round(rate * 10_000);

export interface AgreementView {
  id: string;
  insurerId: string;
  insurerName: string;
  lineOfBusiness: string;
  firstYearRate: number;
  renewalRate: number;
  splits: Array<{ staffId: string; share: number }>;
  validFrom: string | null;
  createdAt: string;
  replaced?: boolean;
}

/**
 * Commission agreements with insurers: per insurer and line of business, the rate of the first
 * policy year and of renewals, and how the commission splits between brokers. They are the
 * office's terms with a business, not anyone's personal data; making one is recorded all the same.
 */
@Injectable()
export class CommissionAgreementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agreements: CommissionAgreementRepository,
    private readonly insurers: InsurersService,
    private readonly staff: StaffService,
    private readonly audit: AuditRecorder,
  ) {}

  async create(scope: PrivacyScope, input: CreateCommissionAgreementDto): Promise<AgreementView> {
    const insurer = await this.insurers.findById(input.insurerId);
    if (!insurer) throw new UnknownInsurerError();
    const splits = (input.splits ?? []).map((s) => ({
      staffId: s.staffId,
      shareBp: rateToBasisPoints(s.share),
    }));
    if (new Set(splits.map((s) => s.staffId)).size !== splits.length) throw new SplitStaffRepeatedError();
    if (splits.length > 0 && splits.reduce((sum, s) => sum + s.shareBp, 0) !== 10_000)
      throw new SplitsNotWholeError();
    if (splits.length > 0) {
      const found = await this.staff.findByIds(splits.map((s) => s.staffId));
      const brokers = new Set(found.filter((s) => s.role === 'broker' && s.active).map((s) => s.id));
      if (splits.some((s) => !brokers.has(s.staffId))) throw new SplitStaffNotBrokerError();
    }
    const validFrom = input.validFrom ?? null;
    return this.dataSource.transaction(async (manager) => {
      await this.agreements.lockKey(input.insurerId, input.lineOfBusiness, manager);
      const replaced = await this.agreements.supersede(
        { insurerId: input.insurerId, lineOfBusiness: input.lineOfBusiness, validFrom },
        manager,
      );
      const row = await this.agreements.insert(
        {
          insurerId: input.insurerId,
          lineOfBusiness: input.lineOfBusiness,
          firstYearRateBp: rateToBasisPoints(input.firstYearRate),
          renewalRateBp: rateToBasisPoints(input.renewalRate),
          splits,
          validFrom,
          createdBy: scope.staffMember,
        },
        manager,
      );
      await this.audit.record(
        {
          action: 'create',
          resource: 'commission_agreement',
          resourceId: row.id,
          fields: [],
          outcome: 'allowed',
        },
        manager,
      );
      return { ...view(row, insurer.name), replaced };
    });
  }

  /** The agreements in force (each insurer, line and start day's latest), newest first. */
  async list(query: ListCommissionAgreementsQueryDto): Promise<Page<AgreementView>> {
    const size = pageSize(query.limit);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | null;
    const rows = await this.agreements.page({
      insurerId: query.insurerId,
      lineOfBusiness: query.lineOfBusiness,
      after,
      size,
    });
    const page = rows.slice(0, size);
    const names = await this.insurers.findByIds(page.map((r) => r.insurerId));
    const last = page[page.length - 1];
    return {
      items: page.map((r) => view(r, names.get(r.insurerId)?.name ?? '')),
      nextCursor: rows.length > size && last ? encodeCursor([last.sortKey!, last.id]) : null,
    };
  }

  /** The agreements in force with one insurer, for computing its contracts' commissions. */
  ofInsurer(insurerId: string, manager?: EntityManager): Promise<AgreementRow[]> {
    return this.agreements.ofInsurer(insurerId, manager);
  }
}

function view(row: AgreementRow, insurerName: string): AgreementView {
  return {
    id: row.id,
    insurerId: row.insurerId,
    insurerName,
    lineOfBusiness: row.lineOfBusiness,
    firstYearRate: row.firstYearRateBp / 10_000,
    renewalRate: row.renewalRateBp / 10_000,
    splits: row.splits.map((s) => ({ staffId: s.staffId, share: s.shareBp / 10_000 })),
    validFrom: row.validFrom,
    createdAt: row.createdAt,
  };
}

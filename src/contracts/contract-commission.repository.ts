import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { toPositional } from '@app/common/database/sql';
import { LineOfBusiness, PrivacyScope } from '@app/privacy';
import { ClientsService } from '../clients';
import { OffersService } from '../offers';
import { ContractStatus, contractStatusSql } from './contract-status';

/** What a contract's commission is computed from, as stored. */
export interface CommissionBasisRow {
  id: string;
  clientId: string;
  insurerId: string;
  lineOfBusiness: LineOfBusiness;
  policyNumber: string;
  startDate: string;
  status: ContractStatus;
  premium: string;
  commissionRateBp: number;
  currency: string;
  /** Concluded from an offer request renewing a contract with the same insurer. */
  renewal: boolean;
}

/**
 * The `contract` table read for commissions: the terms a commission is computed from, of the
 * contracts visible under the scope (the purpose's rules in SQL, as every list of contracts).
 */
@Injectable()
export class ContractCommissionRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsService,
    private readonly offers: OffersService,
    private readonly clock: BrokerClock,
  ) {}

  basis(
    scope: PrivacyScope,
    filter: { contractId?: string; insurerId?: string },
    manager?: EntityManager,
  ): Promise<CommissionBasisRow[]> {
    const visible = scope.clientRecordSql('Contract', this.clients.sqlTranslators('c'));
    const named: Record<string, unknown> = { ...visible.params };
    const conditions = [visible.sql];
    if (filter.contractId) {
      named.bcontract = filter.contractId;
      conditions.push(`k.id = :bcontract::uuid`);
    }
    if (filter.insurerId) {
      named.binsurer = filter.insurerId;
      conditions.push(`k.insurer_id = :binsurer::uuid`);
    }
    const { sql, params } = toPositional(
      `SELECT k.id, k.client_id AS "clientId", k.insurer_id AS "insurerId", k.line_of_business AS "lineOfBusiness",
              k.policy_number AS "policyNumber", to_char(k.start_date, 'YYYY-MM-DD') AS "startDate",
              ${contractStatusSql('k', this.clock.todaySql)} AS status, k.premium,
              k.commission_rate_bp AS "commissionRateBp", k.currency,
              coalesce((SELECT prev.insurer_id = k.insurer_id FROM contract prev
                         WHERE prev.id = ${this.offers.renewedContractIdSql('k.offer_request_id')}), false) AS renewal
         FROM contract k ${this.clients.joinSql('c', 'k.client_id')}
        WHERE ${conditions.join(' AND ')}
        ORDER BY k.policy_number, k.id`,
      named,
    );
    return (manager ?? this.dataSource.manager).query(sql, params);
  }
}

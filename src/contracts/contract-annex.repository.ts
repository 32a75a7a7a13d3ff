import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PrivacyScope } from '@app/privacy';
import { AnnexTerms } from './contract-row';
import { erasedInsuredObjectSql } from './insured-object';

/** An annex as stored: the terms it changed, their values before, from when and why. */
export interface ContractAnnexRow {
  id: string;
  contractId: string;
  clientId: string;
  effectiveDate: string;
  reason: string;
  changes: AnnexTerms;
  previous: AnnexTerms;
  currency: string;
  createdAt: string;
}

export interface NewContractAnnex {
  contractId: string;
  effectiveDate: string;
  reason: string;
  changes: AnnexTerms;
  previous: AnnexTerms;
  createdBy: string;
}

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The `contract_annex` table (the history of a contract's annexes): the only code whose SQL names
 * it. Reads take the privacy scope; the caller decided that the contract is visible.
 */
@Injectable()
export class ContractAnnexRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private selectSql(): string {
    return `SELECT a.id, a.contract_id AS "contractId", k.client_id AS "clientId",
      to_char(a.effective_date, 'YYYY-MM-DD') AS "effectiveDate", a.reason, a.changes, a.previous, k.currency,
      ${TS('a.created_at')} AS "createdAt"
    FROM contract_annex a JOIN contract k ON k.id = a.contract_id`;
  }

  /** A contract's annexes in the order they take effect (and, on one day, in the order entered). */
  forContract(
    _scope: PrivacyScope,
    contractId: string,
    manager?: EntityManager,
  ): Promise<ContractAnnexRow[]> {
    return (manager ?? this.dataSource.manager).query(
      `${this.selectSql()} WHERE a.contract_id = $1 ORDER BY a.effective_date, a.created_at, a.id`,
      [contractId],
    );
  }

  async find(_scope: PrivacyScope, id: string, manager?: EntityManager): Promise<ContractAnnexRow | null> {
    const [row]: ContractAnnexRow[] = await (manager ?? this.dataSource.manager).query(
      `${this.selectSql()} WHERE a.id = $1`,
      [id],
    );
    return row ?? null;
  }

  async insert(input: NewContractAnnex, manager: EntityManager): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO contract_annex (contract_id, effective_date, reason, changes, previous, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        input.contractId,
        input.effectiveDate,
        input.reason,
        JSON.stringify(input.changes),
        JSON.stringify(input.previous),
        input.createdBy,
      ],
    );
    return row.id;
  }

  /**
   * Erasure: an annex's reason is free text that may describe the person, and an insured object
   * it changed may name a VIN, a registration number or an address; those go, amounts and dates stay.
   */
  async eraseForErasure(clientIds: string[], manager: EntityManager): Promise<void> {
    const object = (col: string) =>
      `CASE WHEN jsonb_typeof(${col}->'insuredObject') = 'object'
         THEN jsonb_set(${col}, '{insuredObject}', ${erasedInsuredObjectSql(`(${col}->'insuredObject')`)})
         ELSE ${col} END`;
    await manager.query(
      `UPDATE contract_annex a SET reason = 'erased', changes = ${object('a.changes')}, previous = ${object('a.previous')}
         FROM contract k
        WHERE k.id = a.contract_id AND (k.client_id = ANY($1::uuid[]) OR k.insured_id = ANY($1::uuid[]))`,
      [clientIds],
    );
  }
}

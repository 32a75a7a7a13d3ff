import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LineOfBusiness } from '@app/privacy';

/** A policy of a book import, as stored: transferred into the register, commission unknown (0). */
export interface ImportedContractRow {
  clientId: string;
  insurerId: string;
  lineOfBusiness: LineOfBusiness;
  policyNumber: string;
  productName: string;
  startDate: string;
  endDate: string;
  premium: number;
  createdBy: string;
}

/** A policy already in the register under an insurer and number a file names. */
export interface RegisteredPolicy {
  id: string;
  clientId: string;
  insurerId: string;
  policyNumber: string;
}

/**
 * The `contract` table for book imports: the lookup of policies a file names and their insertion
 * in one statement per chunk. The other statements on the table stay in ContractRepository.
 */
@Injectable()
export class ContractBookRepository {
  /** The policies already registered under these (insurer, number) pairs; without a purpose, ids only. */
  async registered(
    insurerIds: string[],
    policyNumbers: string[],
    manager: EntityManager,
  ): Promise<RegisteredPolicy[]> {
    if (insurerIds.length === 0) return [];
    return manager.query(
      `SELECT k.id::text, k.client_id::text AS "clientId", k.insurer_id::text AS "insurerId", k.policy_number AS "policyNumber"
         FROM contract k JOIN unnest($1::uuid[], $2::text[]) AS p(insurer_id, policy_number)
           ON k.insurer_id = p.insurer_id AND k.policy_number = p.policy_number`,
      [insurerIds, policyNumbers],
    );
  }

  /** Inserts the policies as transferred into the register; answers their ids in no particular order. */
  async insertMany(rows: ImportedContractRow[], manager: EntityManager): Promise<RegisteredPolicy[]> {
    if (rows.length === 0) return [];
    const column = (pick: (row: ImportedContractRow) => unknown) => rows.map(pick);
    return manager.query(
      `INSERT INTO contract (client_id, insurer_id, line_of_business, policy_number, product_name, premium,
                             commission_rate_bp, commission, sum_insured, deductible, coverages, start_date, end_date,
                             concluded_by, source)
       SELECT r.client_id, r.insurer_id, r.line_of_business, r.policy_number, r.product_name, r.premium,
              0, 0, 0, 0, '[]'::jsonb, r.start_date, r.end_date, r.created_by, 'transferred'
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::date[], $8::date[], $9::uuid[])
           AS r(client_id, insurer_id, line_of_business, policy_number, product_name, premium, start_date, end_date, created_by)
       RETURNING id::text, client_id::text AS "clientId", insurer_id::text AS "insurerId", policy_number AS "policyNumber"`,
      [
        column((r) => r.clientId),
        column((r) => r.insurerId),
        column((r) => r.lineOfBusiness),
        column((r) => r.policyNumber),
        column((r) => r.productName),
        column((r) => r.premium),
        column((r) => r.startDate),
        column((r) => r.endDate),
        column((r) => r.createdBy),
      ],
    );
  }
}

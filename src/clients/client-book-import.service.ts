import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditRecorder, AuditRecordInput } from '@app/audit';
import { FieldCipher } from '@app/common/crypto/field-cipher';
import { PrivacyScope } from '@app/privacy';
import { ClientRepository, ClientRow, NewClientRow } from './client.repository';
import { CompanyImportRepository } from './company-import.repository';
import { PostalAddress } from './postal-address';

/** A person as a row of a book import carries them; the PESEL identifies them. */
export interface ImportedPerson {
  pesel: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  address: PostalAddress | null;
}

/** A company as a row of a book import carries it; the NIP identifies it. */
export interface ImportedCompany {
  companyName: string;
  nip: string;
  regon: string;
  krs: string | null;
  email: string | null;
  phone: string | null;
  address: PostalAddress | null;
}

/** A client already holding a PESEL (or a company's NIP) of the file: enough to decide whether the import may use it. */
export interface ClientHoldingPesel {
  id: string;
  teamId: string | null;
  status: ClientRow['status'];
}

/** Rows per statement: large enough to cut round trips, small enough to keep each statement's parameters modest. */
const CHUNK = 2_000;

/**
 * The clients' side of a book import: which PESELs are already someone's, and the registration of
 * the new persons in one go. A client found by PESEL is linked, never overwritten, so importing
 * the same file again changes nothing.
 */
@Injectable()
export class ClientBookImport {
  constructor(
    private readonly clients: ClientRepository,
    private readonly companies: CompanyImportRepository,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditRecorder,
  ) {}

  /** The clients already holding these PESELs, by PESEL; the caller decides what a match may do. */
  async holdersByPesel(pesels: string[], manager?: EntityManager): Promise<Map<string, ClientHoldingPesel>> {
    const byIndex = new Map(pesels.map((pesel) => [this.cipher.blindIndex('pesel', pesel), pesel]));
    const found = new Map<string, ClientHoldingPesel>();
    const indexes = [...byIndex.keys()];
    for (let i = 0; i < indexes.length; i += CHUNK * 5) {
      const rows = await this.clients.holdersOfPesels(indexes.slice(i, i + CHUNK * 5), manager);
      for (const row of rows)
        found.set(byIndex.get(row.peselIndex)!, { id: row.id, teamId: row.teamId, status: row.status });
    }
    return found;
  }

  /**
   * The company clients holding these NIPs, by NIP, oldest first (the NIP is register data, not
   * personal data; nothing stops two records of one company, so all are answered and the caller
   * picks the one it may use).
   */
  async holdersByNip(nips: string[], manager?: EntityManager): Promise<Map<string, ClientHoldingPesel[]>> {
    const found = new Map<string, ClientHoldingPesel[]>();
    for (let i = 0; i < nips.length; i += CHUNK * 5) {
      const rows = await this.companies.companiesByNipsWithoutPurpose(nips.slice(i, i + CHUNK * 5), manager);
      for (const row of rows) {
        const list = found.get(row.nip) ?? [];
        list.push({ id: row.id, teamId: row.teamId, status: row.status });
        found.set(row.nip, list);
      }
    }
    return found;
  }

  /**
   * Registers the companies into the team's portfolio inside the caller's transaction, each with an
   * entry in the record of operations naming the fields the file gave. Answers the new ids by NIP.
   */
  async createCompanies(
    scope: PrivacyScope,
    companies: ImportedCompany[],
    teamId: string,
    manager: EntityManager,
  ): Promise<Map<string, string>> {
    const fieldsOf = (c: ImportedCompany) => [
      'companyName',
      'nip',
      'regon',
      ...(c.krs ? ['krs'] : []),
      ...(c.email ? ['email'] : []),
      ...(c.phone ? ['phone'] : []),
      ...(c.address ? ['address'] : []),
    ];
    const written = [...new Set(companies.flatMap(fieldsOf))];
    scope.assertWritable('create', 'Client', null, written, { action: 'create', resource: 'client' });
    const actor = { staffId: scope.staffMember, role: scope.role, purpose: scope.purpose };
    const ids = new Map<string, string>();
    for (let i = 0; i < companies.length; i += CHUNK) {
      const chunk = companies.slice(i, i + CHUNK);
      const byNip = await this.companies.insertMany(
        chunk.map((c) => ({
          ...c,
          source: `import:${scope.purpose}`,
          createdBy: scope.staffMember,
          teamId,
        })),
        manager,
      );
      const entries: AuditRecordInput[] = chunk.map((company) => {
        const id = byNip.get(company.nip)!;
        ids.set(company.nip, id);
        return {
          action: 'create',
          resource: 'client',
          resourceId: id,
          clientIds: [id],
          fields: fieldsOf(company),
          outcome: 'allowed',
          actor,
        };
      });
      await this.audit.recordMany(entries, manager);
    }
    return ids;
  }

  /**
   * Registers the persons into the team's portfolio inside the caller's transaction, each with an
   * entry in the record of operations naming the fields the file gave. Answers the new ids by PESEL.
   */
  async createPersons(
    scope: PrivacyScope,
    people: ImportedPerson[],
    teamId: string,
    manager: EntityManager,
  ): Promise<Map<string, string>> {
    const fieldsOf = (p: ImportedPerson) => [
      'firstName',
      'lastName',
      'pesel',
      ...(p.email ? ['email'] : []),
      ...(p.phone ? ['phone'] : []),
      ...(p.address ? ['address'] : []),
    ];
    const written = [...new Set(people.flatMap(fieldsOf))];
    scope.assertWritable('create', 'Client', null, written, { action: 'create', resource: 'client' });
    const actor = { staffId: scope.staffMember, role: scope.role, purpose: scope.purpose };
    const ids = new Map<string, string>();
    for (let i = 0; i < people.length; i += CHUNK) {
      const chunk = people.slice(i, i + CHUNK);
      const rows: NewClientRow[] = chunk.map((p) => ({
        firstName: p.firstName,
        lastName: p.lastName,
        email: p.email,
        phone: p.phone,
        address: p.address,
        dateOfBirth: null,
        peselCipher: this.cipher.encrypt(p.pesel),
        peselIndex: this.cipher.blindIndex('pesel', p.pesel),
        source: `import:${scope.purpose}`,
        createdBy: scope.staffMember,
        teamId,
      }));
      const byIndex = await this.clients.insertMany(rows, manager);
      const entries: AuditRecordInput[] = [];
      chunk.forEach((person, k) => {
        const id = byIndex.get(rows[k].peselIndex!)!;
        ids.set(person.pesel, id);
        entries.push({
          action: 'create',
          resource: 'client',
          resourceId: id,
          clientIds: [id],
          fields: fieldsOf(person),
          outcome: 'allowed',
          actor,
        });
      });
      await this.audit.recordMany(entries, manager);
    }
    return ids;
  }
}

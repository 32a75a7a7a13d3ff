import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { FieldCipher } from '@app/common/crypto/field-cipher';
import { Attempt, PrivacyScope } from '@app/privacy';
import { ClientRepository } from './client.repository';
import { ClientGroupsRepository, RepresentativeRow } from './client-groups.repository';
import { AddRepresentativeDto } from './client-groups.dto';
import { ClientView, projectClient } from './client-projection';
import { ClientRow, clientFacts } from './client-row';
import { ClientWrites } from './client-writes.service';
import { NotACompanyError, RepresentativeExistsError } from './clients.errors';
import { assertMayWrite, requireVisibleClient, requireVisiblePerson } from './visible-client';

export interface RepresentativeView {
  companyId: string;
  personId: string;
  createdAt: string;
  role?: string;
  person: ClientView;
}

/**
 * The persons who act for a company client. The company's register data is not personal data, but
 * a representative is a person like any other: listed only where the purpose sees them, with the
 * person's fields and the role projected under the person's own rules.
 */
@Injectable()
export class RepresentativesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientRepository,
    private readonly groups: ClientGroupsRepository,
    private readonly writes: ClientWrites,
    private readonly audit: AuditRecorder,
    private readonly cipher: FieldCipher,
  ) {}

  async add(
    scope: PrivacyScope,
    companyId: string,
    input: AddRepresentativeDto,
  ): Promise<RepresentativeView> {
    const attempt: Attempt = {
      action: 'create',
      resource: 'client_representative',
      resourceId: companyId,
      fields: ['role'],
    };
    const { link, person } = await this.dataSource.transaction(async (manager) => {
      const company = await requireVisibleClient(this.clients, scope, companyId, attempt, manager);
      const person = await requireVisiblePerson(
        this.clients,
        scope,
        input.personId,
        'personId',
        attempt,
        manager,
      );
      assertMayWrite(scope, 'create', 'ClientRepresentative', {
        ...attempt,
        clientIds: [companyId, person.id],
      });
      if (company.kind !== 'company') throw new NotACompanyError();
      await this.writes.assertNotAnonymised(companyId, attempt, manager);
      await this.writes.assertNotAnonymised(person.id, attempt, manager);
      const link = await this.groups.insertRepresentative(
        { companyId, personId: person.id, role: input.role, createdBy: scope.staffId },
        manager,
      );
      if (!link) throw new RepresentativeExistsError();
      await this.audit.record(
        {
          action: 'create',
          resource: 'client_representative',
          resourceId: link.id,
          clientIds: [companyId, person.id],
          fields: ['role'],
          outcome: 'allowed',
        },
        manager,
      );
      return { link, person };
    });
    return this.view(scope, link, person)?.value ?? representativeIds(link);
  }

  async list(scope: PrivacyScope, companyId: string): Promise<{ items: RepresentativeView[] }> {
    const attempt: Attempt = { action: 'read', resource: 'client_representative', resourceId: companyId };
    await requireVisibleClient(this.clients, scope, companyId, attempt);
    const links = await this.groups.representativesOf(companyId);
    const items: RepresentativeView[] = [];
    const fields = new Set<string>();
    for (const link of links) {
      const person = await this.clients.find(scope, link.person_id);
      const seen = person ? this.view(scope, link, person) : null;
      if (!seen) continue;
      items.push(seen.value);
      seen.fields.forEach((f) => fields.add(f));
    }
    await this.audit.record({
      action: 'read',
      resource: 'client_representative',
      resourceId: companyId,
      clientIds: [companyId, ...items.map((i) => i.personId)],
      fields: [...fields],
      outcome: 'allowed',
    });
    return { items };
  }

  /** The link as the scope sees it: nothing when the person is not visible under the purpose. */
  private view(
    scope: PrivacyScope,
    link: RepresentativeRow,
    person: ClientRow,
  ): { value: RepresentativeView; fields: string[] } | null {
    const linkFields = scope.clientRecordFields('ClientRepresentative', clientFacts(person));
    const projected = projectClient(scope, person, this.cipher);
    if (linkFields.length === 0 || !projected) return null;
    const value: RepresentativeView = { ...representativeIds(link), person: projected.value };
    const fields = [...projected.fields];
    if (linkFields.includes('role')) {
      value.role = link.role;
      fields.push('role');
    }
    return { value, fields };
  }
}

function representativeIds(link: RepresentativeRow): RepresentativeView {
  return {
    companyId: link.company_id,
    personId: link.person_id,
    createdAt: link.created_at,
    person: { id: link.person_id },
  };
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { FieldCipher } from '@app/common/crypto/field-cipher';
import { checkPesel } from '@app/common/validation/pesel';
import { Attempt, PrivacyScope } from '@app/privacy';
import { CLIENT_COLUMNS, ClientRepository } from './client.repository';
import { ClientView, projectClient } from './client-projection';
import { COMPANY_ONLY_FIELDS, ClientKind, PERSON_ONLY_FIELDS, clientFacts } from './client-row';
import { CreateClientDto, UpdateClientDto } from './client.dto';
import {
  ClientAnonymisedError,
  ClientKindFieldsError,
  NoTeamError,
  PeselBirthDateMismatchError,
  TeamNotYoursError,
  TeamRequiredError,
} from './clients.errors';
import { DuplicateReviewsService, PeselHeldError } from './duplicate-reviews.service';
import { PostalAddress } from './postal-address';

/**
 * Writes of clients: registration (into a portfolio), correction, and the checks every write of
 * anything about a client passes (erased stays erased; one PESEL, one client).
 */
@Injectable()
export class ClientWrites {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientRepository,
    private readonly audit: AuditRecorder,
    private readonly cipher: FieldCipher,
    private readonly duplicates: DuplicateReviewsService,
  ) {}

  async create(scope: PrivacyScope, input: CreateClientDto): Promise<ClientView> {
    // The team is where the client is kept, not a personal value: checked apart from the registry's
    // fields; so is the kind, which states what the record is.
    const { teamId: requestedTeam, kind = 'person', ...given } = input;
    const fields = Object.keys(given);
    assertFieldsOfKind(kind, fields);
    scope.assertWritable('create', 'Client', null, fields, { action: 'create', resource: 'client' });
    const teamId = this.portfolioFor(scope, requestedTeam, fields);
    if (input.pesel) this.checkPeselAgainstBirthDate(input.pesel, input.dateOfBirth ?? null);
    const peselIndex = input.pesel ? this.cipher.blindIndex('pesel', input.pesel) : null;
    const attempt = { action: 'create' as const, attemptedOn: null, fields, peselIndex };
    const id = await this.duplicates.guard(scope, attempt, () =>
      this.dataSource.transaction(async (manager) => {
        if (peselIndex) await this.assertPeselFree(manager, peselIndex, null);
        const id = await this.clients.insert(
          {
            company:
              kind === 'company'
                ? {
                    companyName: input.companyName!,
                    nip: input.nip!,
                    regon: input.regon!,
                    krs: input.krs ?? null,
                  }
                : undefined,
            firstName: input.firstName ?? null,
            lastName: input.lastName ?? null,
            email: input.email ?? null,
            phone: input.phone ?? null,
            address: input.address ? pickAddress(input.address) : null,
            dateOfBirth: input.dateOfBirth ?? null,
            peselCipher: input.pesel ? this.cipher.encrypt(input.pesel) : null,
            peselIndex,
            source: `staff:${scope.purpose}`,
            createdBy: scope.staffId,
            teamId,
          },
          manager,
        );
        await this.audit.record(
          {
            action: 'create',
            resource: 'client',
            resourceId: id,
            clientIds: [id],
            fields,
            outcome: 'allowed',
          },
          manager,
        );
        return id;
      }),
    );
    const row = await this.clients.find(scope, id);
    return (row && projectClient(scope, row, this.cipher)?.value) ?? { id };
  }

  async update(scope: PrivacyScope, id: string, input: UpdateClientDto): Promise<ClientView> {
    return this.guardUpdate(scope, id, input, () =>
      this.dataSource.transaction((manager) => this.updateIn(scope, id, input, manager)),
    );
  }

  /**
   * Runs the caller's transaction `write`, which calls `updateIn`, under the duplicate-PESEL guard:
   * a PESEL another client holds leaves the transaction (rolled back whole) and is answered as
   * `update` answers it (409 DUPLICATE_REVIEW, the review opened outside the rolled-back work).
   */
  guardUpdate<T>(
    scope: PrivacyScope,
    id: string,
    input: UpdateClientDto,
    write: () => Promise<T>,
  ): Promise<T> {
    const fields = writtenFields(input);
    const peselIndex = input.pesel ? this.cipher.blindIndex('pesel', input.pesel) : null;
    return this.duplicates.guard(scope, { action: 'update', attemptedOn: id, fields, peselIndex }, write);
  }

  /** `update` inside the caller's transaction; the caller runs that transaction through `guardUpdate`. */
  async updateIn(
    scope: PrivacyScope,
    id: string,
    input: UpdateClientDto,
    manager: EntityManager,
  ): Promise<ClientView> {
    const fields = writtenFields(input);
    const peselIndex = input.pesel ? this.cipher.blindIndex('pesel', input.pesel) : null;
    const denied: Attempt = { action: 'update', resource: 'client', resourceId: id, fields };
    const row = await this.clients.find(scope, id, manager, true);
    const facts = row ? clientFacts(row) : null;
    if (!row || !facts || scope.fields('Client', facts).length === 0) {
      scope.notFound(denied, 'Client', !!row);
    }
    scope.assertWritable('update', 'Client', facts, fields, { ...denied, clientIds: [id] });
    assertFieldsOfKind(row.kind, fields);
    await this.assertNotAnonymised(id, denied, manager);
    const columns: Record<string, unknown> = {};
    for (const field of fields) {
      if (field === 'pesel') continue;
      const value = (input as Record<string, unknown>)[field];
      columns[CLIENT_COLUMNS[field as keyof typeof CLIENT_COLUMNS]] =
        field === 'address' && value ? JSON.stringify(pickAddress(value as PostalAddress)) : value;
    }
    if (fields.includes('pesel') || fields.includes('dateOfBirth')) {
      const pesel =
        input.pesel !== undefined
          ? input.pesel
          : row.pesel_cipher
            ? this.cipher.decrypt(row.pesel_cipher)
            : null;
      const dob = input.dateOfBirth !== undefined ? input.dateOfBirth : row.date_of_birth;
      if (pesel) this.checkPeselAgainstBirthDate(pesel, dob);
      if (input.pesel !== undefined) {
        if (peselIndex) await this.assertPeselFree(manager, peselIndex, id);
        columns.pesel_cipher = input.pesel ? this.cipher.encrypt(input.pesel) : null;
        columns.pesel_index = peselIndex;
      }
    }
    await this.clients.update(id, columns, manager);
    await this.audit.record(
      {
        action: 'update',
        resource: 'client',
        resourceId: id,
        clientIds: [id],
        fields,
        outcome: 'allowed',
      },
      manager,
    );
    const updated = await this.clients.find(scope, id, manager);
    return projectClient(scope, updated!, this.cipher)!.value;
  }

  /** The portfolio that takes a new client: the named team, or the creator's only team. */
  private portfolioFor(scope: PrivacyScope, requested: string | undefined, fields: string[]): string {
    const teams = scope.portfolio.teams;
    const attempt: Attempt = { action: 'create', resource: 'client', fields };
    if (requested) {
      if (!teams.includes(requested)) scope.deny(attempt, new TeamNotYoursError());
      return requested;
    }
    if (teams.length === 0) scope.deny(attempt, new NoTeamError());
    if (teams.length > 1) scope.deny(attempt, new TeamRequiredError());
    return teams[0];
  }

  private checkPeselAgainstBirthDate(pesel: string, dateOfBirth: string | null): void {
    const check = checkPesel(pesel, dateOfBirth);
    if (!check.valid) throw new PeselBirthDateMismatchError();
  }

  /** Leaves the write's transaction when another client holds the PESEL; the guard answers for it. */
  private async assertPeselFree(
    manager: EntityManager,
    index: string,
    exceptId: string | null,
  ): Promise<void> {
    const holder = await this.clients.holderOfPesel(manager, index, exceptId);
    if (holder) throw new PeselHeldError(holder);
  }

  /** See ClientsService.assertNotAnonymised. */
  async assertNotAnonymised(clientId: string, attempt: Attempt, manager: EntityManager): Promise<void> {
    if ((await this.clients.lockStatus(clientId, manager)) !== 'anonymised') return;
    const error = new ClientAnonymisedError();
    error.deniedAttempt = {
      ...attempt,
      resourceId: attempt.resourceId ?? null,
      clientIds: [clientId],
      fields: attempt.fields ?? [],
      reason: error.code,
    };
    throw error;
  }
}

/** A company is written without a person's own fields, a person without a company's register data. */
function assertFieldsOfKind(kind: ClientKind, fields: string[]): void {
  const foreign: readonly string[] = kind === 'company' ? PERSON_ONLY_FIELDS : COMPANY_ONLY_FIELDS;
  const wrong = fields.filter((f) => foreign.includes(f));
  if (wrong.length > 0) throw new ClientKindFieldsError(kind, wrong);
}

function writtenFields(input: UpdateClientDto): string[] {
  return Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined);
}

function pickAddress(a: PostalAddress): PostalAddress {
  return { street: a.street, postalCode: a.postalCode, city: a.city, country: a.country };
}

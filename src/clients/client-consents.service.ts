import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { ForbiddenError } from '@app/common/errors/domain-error';
import { ConsentPurpose, REGISTRY, consentPurposesFor } from '@app/privacy';
import { ConsentView, ConsentsService, ObjectionStandsError } from '../consents';
import { GrantConsentDto, WithdrawConsentDto } from './consent.dto';
import { ClientActor, ClientsService } from './clients.service';

/**
 * Consent operations on a client, under any purpose that sees the client; what each purpose may
 * do with consents (read, grant, withdraw), and with which consent purposes' consents, comes from
 * the registry: a consent-gated purpose reads and withdraws only its own consents.
 */
@Injectable()
export class ClientConsentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsService,
    private readonly consents: ConsentsService,
    private readonly audit: AuditRecorder,
  ) {}

  async grant(actor: ClientActor, clientId: string, input: GrantConsentDto): Promise<ConsentView> {
    const fields = Object.keys(input);
    await this.clients.requireVisible(actor, clientId, { action: 'create', resource: 'consent' });
    await this.allowed(actor, 'grant', clientId, fields);
    await this.allowedFor(actor, 'grant', clientId, input.purpose, fields);
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(
        clientId,
        { action: 'create', resource: 'consent', fields },
        manager,
      );
      if (input.purpose === 'marketing') {
        const [row] = await manager.query(
          `SELECT objected_to_marketing FROM client WHERE id = $1 FOR UPDATE`,
          [clientId],
        );
        if (row?.objected_to_marketing) throw new ObjectionStandsError();
      }
      const consent = await this.consents.grant({ ...input, clientId, grantedBy: actor.staffId }, manager);
      await this.clients.touch(clientId, manager);
      await this.audit.record(
        {
          action: 'create',
          resource: 'consent',
          resourceId: consent.id,
          clientIds: [clientId],
          fields,
          outcome: 'allowed',
        },
        manager,
      );
      return consent;
    });
  }

  async withdraw(
    actor: ClientActor,
    clientId: string,
    input: WithdrawConsentDto,
  ): Promise<{ withdrawn: boolean; consent: ConsentView | null }> {
    const fields = Object.keys(input);
    await this.clients.requireVisible(actor, clientId, { action: 'update', resource: 'consent' });
    await this.allowed(actor, 'withdraw', clientId, fields);
    await this.allowedFor(actor, 'withdraw', clientId, input.purpose, fields);
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(
        clientId,
        { action: 'update', resource: 'consent', fields: ['withdrawnAt'] },
        manager,
      );
      const consent = await this.consents.withdraw(
        { ...input, clientId, withdrawnBy: actor.staffId },
        manager,
      );
      await this.audit.record(
        {
          action: 'update',
          resource: 'consent',
          resourceId: consent?.id ?? null,
          clientIds: [clientId],
          fields: ['withdrawnAt'],
          outcome: 'allowed',
          reason: consent ? null : 'NONE_ACTIVE',
        },
        manager,
      );
      return { withdrawn: consent !== null, consent };
    });
  }

  async state(actor: ClientActor, clientId: string) {
    await this.clients.requireVisible(actor, clientId, { action: 'read', resource: 'consent' });
    await this.allowed(actor, 'read', clientId, []);
    const state = await this.consents.stateOf(clientId, consentPurposesFor(actor.purpose!, 'read'));
    await this.audit.record({
      action: 'read',
      resource: 'consent',
      clientIds: [clientId],
      fields: ['purpose', 'channel', 'source', 'evidence', 'noticeVersion', 'grantedAt', 'withdrawnAt'],
      outcome: 'allowed',
    });
    return state;
  }

  /** The operation is allowed under the purpose, but perhaps not on this consent purpose's consents. */
  private async allowedFor(
    actor: ClientActor,
    what: 'grant' | 'withdraw',
    clientId: string,
    consentPurpose: ConsentPurpose,
    fields: string[],
  ): Promise<void> {
    const permitted = consentPurposesFor(actor.purpose!, what);
    if (permitted.includes(consentPurpose)) return;
    await this.audit.record({
      action: what === 'grant' ? 'create' : 'update',
      resource: 'consent',
      clientIds: [clientId],
      fields,
      outcome: 'denied',
      reason: 'CONSENT_PURPOSE_NOT_ALLOWED',
    });
    throw new ForbiddenError(
      `Purpose ${actor.purpose} may not ${what} consents for ${consentPurpose}`,
      'CONSENT_PURPOSE_NOT_ALLOWED',
      { fields: ['purpose'], allowedConsentPurposes: permitted },
    );
  }

  private async allowed(
    actor: ClientActor,
    what: 'read' | 'grant' | 'withdraw',
    clientId: string,
    fields: string[],
  ): Promise<void> {
    if (actor.purpose && REGISTRY[actor.purpose].consents[what]) return;
    await this.audit.record({
      action: what === 'read' ? 'read' : what === 'grant' ? 'create' : 'update',
      resource: 'consent',
      clientIds: [clientId],
      fields,
      outcome: 'denied',
      reason: 'CONSENT_OPERATION_NOT_ALLOWED',
    });
    throw new ForbiddenError(
      `Purpose ${actor.purpose} may not ${what} consents`,
      'CONSENT_OPERATION_NOT_ALLOWED',
    );
  }
}

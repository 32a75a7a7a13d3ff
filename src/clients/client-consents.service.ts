import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { ForbiddenError } from '@app/common/errors/domain-error';
import { ConsentPurpose, PrivacyScope, REGISTRY, consentPurposesFor } from '@app/privacy';
import { ConsentView, ConsentsService, ObjectionStandsError } from '../consents';
import { GrantConsentDto, WithdrawConsentDto } from './consent.dto';
import { ClientsService } from './clients.service';

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

  async grant(scope: PrivacyScope, clientId: string, input: GrantConsentDto): Promise<ConsentView> {
    const fields = Object.keys(input);
    await this.clients.requireVisible(scope, clientId, { action: 'create', resource: 'consent' });
    this.allowed(scope, 'grant', clientId, fields);
    this.allowedFor(scope, 'grant', clientId, input.purpose, fields);
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(
        clientId,
        { action: 'create', resource: 'consent', fields },
        manager,
      );
      if (input.purpose === 'marketing' && (await this.clients.lockObjectedToMarketing(clientId, manager))) {
        throw new ObjectionStandsError();
      }
      const consent = await this.consents.grant({ ...input, clientId, grantedBy: scope.staffId }, manager);
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
    scope: PrivacyScope,
    clientId: string,
    input: WithdrawConsentDto,
  ): Promise<{ withdrawn: boolean; consent: ConsentView | null }> {
    const fields = Object.keys(input);
    await this.clients.requireVisible(scope, clientId, { action: 'update', resource: 'consent' });
    this.allowed(scope, 'withdraw', clientId, fields);
    this.allowedFor(scope, 'withdraw', clientId, input.purpose, fields);
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(
        clientId,
        { action: 'update', resource: 'consent', fields: ['withdrawnAt'] },
        manager,
      );
      const consent = await this.consents.withdraw(
        { ...input, clientId, withdrawnBy: scope.staffId },
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

  async state(scope: PrivacyScope, clientId: string) {
    await this.clients.requireVisible(scope, clientId, { action: 'read', resource: 'consent' });
    this.allowed(scope, 'read', clientId, []);
    const state = await this.consents.stateOf(clientId, consentPurposesFor(scope.purpose!, 'read'));
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
  private allowedFor(
    scope: PrivacyScope,
    what: 'grant' | 'withdraw',
    clientId: string,
    consentPurpose: ConsentPurpose,
    fields: string[],
  ): void {
    const permitted = consentPurposesFor(scope.purpose!, what);
    if (permitted.includes(consentPurpose)) return;
    scope.deny(
      { action: what === 'grant' ? 'create' : 'update', resource: 'consent', clientIds: [clientId], fields },
      new ForbiddenError(
        `Purpose ${scope.purpose} may not ${what} consents for ${consentPurpose}`,
        'CONSENT_PURPOSE_NOT_ALLOWED',
        { fields: ['purpose'], allowedConsentPurposes: permitted },
      ),
    );
  }

  private allowed(
    scope: PrivacyScope,
    what: 'read' | 'grant' | 'withdraw',
    clientId: string,
    fields: string[],
  ): void {
    if (scope.purpose && REGISTRY[scope.purpose].consents[what]) return;
    scope.deny(
      {
        action: what === 'read' ? 'read' : what === 'grant' ? 'create' : 'update',
        resource: 'consent',
        clientIds: [clientId],
        fields,
      },
      new ForbiddenError(
        `Purpose ${scope.purpose} may not ${what} consents`,
        'CONSENT_OPERATION_NOT_ALLOWED',
      ),
    );
  }
}

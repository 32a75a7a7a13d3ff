import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { ConsentsService } from '../consents';
import { InvalidUnsubscribeLinkError } from './mailings.errors';
import { UnsubscribeClaim } from './unsubscribe-token';
import { UnsubscribeLinks } from './unsubscribe-links.service';

/**
 * The recipient's side of a mail: a personal link withdraws the one consent it names (client,
 * purpose, channel) at once, with source 'unsubscribe_link'. Idempotent; recorded either way.
 */
@Injectable()
export class UnsubscribeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consents: ConsentsService,
    private readonly audit: AuditRecorder,
    private readonly links: UnsubscribeLinks,
  ) {}

  check(token: unknown): UnsubscribeClaim {
    const claim = this.links.verify(token);
    if (!claim) throw new InvalidUnsubscribeLinkError();
    return claim;
  }

  async unsubscribe(token: unknown): Promise<{ claim: UnsubscribeClaim; withdrawn: boolean }> {
    const claim = this.check(token);
    return this.dataSource.transaction(async (manager) => {
      const consent = await this.consents.withdraw(
        {
          clientId: claim.clientId,
          purpose: claim.purpose,
          channel: claim.channel,
          source: 'unsubscribe_link',
          withdrawnBy: null,
        },
        manager,
      );
      await this.audit.record(
        {
          action: 'update',
          resource: 'consent',
          resourceId: consent?.id ?? null,
          clientIds: [claim.clientId],
          fields: ['withdrawnAt'],
          outcome: 'allowed',
          reason: consent ? 'unsubscribe_link' : 'NONE_ACTIVE',
          actor: { staffId: null, role: 'data_subject', purpose: claim.purpose },
        },
        manager,
      );
      return { claim, withdrawn: consent !== null };
    });
  }
}

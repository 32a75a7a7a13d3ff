import { Injectable } from '@nestjs/common';
import { ClientsService } from '../../clients';
import { ConsentsService } from '../../consents';
import { RetentionService } from '../../retention';
import { ChangesClientProcessing, ExecutionContext } from './changes-client-processing';
import { Answer, clientEntry } from './request-handler';

/** Art. 21: the objection to marketing stays until a new consent; marketing consents end now. */
@Injectable()
export class ObjectionHandler extends ChangesClientProcessing {
  readonly type = 'objection' as const;

  constructor(
    retention: RetentionService,
    clients: ClientsService,
    private readonly consents: ConsentsService,
  ) {
    super(retention, clients);
  }

  protected async carryOut(context: ExecutionContext): Promise<Answer> {
    const { clientId, manager, scope } = context;
    await this.clients.markObjectedToMarketing(clientId, manager);
    const withdrawn = await this.consents.withdrawAll(
      clientId,
      ['marketing'],
      this.source(context),
      scope.staffId,
      manager,
    );
    return {
      outcome: { action: 'objection_recorded', withdrawnConsents: withdrawn },
      entry: clientEntry(clientId, {
        action: 'update',
        resource: 'client',
        fields: ['objectedToMarketing', 'consents'],
        reason: 'OBJECTION_TO_MARKETING',
      }),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { ClientsService } from '../../clients';
import { ConsentsService } from '../../consents';
import { RetentionService } from '../../retention';
import { ExecutionInputError } from '../data-subject-requests.errors';
import { ChangesClientProcessing, ExecutionContext } from './changes-client-processing';
import { Answer, clientEntry } from './request-handler';

/** Art. 7(3): the named consents end; a purpose without a channel ends on every channel. */
@Injectable()
export class WithdrawConsentHandler extends ChangesClientProcessing {
  readonly type = 'withdraw_consent' as const;

  constructor(
    retention: RetentionService,
    clients: ClientsService,
    private readonly consents: ConsentsService,
  ) {
    super(retention, clients);
  }

  protected async carryOut(context: ExecutionContext): Promise<Answer> {
    const { clientId, manager, scope, input } = context;
    if (!input.consents?.length)
      throw new ExecutionInputError('Name the consents to withdraw in "consents"', 'consents');
    const source = this.source(context);
    const withdrawn: Array<{ purpose: string; channel: string | null; count: number }> = [];
    for (const ref of input.consents) {
      if (ref.channel) {
        const c = await this.consents.withdraw(
          { clientId, purpose: ref.purpose, channel: ref.channel, source, withdrawnBy: scope.staffId },
          manager,
        );
        withdrawn.push({ purpose: ref.purpose, channel: ref.channel, count: c ? 1 : 0 });
      } else {
        const n = await this.consents.withdrawAll(clientId, [ref.purpose], source, scope.staffId, manager);
        withdrawn.push({ purpose: ref.purpose, channel: null, count: n });
      }
    }
    return {
      outcome: { action: 'consents_withdrawn', withdrawn },
      entry: clientEntry(clientId, {
        action: 'update',
        resource: 'consent',
        fields: ['withdrawnAt'],
        reason: 'WITHDRAWAL_REQUEST',
      }),
    };
  }
}

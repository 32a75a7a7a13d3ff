import { Injectable } from '@nestjs/common';
import { ClientsService } from '../../clients';
import { ErasureService, RetentionService } from '../../retention';
import { ChangesClientProcessing, ExecutionContext } from './changes-client-processing';
import { Answer, clientEntry } from './request-handler';

/** Art. 18: the client stays visible only to purposes that may still process it. */
@Injectable()
export class RestrictionHandler extends ChangesClientProcessing {
  readonly type = 'restriction' as const;

  constructor(
    retention: RetentionService,
    clients: ClientsService,
    private readonly erasure: ErasureService,
  ) {
    super(retention, clients);
  }

  protected async carryOut({ clientId, manager }: ExecutionContext): Promise<Answer> {
    await this.erasure.restrict([clientId], manager);
    return {
      outcome: { action: 'restricted' },
      entry: clientEntry(clientId, { action: 'restrict', resource: 'client', fields: ['restricted'] }),
    };
  }
}

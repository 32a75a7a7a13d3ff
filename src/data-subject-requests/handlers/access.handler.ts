import { Injectable } from '@nestjs/common';
import { AnsweredByDelivery } from './answered-by-delivery';

/** Art. 15: answered when the access report (GET .../report) reached the person. */
@Injectable()
export class AccessHandler extends AnsweredByDelivery {
  readonly type = 'access' as const;
  protected readonly given = 'access_report_given';
}

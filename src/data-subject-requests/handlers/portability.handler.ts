import { Injectable } from '@nestjs/common';
import { AnsweredByDelivery } from './answered-by-delivery';

/** Art. 20: answered when the export (GET .../export) reached the person. */
@Injectable()
export class PortabilityHandler extends AnsweredByDelivery {
  readonly type = 'portability' as const;
  protected readonly given = 'portability_export_given';
}

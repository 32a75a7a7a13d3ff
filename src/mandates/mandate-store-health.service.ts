import { Injectable } from '@nestjs/common';
import { MandateStore } from './mandate-store';

/**
 * The health check's view of the mandate connection. MandateStore itself stays inside this module:
 * exporting it would hand other modules a way into schema `mandate`.
 */
@Injectable()
export class MandateStoreHealth {
  constructor(private readonly store: MandateStore) {}

  /** Resolves when the mandate role's connection answers a trivial query within `timeoutMs`. */
  ping(timeoutMs: number): Promise<void> {
    return this.store.ping(timeoutMs);
  }
}

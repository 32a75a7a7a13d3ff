import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * The planner's statistics (pg_stats: most common values, histogram bounds) copy column values;
 * after an erasure they would still show the erased names, e-mails and notes until the next
 * ANALYZE. Only a table's owner may ANALYZE, so the application calls a function its owner
 * provides (migration 1764720000000), which analyses the fixed list of tables erasure writes.
 * Run once the erasure committed, once per erasure or sweep: ANALYZE reads a sample of each table.
 */
@Injectable()
export class ErasureStatistics {
  static readonly STEP = 'statistics';
  private readonly logger = new Logger(ErasureStatistics.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Refreshes the statistics; a failure is logged and reported, never undoes the erasure. */
  async refresh(): Promise<{ failed: string[] }> {
    try {
      await this.dataSource.query('SELECT refresh_erasure_statistics()');
      return { failed: [] };
    } catch (error) {
      this.logger.error(`Refreshing the statistics of erased tables failed: ${(error as Error).name}`);
      return { failed: [ErasureStatistics.STEP] };
    }
  }
}

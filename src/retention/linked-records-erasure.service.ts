import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { QUEUES, jobIds } from '../jobs';
import { PersonalDataLifecycle } from '@app/privacy';

/**
 * Mail not yet sent to an erased person: its recipient and reminder rows end as skipped ("erased")
 * in the erasing transaction, and once that committed, their jobs (deterministic ids) are removed
 * from the mail queue, whatever state they are in. A job already running re-checks the person at
 * send time and finds them erased.
 */
@Injectable()
export class QueuedMailErasure implements OnModuleInit {
  constructor(
    private readonly lifecycle: PersonalDataLifecycle,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.mail) private readonly mail: Queue,
  ) {}

  onModuleInit(): void {
    this.lifecycle.registerErasureStep({
      name: 'mail_recipients',
      erase: (ids, manager) => this.skipQueued(ids, manager),
    });
    this.lifecycle.registerPostErasureStep({
      name: 'queued_mail_jobs',
      afterErasure: async (ids) => void (await this.removeJobs(ids)),
    });
  }

  private async skipQueued(clientIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE campaign_recipient SET status = 'skipped', reason = 'erased', finished_at = now()
        WHERE client_id = ANY($1::uuid[]) AND status = 'queued'`,
      [clientIds],
    );
    await manager.query(
      `UPDATE contract_reminder SET status = 'skipped', reason = 'erased', finished_at = now()
        WHERE client_id = ANY($1::uuid[]) AND status = 'queued'`,
      [clientIds],
    );
  }

  /** Removes every job of the persons from the mail queue; returns how many were removed. */
  async removeJobs(clientIds: string[]): Promise<number> {
    const sends: Array<{ campaign_id: string; client_id: string }> = await this.dataSource.query(
      `SELECT campaign_id, client_id FROM campaign_recipient WHERE client_id = ANY($1::uuid[])`,
      [clientIds],
    );
    const reminders: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM contract_reminder WHERE client_id = ANY($1::uuid[])`,
      [clientIds],
    );
    const ids = [
      ...sends.map((s) => jobIds.campaignSend(s.campaign_id, s.client_id)),
      ...reminders.map((r) => jobIds.reminderSend(r.id)),
    ];
    let removed = 0;
    for (let i = 0; i < ids.length; i += 100) {
      // remove() answers 0 for a job that is absent or locked by a worker right now.
      const results = await Promise.all(ids.slice(i, i + 100).map((id) => this.mail.remove(id)));
      removed += results.filter((n) => n === 1).length;
    }
    return removed;
  }
}

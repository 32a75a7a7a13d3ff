import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RequestContext } from '@app/common/context/request-context';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecordInput } from './audit.types';

/**
 * Appends entries to the record of operations. Entries are written unchained, inside the caller's
 * transaction when one is given (so a write and its entry commit or roll back together); the
 * AuditSealer chains them moments later. A failure to record propagates: no record, no response.
 */
@Injectable()
export class AuditRecorder {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(input: AuditRecordInput, manager?: EntityManager): Promise<string> {
    const [id] = await this.recordMany([input], manager);
    return id;
  }

  async recordMany(inputs: AuditRecordInput[], manager?: EntityManager): Promise<string[]> {
    if (inputs.length === 0) return [];
    const ctx = RequestContext.current();
    const cols: unknown[][] = Array.from({ length: 13 }, () => []);
    for (const input of inputs) {
      const actor = input.actor ?? {
        staffId: ctx?.actor.staffId ?? null,
        role: ctx?.actor.role ?? null,
        purpose: ctx?.actor.purpose ?? null,
      };
      const row = [
        actor.staffId,
        actor.role,
        actor.purpose,
        input.action,
        input.resource,
        input.resourceId ?? null,
        `{${(input.clientIds ?? []).join(',')}}`,
        `{${[...new Set(input.fields ?? [])].sort().map((f) => `"${f}"`).join(',')}}`,
        input.outcome,
        input.reason ?? null,
        ctx?.requestId ?? null,
        ctx?.ip ?? null,
        input.controllerId ?? null,
      ];
      row.forEach((v, i) => cols[i].push(v));
    }
    // unnest cannot take arrays of arrays, so client_ids and fields travel as array literals (text).
    const runner = manager ?? this.dataSource.manager;
    const rows: Array<{ id: string }> = await runner.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::uuid[])
           AS t(actor_id, actor_role, purpose, action, resource, resource_id, client_ids, fields, outcome, reason,
                request_id, ip, controller_id))
       INSERT INTO audit_entry
         (actor_id, actor_role, purpose, action, resource, resource_id, client_ids, fields, outcome, reason, request_id, ip, controller_id)
       SELECT actor_id, actor_role, purpose, action, resource, resource_id, client_ids::uuid[], fields::text[], outcome,
              reason, request_id, ip, controller_id FROM input
       RETURNING id::text`,
      cols,
    );
    if (ctx) ctx.recorded = true;
    return rows.map((r) => r.id);
  }
}

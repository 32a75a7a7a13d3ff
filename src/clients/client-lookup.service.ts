import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import { FieldCipher } from '@app/common/crypto/field-cipher';
import { ForbiddenFieldsError } from '@app/common/errors/domain-error';
import { escapeLike } from '@app/common/database/sql';
import { Attempt, PrivacyScope, clientLookupFields } from '@app/privacy';
import { ClientLookupKey, ClientLookupRepository } from './client-lookup.repository';
import type { ClientKind } from './client-row';

/** A client found by a lookup: its id and the flags any purpose sees. */
export interface ClientLookupMatch {
  id: string;
  kind: ClientKind;
  status: 'active' | 'anonymised';
  restricted: boolean;
  createdAt: string;
}

export interface ClientLookupResult {
  matchedBy: 'name' | 'pesel';
  items: ClientLookupMatch[];
  /** More clients matched than are listed: the reviewer should narrow the name. */
  truncated: boolean;
}

const PESEL = /^\d{11}$/;
const NAME_FIELDS = ['firstName', 'lastName', 'companyName'];
const MAX_WORDS = 4;

/**
 * A client's id from a name or a PESEL, for a purpose the registry lets search those fields without
 * reading them (`clientLookup`; the review of the record of operations). Only ids and flags leave,
 * and the lookup is recorded with the clients it found and the fields it searched, never the value.
 */
@Injectable()
export class ClientLookupService {
  constructor(
    private readonly lookups: ClientLookupRepository,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditRecorder,
  ) {}

  async lookup(scope: PrivacyScope, text: string, limit: number): Promise<ClientLookupResult> {
    const q = text.trim();
    const byPesel = PESEL.test(q);
    const fields = byPesel ? ['pesel'] : NAME_FIELDS;
    const attempt: Attempt = { action: 'lookup', resource: 'client', fields };
    const allowed = scope.purpose ? clientLookupFields(scope.purpose) : [];
    const forbidden = fields.filter((f) => !allowed.includes(f));
    if (forbidden.length > 0)
      scope.deny(attempt, new ForbiddenFieldsError(forbidden, 'filter', scope.purpose));

    const key: ClientLookupKey = byPesel
      ? { peselIndex: this.cipher.blindIndex('pesel', q) }
      : {
          namePrefixes: q
            .split(/\s+/)
            .filter(Boolean)
            .slice(0, MAX_WORDS)
            .map((word) => `${escapeLike(word)}%`),
        };
    const rows = await this.lookups.findIds(scope, key, limit + 1);
    const items = rows.slice(0, limit).map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      restricted: r.restricted,
      createdAt: r.created_at,
    }));
    await this.audit.record({
      action: 'lookup',
      resource: 'client',
      clientIds: items.map((i) => i.id),
      fields,
      outcome: 'allowed',
    });
    return { matchedBy: byPesel ? 'pesel' : 'name', items, truncated: rows.length > limit };
  }
}

import { Injectable } from '@nestjs/common';
import { CHANNEL_FIELDS, Channel, ConsentPurpose, PrivacyScope, Purpose, SqlFragment } from '@app/privacy';
import { ClientsService } from '../clients';

const FIELD_COLUMNS: Record<string, string> = { email: 'email', phone: 'phone', address: 'address' };

/**
 * Who may receive a consent-based message, as SQL over a client alias. Visibility comes from the
 * privacy registry exactly as the purpose's own lists compute it (the ability's rules that reveal
 * the channel's field, translated by ClientsService): an active consent for the purpose on that
 * channel, and no restriction (art. 18). On top, what the registry does not model as visibility:
 * the client is not anonymised, has not objected (art. 21), and has a value in the channel field.
 * The same fragment selects audiences at fan-out and re-checks each recipient at send time.
 */
@Injectable()
export class MessagingAudience {
  /** The registry does not change while the process runs: each fragment is derived once. */
  private readonly fragments = new Map<string, SqlFragment>();

  constructor(private readonly clients: ClientsService) {}

  /** The personal field a channel uses (e-mail consent: the `email` field). */
  fieldOf(channel: Channel): string {
    return CHANNEL_FIELDS[channel][0];
  }

  eligibleSql(purpose: ConsentPurpose, channel: Channel, alias = 'c'): SqlFragment {
    return this.cached(`eligible|${purpose}|${channel}|${alias}`, () =>
      this.deriveEligible(purpose, channel, alias),
    );
  }

  private deriveEligible(purpose: ConsentPurpose, channel: Channel, alias: string): SqlFragment {
    // Sending is work no person started: the purpose's whole access, whatever role could hold it.
    const scope = PrivacyScope.system(purpose, 'audience selection');
    const field = this.fieldOf(channel);
    const visible = scope.visibleSql('Client', this.clients.sqlTranslators(alias), field);
    const column = FIELD_COLUMNS[field];
    return {
      sql: `(${visible.sql} AND ${alias}.status = 'active' AND NOT ${alias}.objected_to_marketing AND ${alias}.${column} IS NOT NULL)`,
      params: visible.params,
    };
  }

  /**
   * Why a client is not (or no longer) a recipient, as a short code; evaluated in SQL with the same
   * fragment, the first failing condition wins.
   */
  skipReasonSql(purpose: ConsentPurpose, channel: Channel, alias = 'c'): SqlFragment {
    return this.cached(`skip|${purpose}|${channel}|${alias}`, () =>
      this.deriveSkipReason(purpose, channel, alias),
    );
  }

  /**
   * Who may receive a notice the performance of their own contract calls for (an overdue
   * instalment): no consent, but only on a channel the client gave, while the purpose still sees
   * them (the registry's rules: not restricted) and they are not anonymised. An objection to
   * marketing does not stop it; it is no marketing.
   */
  serviceEligibleSql(purpose: Exclude<Purpose, ConsentPurpose>, channel: Channel, alias = 'c'): SqlFragment {
    return this.cached(`service|${purpose}|${channel}|${alias}`, () => {
      const scope = PrivacyScope.system(purpose, 'service notice');
      const field = this.fieldOf(channel);
      const visible = scope.visibleSql('Client', this.clients.sqlTranslators(alias), field);
      return {
        sql: `(${visible.sql} AND ${alias}.status = 'active' AND ${alias}.${FIELD_COLUMNS[field]} IS NOT NULL)`,
        params: visible.params,
      };
    });
  }

  /** Why a client gets no such notice, as a short code (the first failing condition), or null. */
  serviceSkipReasonSql(
    purpose: Exclude<Purpose, ConsentPurpose>,
    channel: Channel,
    alias = 'c',
  ): SqlFragment {
    return this.cached(`service-skip|${purpose}|${channel}|${alias}`, () => {
      const eligible = this.serviceEligibleSql(purpose, channel, alias);
      const column = FIELD_COLUMNS[this.fieldOf(channel)];
      return {
        sql: `CASE WHEN ${alias}.id IS NULL THEN 'client_missing'
                   WHEN ${alias}.status <> 'active' THEN 'anonymised'
                   WHEN ${alias}.restricted THEN 'restricted'
                   WHEN ${alias}.${column} IS NULL THEN 'no_address'
                   WHEN NOT ${eligible.sql} THEN 'restricted'
                   ELSE NULL END`,
        params: eligible.params,
      };
    });
  }

  private cached(key: string, derive: () => SqlFragment): SqlFragment {
    let fragment = this.fragments.get(key);
    if (!fragment) {
      fragment = derive();
      this.fragments.set(key, fragment);
    }
    return fragment;
  }

  private deriveSkipReason(purpose: ConsentPurpose, channel: Channel, alias: string): SqlFragment {
    const eligible = this.eligibleSql(purpose, channel, alias);
    const column = FIELD_COLUMNS[this.fieldOf(channel)];
    return {
      sql: `CASE WHEN ${alias}.id IS NULL THEN 'client_missing'
                 WHEN ${alias}.status <> 'active' THEN 'anonymised'
                 WHEN ${alias}.restricted THEN 'restricted'
                 WHEN ${alias}.objected_to_marketing THEN 'objected'
                 WHEN ${alias}.${column} IS NULL THEN 'no_address'
                 WHEN NOT ${eligible.sql} THEN 'consent_withdrawn'
                 ELSE NULL END`,
      params: eligible.params,
    };
  }
}

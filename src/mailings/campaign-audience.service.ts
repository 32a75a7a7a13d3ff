import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toPositional } from '@app/common/database/sql';
import { ClientsService } from '../clients';
import { ContractsService } from '../contracts';
import { OffersService } from '../offers';
import { forbiddenAudienceFields } from './audience-filter';
import type { Campaign } from './campaign.repository';
import { MessagingAudience } from './messaging-audience.service';

/**
 * A campaign's audience as SQL over the client alias `c`, with named parameters. `filter` is the
 * campaign's own choice (its line of business), `eligible` the rule that decides who of them may
 * receive it (consent on the channel, restriction, objection, anonymisation, an address).
 */
export interface AudienceSql {
  from: string;
  filter: string;
  eligible: string;
  /** Why a client of the filter is no recipient, as the send's skip reason; null for a recipient. */
  reason: string;
  named: Record<string, unknown>;
}

/** Who a draft would reach, and why the others of its filter are left out. */
export interface AudienceCounts {
  eligible: number;
  excluded: { noConsent: number; objection: number; restricted: number; noAddress: number };
}

/** One recipient the launch would choose, with what its mail is rendered from. */
export interface AudienceMember {
  clientId: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
}

/**
 * The one statement of who a campaign goes to. The launch's fan-out selects its recipients with
 * it, and the counts and the preview of a draft are taken with the same SQL, so what they show is
 * what a launch then sends (as of the moment of asking).
 */
@Injectable()
export class CampaignAudience {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audience: MessagingAudience,
    private readonly clients: ClientsService,
    private readonly contracts: ContractsService,
    private readonly offers: OffersService,
  ) {}

  of(campaign: Pick<Campaign, 'channel' | 'lineOfBusiness'>): AudienceSql {
    const eligible = this.audience.eligibleSql('marketing', campaign.channel, 'c');
    const reason = this.audience.skipReasonSql('marketing', campaign.channel, 'c');
    const named: Record<string, unknown> = { ...eligible.params, ...reason.params };
    let filter = 'true';
    if (forbiddenAudienceFields('marketing', { lineOfBusiness: campaign.lineOfBusiness }).length > 0) {
      // Launch refuses such a campaign; one launched before the registry changed selects no one.
      filter = 'false';
    } else if (campaign.lineOfBusiness) {
      named.lob = campaign.lineOfBusiness;
      filter = `(${this.contracts.clientHasLineSql('c', ':lob')} OR ${this.offers.clientHasLineSql('c', ':lob')})`;
    }
    return { from: this.clients.fromSql('c'), filter, eligible: eligible.sql, reason: reason.sql, named };
  }

  /**
   * The recipients a launch would choose now, and the clients of the campaign's filter it would
   * leave out, each under the first rule that excludes them (the order the send's skip reasons
   * use). Anonymised clients are no persons any more and are not counted.
   */
  async counts(campaign: Pick<Campaign, 'channel' | 'lineOfBusiness'>): Promise<AudienceCounts> {
    const a = this.of(campaign);
    const { sql, params } = toPositional(
      `SELECT count(*) FILTER (WHERE x.eligible)::int AS eligible,
              count(*) FILTER (WHERE NOT x.eligible AND x.reason = 'consent_withdrawn')::int AS no_consent,
              count(*) FILTER (WHERE NOT x.eligible AND x.reason = 'objected')::int AS objection,
              count(*) FILTER (WHERE NOT x.eligible AND x.reason = 'restricted')::int AS restricted,
              count(*) FILTER (WHERE NOT x.eligible AND x.reason = 'no_address')::int AS no_address
         FROM (SELECT coalesce(${a.eligible}, false) AS eligible, ${a.reason} AS reason
                 FROM ${a.from} WHERE ${a.filter}) x`,
      a.named,
    );
    const [row]: Array<{
      eligible: number;
      no_consent: number;
      objection: number;
      restricted: number;
      no_address: number;
    }> = await this.dataSource.query(sql, params);
    return {
      eligible: row.eligible,
      excluded: {
        noConsent: row.no_consent,
        objection: row.objection,
        restricted: row.restricted,
        noAddress: row.no_address,
      },
    };
  }

  /**
   * A recipient the launch would choose: the given client if it is one, otherwise (without a
   * client) the first in the order the fan-out goes; null when there is none.
   */
  async member(
    campaign: Pick<Campaign, 'channel' | 'lineOfBusiness'>,
    clientId?: string,
  ): Promise<AudienceMember | null> {
    const a = this.of(campaign);
    const named: Record<string, unknown> = { ...a.named };
    let only = '';
    if (clientId) {
      named.member = clientId;
      only = 'AND c.id = :member::uuid';
    }
    const { sql, params } = toPositional(
      `SELECT c.id::text AS id, c.email, c.first_name, c.last_name FROM ${a.from}
        WHERE ${a.filter} AND ${a.eligible} ${only} ORDER BY c.id LIMIT 1`,
      named,
    );
    const [row]: Array<{ id: string; email: string; first_name: string | null; last_name: string | null }> =
      await this.dataSource.query(sql, params);
    return row
      ? { clientId: row.id, email: row.email, firstName: row.first_name, lastName: row.last_name }
      : null;
  }
}

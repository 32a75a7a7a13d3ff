import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import { NotFoundError } from '@app/common/errors/domain-error';
import type { PrivacyScope } from '@app/privacy';
import { StaffService } from '../auth';
import { ClientsService } from '../clients';
import { MailerService } from '../jobs';
import { PreviewCampaignDto } from './campaign.dto';
import { CampaignAudience } from './campaign-audience.service';
import { CampaignSender } from './campaign-sender.service';
import { CampaignRepository } from './campaign.repository';
import { assertAudienceAllowed, audienceOf } from './campaigns.service';
import { usedPlaceholders } from './mail-template';
import { AudienceEmptyError, NotInAudienceError, TestMailNotSentError } from './mailings.errors';
import { UnsubscribeLinks } from './unsubscribe-links.service';

/** The mail one recipient would get, as staff may look at it before a launch. */
export interface CampaignPreview {
  clientId: string;
  subject: string;
  body: string;
  text: string;
}

/** Marks the test mail as one: staff see at a glance it never went to a client. */
export const TEST_SUBJECT_PREFIX = '[TEST] ';

/**
 * A campaign's mail as staff look at it before a launch: the preview for a sample recipient and the
 * test send to the signed-in staff member. Neither sends anything to a client.
 */
@Injectable()
export class CampaignSamples {
  constructor(
    private readonly audit: AuditRecorder,
    private readonly campaigns: CampaignRepository,
    private readonly audience: CampaignAudience,
    private readonly sender: CampaignSender,
    private readonly links: UnsubscribeLinks,
    private readonly mailer: MailerService,
    private readonly clients: ClientsService,
    private readonly staff: StaffService,
  ) {}

  /**
   * The mail as one recipient of a launch now would get it: the given client, when a launch would
   * send to them (a client the purpose does not see is not found), else the first recipient. The
   * unsubscribe link is a specimen, so the preview cannot withdraw anyone's consent. Recorded as a
   * read of the client's fields the template shows.
   */
  async preview(scope: PrivacyScope, id: string, input: PreviewCampaignDto): Promise<CampaignPreview> {
    const row = await this.campaigns.find(id);
    if (!row) throw new NotFoundError('Campaign');
    assertAudienceAllowed(scope, audienceOf(row), 'read', id);
    const member = await this.audience.member(row, input.clientId);
    if (!member && input.clientId) {
      await this.clients.requireVisible(scope, input.clientId, { action: 'read', resource: 'client' });
      throw new NotInAudienceError();
    }
    if (!member) throw new AudienceEmptyError();
    const mail = await this.sender.compose(id, {
      values: { firstName: member.firstName ?? '', lastName: member.lastName ?? '' },
      link: this.links.specimen(),
      // Staff read the Polish version; the footer in a client's own language is the same text translated.
      language: 'pl',
    });
    await this.audit.record({
      action: 'read',
      resource: 'client',
      resourceId: member.clientId,
      clientIds: [member.clientId],
      fields: usedPlaceholders(row.subject, row.body),
      outcome: 'allowed',
      reason: 'campaign_preview',
    });
    return { clientId: member.clientId, subject: mail.subject, body: mail.html, text: mail.text };
  }

  /**
   * The campaign's mail to the signed-in staff member's own address and no one else's, over the
   * transport campaigns are sent with, the subject marked as a test. The names are the staff
   * member's own and the unsubscribe link a specimen: no client's data goes into it.
   */
  async testSend(scope: PrivacyScope, id: string): Promise<{ to: string; subject: string }> {
    const row = await this.campaigns.find(id);
    if (!row) throw new NotFoundError('Campaign');
    const me = await this.staff.findById(scope.staffMember);
    if (!me) throw new NotFoundError('Staff member');
    const [firstName, ...rest] = me.fullName.trim().split(/\s+/);
    const mail = await this.sender.compose(id, {
      values: { firstName: firstName ?? '', lastName: rest.join(' ') },
      link: this.links.specimen(),
      // Staff read the Polish version; the footer in a client's own language is the same text translated.
      language: 'pl',
    });
    const subject = `${TEST_SUBJECT_PREFIX}${mail.subject}`;
    const result = await this.mailer.attempt(
      {
        to: me.email,
        ...mail,
        subject,
        messageId: `<campaign-test.${id}.${randomUUID()}@${this.mailer.domain}>`,
      },
      { made: 0, max: 1 },
    );
    await this.audit.record({
      action: 'send',
      resource: 'campaign',
      resourceId: id,
      outcome: 'allowed',
      reason: result.kind === 'sent' ? 'test_send' : result.reason,
    });
    if (result.kind !== 'sent') throw new TestMailNotSentError(result.reason);
    return { to: me.email, subject };
  }
}

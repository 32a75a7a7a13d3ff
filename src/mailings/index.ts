export { MailingsModule, MailingsProcessorsModule } from './mailings.module';
export { CampaignsService } from './campaigns.service';
export type { RecipientHistoryEntry } from './campaign-recipient.repository';
export { MessagingAudience } from './messaging-audience.service';
export { UnsubscribeLinks } from './unsubscribe-links.service';
export { CampaignDelivery } from './campaign-delivery.service';
export { CAMPAIGN_FOOTER, CampaignSender, RetryLaterError } from './campaign-sender.service';
export type { SendAttempt, SendOutcome } from './campaign-sender.service';
export {
  UNSUBSCRIBE_WHAT,
  escapeHtml,
  renderHtml,
  renderSubject,
  renderText,
  unsubscribeFooter,
} from './mail-template';
export { ScheduledMailRepository } from './scheduled-mail.repository';
export type { ScheduledMailRecipient, ScheduledMailStatus } from './scheduled-mail.repository';
export { ScheduledMailDelivery } from './scheduled-mail-delivery.service';
export type {
  ScheduledMail,
  ScheduledMailAudience,
  ScheduledMailCheck,
} from './scheduled-mail-delivery.service';
export { htmlToText, sanitizeStaffHtml } from './mail-html';
export { formalLetter } from './letter';
export { ControllerFooter } from './controller-footer';

export { MailingsModule, MailingsProcessorsModule } from './mailings.module';
export { CampaignsService } from './campaigns.service';
export type { RecipientHistoryEntry } from './campaigns.service';
export { MessagingAudience } from './messaging-audience.service';
export { UnsubscribeLinks } from './unsubscribe-links.service';
export { CAMPAIGN_FOOTER, CampaignDelivery, RetryLaterError } from './campaign-delivery.service';
export type { SendAttempt, SendOutcome } from './campaign-delivery.service';
export {
  escapeHtml,
  htmlToText,
  renderHtml,
  renderSubject,
  renderText,
  unsubscribeFooter,
} from './mail-template';

export { MailingsModule, MailingsProcessorsModule } from './mailings.module';
export { MessagingAudience } from './messaging-audience.service';
export { UnsubscribeLinks } from './unsubscribe-links.service';
export { CampaignDelivery, RetryLaterError } from './campaign-delivery.service';
export type { SendAttempt, SendOutcome } from './campaign-delivery.service';
export { escapeHtml, unsubscribeFooter } from './mail-template';

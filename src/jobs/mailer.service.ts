import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import type Mail from 'nodemailer/lib/mailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { AppConfig } from '@app/common/config/app-config';

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Stable per (campaign or reminder, client): a receiving system can spot a repeat. */
  messageId: string;
  headers?: Record<string, string>;
}

/** How a failed SMTP attempt ended, which decides whether trying again could send a mail twice. */
export interface SendFailure {
  /** The server surely did not take the message (it answered with a refusal, or no session began). */
  notDelivered: boolean;
  /** A refusal that will not change on retry (5xx). */
  permanent: boolean;
  /** A short code for the record, never the server's text (it may quote the address). */
  reason: SmtpReason;
}

/** The mail server's answer as a code: `smtp_550`, `smtp_etimedout`. */
type SmtpReason = `smtp_${string}`;

export type DeliveryResult =
  | { kind: 'sent' }
  | { kind: 'retry'; reason: SmtpReason }
  | { kind: 'failed'; reason: SmtpReason | `uncertain_${SmtpReason}` };

/**
 * Our mails are Polish or English: mostly Latin letters, for which nodemailer picks
 * quoted-printable after counting every character of every part. Naming it spares that count on
 * each campaign mail (about 5% of the send path's time); the bytes on the wire are the same.
 */
export const MAIL_TEXT_ENCODING = 'quoted-printable';

/**
 * MAIL_FROM parsed once, by nodemailer's own parser, into the address object nodemailer takes:
 * given the text, it parses the sender again for the envelope and again for the header of every
 * mail. Anything but one plain address stays text, for nodemailer to read as before.
 */
export function senderAddress(from: string): Mail.Address | string {
  const parsed = addressparser(from);
  const only = parsed.length === 1 ? parsed[0] : null;
  return only && 'address' in only && only.address ? { name: only.name, address: only.address } : from;
}

/**
 * nodemailer's options for `mail`. The recipient goes as an address object too, which nodemailer
 * takes as one address as it is, where text would be parsed twice per mail and could name several.
 */
export function mailOptions(sender: Mail.Address | string, mail: OutgoingMail): Mail.Options {
  return {
    from: sender,
    to: { name: '', address: mail.to },
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    messageId: mail.messageId,
    headers: mail.headers,
    textEncoding: MAIL_TEXT_ENCODING,
  };
}

/** Failures that happen before any message transaction, so nothing can have been delivered. */
const NO_SESSION_CODES = new Set([
  'ECONNECTION',
  'EDNS',
  'ETLS',
  'EAUTH',
  'ENOAUTH',
  'EPROXY',
  'ECONFIG',
  'EREQUIRETLS',
]);

export function classifySendFailure(error: unknown): SendFailure {
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown; command?: unknown };
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  const code = typeof e.code === 'string' ? e.code : null;
  if (responseCode !== null && responseCode >= 400 && responseCode < 600) {
    return { notDelivered: true, permanent: responseCode >= 500, reason: `smtp_${responseCode}` };
  }
  if ((code && NO_SESSION_CODES.has(code)) || e.command === 'CONN') {
    return { notDelivered: true, permanent: false, reason: `smtp_${(code ?? 'conn').toLowerCase()}` };
  }
  // A socket error or timeout during the transaction: the server may have taken the message.
  return {
    notDelivered: false,
    permanent: true,
    reason: code ? `smtp_${code.toLowerCase()}` : 'smtp_unknown',
  };
}

/** nodemailer options from SMTP_URL: a pooled transport (few connections, many messages each). */
export function smtpTransportOptions(url: string, poolSize: number): SMTPPool.Options {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'smtps:';
  return {
    pool: true,
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 25,
    secure,
    auth: parsed.username
      ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) }
      : undefined,
    maxConnections: poolSize,
    // Reconnecting after every 100 messages (the default) costs a greeting each time.
    maxMessages: Infinity,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

/**
 * Sends mail over SMTP through one pooled nodemailer transport per process, created on first use
 * (the API process sends only a campaign's test mail) and closed on shutdown after the workers have stopped.
 */
@Injectable()
export class MailerService implements OnApplicationShutdown {
  private readonly logger = new Logger(MailerService.name);
  private transport: Transporter<SMTPPool.SentMessageInfo> | null = null;
  /** Read on every campaign mail; MAIL_FROM does not change while the process runs. */
  private mailDomain: string | null = null;
  /** MAIL_FROM for nodemailer, parsed on first use; nodemailer only normalises it in place. */
  private sender: Mail.Address | string | null = null;

  constructor(private readonly config: AppConfig) {}

  get from(): string {
    return this.config.MAIL_FROM;
  }

  /** The domain of MAIL_FROM, for Message-ID values. */
  get domain(): string {
    if (this.mailDomain === null) {
      const match = /@([^>\s]+)>?\s*$/.exec(this.config.MAIL_FROM);
      this.mailDomain = match ? match[1] : 'consentry.local';
    }
    return this.mailDomain;
  }

  async send(mail: OutgoingMail): Promise<void> {
    this.sender ??= senderAddress(this.config.MAIL_FROM);
    await this.transporter().sendMail(mailOptions(this.sender, mail));
  }

  /**
   * One delivery attempt, classified: sent; retry (the server surely did not take it and attempts
   * remain); or failed, with a reason code (permanent refusals, exhausted attempts, and any failure
   * after which the message may have been delivered, which is never retried).
   */
  async attempt(mail: OutgoingMail, attempt: { made: number; max: number }): Promise<DeliveryResult> {
    try {
      await this.send(mail);
      return { kind: 'sent' };
    } catch (error) {
      const failure = classifySendFailure(error);
      if (failure.notDelivered && !failure.permanent && attempt.made + 1 < attempt.max)
        return { kind: 'retry', reason: failure.reason };
      return {
        kind: 'failed',
        reason: failure.notDelivered ? failure.reason : `uncertain_${failure.reason}`,
      };
    }
  }

  onApplicationShutdown(): void {
    if (this.transport) {
      this.transport.close();
      this.transport = null;
    }
  }

  private transporter(): Transporter<SMTPPool.SentMessageInfo> {
    if (!this.transport) {
      this.transport = nodemailer.createTransport(
        smtpTransportOptions(this.config.SMTP_URL, this.config.MAIL_POOL_SIZE),
      );
      this.transport.on('error', (error: Error) =>
        this.logger.warn(`SMTP pool error: ${(error as { code?: string }).code ?? error.name}`),
      );
    }
    return this.transport;
  }
}

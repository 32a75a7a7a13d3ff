/**
 * Queue and job names. Queue names may not contain ':' (BullMQ uses it in its Redis keys); every
 * key also carries the deployment's REDIS_PREFIX, so test runs and the demo never share queues.
 */
export const QUEUES = {
  /** Campaign control work: audience fan-out, clean-up after a cancel. */
  campaigns: 'campaigns',
  /** Every outgoing mail (campaign sends and reminders), behind one rate limiter. */
  mail: 'mail',
  /** The daily reminder scans: expiring contracts and overdue instalments (job schedulers). */
  reminders: 'reminders',
  /** The daily retention sweep (a job scheduler). */
  retention: 'retention',
  /** The daily end of mandates past their validity (a job scheduler). */
  mandates: 'mandates',
  /** Book-of-business imports, one at a time (each holds one transaction over many rows). */
  imports: 'imports',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  campaignFanOut: 'campaign.fan-out',
  campaignPurge: 'campaign.purge',
  campaignSend: 'campaign.send',
  reminderScan: 'reminder.scan',
  reminderSend: 'reminder.send',
  instalmentReminderScan: 'instalment-reminder.scan',
  instalmentReminderSend: 'instalment-reminder.send',
  retentionSweep: 'retention.sweep',
  recordRetention: 'record.retention',
  mandateExpiry: 'mandate.expiry',
  bookImport: 'book-import.run',
  taskScan: 'task.scan',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

/**
 * Deterministic job ids. BullMQ refuses custom ids containing ':' (it reserves them for repeatable
 * jobs), so the parts are joined with '_' (UUIDs never contain it).
 */
export const jobIds = {
  campaignFanOut: (campaignId: string) => `fanout_${campaignId}`,
  campaignPurge: (campaignId: string) => `purge_${campaignId}`,
  campaignSend: (campaignId: string, clientId: string) => `send_${campaignId}_${clientId}`,
  reminderSend: (reminderId: string) => `reminder_${reminderId}`,
  reminderScanScheduler: 'reminder-daily-scan',
  instalmentReminderSend: (reminderId: string) => `instalment-reminder_${reminderId}`,
  instalmentReminderScanScheduler: 'instalment-reminder-daily-scan',
  retentionSweepScheduler: 'retention-daily-sweep',
  recordRetentionScheduler: 'record-retention-daily',
  mandateExpiryScheduler: 'mandate-daily-expiry',
  bookImport: (importId: string) => `book-import_${importId}`,
  taskScanScheduler: 'task-daily-scan',
};

import { Scenario } from '../scenario';
import { p1ClientRead, p2ClientList } from './p1-client-read.scenario';
import { p3CampaignFanOut, p3CampaignFanOutCapacity } from './p3-campaign-fanout.scenario';
import { p4SendPath } from './p4-send-path.scenario';
import { p5RecordAppend } from './p5-record-append.scenario';
import { p6VerifyRate } from './p6-verify-rate.scenario';
import { p7aReminderScan } from './p7a-reminder-scan.scenario';
import { p7bRetentionSweep } from './p7b-retention-sweep.scenario';
import { p8BookImport } from './p8-book-import.scenario';
import { q1AuditQuery } from './p-audit-query.scenario';
import { s1Scale } from './s1-scale.scenario';

/** Every benchmark scenario, in report order; each module adds its own here. */
export const SCENARIOS: Scenario[] = [
  p1ClientRead,
  p2ClientList,
  p3CampaignFanOut,
  p3CampaignFanOutCapacity,
  p4SendPath,
  p5RecordAppend,
  p6VerifyRate,
  p7aReminderScan,
  p7bRetentionSweep,
  p8BookImport,
  q1AuditQuery,
  s1Scale,
];

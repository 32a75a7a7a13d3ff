import { Transform } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min, Validate } from 'class-validator';
import { TimeZoneConstraint, toInt } from './config-constraints';

/**
 * The calendar part of AppConfig: when the daily jobs run, in which zone "today" is reckoned, and
 * how reminders and the retention sweep are paced. AppConfig extends it, so there is still one
 * validated configuration class.
 */
export class ScheduleConfig {
  /** Daily reminder scan: cron pattern, evaluated in REMINDER_TIME_ZONE. */
  @Matches(/^\S+( \S+){4,5}$/, { message: 'REMINDER_SCAN_CRON must be a cron pattern of 5 or 6 fields' })
  REMINDER_SCAN_CRON = '0 7 * * *';

  /** The broker's calendar: the zone in which "today" is reckoned for contracts, quotes, mandates, deadlines and retention. */
  @IsString()
  @Validate(TimeZoneConstraint)
  BROKER_TIME_ZONE = 'Europe/Warsaw';

  @IsString()
  @Validate(TimeZoneConstraint)
  REMINDER_TIME_ZONE = 'Europe/Warsaw';

  /** Days before a contract's end date on which a reminder goes out. */
  @Matches(/^\d{1,3}(,\d{1,3})*$/, { message: 'REMINDER_LEAD_DAYS must list whole days, e.g. 30,7' })
  REMINDER_LEAD_DAYS = '30,7';

  /**
   * Lead times per line of business where they differ from REMINDER_LEAD_DAYS: `line:days,...`
   * separated by `;`. A travel policy runs for days, so a month's notice means nothing to it.
   */
  @Matches(/^([a-z_]+:\d{1,3}(,\d{1,3})*(;[a-z_]+:\d{1,3}(,\d{1,3})*)*)?$/, {
    message: 'REMINDER_LEAD_DAYS_BY_LINE must read like travel:3;motor:30,7',
  })
  REMINDER_LEAD_DAYS_BY_LINE = 'travel:3';

  /** How many days late a missed reminder may still go out; 0 sends none whose day has passed. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(30)
  REMINDER_CATCH_UP_GRACE_DAYS = 0;

  get reminderLeadDays(): number[] {
    return leadList(this.REMINDER_LEAD_DAYS);
  }

  /** The lines whose lead times differ from the default, each with its own, longest first. */
  get reminderLeadDaysByLine(): Record<string, number[]> {
    const result: Record<string, number[]> = {};
    for (const entry of this.REMINDER_LEAD_DAYS_BY_LINE.split(';').filter(Boolean)) {
      const [line, list] = entry.split(':');
      result[line] = leadList(list);
    }
    return result;
  }

  /** Clients the retention sweep decides on and anonymises per transaction. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(50000)
  RETENTION_SWEEP_BATCH_SIZE = 2000;

  /** Client ids a sweep report lists per section (the counts are always complete). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100000)
  RETENTION_SWEEP_REPORT_ITEMS = 1000;

  /** The daily retention sweep: cron pattern, evaluated in RETENTION_TIME_ZONE. */
  @Matches(/^\S+( \S+){4,5}$/, { message: 'RETENTION_SWEEP_CRON must be a cron pattern of 5 or 6 fields' })
  RETENTION_SWEEP_CRON = '30 2 * * *';

  @IsString()
  @Validate(TimeZoneConstraint)
  RETENTION_TIME_ZONE = 'Europe/Warsaw';

  /**
   * The daily end of mandates whose validTo has passed: cron pattern, evaluated in BROKER_TIME_ZONE
   * (the time zone of mandate validity dates). Soon after midnight, so a mandate ends on its first
   * day out of force.
   */
  @Matches(/^\S+( \S+){4,5}$/, { message: 'MANDATE_EXPIRY_CRON must be a cron pattern of 5 or 6 fields' })
  MANDATE_EXPIRY_CRON = '15 0 * * *';
}

function leadList(list: string): number[] {
  return [...new Set(list.split(',').map(Number))].filter((d) => d > 0).sort((a, b) => b - a);
}

import { Global, Injectable, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/** The calendar date (YYYY-MM-DD) an instant falls on in a time zone. */
export function calendarDateIn(timeZone: string, at: Date): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** Today in a time zone as an SQL date expression (the zone is a validated IANA name, never user input). */
export function todaySqlIn(timeZone: string): string {
  if (!/^[A-Za-z0-9_+\-/]+$/.test(timeZone)) throw new Error(`Not a time zone name: ${timeZone}`);
  return `(now() AT TIME ZONE '${timeZone}')::date`;
}

/**
 * The broker's calendar: policy dates, quote validity, mandates, reminders, data-subject deadlines
 * and retention are days in the broker's country, not the database server's or the process's.
 * The one definition of "today" (BROKER_TIME_ZONE).
 */
@Injectable()
export class BrokerClock {
  readonly timeZone: string;
  /** Today in the broker's calendar, as an SQL date expression evaluated by the database. */
  readonly todaySql: string;

  constructor(config: AppConfig) {
    this.timeZone = config.BROKER_TIME_ZONE;
    this.todaySql = todaySqlIn(this.timeZone);
  }

  /** Today's date (YYYY-MM-DD) in the broker's calendar. */
  today(now: Date = new Date()): string {
    return this.dateOf(now);
  }

  /** The broker's calendar date (YYYY-MM-DD) an instant falls on. */
  dateOf(at: Date): string {
    return calendarDateIn(this.timeZone, at);
  }

  /** SQL: the broker's calendar date the instant (a timestamptz expression) falls on. */
  dateOfSql(instantSql: string): string {
    return `(${instantSql} AT TIME ZONE '${this.timeZone}')::date`;
  }
}

/** Makes BrokerClock injectable everywhere (it needs AppConfig, which is global too). */
@Global()
@Module({ providers: [BrokerClock], exports: [BrokerClock] })
export class BrokerClockModule {}

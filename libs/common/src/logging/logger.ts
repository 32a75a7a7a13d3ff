import { LoggerService } from '@nestjs/common';
import pino, { Logger, DestinationStream } from 'pino';
import { RequestContext } from '../context/request-context';
import type { RequestLogLine } from './request-log';

/**
 * Keys whose values are personal data; any log object carrying them is redacted at any depth
 * the paths name. Messages themselves never interpolate personal values.
 */
export const PERSONAL_KEYS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'address',
  'street',
  'postalCode',
  'dateOfBirth',
  'pesel',
  'password',
  'passwordHash',
  'evidence',
  'authorization',
  'token',
  'accessToken',
];

export function createPinoLogger(level: string, destination?: DestinationStream): Logger {
  const paths = PERSONAL_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);
  return pino(
    {
      level,
      base: { service: 'consentry' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths, censor: '[REDACTED]' },
      formatters: { level: (label) => ({ level: label }) },
      // Every line written while a request or job runs names it, so one request's lines can be
      // followed across modules (the same id is in the X-Request-Id header and the record).
      mixin: () => {
        const requestId = RequestContext.current()?.requestId;
        return requestId ? { requestId } : {};
      },
    },
    destination,
  );
}

/** Nest's logger interface over pino: structured JSON lines with the context name. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}

/**
 * A request-log line on the application log. pino's own `time` is the same moment (the response
 * was just sent), so the line's `time` is left to it: a second `time` key would make the line
 * ambiguous to every log shipper.
 */
export function logRequestLine(logger: Logger, line: RequestLogLine): void {
  const { time: _time, ...fields } = line;
  logger.info({ type: 'request', ...fields }, 'request');
}

import { LoggerService } from '@nestjs/common';
import pino, { Logger, DestinationStream } from 'pino';

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

import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditRecorder, errorCode, type AuditResource } from '@app/audit';
import { RequestContextState } from '@app/common/context/request-context';
import { DomainError, DomainErrorKind } from '@app/common/errors/domain-error';
import { ENTITIES, EntityName, allFieldsOf, type AuditAction } from '@app/privacy';

/** Field names the record may hold; anything else a caller sent is recorded as "(unknown)". */
const KNOWN_FIELDS = new Set<string>([
  'X-Purpose',
  ...(Object.keys(ENTITIES) as EntityName[]).flatMap((e) => allFieldsOf(e)),
]);

/** Only an id-shaped value may enter the record: a caller can put anything (an e-mail) in an id slot. */
function recordableId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(value)
    ? value
    : '(invalid)';
}

function recordableFields(fields: unknown): string[] {
  if (!Array.isArray(fields)) return [];
  // A caller's unknown property name could itself be a personal value: never record it.
  return [
    ...new Set(
      fields.map((f) =>
        typeof f === 'string' && KNOWN_FIELDS.has(f.split('.')[0]) ? f.split('.')[0] : '(unknown)',
      ),
    ),
  ];
}

const STATUS: Record<DomainErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition: 409,
  too_many_requests: 429,
  too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
};

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code: string;
  [detail: string]: unknown;
}

/**
 * The one place errors become HTTP. Module errors map by kind; framework and parser errors keep
 * their 4xx; anything else is a plain 500 with an error id (the log has the id, never the values).
 * A refused request on a route that touches personal data is recorded if nothing recorded it yet.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly audit: AuditRecorder) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest & { consentry?: RequestContextState }>();
    const body = this.toBody(exception);
    const state = request.consentry;
    if (state) state.errorCode = body.code;
    // One denial path: a refusal made through the privacy scope carries its attempt and is recorded
    // here as it was made; any other refusal on a route that touches personal data is recorded with
    // what the route declares, unless something was recorded for the request already.
    const carried = exception instanceof DomainError ? exception.deniedAttempt : undefined;
    const generic = state?.operation && !state.recorded && body.statusCode >= 400 && body.statusCode !== 401;
    if (carried || generic) {
      try {
        await this.audit.recordDenial(
          carried
            ? {
                action: carried.action as AuditAction,
                resource: carried.resource as AuditResource,
                resourceId: carried.resourceId,
                clientIds: carried.clientIds,
                fields: carried.fields,
                // DeniedAttempt is declared in libs/common, which does not know the record's words:
                // its reason is the error's code, or NOT_FOUND / NOT_VISIBLE_UNDER_PURPOSE.
                reason: errorCode(carried.reason),
                controllerId: carried.controllerId ?? null,
              }
            : {
                action: state!.operation!.action as AuditAction,
                resource: state!.operation!.resource as AuditResource,
                resourceId: recordableId((request.params as Record<string, string> | undefined)?.id),
                fields: recordableFields(body.fields),
                reason: errorCode(body.code),
              },
        );
      } catch (error) {
        this.logger.error(`Could not record a refused request: ${(error as Error).name}`);
        body.statusCode = 500;
      }
    }
    // A refusal that says when to come back says it in the standard header too (RFC 9110).
    if (body.statusCode === 429 && typeof body.retryAfterSeconds === 'number') {
      void reply.header('retry-after', String(Math.max(1, Math.ceil(body.retryAfterSeconds))));
    }
    await reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = STATUS[exception.kind];
      return {
        statusCode,
        error: reason(statusCode),
        message: exception.message,
        code: exception.code,
        ...exception.details,
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : Array.isArray((response as { message?: unknown }).message)
            ? (response as { message: string[] }).message.join('; ')
            : String((response as { message?: unknown }).message ?? exception.message);
      const extra = typeof response === 'object' ? (response as Record<string, unknown>) : {};
      return {
        ...extra,
        statusCode,
        error: reason(statusCode),
        message,
        code: typeof extra.code === 'string' ? extra.code : httpCode(statusCode),
      };
    }
    const fastifyStatus = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      // Body parser and framework refusals (malformed JSON, too large, wrong content type).
      return {
        statusCode: fastifyStatus,
        error: reason(fastifyStatus),
        message: (exception as Error).message,
        code: String((exception as { code?: unknown }).code ?? httpCode(fastifyStatus)),
      };
    }
    const pgCode = (exception as { code?: unknown })?.code;
    if (pgCode === '23505') {
      return {
        statusCode: 409,
        error: 'Conflict',
        message: 'A record with the same unique value exists',
        code: 'UNIQUE_VIOLATION',
      };
    }
    if (pgCode === '22P02' || pgCode === '22007' || pgCode === '22008' || pgCode === '22003') {
      return {
        statusCode: 400,
        error: 'Bad Request',
        message: 'A value has the wrong format',
        code: 'INVALID_VALUE',
      };
    }
    const errorId = randomUUID();
    const err = exception as Error;
    // The message of a driver error can quote values; log its name, code and stack frames only.
    const frames = (err?.stack ?? '').split('\n').slice(1, 8).join('\n');
    this.logger.error(
      `Unexpected error ${errorId}: ${err?.name ?? 'Error'} ${String(pgCode ?? '')}`.trim(),
      frames,
    );
    return {
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Unexpected error',
      code: 'INTERNAL',
      errorId,
    };
  }
}

function reason(status: number): string {
  const names: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    409: 'Conflict',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Entity',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
  };
  return names[status] ?? HttpStatus[status] ?? 'Error';
}

function httpCode(status: number): string {
  return (HttpStatus[status] ?? 'ERROR').toString();
}

import multipart from '@fastify/multipart';
import { INestApplication, LoggerService, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, getSchemaPath, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type {
  ParameterObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { AuditRecorder } from '@app/audit';
import { AppConfig } from '@app/common/config/app-config';
import { ErrorResponseDto } from '@app/common/http/openapi';
import { createPinoLogger, logRequestLine, PinoNestLogger } from '@app/common/logging/logger';
import { RequestLogLine } from '@app/common/logging/request-log';
import { requestLogSink } from './access-log';
import { MetricsService } from './metrics';
import { AppModule } from './app.module';
import { ErrorFilter } from './http/error.filter';
import { installBodyParsers } from './http/body-parsers';
import { installRequestHooks } from './http/request-hooks';
import { helmetOptions, installNoStoreDefault, installSecurityHeaders } from './http/transport-headers';
import { createValidationPipe } from './http/validation';
import { installWebApp } from './http/web-app';

export interface CreateAppOptions {
  logger?: LoggerService | false;
  /** Where request-log lines go; defaults to the application log. */
  requestLog?: (line: RequestLogLine) => void;
  /** Extra modules (benchmarks mount their baseline routes this way; the app itself never does). */
  extraModules?: Type<unknown>[];
}

/** Builds the HTTP application exactly as production runs it; tests and benchmarks use it too. */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const pinoLogger = createPinoLogger(config.LOG_LEVEL);
  const adapter = new FastifyAdapter({ trustProxy: false, bodyLimit: 1_048_576, logger: false });
  const root = AppModule.register(config);
  if (options.extraModules) root.imports = [...(root.imports ?? []), ...options.extraModules];
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    logger: options.logger === undefined ? new PinoNestLogger(pinoLogger) : options.logger,
    bufferLogs: false,
    // installBodyParsers puts a depth limit in front of JSON parsing.
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  const requestLog =
    options.requestLog ??
    requestLogSink(config, fastify, (line: RequestLogLine) => logRequestLine(pinoLogger, line));
  const metrics = app.get(MetricsService);
  installRequestHooks(fastify, requestLog, (method, route, status, seconds) =>
    metrics.observeHttp(method, route, status, seconds),
  );
  installBodyParsers(fastify);
  installNoStoreDefault(fastify);
  installSecurityHeaders(fastify, helmetOptions(config.servedOverHttps));
  // Uploads (documents) stream part by part; the file's own limit is checked as it streams, one byte
  // past it is enough to know. Only one file and a handful of short fields per request.
  await app.register(multipart, {
    limits: { fileSize: config.DOCUMENTS_MAX_BYTES + 1, files: 1, fields: 8, fieldSize: 1024, parts: 9 },
    throwFileSizeLimit: false,
  });
  await installWebApp(fastify);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter(app.get(AuditRecorder)));
  app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}

/** The OpenAPI document of the app's routes (`/docs/openapi.json`; `npm run openapi` types the web client from it). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Consentry')
      .setDescription(
        'Purpose-bound, consent-aware CRM for insurance brokers. Every endpoint that touches personal data needs ' +
          '`X-Purpose`; responses carry only the fields the purpose allows; every operation is recorded.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
    {
      extraModels: [ErrorResponseDto],
      // Generated clients name their calls after these: "clients_list", "dataSubjectRequests_create".
      operationIdFactory: (controllerKey, methodKey) =>
        `${controllerKey.charAt(0).toLowerCase()}${controllerKey.slice(1).replace(/Controller$/, '')}_${methodKey}`,
    },
  );
  documentErrors(document);
  return document;
}

function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
}

const ERROR_DEFAULTS: Record<string, string> = {
  '400': 'Invalid input',
  '401': 'Missing or invalid bearer token',
  '403': 'Role or purpose not allowed',
  '404': 'No such resource, or not visible under this purpose',
  '500': 'Unexpected error (errorId names it in the log)',
};

/**
 * Every refusal has the one body of the error filter: each 4xx/5xx response refers to it, and each
 * operation lists the refusals that apply to it (400 with input, 401/403 behind sign-in, 404 with ids
 * in the path, 500 always) unless its controller describes them more precisely. Ids in paths are UUIDs.
 */
function documentErrors(document: OpenAPIObject): void {
  // The filter spreads an error's details into the body (fields, reviewId, a health check's details).
  const errorSchema = document.components?.schemas?.[ErrorResponseDto.name];
  if (errorSchema && !('$ref' in errorSchema)) errorSchema.additionalProperties = true;
  const errorContent = { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponseDto) } } };
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = (operation.parameters ?? []) as ParameterObject[];
      for (const parameter of parameters) {
        // Every id in a path goes through ParseUUIDPipe.
        if (parameter.in === 'path' && /^(id|.+Id)$/.test(parameter.name) && parameter.schema) {
          Object.assign(parameter.schema, { format: 'uuid' });
        }
      }
      const applicable = new Set<string>(['500']);
      if (parameters.length > 0 || operation.requestBody) applicable.add('400');
      if (operation.security?.length) ['401', '403'].forEach((s) => applicable.add(s));
      if (parameters.some((p) => p.in === 'path')) applicable.add('404');
      for (const status of applicable) {
        operation.responses[status] ??= { description: ERROR_DEFAULTS[status] };
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        const declared = response as ResponseObject;
        // A page for a person (the unsubscribe link) answers its refusals with a page, not JSON.
        const page = declared.content && !declared.content['application/json'];
        if (Number(status) >= 400 && !page) declared.content = errorContent;
      }
    }
  }
}

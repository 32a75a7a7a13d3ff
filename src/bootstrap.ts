import helmet from '@fastify/helmet';
import { INestApplication, LoggerService, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AuditRecorder } from '@app/audit';
import { AppConfig } from '@app/common/config/app-config';
import { createPinoLogger, PinoNestLogger } from '@app/common/logging/logger';
import { RequestLogLine } from '@app/common/logging/request-log';
import { requestLogSink } from './access-log';
import { AppModule } from './app.module';
import { ErrorFilter } from './http/error.filter';
import { installBodyParsers } from './http/body-parsers';
import { installRequestHooks } from './http/request-hooks';
import { helmetOptions, installNoStoreDefault } from './http/transport-headers';
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
    requestLogSink(config, fastify, (line: RequestLogLine) =>
      pinoLogger.info({ type: 'request', ...line }, 'request'),
    );
  installRequestHooks(fastify, requestLog);
  installBodyParsers(fastify);
  installNoStoreDefault(fastify);
  await app.register(helmet, helmetOptions(config.servedOverHttps));
  await installWebApp(fastify);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter(app.get(AuditRecorder)));
  app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}

/** The OpenAPI document of the app's routes (`/docs/openapi.json`; `npm run openapi` types the web client from it). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
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
  );
}

function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
}

import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@app/common/config/app-config';
import { carriesMetricsToken } from './metrics-token';
import { MetricsService } from './metrics.service';

/**
 * The worker has no HTTP application, yet its queues, mails and sealing rounds are what operators
 * most need to see. When WORKER_METRICS_PORT is set it serves `/metrics` (the same bearer
 * METRICS_TOKEN as the API's) and `/health/live` on that port; nothing else.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerMetricsServer.name);
  private server: Server | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.metrics.describeProcess('worker');
    const port = this.config.WORKER_METRICS_PORT;
    if (port === undefined) return;
    const server = createServer((request, response) => {
      this.answer(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.config.WORKER_METRICS_HOST, () => resolve());
    });
    this.server = server;
    this.logger.log(`Worker metrics on port ${(server.address() as AddressInfo).port}`);
  }

  /** The port actually listened on (0 in the configuration picks a free one). */
  get port(): number | null {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : null;
  }

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') return this.reply(response, 405, { code: 'METHOD_NOT_ALLOWED' });
    if (path === '/health/live') return this.reply(response, 200, { status: 'ok' });
    if (path !== '/metrics') return this.reply(response, 404, { code: 'NOT_FOUND' });
    const expected = this.config.METRICS_TOKEN;
    if (!expected) return this.reply(response, 403, { code: 'METRICS_DISABLED' });
    if (!carriesMetricsToken(request.headers.authorization, expected)) {
      response.setHeader('www-authenticate', 'Bearer realm="metrics"');
      return this.reply(response, 401, { code: 'UNAUTHENTICATED' });
    }
    const { contentType, body } = await this.metrics.scrape();
    response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
    response.end(body);
  }

  private reply(response: ServerResponse, status: number, body: object): void {
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify(body));
  }
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@app/privacy';

/** Where the console's static files live, beside this file in the sources and in the build. */
export const CONSOLE_ASSETS_DIR = join(__dirname, 'console', 'assets');

const ASSETS = {
  page: { file: 'index.html', type: 'text/html; charset=utf-8' },
  script: { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  style: { file: 'app.css', type: 'text/css; charset=utf-8' },
} as const;

type AssetName = keyof typeof ASSETS;

/**
 * The managers' console: one page, one script, one style sheet, all served by the app itself so
 * that it works without any external network. The page holds no data; it signs in and calls the
 * same API as any other client, so it shows nothing the API would not return under security_audit.
 */
@ApiExcludeController()
@Controller('console')
export class ConsoleController {
  private readonly files: Record<AssetName, Buffer>;

  constructor() {
    const load = (name: AssetName) => {
      const path = join(CONSOLE_ASSETS_DIR, ASSETS[name].file);
      try {
        return readFileSync(path);
      } catch {
        throw new Error(`Console asset missing: ${path} (the build copies src/access-log/console/assets)`);
      }
    };
    this.files = { page: load('page'), script: load('script'), style: load('style') };
  }

  @Get()
  @Public()
  page(@Res() reply: FastifyReply): Promise<void> {
    return this.send(reply, 'page');
  }

  @Get('app.js')
  @Public()
  script(@Res() reply: FastifyReply): Promise<void> {
    return this.send(reply, 'script');
  }

  @Get('app.css')
  @Public()
  style(@Res() reply: FastifyReply): Promise<void> {
    return this.send(reply, 'style');
  }

  private async send(reply: FastifyReply, name: AssetName): Promise<void> {
    await reply
      .header('content-type', ASSETS[name].type)
      .header('cache-control', 'no-cache')
      .send(this.files[name]);
  }
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Where the built staff workplace lives: dist/web at the project root. From the sources
 * (src/http, tests) that is ../../dist/web; from the build (dist/src/http) it is ../../web. A
 * directory counts only with Vite's manifest in it, so web/ (the app's sources, which have an
 * index.html of their own) is never served.
 */
export function webAppDir(): string | null {
  const candidates = [join(__dirname, '..', '..', 'dist', 'web'), join(__dirname, '..', '..', 'web')];
  return candidates.find((dir) => existsSync(join(dir, '.vite', 'manifest.json'))) ?? null;
}

/**
 * Paths the workplace never answers: the API, its documentation, health, metrics and the queue
 * board. An unknown path under them stays the API's 404, never the app's page.
 */
const NOT_THE_APP = /^\/(api|docs|health|metrics|queues)(\/|\?|$)/;

/** A year: the file names carry a hash of their content, so a changed file is a new URL. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the staff workplace at `/`: the hashed assets under /assets/ with a long cache, and
 * index.html for `/` and for every deep link (/klienci/…) so that the app's router takes over. The
 * page is never stored: it names the current asset files, and a stale copy would load old ones.
 * Without a build (tests and scripts that never built the web app) nothing is registered.
 */
export async function installWebApp(fastify: FastifyInstance, dir = webAppDir()): Promise<boolean> {
  if (!dir) return false;
  const indexHtml = readFileSync(join(dir, 'index.html'));
  await fastify.register(fastifyStatic, {
    root: join(dir, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    cacheControl: false,
    setHeaders: (res) => void res.header('cache-control', IMMUTABLE),
  });

  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    // A missing file (an old asset, favicon.ico) is a 404, not the page in its place.
    if (NOT_THE_APP.test(path) || /\.[a-z0-9]+$/i.test(path)) return reply.callNotFound();
    return reply
      .header('cache-control', 'no-store')
      .header('content-type', 'text/html; charset=utf-8')
      .send(indexHtml);
  };
  fastify.get('/', page);
  fastify.get('/*', page);
  return true;
}

import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.API_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`;

/**
 * The staff workplace. Built into dist/web, which the API serves at `/`; the manifest tells the
 * API that the directory holds a build (and scripts/web-size.js what the first page loads).
 */
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    manifest: true,
    // The preload polyfill would be inlined into index.html, which the CSP (script-src 'self') forbids.
    modulePreload: { polyfill: false },
    sourcemap: false,
    // The entry (React, Mantine, router, query, i18n) is about 550 kB raw, 175 kB gzip; scripts/web-size.js
    // holds the gzip size of what the first page loads under its own budget.
    chunkSizeWarningLimit: 700,
  },
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});

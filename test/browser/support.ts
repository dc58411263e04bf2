/**
 * Shared set-up of the browser tests: Debian's chromium driven by playwright-core (no downloaded browsers),
 * and the real app (createApp + @hono/node-server) on a free loopback port, serving the built UI.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { ArticleJson } from '../../src/core/article.js';
import { createPipeline } from '../../src/core/pipeline.js';
import { createApp } from '../../src/server/app.js';
import { MemoryCorpus } from '../../src/server/memory-corpus.js';

export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_ROOT = join(REPO, 'dist/web');
/** The project's shared third-party data, read in place and never copied (PRESSLENS_SHARED_DIR overrides ../shared). */
export const SHARED = resolve(REPO, process.env['PRESSLENS_SHARED_DIR'] ?? '../shared');

if (!HAS_CHROMIUM) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium; .ci/run does)`);

export const pipeline = createPipeline();

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(articles: ArticleJson[]): Promise<TestServer> {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error('dist/web is missing: run npm run build first');
  const app = createApp({
    corpus: new MemoryCorpus(articles),
    analyze: async (input) => pipeline.analyze(input),
    token: 'browser-test-token',
    webRoot: WEB_ROOT,
    log: (message) => console.error(message),
  });
  return new Promise((resolveServer) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolveServer({
        url: `http://localhost:${info.port}`,
        close: () => new Promise((done) => {
          server.close(() => done());
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        }),
      });
    });
  });
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** One fresh browser profile per test file. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'presslens-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Everything a page did that a test may want to forbid: dialogs, console errors, uncaught errors. */
export function watch(page: Page) {
  const seen = { dialogs: [] as string[], errors: [] as string[], requests: [] as string[] };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => seen.errors.push(`pageerror: ${error.message}`));
  page.on('request', (request) => seen.requests.push(request.url()));
  return seen;
}

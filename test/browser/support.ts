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
import { createApp, type AppOptions } from '../../src/server/app.js';
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

export const TEST_TOKEN = 'browser-test-token';

export async function startServer(articles: ArticleJson[], options: Partial<AppOptions> = {}): Promise<TestServer> {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error('dist/web is missing: run npm run build first');
  const app = createApp({
    corpus: new MemoryCorpus(articles),
    analyze: async (input) => pipeline.analyze(input),
    token: TEST_TOKEN,
    webRoot: WEB_ROOT,
    log: (message) => console.error(message),
    ...options,
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

/**
 * Text elements in `main` whose colour against their effective background is below the WCAG AA ratio of 4.5:1.
 * (Effective background: the nearest ancestor with an opaque background colour.)
 */
export function contrastFailures(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const parse = (colour: string) => {
      const [r = 0, g = 0, b = 0, a = 1] = (/rgba?\(([^)]+)\)/.exec(colour)?.[1] ?? '0,0,0,0').split(',').map(Number);
      return { r, g, b, a };
    };
    const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
      const channel = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const background = (element: Element | null) => {
      for (let e = element; e; e = e.parentElement) {
        const colour = parse(getComputedStyle(e).backgroundColor);
        if (colour.a > 0.9) return colour;
      }
      return { r: 255, g: 255, b: 255, a: 1 };
    };
    const failures: string[] = [];
    for (const element of document.querySelectorAll('main *')) {
      const ownText = [...element.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
      if (!ownText || !(element as HTMLElement).offsetParent) continue;
      const fg = luminance(parse(getComputedStyle(element).color));
      const bg = luminance(background(element));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < 4.5) failures.push(`${element.tagName}.${element.className}: ${ratio.toFixed(2)} "${element.textContent!.trim().slice(0, 30)}"`);
    }
    return failures;
  });
}

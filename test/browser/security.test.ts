/**
 * Hostile content (script tags, event handlers, javascript: URLs, SVG payloads) in article text, in uploaded
 * HTML pages and in metadata fields must render as inert text: no dialog opens, no script runs, no request
 * leaves for a payload's URL, and the Content Security Policy blocks inline code even if something slipped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileArticle } from '../../src/test-support/fixture-articles.js';
import { HAS_CHROMIUM, launchBrowser, REPO, startServer, watch, type Browser, type TestServer } from './support.js';

const HOSTILE_DIR = join(REPO, 'test/browser/hostile');

describe.skipIf(!HAS_CHROMIUM)('hostile content in the UI', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let seen: ReturnType<typeof watch>;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer([hostileArticle]), launchBrowser()]);
    page = await browser.context.newPage();
    seen = watch(page);
    // A payload that ran would set this flag or open a dialog; both are checked after every step.
    await page.addInitScript(() => {
      (window as unknown as { __alerts: string[] }).__alerts = [];
      const record = (message: unknown) => (window as unknown as { __alerts: string[] }).__alerts.push(String(message));
      window.alert = record;
      window.confirm = (m) => (record(m), false);
      window.prompt = (m) => (record(m), null);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Nothing executed and no element a payload would create exists in the app's tree. */
  async function expectInert() {
    await page.waitForTimeout(150);
    expect(seen.dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __alerts: string[] }).__alerts)).toEqual([]);
    const planted = await page.evaluate(() => {
      const app = document.getElementById('app')!;
      const handlers = [...app.querySelectorAll('*')].flatMap((el) => el.getAttributeNames().filter((n) => n.startsWith('on')).map((n) => `${el.tagName}[${n}]`));
      const tags = [...app.querySelectorAll('script, iframe, object, embed, img, svg, math, style, b')].map((el) => el.tagName);
      const links = [...app.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!).filter((h) => !/^(#|\/openapi\.json$|https?:)/.test(h));
      return { handlers, tags, links };
    });
    expect(planted).toEqual({ handlers: [], tags: [], links: [] });
    const origin = new URL(server.url).origin;
    expect(seen.requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'))).toEqual([]);
    expect(seen.requests.filter((url) => /\/x$|javascript:/.test(url))).toEqual([]);
    expect(seen.errors.filter((e) => !/Content Security Policy/.test(e))).toEqual([]);
  }

  it('serves the UI with a strict Content Security Policy', async () => {
    const response = await page.goto(`${server.url}/`);
    const csp = response!.headers()['content-security-policy']!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("object-src 'none'");
    await page.getByRole('heading', { name: 'Analyse an article' }).waitFor();
    // Defence in depth: even markup injected by hand cannot run inline handlers under this policy.
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img id="probe" src="data:," onerror="window.__pwned = 1" onload="window.__pwned = 1">'));
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.evaluate(() => document.getElementById('probe')?.remove());
  });

  it('renders a stored article with hostile text, metadata, quotes, entities and findings as text', async () => {
    await page.goto(`${server.url}/#/articles/${encodeURIComponent(hostileArticle.id)}`);
    const title = page.getByRole('heading', { level: 1 });
    await title.waitFor();
    expect(await title.textContent()).toBe(hostileArticle.title);
    const header = await page.textContent('.article-header');
    expect(header).toContain(hostileArticle.authors[0]);
    expect(header).toContain(hostileArticle.url);
    expect(await page.textContent('.article-body')).toContain('<script>alert("text")</script>');
    await page.locator('#finding-0').hover();
    await expect.poll(() => page.textContent('#finding-note-0')).toContain(hostileArticle.framing[0]!.explanation);
    await expectInert();
  });

  it('resolves a hostile speaker name and searches for a hostile query as text', async () => {
    await page.locator('.side-panel .speakers a').first().click();
    await page.getByRole('heading', { level: 1, name: hostileArticle.entities[0]!.name }).waitFor();
    await page.goto(`${server.url}/#/search?q=${encodeURIComponent('<img src=x onerror=alert(1)> script')}`);
    await page.getByText(/^\d+ articles?$/).waitFor();
    expect(await page.inputValue('input[name=q]')).toBe('<img src=x onerror=alert(1)> script');
    await expectInert();
  });

  it('analyses an uploaded hostile HTML page and pasted hostile text without running anything', async () => {
    await page.goto(`${server.url}/#/`);
    await page.getByRole('button', { name: 'Upload a page' }).click();
    await page.setInputFiles('input[type=file]', join(HOSTILE_DIR, 'script-everywhere.html'));
    await page.getByRole('button', { name: 'Analyse', exact: true }).click();
    await page.waitForURL(/#\/analysis$/);
    await page.locator('.article-body').waitFor();
    expect(await page.textContent('.article-body')).toContain('The council met on <script>alert("escaped")</script> Tuesday');
    await expectInert();

    await page.goto(`${server.url}/#/`);
    await page.getByRole('button', { name: 'Paste text' }).click();
    await page.fill('textarea[name=text]', readFileSync(join(HOSTILE_DIR, 'hostile-text.txt'), 'utf8'));
    await page.getByRole('button', { name: 'Analyse', exact: true }).click();
    await page.waitForURL(/#\/analysis$/);
    await page.locator('.article-body').waitFor();
    expect(await page.textContent('.article-body')).toContain("<img src=x onerror=alert('pasted img')>");
    await expectInert();
  });
});

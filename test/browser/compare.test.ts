/**
 * The side-by-side comparison page in chromium, on the invented Amberlow story (test/compare-cases): picking
 * articles, whom each quotes, figures that differ, loaded terms, every finding reachable by keyboard and shown
 * in its article's text, and no sideways scrolling at 390 px. Screenshots as in ui.test.ts.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agency, localPaper, teldranOutlet, wireCopy } from '../compare-cases/amberlow-rockets.js';
import { buildArticle } from '../compare-cases/build.js';
import { contrastFailures, HAS_CHROMIUM, launchBrowser, REPO, startServer, watch, type Browser, type TestServer } from './support.js';

const SCREENSHOTS = process.env['PRESSLENS_SCREENSHOTS'] ? resolve(REPO, process.env['PRESSLENS_SCREENSHOTS']) : mkdtempSync(join(tmpdir(), 'presslens-shots-'));

describe.skipIf(!HAS_CHROMIUM)('compare page in chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let seen: ReturnType<typeof watch>;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const articles = [localPaper, teldranOutlet, agency, wireCopy].map((spec) => buildArticle(spec));
    [server, browser] = await Promise.all([startServer(articles), launchBrowser()]);
    page = await browser.context.newPage();
    seen = watch(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The text of each cell of the grid row whose header is `head`, by outlet. */
  const row = (grid: string, head: string) => page.evaluate(([label, name]) => {
    const table = document.querySelector(`[role=table][aria-label="${label}"]`);
    const found = [...(table?.querySelectorAll('[role=row]') ?? [])].find((r) => r.querySelector('[role=rowheader]')?.textContent?.startsWith(name!));
    if (!found) return null;
    return Object.fromEntries([...found.querySelectorAll('[role=cell]')].map((cell) => {
      const outlet = cell.querySelector('.cell-label')!.textContent!;
      const copy = cell.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.cell-label, .sr-only').forEach((e) => e.remove());
      return [outlet, copy.textContent!.trim()];
    }));
  }, [grid, head]);

  it('picks three articles of the story from the corpus', async () => {
    await page.goto(`${server.url}/#/compare`);
    await page.getByRole('heading', { level: 1, name: 'Compare coverage' }).waitFor();
    for (const spec of [localPaper, teldranOutlet, agency]) {
      await page.getByRole('button', { name: `Add “${spec.title}”` }).click();
      await page.getByRole('button', { name: `Remove “${spec.title}”` }).waitFor();
    }
    await page.getByRole('heading', { level: 2, name: 'Who is quoted' }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/compare?id=${localPaper.id}&id=${teldranOutlet.id}&id=${agency.id}`);
    expect(await page.locator('.grid-head').first().locator('[role=columnheader]').allTextContents()).toEqual(['Article', localPaper.siteName, teldranOutlet.siteName, agency.siteName]);
  });

  it('lines up speakers, figures, sentences, names and loaded terms per article', async () => {
    expect(await row('Speaker', 'Pavel Dorn')).toEqual({
      [localPaper.siteName]: 'quoted, 1 quote', [teldranOutlet.siteName]: 'not in this article', [agency.siteName]: 'not in this article',
    });
    expect(await row('Speaker', 'Rami Telek')).toMatchObject({ [localPaper.siteName]: 'not in this article', [agency.siteName]: 'quoted, 1 quote' });
    const rockets = await row('Figure', 'rocket');
    expect(rockets).toMatchObject({ [localPaper.siteName]: '“100 rockets”', [agency.siteName]: '“dozens of rockets”' });
    expect(await page.locator('[aria-label=Figure] [role=rowheader]').filter({ hasText: 'rocket' }).first().textContent()).toContain('conflicting');
    const shared = await page.locator('[aria-label="Shared sentence"] [role=row]:not(.grid-head)').count();
    expect(shared).toBeGreaterThan(0);
    expect(await row('Name', 'Pavel Dorn')).toMatchObject({ [localPaper.siteName]: 'named', [agency.siteName]: 'left out' });
    const loaded = await page.locator('[aria-label=Referent]').textContent();
    expect(loaded).toContain('regime');
    expect(loaded).toContain('martyred');
    expect(await contrastFailures(page)).toEqual([]);
  });

  it('reaches a finding by keyboard, shows its span in the article text and comes back on Escape', async () => {
    await page.getByRole('heading', { level: 1 }).focus();
    const focused = () => page.evaluate(() => {
      const e = document.activeElement as HTMLElement | null;
      const copy = e?.cloneNode(true) as HTMLElement | undefined;
      copy?.querySelectorAll('.sr-only').forEach((hidden) => hidden.remove());
      const cell = e?.closest('[role=cell]');
      return {
        tag: e?.tagName ?? '', cls: e?.className ?? '', text: copy?.textContent ?? '',
        row: cell?.parentElement?.querySelector('[role=rowheader]')?.textContent ?? '', outlet: cell?.querySelector('.cell-label')?.textContent ?? '',
      };
    });
    for (let presses = 0; presses < 80 && !(await focused()).text.startsWith('quoted, '); presses++) await page.keyboard.press('Tab');
    const button = await focused();
    expect(button).toMatchObject({ tag: 'BUTTON', cls: 'cite' });
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused()).tag).toBe('MARK');
    // The mark is a quote by the row's speaker, in the text of the cell's outlet.
    const spec = [localPaper, teldranOutlet, agency].find((s) => s.siteName === button.outlet)!;
    const article = buildArticle(spec);
    const quotes = article.quotes.filter((q) => q.speaker.name === button.row).map((q) => article.text.slice(q.start, q.end));
    expect(quotes).toContain((await focused()).text);
    expect(await page.locator('mark.target').evaluate((m) => m.closest('article')?.getAttribute('aria-label'))).toBe(`Text of ${spec.siteName}`);
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await focused()).tag).toBe('BUTTON');
    expect((await focused()).text).toBe(button.text);
  });

  it('fits 390 px without scrolling sideways, with every cell naming its outlet', async () => {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 1280 ? 900 : 844 });
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), { timeout: 5000 }).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(SCREENSHOTS, `compare-${width}.png`), fullPage: true });
    }
    expect(await page.locator('.cell-label').first().isVisible()).toBe(true);
    expect(await page.locator('.grid-head').first().isVisible()).toBe(false);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('suggests the other coverage of the first article\'s story, and raised no console errors on the way', async () => {
    await page.goto(`${server.url}/#/compare?id=${agency.id}`);
    const suggestions = page.locator('.same-story');
    await suggestions.getByRole('button', { name: `Add “${wireCopy.title}”` }).click();
    await page.getByText(/^Same wire text:/).waitFor();
    expect(await page.getByText(/^Same wire text:/).textContent()).toContain(`${agency.siteName} and ${wireCopy.siteName}`);
    await suggestions.getByText('All of them are compared.').waitFor();
    expect(seen.errors).toEqual([]);
    expect(seen.dialogs).toEqual([]);
  });
});

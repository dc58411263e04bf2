/**
 * A server that opens nothing without its token (`--open nobody`, or reads from another machine): the UI asks
 * for the token where the 401 happened, says plainly when the token is wrong, keeps it in session storage only
 * and sends it as a Bearer header on every API call, analysing included.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferryArticle } from '../../src/test-support/fixture-articles.js';
import { HAS_CHROMIUM, launchBrowser, startServer, TEST_TOKEN, watch, type Browser, type TestServer } from './support.js';

describe.skipIf(!HAS_CHROMIUM)('access token in the UI', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const authorization: (string | null)[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer([ferryArticle], { open: 'nobody' }), launchBrowser()]);
    page = await browser.context.newPage();
    watch(page);
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) authorization.push(request.headers()['authorization'] ?? null);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const main = () => page.locator('main');
  const enterToken = async (token: string) => {
    await main().locator('input[name=token]').fill(token);
    await main().getByRole('button', { name: 'Use this token' }).click();
  };

  it('asks for the token on a 401 and says when the one given is refused', async () => {
    await page.goto(`${server.url}/`);
    await main().getByText('This server needs an access token').waitFor();
    expect(authorization).toEqual([null]);
    await enterToken('not-the-token');
    await main().getByText('The server refused the access token saved in this tab').waitFor();
    expect(authorization.at(-1)).toBe('Bearer not-the-token');
  });

  it('loads with the right token, keeps it for the tab only and sends it when analysing', async () => {
    await enterToken(TEST_TOKEN);
    await main().getByRole('link', { name: ferryArticle.title! }).waitFor();
    expect(authorization.at(-1)).toBe(`Bearer ${TEST_TOKEN}`);
    expect(await page.evaluate(() => [sessionStorage.getItem('presslens.token'), localStorage.length])).toEqual([TEST_TOKEN, 0]);

    await page.fill('textarea[name=text]', 'The harbour master of Northport resigned on Friday. Nobody at the pier knew why.');
    await page.getByRole('button', { name: 'Analyse', exact: true }).click();
    await page.waitForURL(/#\/analysis$/);
    await page.locator('.article-body').waitFor();
    expect(authorization.at(-1)).toBe(`Bearer ${TEST_TOKEN}`);

    // A reload of the tab keeps it (session storage); the article page loads without asking again.
    await page.goto(`${server.url}/#/articles/${ferryArticle.id}`);
    await page.getByRole('heading', { level: 1, name: ferryArticle.title! }).waitFor();
  });

  it('forgets the token from the header menu, and the next load asks again', async () => {
    await page.locator('.token-menu summary').click();
    await page.locator('.token-menu').getByRole('button', { name: 'Forget the saved token' }).click();
    await main().getByText('This server needs an access token').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('presslens.token'))).toBeNull();
  });
});

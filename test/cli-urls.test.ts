// `presslens analyze URL` against a local server: decoding, redirects, limits and failures.
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPage } from '../src/cli/fetch.js';
import { articleProblems } from '../src/test-support/schema.js';
import { runCliAsync } from '../src/test-support/cli.js';
import { articlePage, jsonLines, startServer, type TestServer } from './helpers.js';

const LIMITS = { timeoutMs: 5_000, maxBytes: 200_000, maxRedirects: 3 };
let server: TestServer;
let userAgent = '';

beforeAll(async () => {
  server = await startServer({
    '/article': (req, res) => {
      userAgent = req.headers['user-agent'] ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(articlePage('Ferry timetable changes', '<p>The winter timetable starts on Monday, with two fewer sailings a day to Gull Island.</p>'));
    },
    '/latin': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=windows-1252' });
      res.end(iconv.encode(articlePage('Café reopens', '<p>The café on the quay reopened with crème brûlée at £3 — “a local favourite”.</p>'), 'windows-1252'));
    },
    '/plain': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' });
      res.end(iconv.encode('Résumé of the harbour board meeting.\n\nThe board met on Thursday.', 'latin1'));
    },
    '/moved': (_req, res) => {
      res.writeHead(301, { location: '/article' });
      res.end();
    },
    '/loop': (_req, res) => {
      res.writeHead(302, { location: '/loop' });
      res.end();
    },
    '/report.pdf': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end('%PDF-1.4\n%âãÏÓ\n');
    },
    '/slow': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html><body><p>The first part arrives');
      // …and the rest never does within the test's fetch timeout.
    },
    '/huge-declared': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(LIMITS.maxBytes + 1) });
      res.end('x'.repeat(LIMITS.maxBytes + 1));
    },
    '/huge-streamed': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = '<p>' + 'word '.repeat(2_000) + '</p>';
      for (let sent = 0; sent <= LIMITS.maxBytes; sent += chunk.length) res.write(chunk);
      res.end();
    },
    '/error': (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end('busy');
    },
  });
});
afterAll(() => server.close());

describe('fetching a URL', () => {
  it('fetches a page with a clear user agent', async () => {
    const input = await fetchPage(`${server.url}/article`, LIMITS);
    expect(input.url).toBe(`${server.url}/article`);
    expect(Buffer.from(input.html as Uint8Array).toString()).toContain('winter timetable');
    expect(userAgent).toMatch(/^presslens\/\S+ \(/);
  });

  it('follows redirects and reports the final URL', async () => {
    expect((await fetchPage(`${server.url}/moved`, LIMITS)).url).toBe(`${server.url}/article`);
  });

  it('stops after too many redirects', async () => {
    await expect(fetchPage(`${server.url}/loop`, LIMITS)).rejects.toThrow(`${server.url}/loop: more than 3 redirects`);
  });

  it('refuses a 404, a server error and a PDF with the input named', async () => {
    await expect(fetchPage(`${server.url}/gone`, LIMITS)).rejects.toMatchObject({ code: 'not-found', message: `${server.url}/gone: HTTP 404 Not Found` });
    await expect(fetchPage(`${server.url}/error`, LIMITS)).rejects.toMatchObject({ code: 'fetch-failed' });
    await expect(fetchPage(`${server.url}/report.pdf`, LIMITS)).rejects.toMatchObject({
      code: 'unsupported-content-type', message: `${server.url}/report.pdf: content type application/pdf is not HTML or text`,
    });
  });

  it('gives up on a server slower than the fetch timeout', async () => {
    await expect(fetchPage(`${server.url}/slow`, { ...LIMITS, timeoutMs: 300 })).rejects.toMatchObject({
      code: 'timeout', message: `${server.url}/slow: no complete response within 300 ms`,
    });
  });

  it('refuses bodies over the size limit, declared or streamed', async () => {
    await expect(fetchPage(`${server.url}/huge-declared`, LIMITS)).rejects.toMatchObject({ code: 'too-large' });
    await expect(fetchPage(`${server.url}/huge-streamed`, LIMITS)).rejects.toMatchObject({ code: 'too-large' });
  });

  it('decodes plain text with the charset of its header', async () => {
    const input = await fetchPage(`${server.url}/plain`, LIMITS);
    expect(input.text).toBe('Résumé of the harbour board meeting.\n\nThe board met on Thursday.');
  });
});

describe('presslens analyze URL ...', () => {
  it('analyses pages over http, decodes windows-1252 from the header, and goes on past failures in input order', async () => {
    const urls = ['/article', '/latin', '/gone', '/report.pdf', '/loop', '/huge-streamed'].map((p) => server.url + p);
    const result = await runCliAsync(['analyze', ...urls, '--format', 'jsonl', '--max-bytes', String(LIMITS.maxBytes)]);
    expect(result.status).toBe(1);
    const out = jsonLines(result.stdout);
    expect(out).toHaveLength(urls.length);
    expect(out[0]!['text']).toContain('two fewer sailings');
    expect(out[1]!['text']).toContain('crème brûlée at £3 — “a local favourite”');
    for (const article of out.slice(0, 2)) expect(articleProblems(article as never)).toEqual([]);
    expect(out.slice(2).map((o) => (o['error'] as { code: string }).code)).toEqual(['not-found', 'unsupported-content-type', 'fetch-failed', 'too-large']);
    const errors = result.stderr.trim().split('\n');
    expect(errors).toHaveLength(4);
    for (const [i, line] of errors.entries()) expect(line.startsWith(`presslens: ${urls[i + 2]}: `)).toBe(true);
  });

  it('fetches the "url" of JSONL lines that carry no html or text, keeping ids and order', async () => {
    const lines = [
      JSON.stringify({ id: 'fetched', url: `${server.url}/article` }),
      JSON.stringify({ id: 'missing', url: `${server.url}/gone` }),
      JSON.stringify({ id: 'given', url: `${server.url}/never-fetched`, text: 'Given text wins over the url.' }),
    ].join('\n');
    const result = await runCliAsync(['analyze', '--input-format', 'jsonl'], lines);
    expect(result.status).toBe(1);
    const out = jsonLines(result.stdout);
    expect(out.map((o) => o['id'])).toEqual(['fetched', 'missing', 'given']);
    expect(out[0]!['text']).toContain('two fewer sailings');
    expect(out[1]!['error']).toMatchObject({ code: 'not-found' });
    expect(out[2]).toMatchObject({ text: 'Given text wins over the url.', url: `${server.url}/never-fetched` });
  });

  it('names a URL that does not answer within --fetch-timeout', async () => {
    // The server never finishes this response, so any timeout triggers; the machine's speed does not matter.
    const result = await runCliAsync(['analyze', `${server.url}/slow`, '--format', 'jsonl', '--fetch-timeout', '200']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`presslens: ${server.url}/slow: no complete response within 200 ms\n`);
  });
});

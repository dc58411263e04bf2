import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPipeline } from '../core/pipeline.js';
import { PresslensError } from '../core/errors.js';
import { FIXTURE_ARTICLES, ferryArticle, followUpArticle } from '../test-support/fixture-articles.js';
import { postgresUnavailable, startCluster, type ThrowawayCluster } from '../test-support/postgres.js';
import { createApp, type AppOptions } from './app.js';
import type { Corpus } from './corpus.js';
import { MemoryCorpus } from './memory-corpus.js';
import { openApiDocument } from './openapi.js';
import { StoreCorpus } from './store-corpus.js';
import { openStore } from '../store/open.js';

const TOKEN = 'test-token-123';
const pipeline = createPipeline();

/** What @hono/node-server passes as env: the peer socket. */
const LOCAL = { incoming: { socket: { remoteAddress: '127.0.0.1' } } };
const REMOTE = { incoming: { socket: { remoteAddress: '203.0.113.9' } } };

type App = ReturnType<typeof createApp>;

/**
 * Every corpus the server runs on answers the same route tests; each test gets a fresh corpus of the fixtures
 * (for PostgreSQL, a fresh database in one throwaway cluster started on first use).
 */
const scratch = mkdtempSync(join(tmpdir(), 'presslens-corpus-'));
const stores: StoreCorpus[] = [];
const pgMissing = postgresUnavailable();
if (pgMissing) console.warn(`server routes: the StoreCorpus on PostgreSQL half is SKIPPED: ${pgMissing}`);
let cluster: Promise<ThrowawayCluster> | null = null;

async function storeCorpus(target: string): Promise<StoreCorpus> {
  const corpus = await StoreCorpus.open(target);
  stores.push(corpus);
  await corpus.ingest([...FIXTURE_ARTICLES]);
  return corpus;
}

const CORPORA: { name: string; skip: string | null; create: () => Promise<Corpus> }[] = [
  { name: 'MemoryCorpus', skip: null, create: async () => new MemoryCorpus([...FIXTURE_ARTICLES]) },
  { name: 'StoreCorpus on SQLite', skip: null, create: () => storeCorpus(join(scratch, `corpus-${stores.length}.db`)) },
  {
    name: 'StoreCorpus on PostgreSQL',
    skip: pgMissing,
    create: async () => {
      cluster ??= startCluster();
      return storeCorpus((await cluster).createDatabase(`corpus_${stores.length}`));
    },
  },
];

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  if (cluster) (await cluster).stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function call(app: App, path: string, init: RequestInit & { env?: object; host?: string } = {}) {
  const headers = new Headers(init.headers);
  headers.set('host', init.host ?? 'localhost:8417');
  const response = await app.request(`http://localhost:8417${path}`, { ...init, headers }, init.env ?? LOCAL);
  const type = response.headers.get('content-type') ?? '';
  // Responses are checked field by field below; typing each shape here would only repeat corpus.ts.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const body: any = type.includes('json') ? await response.json() : await response.text();
  return { status: response.status, type, body, headers: response.headers };
}

const postJson = (body: unknown, extra: Record<string, string> = {}) => ({
  method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...extra },
});

describe.each(CORPORA)('server on $name', ({ skip, create }) => {
  if (skip) {
    it.skip(`skipped: ${skip}`, () => undefined);
    return;
  }

  async function makeApp(overrides: Partial<AppOptions> = {}): Promise<App> {
    return createApp({
      corpus: await create(),
      analyze: async (input) => pipeline.analyze(input),
      token: TOKEN,
      webRoot: null,
      log: () => undefined,
      ...overrides,
    });
  }

  describe('analyse endpoint', () => {
    it('analyses text, HTML and raw bodies without storing them', async () => {
      const app = await makeApp();
      const text = await call(app, '/api/analyze', postJson({ text: 'The ferry leaves at noon. It returns at six.' }));
      expect(text.status).toBe(200);
      expect(text.body.schema).toBe('presslens.article/1');
      expect(text.body.sentences).toHaveLength(2);

      const html = await call(app, '/api/analyze', { method: 'POST', body: '<html><head><title>Ferry</title></head><body><article><p>The ferry leaves at noon today from the pier.</p></article></body></html>', headers: { 'content-type': 'text/html; charset=utf-8' } });
      expect(html.status).toBe(200);
      expect(html.body.text).toContain('The ferry leaves at noon');

      const raw = await call(app, '/api/analyze?verbatim=true', { method: 'POST', body: '  Exactly this.  ', headers: { 'content-type': 'text/plain' } });
      expect(raw.body.text).toBe('  Exactly this.  ');

      const stored = await call(app, `/api/articles/${text.body.id}`);
      expect(stored.status).toBe(404);
    });

    it('fetches a URL through the configured fetcher, keeping the given id', async () => {
      const fetched: string[] = [];
      const app = await makeApp({ fetchPage: async (url) => { fetched.push(url); return { html: '<p>Fetched page body about the harbour.</p>', url, label: url }; } });
      const result = await call(app, '/api/analyze', postJson({ url: 'https://northport-gazette.example/x', id: 'mine' }));
      expect(fetched).toEqual(['https://northport-gazette.example/x']);
      expect(result.body.id).toBe('mine');
      expect(result.body.url).toBe('https://northport-gazette.example/x');
    });

    it('answers bad input with problem+json naming the problem', async () => {
      const app = await makeApp();
      const cases: [RequestInit, number, string][] = [
        [{ method: 'POST', body: '{not json', headers: { 'content-type': 'application/json' } }, 400, 'invalid-json'],
        [postJson({ text: 'a', html: '<p>b</p>' }), 400, 'invalid-input'],
        [postJson({ url: 'file:///etc/passwd' }), 400, 'invalid-input'],
        [postJson([1, 2]), 400, 'invalid-input'],
        [postJson({ text: '   ' }), 422, 'empty-input'],
        [{ method: 'POST', body: 'x', headers: { 'content-type': 'application/pdf' } }, 415, 'unsupported-content-type'],
      ];
      for (const [init, status, code] of cases) {
        const result = await call(app, '/api/analyze', init);
        expect({ status: result.status, code: result.body.code }).toEqual({ status, code });
        expect(result.type).toBe('application/problem+json');
        expect(result.body.detail).toEqual(expect.any(String));
      }
    });

    it('refuses bodies over the size limit with 413', async () => {
      const app = await makeApp({ maxBodyBytes: 1000 });
      const result = await call(app, '/api/analyze', postJson({ text: 'word '.repeat(400) }));
      expect(result.status).toBe(413);
      expect(result.body.code).toBe('too-large');
    });

    it('judges a declared Content-Length without reading the body, and counts a chunked body as it arrives', async () => {
      let analysed = 0;
      const app = await makeApp({ maxBodyBytes: 1000, analyze: async (input) => { analysed++; return pipeline.analyze(input); } });
      const declared = await call(app, '/api/analyze', postJson({ text: 'short' }, { 'content-length': '5000' }));
      expect({ status: declared.status, code: declared.body.code }).toEqual({ status: 413, code: 'too-large' });

      const chunked = (parts: string[]) => ({
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        duplex: 'half',
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
            controller.close();
          },
        }),
      }) as RequestInit;
      const over = await call(app, '/api/analyze', chunked(['{"text": "', 'word '.repeat(150), 'word '.repeat(150), '"}']));
      expect({ status: over.status, code: over.body.code }).toEqual({ status: 413, code: 'too-large' });
      expect(analysed).toBe(0);

      const under = await call(app, '/api/analyze', chunked(['{"text": "The ferry ', 'leaves at noon."}']));
      expect(under.status).toBe(200);
      expect(under.body.text).toBe('The ferry leaves at noon.');
    });

    it('sends the JSON text of analyzeToJson as it is', async () => {
      const sent: string[] = [];
      const app = await makeApp({
        analyzeToJson: async (input) => {
          const json = JSON.stringify(pipeline.analyze(input));
          sent.push(json);
          return json;
        },
      });
      const response = await app.request('http://localhost:8417/api/analyze', { ...postJson({ text: 'The ferry leaves at noon.' }), headers: { 'content-type': 'application/json', host: 'localhost:8417' } }, LOCAL);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.text()).toBe(sent[0]);
    });
  });

  describe('access', () => {
    it('keeps reads and analysis open on this machine but not to other machines', async () => {
      const app = await makeApp();
      expect((await call(app, '/api/search?q=ferry')).status).toBe(200);
      const remote = await call(app, '/api/search?q=ferry', { env: REMOTE });
      expect(remote.status).toBe(401);
      expect(remote.headers.get('www-authenticate')).toContain('Bearer');
      expect((await call(app, '/api/search?q=ferry', { env: REMOTE, headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
      expect((await call(app, '/api/analyze', { ...postJson({ text: 'Hello there.' }), env: REMOTE })).status).toBe(401);
    });

    it('does not treat a loopback peer with a foreign Host header as local (DNS rebinding)', async () => {
      const app = await makeApp();
      expect((await call(app, '/api/search?q=ferry', { host: 'attacker.example' })).status).toBe(401);
    });

    it('can open reads to everyone, or to nobody without the token', async () => {
      expect((await call(await makeApp({ open: 'everyone' }), '/api/search', { env: REMOTE })).status).toBe(200);
      expect((await call(await makeApp({ open: 'nobody' }), '/api/search')).status).toBe(401);
    });

    it('requires the token for writes, even from this machine, and rejects a wrong one', async () => {
      const app = await makeApp();
      const body = { items: [{ id: 'new-one', text: 'The harbour master resigned on Friday. Nobody knows why.' }] };
      expect((await call(app, '/api/ingest', postJson(body))).status).toBe(401);
      const wrong = await call(app, '/api/ingest', postJson(body, { authorization: 'Bearer nope' }));
      expect(wrong.status).toBe(401);
      expect(wrong.body.detail).toContain('token');
      const ok = await call(app, '/api/ingest', postJson(body, { authorization: `Bearer ${TOKEN}` }));
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ stored: ['new-one'], duplicates: [], errors: [] });
      expect((await call(app, '/api/articles/new-one')).body.id).toBe('new-one');
    });
  });

  describe('corpus routes', () => {
    it('serves an article, search with filters, quotes, entities and outlets', async () => {
      const app = await makeApp();
      expect((await call(app, `/api/articles/${ferryArticle.id}`)).body).toEqual(ferryArticle);

      const search = await call(app, '/api/search?q=ferry%20council');
      expect(search.body.items.map((i: { id: string }) => i.id)).toEqual(['northport-ferry-vote']);
      const hit = search.body.items[0];
      for (const h of hit.snippet.highlights) expect(hit.snippet.text.slice(h.start, h.end).toLowerCase()).toMatch(/^(ferry|council)$/);

      const byOutlet = await call(app, '/api/search?outlet=gull-island-herald.example');
      expect(byOutlet.body.items.map((i: { id: string }) => i.id)).toEqual(['gull-island-timetable']);
      expect((await call(app, '/api/search?speaker=Priya%20Anand')).body.total).toBe(1);
      expect((await call(app, '/api/search?technique=Doubt')).body.total).toBe(1);
      expect((await call(app, '/api/search?from=2026-03-15&to=2026-03-31')).body.items.map((i: { id: string }) => i.id)).toEqual(['gull-island-timetable']);

      const quotes = await call(app, '/api/quotes?speaker=person:elena-varga');
      expect(quotes.body.total).toBe(3);
      expect(quotes.body.items.every((q: { speaker: { name: string } }) => q.speaker.name === 'Elena Varga')).toBe(true);

      const entities = await call(app, '/api/entities?name=elena%20varga');
      expect(entities.body.items).toEqual([{ id: 'person:elena-varga', name: 'Elena Varga', type: 'PERSON', articles: 2, mentions: 2, quotes: 3 }]);

      const entity = await call(app, '/api/entities/person%3Aelena-varga');
      expect(entity.body.quotesBy).toHaveLength(3);
      expect(entity.body.mentionedIn).toHaveLength(2);
      expect(entity.body.coMentions.find((c: { name: string }) => c.name === 'Blue Tern Lines').articles).toBe(2);
      expect(entity.body.coMentionLinks.length).toBeGreaterThan(0);

      const outlet = await call(app, '/api/outlets/www.northport-gazette.example');
      expect(outlet.body.domain).toBe('northport-gazette.example');
      expect(outlet.body.articles).toBe(1);
      expect(outlet.body.namedSourcesPerArticle).toBe(2);
      const shares = Object.values(outlet.body.voiceShare as Record<string, number>);
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    });

    it('pages a search: each page holds its own hits and every page reports the same total', async () => {
      const app = await makeApp();
      const all = (await call(app, '/api/search?limit=100')).body;
      expect(all.total).toBe(FIXTURE_ARTICLES.length);
      const pages = [];
      for (let offset = 0; offset < all.total; offset++) pages.push((await call(app, `/api/search?limit=1&offset=${offset}`)).body);
      expect(pages.map((p) => p.total)).toEqual(pages.map(() => all.total));
      expect(pages.flatMap((p) => p.items.map((i: { id: string }) => i.id))).toEqual(all.items.map((i: { id: string }) => i.id));
      const past = (await call(app, `/api/search?limit=2&offset=${all.total + 5}`)).body;
      expect(past).toEqual({ total: all.total, items: [] });
      const text = (await call(app, '/api/search?q=ferry&limit=1')).body;
      expect(text.items).toHaveLength(1);
      expect(text.total).toBe((await call(app, '/api/search?q=ferry&limit=100')).body.items.length);
    });

    it('validates query parameters and reports unknown ids and routes as 404', async () => {
      const app = await makeApp();
      expect((await call(app, '/api/search?limit=1000')).body.code).toBe('invalid-input');
      expect((await call(app, '/api/search?voice=loud')).status).toBe(400);
      expect((await call(app, '/api/search?from=yesterday')).status).toBe(400);
      expect((await call(app, '/api/entities/nobody')).status).toBe(404);
      expect((await call(app, '/api/outlets/nowhere.example')).status).toBe(404);
      const route = await call(app, '/api/nothing');
      expect(route.status).toBe(404);
      expect(route.type).toBe('application/problem+json');
    });

    it('compares stored articles side by side: the coverage diff and their sentences', async () => {
      const app = await makeApp();
      const ids = [ferryArticle.id, followUpArticle.id];
      const result = await call(app, `/api/compare?id=${ids.join('&id=')}`);
      expect(result.status).toBe(200);
      expect(result.body.diff.schema).toBe('presslens.coverage-diff/1');
      expect(result.body.diff.articles.map((a: { id: string }) => a.id)).toEqual(ids);
      const varga = result.body.diff.speakers.find((s: { name: string }) => s.name === 'Elena Varga');
      expect(varga.quotedBy.map((q: { articleId: string }) => q.articleId)).toEqual(ids);
      const anand = result.body.diff.speakers.find((s: { name: string }) => s.name === 'Priya Anand');
      expect(anand.absentFrom).toEqual([ferryArticle.id]);
      // Every sentence of each article appears once, as a span of its own text.
      for (const article of [ferryArticle, followUpArticle]) {
        const spans = result.body.sentences.flatMap((g: { occurrences: { articleId: string; start: number; end: number; text: string }[] }) => g.occurrences).filter((o: { articleId: string }) => o.articleId === article.id);
        expect(spans.map((o: { start: number; end: number }) => ({ start: o.start, end: o.end }))).toEqual(article.sentences.map(({ start, end }) => ({ start, end })));
      }
    });

    it('finds the other coverage of an article\'s story with the story clusterer', async () => {
      const corpus = await create();
      // A wire copy of the ferry story, and another story (an invented flood) published the same day.
      const copy = { ...ferryArticle, id: 'ferry-vote-wire-copy', url: 'https://harbour-wire.example/ferry-vote', siteName: 'Harbour Wire', text: `${ferryArticle.text}\n\nReporting by Harbour Wire.` };
      const flood = pipeline.analyze({
        id: 'harrowmere-flood', url: 'https://valley-post.example/flood', publishedAt: ferryArticle.publishedAt!,
        text: 'The Tamsel river burst its banks in Harrowmere on Tuesday, flooding 40 homes. Firefighters rescued a family of five from a roof on Mill Lane. Mayor Ida Brenn said the province had been warned about the levee for years.',
      });
      await corpus.ingest([copy, flood]);
      const app = await makeApp({ corpus });
      const story = await call(app, `/api/articles/${ferryArticle.id}/same-story`);
      expect(story.body.items.map((a: { id: string }) => a.id)).toEqual(['ferry-vote-wire-copy']);
      expect(story.body.items[0].title).toBe(ferryArticle.title);
      expect((await call(app, `/api/articles/${flood.id}/same-story`)).body.items).toEqual([]);
      expect((await call(app, '/api/articles/nowhere/same-story')).status).toBe(404);
    });

    it('refuses to compare fewer than two, unknown or repeated articles', async () => {
      const app = await makeApp();
      expect((await call(app, `/api/compare?id=${ferryArticle.id}`)).body.code).toBe('invalid-input');
      expect((await call(app, `/api/compare?id=${ferryArticle.id}&id=${ferryArticle.id}`)).body.code).toBe('invalid-input');
      const missing = await call(app, `/api/compare?id=${ferryArticle.id}&id=nowhere`);
      expect(missing.status).toBe(404);
      expect(missing.body.detail).toContain('"nowhere"');
      expect((await call(app, `/api/compare?id=${ferryArticle.id}&id=${followUpArticle.id}`, { env: REMOTE })).status).toBe(401);
    });

    it('reports per-document ingest errors without failing the others', async () => {
      const app = await makeApp();
      const result = await call(app, '/api/ingest', postJson({ items: [{ text: '' }, { id: ferryArticle.id, text: 'Same id again, a duplicate.' }, { id: 'ok', text: 'A fine article body.' }] }, { authorization: `Bearer ${TOKEN}` }));
      expect(result.body.stored).toEqual(['ok']);
      expect(result.body.duplicates).toEqual([ferryArticle.id]);
      expect(result.body.errors).toEqual([{ index: 0, id: null, error: { code: 'empty-input', message: expect.any(String) } }]);
    });
  });

  describe('errors, limits and headers', () => {
    it('turns an unexpected failure into a 500 that reveals nothing', async () => {
      const logged: string[] = [];
      const app = await makeApp({ analyze: async () => { throw new TypeError('secret internal detail'); }, log: (m) => logged.push(m) });
      const result = await call(app, '/api/analyze', postJson({ text: 'Hello.' }));
      expect(result.status).toBe(500);
      expect(JSON.stringify(result.body)).not.toContain('secret');
      expect(logged.join('\n')).toContain('secret internal detail');
    });

    it('maps PresslensError codes to statuses', async () => {
      const app = await makeApp({ analyze: async () => { throw new PresslensError('timeout', 'took too long'); } });
      expect((await call(app, '/api/analyze', postJson({ text: 'Hello.' }))).status).toBe(504);
    });

    it('answers 503 busy when too many analyses are queued, and recovers', async () => {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const app = await makeApp({ maxPendingAnalyses: 1, analyze: async (input) => { await gate; return pipeline.analyze(input); } });
      const first = call(app, '/api/analyze', postJson({ text: 'First document.' }));
      const second = await call(app, '/api/analyze', postJson({ text: 'Second document.' }));
      expect(second.status).toBe(503);
      expect(second.body.code).toBe('busy');
      expect(second.headers.get('retry-after')).toBe('1');
      release();
      expect((await first).status).toBe(200);
      expect((await call(app, '/api/analyze', postJson({ text: 'Third document.' }))).status).toBe(200);
    });

    it('rate-limits per client with 429 and Retry-After', async () => {
      const app = await makeApp({ rateLimit: { max: 2, windowMs: 60_000 } });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(app, '/api/health')).status);
      expect(statuses).toEqual([200, 200, 429]);
      const limited = await call(app, '/api/health');
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await call(app, '/api/health', { env: REMOTE })).status).toBe(200);
    });

    it('sends no CORS headers by default, and only for listed origins when configured', async () => {
      const plain = await call(await makeApp(), '/api/health', { headers: { origin: 'https://elsewhere.example' } });
      expect(plain.headers.get('access-control-allow-origin')).toBeNull();
      const app = await makeApp({ corsOrigins: ['https://tools.example'] });
      expect((await call(app, '/api/health', { headers: { origin: 'https://tools.example' } })).headers.get('access-control-allow-origin')).toBe('https://tools.example');
      expect((await call(app, '/api/health', { headers: { origin: 'https://elsewhere.example' } })).headers.get('access-control-allow-origin')).toBeNull();
    });

    it('sets security headers on every response, errors included', async () => {
      for (const path of ['/api/health', '/api/nothing']) {
        const { headers } = await call(await makeApp(), path);
        expect(headers.get('content-security-policy')).toContain("default-src 'none'");
        expect(headers.get('x-content-type-options')).toBe('nosniff');
      }
    });
  });

  describe('OpenAPI document', () => {
    it('describes exactly the routes the app serves', async () => {
      const app = await makeApp();
      const served = new Set(app.routes
        .filter((r) => r.method !== 'ALL' && r.path !== '/*' && !(r.path.startsWith('/api/') && r.path.endsWith('*')))
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`));
      const documented = new Set(Object.entries(openApiDocument.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)));
      expect([...served].sort()).toEqual([...documented].sort());
      const doc = await call(app, '/openapi.json');
      expect(doc.body.openapi).toBe('3.1.0');
      expect(doc.body.components.schemas.Article.$id).toContain('article');
    });
  });
});

describe('search over a store', () => {
  it('asks the store for the page only, and counts the matches up to a bound', async () => {
    const store = await openStore(join(scratch, 'paging.db'));
    const calls: { method: string; args: unknown[] }[] = [];
    // Records what the server asks of the store; every call goes through to it.
    const recorded = new Proxy(store, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push({ method: String(property), args });
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const corpus = new StoreCorpus(recorded);
    stores.push(corpus);
    await corpus.ingest([...FIXTURE_ARTICLES]);
    const app = createApp({ corpus, analyze: async (input) => pipeline.analyze(input), token: TOKEN, webRoot: null, log: () => undefined });
    calls.length = 0;
    const body = (await call(app, '/api/search?limit=1&offset=1')).body;
    expect(body.items).toHaveLength(1);
    expect(body.total).toBe(FIXTURE_ARTICLES.length);
    const searches = calls.filter((c) => c.method === 'search');
    expect(searches).toHaveLength(1);
    expect(searches[0]!.args[0]).toMatchObject({ limit: 1, offset: 1 });
    expect(calls.find((c) => c.method === 'countArticles')?.args[1]).toBe(1001);
    // A last page that is not full settles the total without counting.
    calls.length = 0;
    expect((await call(app, `/api/search?limit=2&offset=${FIXTURE_ARTICLES.length - 1}`)).body.total).toBe(FIXTURE_ARTICLES.length);
    expect(calls.some((c) => c.method === 'countArticles')).toBe(false);
  });
});

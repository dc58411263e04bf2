/**
 * The HTTP API and web UI of `presslens serve`, as a Hono app built by `createApp(options)` so that tests
 * drive it with `app.request()` and the command serves it with @hono/node-server.
 * Routes, bodies and errors are described in openapi.ts (served at /openapi.json) and docs/SERVER.md.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { ArticleJson } from '../core/article.js';
import { PresslensError, toPresslensError } from '../core/errors.js';
import type { AnalyzeInput } from '../core/input.js';
import { DEFAULT_FETCH_LIMITS, fetchPage } from '../cli/fetch.js';
import { authorize, type OpenAccess, type Permission } from './access.js';
import { bodyLimit } from './body-limit.js';
import { compareStored, sameStory } from './comparison.js';
import type { Corpus } from './corpus.js';
import { openApiDocument } from './openapi.js';
import { problemResponse } from './problem.js';
import { rateLimiter, type RateLimit } from './rate-limit.js';
import { entityFilters, quoteFilters, readDocument, readJson, searchFilters, toDocumentInput, type DocumentInput } from './requests.js';
import { API_CSP, UI_CSP, loadWebAssets } from './web-assets.js';

export interface AppOptions {
  corpus: Corpus;
  /** Runs the analysis pipeline (in this thread or a worker pool). */
  analyze: (input: AnalyzeInput) => Promise<ArticleJson>;
  /**
   * The same, answering with the Article's JSON text (POST /api/analyze sends it as it is); absent: `analyze`
   * serialised here. A worker pool serialises in its workers, off the event loop.
   */
  analyzeToJson?: (input: AnalyzeInput) => Promise<string>;
  /** The bearer token that writes need (and reads, when they are not open). */
  token: string;
  /** Who may read and analyse without the token (default: clients on this machine). */
  open?: OpenAccess;
  /** Fetches a page for `{ "url": … }` inputs; default fetchPage with its time, size and redirect limits. */
  fetchPage?: (url: string) => Promise<AnalyzeInput>;
  /** Largest request body, in bytes (default 10 MiB). */
  maxBodyBytes?: number;
  /** Per-client rate limit on /api/*; null or absent: none. */
  rateLimit?: RateLimit | null;
  /** Origins allowed to call the API from a browser (CORS); absent or empty: CORS stays off. */
  corsOrigins?: string[];
  /** Directory of the built web UI; null: API only. */
  webRoot?: string | null;
  /** Most analyses queued or running at once; more get 503 `busy` (default 256). */
  maxPendingAnalyses?: number;
  /** Most documents in one ingest request (default 100). */
  maxIngestItems?: number;
  log?: (message: string) => void;
}

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  const log = options.log ?? ((message: string) => console.error(`presslens serve: ${message}`));
  const policy = { token: options.token, open: options.open ?? 'loopback' };
  const fetchUrl = options.fetchPage ?? ((url: string) => fetchPage(url, DEFAULT_FETCH_LIMITS));
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxIngestItems = options.maxIngestItems ?? 100;
  const maxPending = options.maxPendingAnalyses ?? 256;
  let pending = 0;
  const { corpus } = options;
  const assets = options.webRoot ? loadWebAssets(options.webRoot) : new Map();

  const allow = (permission: Permission): MiddlewareHandler => async (c, next) => {
    authorize(c, policy, permission);
    await next();
  };
  // A bound on queued work, so that a burst cannot pile up request bodies in memory faster than they are analysed.
  const analyzeToJson = options.analyzeToJson ?? (async (input: AnalyzeInput) => JSON.stringify(await options.analyze(input)));
  const analyzeDocument = async <T>(doc: DocumentInput, analyze: (input: AnalyzeInput) => Promise<T>): Promise<T> => {
    if (pending >= maxPending) throw new PresslensError('busy', `${maxPending} analyses are already queued; retry shortly`, { cause: { retryAfterSeconds: 1 } });
    pending++;
    try {
      if (doc.fetchUrl === undefined) return await analyze(doc.input);
      const fetched = await fetchUrl(doc.fetchUrl);
      return await analyze({ ...fetched, ...doc.input });
    } finally {
      pending--;
    }
  };

  app.onError((error, c) => problemResponse(error, c, log));
  app.notFound((c) => problemResponse(new PresslensError('not-found', `no route ${c.req.method} ${c.req.path}`), c, log));

  app.use('*', async (c, next) => {
    await next();
    const headers = c.res.headers;
    const isPage = (headers.get('content-type') ?? '').startsWith('text/html');
    headers.set('content-security-policy', isPage ? UI_CSP : API_CSP);
    headers.set('x-content-type-options', 'nosniff');
    headers.set('referrer-policy', 'no-referrer');
    headers.set('x-frame-options', 'DENY');
    headers.set('cross-origin-opener-policy', 'same-origin');
    headers.set('cross-origin-resource-policy', 'same-origin');
    if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
  });
  if (options.corsOrigins?.length) {
    app.use('/api/*', cors({ origin: options.corsOrigins, allowHeaders: ['authorization', 'content-type'], allowMethods: ['GET', 'POST'], maxAge: 600 }));
  }
  if (options.rateLimit) app.use('/api/*', rateLimiter(options.rateLimit));
  app.use('/api/*', bodyLimit(maxBodyBytes));

  app.get('/openapi.json', (c) => c.json(openApiDocument));
  app.get('/api/health', (c) => c.json({ status: 'ok' }));

  app.post('/api/analyze', allow('read'), async (c) => {
    const json = await analyzeDocument(await readDocument(c), analyzeToJson);
    return c.body(json, 200, { 'content-type': 'application/json' });
  });

  app.get('/api/articles', allow('read'), async (c) => c.json(await corpus.search('', searchFilters(c))));
  app.get('/api/articles/:id', allow('read'), async (c) => {
    const article = await corpus.getArticle(c.req.param('id'));
    if (!article) throw new PresslensError('not-found', `no article with id "${c.req.param('id')}"`);
    return c.json(article);
  });
  app.get('/api/compare', allow('read'), async (c) => c.json(await compareStored(corpus, (c.req.queries('id') ?? []).map((id) => id.slice(0, 500)))));
  app.get('/api/articles/:id/same-story', allow('read'), async (c) => c.json({ items: await sameStory(corpus, c.req.param('id')) }));
  app.get('/api/search', allow('read'), async (c) => c.json(await corpus.search(c.req.query('q')?.slice(0, 500) ?? '', searchFilters(c))));
  app.get('/api/quotes', allow('read'), async (c) => c.json(await corpus.quotes(quoteFilters(c))));
  app.get('/api/entities', allow('read'), async (c) => c.json(await corpus.entities(entityFilters(c))));
  app.get('/api/entities/:id', allow('read'), async (c) => {
    const entity = await corpus.entity(c.req.param('id'));
    if (!entity) throw new PresslensError('not-found', `no entity with id "${c.req.param('id')}"`);
    return c.json(entity);
  });
  app.get('/api/outlets/:domain', allow('read'), async (c) => {
    const outlet = await corpus.outlet(c.req.param('domain'));
    if (!outlet) throw new PresslensError('not-found', `no articles from outlet "${c.req.param('domain')}"`);
    return c.json(outlet);
  });

  app.post('/api/ingest', allow('write'), async (c) => {
    const body = await readJson(c);
    const items = (body as { items?: unknown } | null)?.items;
    if (!Array.isArray(items) || items.length === 0) throw new PresslensError('invalid-input', 'the body must be {"items": [document, …]} with at least one document');
    if (items.length > maxIngestItems) throw new PresslensError('too-large', `at most ${maxIngestItems} documents per request, not ${items.length}`);
    const analysed: ArticleJson[] = [];
    const errors: { index: number; id: string | null; error: { code: string; message: string } }[] = [];
    for (const [index, item] of items.entries()) {
      const id = typeof (item as { id?: unknown })?.id === 'string' ? (item as { id: string }).id : null;
      try {
        analysed.push(await analyzeDocument(toDocumentInput(item, `items[${index}]`), options.analyze));
      } catch (error) {
        const { code, message } = toPresslensError(error);
        errors.push({ index, id, error: { code, message } });
      }
    }
    const result = analysed.length ? await corpus.ingest(analysed) : { stored: [], duplicates: [] };
    return c.json({ ...result, errors });
  });

  app.all('/api/*', (c) => {
    throw new PresslensError('not-found', `no route ${c.req.method} ${c.req.path}`);
  });

  app.get('*', (c) => {
    const asset = assets.get(c.req.path === '/' ? '/index.html' : c.req.path);
    if (!asset) throw new PresslensError('not-found', assets.size ? `no page ${c.req.path}` : 'the web UI is not built (npm run build)');
    return c.body(asset.body, 200, {
      'content-type': asset.type,
      'cache-control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  });

  return app;
}

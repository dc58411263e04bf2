import { existsSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import type { ArticleJson } from '../core/article.js';
import { PresslensError, toPresslensError } from '../core/errors.js';
import type { AnalyzeInput } from '../core/input.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import { loadPipeline } from '../core/load-pipeline.js';
import type { PipelineOptions } from '../core/pipeline-builder.js';
import { loadOrCreateToken, type OpenAccess } from '../server/access.js';
import { createApp, DEFAULT_MAX_BODY_BYTES } from '../server/app.js';
import type { Corpus } from '../server/corpus.js';
import { MemoryCorpus } from '../server/memory-corpus.js';
import { parseRateLimit } from '../server/rate-limit.js';
import { StoreCorpus } from '../server/store-corpus.js';
import { DEFAULT_WEB_ROOT } from '../server/web-assets.js';
import { DEFAULT_DATABASE } from '../store/open.js';
import { DEFAULT_FETCH_LIMITS, fetchPage } from './fetch.js';
import { enumerateJobs } from './inputs.js';
import type { CliIo } from './io.js';
import { WorkerPool } from './pool.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const DEFAULT_PORT = 8417;
const DEFAULT_RATE_LIMIT = '1200/min';
/** Analysis runs off the event loop by default, so that one long article does not stall every other request. */
const DEFAULT_JOBS = Math.min(2, availableParallelism());

function defaultTokenFile(): string {
  return join(process.env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'presslens', 'server-token');
}

export const SERVE_USAGE = `usage: presslens serve [INPUT ...] [options]

Serves the web UI and the HTTP API (OpenAPI document at /openapi.json) on a corpus store (the SQLite file of
presslens ingest by default). INPUTs (files, directories, URLs, as for analyze) are analysed and added to the
corpus; with none, the bundled fictional examples are. Adding is idempotent: an article already stored (same id)
is left as it is, so serving the same corpus again duplicates nothing.

options:
  --db PATH|URL        SQLite file (default ${DEFAULT_DATABASE}) or postgres://user@host/db
  --memory             keep the corpus in memory instead (gone when the server stops)
  --port N             port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDRESS       address to listen on (default 127.0.0.1)
  --open WHO           who may read and analyse without the token: loopback (default), everyone, nobody
  --token TOKEN        bearer token for writes (default: $PRESSLENS_TOKEN, else the token file)
  --token-file PATH    where a generated token is kept (default ${defaultTokenFile()})
  --rate-limit N/UNIT  requests per client to /api/*, e.g. 600/min, 20/s, or off (default ${DEFAULT_RATE_LIMIT})
  --cors ORIGIN        allow browser calls from this origin (repeatable; default: CORS off)
  --max-body BYTES     largest request body (default ${DEFAULT_MAX_BODY_BYTES})
  --jobs N             analyse in N worker threads (default ${DEFAULT_JOBS}; 0: in the server thread)
  --time-limit MS      time budget per document
  --no-examples        start with an empty corpus when no INPUT is given
`;

const OPEN = new Set<OpenAccess>(['loopback', 'everyone', 'nobody']);

export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      memory: { type: 'boolean', default: false },
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      open: { type: 'string', default: 'loopback' },
      token: { type: 'string' },
      'token-file': { type: 'string' },
      'rate-limit': { type: 'string', default: DEFAULT_RATE_LIMIT },
      cors: { type: 'string', multiple: true, default: [] },
      'max-body': { type: 'string' },
      jobs: { type: 'string', default: String(DEFAULT_JOBS) },
      'time-limit': { type: 'string' },
      'no-examples': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(SERVE_USAGE);
    return 0;
  }
  if (values.memory && values.db !== undefined) throw new PresslensError('usage', '--memory and --db exclude each other (choose where the corpus lives)');
  const open = values.open as OpenAccess;
  if (!OPEN.has(open)) throw new PresslensError('usage', `--open needs loopback, everyone or nobody, not "${values.open}"`);
  const port = values.port === undefined ? DEFAULT_PORT : count(values.port, '--port');
  const rateLimit = parseRateLimit(values['rate-limit']);
  const pipelineOptions: PipelineOptions = { limits: {} };
  if (values['time-limit'] !== undefined) pipelineOptions.limits!.timeLimitMs = count(values['time-limit'], '--time-limit');
  const jobs = count(values.jobs, '--jobs');

  const store = values.memory ? null : await StoreCorpus.open(values.db ?? DEFAULT_DATABASE);
  const pool = jobs > 0 ? new WorkerPool(jobs, pipelineOptions) : null;
  // With worker threads, this thread serves HTTP only: it does not load the stages (loadPipeline).
  const pipeline = pool ? null : await loadPipeline(pipelineOptions);
  const analyze = (input: AnalyzeInput): Promise<ArticleJson> => (pool ? pool.analyze(input) : Promise.resolve().then(() => pipeline!.analyze(input)));
  const analyzeToJson = (input: AnalyzeInput): Promise<string> => (pool ? pool.analyzeToJson(input) : Promise.resolve().then(() => JSON.stringify(pipeline!.analyze(input))));

  const corpus: Corpus = store ?? new MemoryCorpus();
  const closeAll = () => Promise.all([pool?.close(), store?.close()]);
  const preload = positionals.length ? positionals : values['no-examples'] || !existsSync(EXAMPLES) ? [] : [EXAMPLES];
  let loaded: { stored: number; duplicates: number };
  try {
    loaded = await preloadInputs(preload, analyze, corpus, io);
  } catch (error) {
    await closeAll();
    throw error;
  }
  const corpusNote = store ? `corpus ${store.location}` : 'corpus in memory';
  const loadedNote = `${loaded.stored} article${loaded.stored === 1 ? '' : 's'} added${loaded.duplicates ? `, ${loaded.duplicates} already there` : ''}`;

  let token = values.token ?? process.env['PRESSLENS_TOKEN'];
  let tokenNote = 'write token: given';
  if (!token) {
    const tokenFile = values['token-file'] ?? defaultTokenFile();
    const saved = await loadOrCreateToken(tokenFile);
    token = saved.token;
    tokenNote = saved.created ? `write token (new, saved in ${tokenFile}): ${token}` : `write token: in ${tokenFile}`;
  }

  const app = createApp({
    corpus, analyze, analyzeToJson, token, open, rateLimit,
    corsOrigins: values.cors,
    maxBodyBytes: values['max-body'] === undefined ? DEFAULT_MAX_BODY_BYTES : count(values['max-body'], '--max-body'),
    fetchPage: (url) => fetchPage(url, DEFAULT_FETCH_LIMITS),
    webRoot: DEFAULT_WEB_ROOT,
    log: (message) => io.stderr.write(`presslens serve: ${message}\n`),
  });

  return new Promise<number>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: values.host }, (info) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      io.stdout.write(`presslens serving http://${host}:${info.port}/ (${corpusNote}; ${loadedNote}; reads open to ${open})\n${tokenNote}\n`);
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      void closeAll();
      reject(new PresslensError('usage', error.code === 'EADDRINUSE' ? `port ${port} is in use (try --port)` : error.message));
    });
    const stop = () => {
      server.close(() => {
        void closeAll().then(() => resolve(0));
      });
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** Analyses the preload inputs into the corpus; a bad one is reported and skipped. Returns how many were new. */
async function preloadInputs(inputs: string[], analyze: (input: AnalyzeInput) => Promise<ArticleJson>, corpus: Corpus, io: CliIo): Promise<{ stored: number; duplicates: number }> {
  if (inputs.length === 0) return { stored: 0, duplicates: 0 };
  const articles: ArticleJson[] = [];
  const jobs = enumerateJobs(inputs, { format: 'auto', verbatim: false, fetchLimits: DEFAULT_FETCH_LIMITS, maxBytes: DEFAULT_LIMITS.maxInputBytes, stdin: io.stdin });
  for await (const job of jobs) {
    try {
      articles.push(await analyze(await job.load()));
    } catch (error) {
      io.stderr.write(`presslens: ${job.label}: ${toPresslensError(error).message}\n`);
    }
  }
  const result = await corpus.ingest(articles);
  return { stored: result.stored.length, duplicates: result.duplicates.length };
}

function count(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new PresslensError('usage', `${flag} needs a whole number, not "${value}"`);
  return n;
}

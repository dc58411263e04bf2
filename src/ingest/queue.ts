import { hostname } from 'node:os';
import PgBoss from 'pg-boss';
import type { AnalyzeInput } from '../core/input.js';
import { PresslensError, toPresslensError } from '../core/errors.js';
import type { Store } from '../store/types.js';
import { ingest, type Analyzer, type IngestCounts } from './ingest.js';
import { isBroken, type SourceEntry } from './item.js';

/** The pg-boss queue that `ingest --queue` fills and `presslens worker` drains. */
export const INGEST_QUEUE = 'presslens-ingest';

/** An AnalyzeInput as JSON: HTML bytes travel as base64 so that charset detection still sees the raw bytes. */
interface QueuedInput extends Omit<AnalyzeInput, 'html'> {
  html?: string;
  htmlBase64?: string;
}

interface QueuedItem {
  key: string;
  label: string;
  input: QueuedInput;
}

interface IngestJob {
  items: QueuedItem[];
}

function toQueued(input: AnalyzeInput): QueuedInput {
  const { html, ...rest } = input;
  if (html === undefined) return rest;
  return typeof html === 'string' ? { ...rest, html } : { ...rest, htmlBase64: Buffer.from(html).toString('base64') };
}

function fromQueued(queued: QueuedInput): AnalyzeInput {
  const { htmlBase64, ...rest } = queued;
  return htmlBase64 === undefined ? rest : { ...rest, html: Buffer.from(htmlBase64, 'base64') };
}

export async function startBoss(url: string): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: url, max: 2 });
  boss.on('error', () => undefined);
  try {
    await boss.start();
    await boss.createQueue(INGEST_QUEUE, { name: INGEST_QUEUE, retryLimit: 3, retryDelay: 5, expireInSeconds: 900 });
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => undefined);
    throw new PresslensError('database-error', `cannot use the job queue: ${toPresslensError(error).message}`, { cause: error });
  }
  return boss;
}

export interface EnqueueReport {
  enqueued: number;
  jobs: number;
  skipped: number;
  failed: number;
}

/**
 * Reads the sources and enqueues their documents in jobs of `batchSize`, skipping what the store already
 * holds. Documents are read here (so workers need no access to the files) and analysed by the workers.
 */
export async function enqueue(store: Store, boss: PgBoss, entries: AsyncIterable<SourceEntry>, batchSize = 25): Promise<EnqueueReport> {
  const report: EnqueueReport = { enqueued: 0, jobs: 0, skipped: 0, failed: 0 };
  let batch: QueuedItem[] = [];
  const send = async () => {
    if (batch.length === 0) return;
    await boss.insert([{ name: INGEST_QUEUE, data: { items: batch } satisfies IngestJob }]);
    report.jobs++;
    report.enqueued += batch.length;
    batch = [];
  };
  for await (const entry of entries) {
    if (isBroken(entry)) {
      report.failed++;
      await store.recordError(null, entry.key, entry.label, entry.error);
      continue;
    }
    if ((await store.doneSources([entry.key])).size) {
      report.skipped++;
      continue;
    }
    try {
      batch.push({ key: entry.key, label: entry.label, input: toQueued(await entry.load()) });
    } catch (error) {
      report.failed++;
      const { code, message } = toPresslensError(error);
      await store.recordError(null, entry.key, entry.label, { code, message });
    }
    if (batch.length >= batchSize) await send();
  }
  await send();
  return report;
}

export interface WorkerOptions {
  analyzer: Analyzer;
  /** Stop once the queue has been empty for two polls (tests, batch jobs); otherwise run until a signal. */
  exitWhenIdle: boolean;
  onJob?(totals: IngestCounts): void;
  signal?: AbortSignal;
}

/** Takes ingest jobs from the queue and stores their documents, one run per worker process. */
export async function runWorker(store: Store, boss: PgBoss, options: WorkerOptions): Promise<IngestCounts> {
  const runId = await store.startRun([`worker ${hostname()} pid ${process.pid}`]);
  const totals: IngestCounts = { seen: 0, stored: 0, nearDuplicates: 0, duplicates: 0, skipped: 0, failed: 0 };
  let active = 0;
  await boss.work<IngestJob>(INGEST_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    active++;
    try {
      for (const job of jobs) {
        const entries = job.data.items.map((item) => ({ key: item.key, label: item.label, load: async () => fromQueued(item.input) }));
        const report = await ingest(store, toAsync(entries), { analyzer: options.analyzer, sources: [], runId });
        // A store that cannot take the batch fails the job, so pg-boss retries it later or elsewhere.
        if (report.fatal) throw new PresslensError('database-error', report.fatal);
        for (const key of Object.keys(totals) as Array<keyof IngestCounts>) totals[key] += report[key];
        options.onJob?.(totals);
      }
    } finally {
      active--;
    }
  });
  let idlePolls = 0;
  while (!options.signal?.aborted) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (!options.exitWhenIdle) continue;
    const waiting = await boss.getQueueSize(INGEST_QUEUE);
    idlePolls = waiting === 0 && active === 0 ? idlePolls + 1 : 0;
    if (idlePolls >= 2) break;
  }
  await boss.offWork(INGEST_QUEUE);
  await store.finishRun(runId, 'done', { ...totals });
  return totals;
}

async function* toAsync<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

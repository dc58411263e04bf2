import { PresslensError, toPresslensError } from '../core/errors.js';
import type { AnalyzeInput } from '../core/input.js';
import { loadPipeline } from '../core/load-pipeline.js';
import type { PipelineOptions } from '../core/pipeline-builder.js';
import { WorkerPool, type AnalysedDocument } from '../cli/pool.js';
import type { SaveRequest, Store } from '../store/types.js';
import { isBroken, type IngestItem, type SourceEntry } from './item.js';

/**
 * Analysis behind ingest: worker threads for real runs, the calling thread for one job. The stages' modules are
 * loaded only where they run (loadPipeline): a thread that hands documents to workers and writes the store
 * does not import them.
 */
export interface Analyzer {
  analyze(input: AnalyzeInput): Promise<AnalysedDocument>;
  close(): Promise<void>;
  /** Documents worth having in analysis at once: enough to keep every worker's queue full. */
  readonly window: number;
}

/**
 * Documents queued in each analysis worker. The thread that writes the store also hands the workers their
 * documents, and it is busy for tens of milliseconds at a time (a batch's full-text rows, story clusters and
 * COMMIT, ~120 ms more when the COMMIT checkpoints the WAL and waits for the disk) and, with as many workers as
 * cores, waits for a core of its own; with one document each, a worker that finished waited for it. 32
 * documents are ~100 ms of a worker's work on ~600-word articles: in a 3,000-article ingest on 2 busy cores, each
 * worker waited 2.7–6.2 s for documents with 8, 2.9 s with 16, 0.2–1.6 s with 32.
 */
const QUEUE_PER_WORKER = 32;

export async function createAnalyzer(jobs: number, options: PipelineOptions): Promise<Analyzer> {
  if (jobs > 1) {
    const pool = new WorkerPool(jobs, options, { queuePerWorker: QUEUE_PER_WORKER });
    // Twice the workers' queues: answers waiting for their turn to be saved do not stop the workers.
    return { analyze: (input) => pool.analyzeForStore(input), close: () => pool.close(), window: 2 * jobs * QUEUE_PER_WORKER };
  }
  const pipeline = await loadPipeline(options);
  return { analyze: async (input) => ({ article: pipeline.analyze(input) }), close: async () => undefined, window: 16 };
}

export interface IngestCounts {
  /** Documents read from the sources (including ones skipped and ones that failed). */
  seen: number;
  stored: number;
  nearDuplicates: number;
  duplicates: number;
  /** Already ingested by an earlier run (resume, re-run). */
  skipped: number;
  failed: number;
}

export interface IngestReport extends IngestCounts {
  runId: number;
  store: string;
  status: 'done' | 'failed';
  elapsedSeconds: number;
  /** Documents analysed and handed to the store per second (stored + duplicates + near-duplicates). */
  rate: number;
  /** The first per-document errors (all are in the store's doc_errors table). */
  errors: Array<{ label: string; code: string; message: string }>;
  /** Why the run stopped early, when it did. */
  fatal?: string;
}

export interface IngestOptions {
  analyzer: Analyzer;
  /** Names of the sources, kept with the run. */
  sources: readonly string[];
  /** Documents per transaction. */
  batchSize?: number;
  /** Documents being analysed at once (default: the analyzer's window). */
  window?: number;
  onProgress?(counts: IngestCounts, elapsedSeconds: number): void;
  /** Add to this run instead of starting one (a worker's run spans many jobs); the caller then finishes it. */
  runId?: number;
}

/** Documents per transaction: a commit (and its story-cluster writes) costs about as much as a few articles. */
export const DEFAULT_BATCH = 64;
const ERRORS_IN_REPORT = 20;
const LOOKAHEAD = 64;
/** Full batches that may wait for their turn to be written while the documents after them are analysed. */
const WAITING_BATCHES = 2;

/**
 * Reads documents from the sources, skips what earlier runs stored, analyses the rest in parallel and saves them
 * in batches, each batch one transaction: a kill at any moment loses at most the batch in flight, which the next
 * run redoes. A bad document is recorded with its error and the run goes on; a database that cannot take more
 * (full disk, lock held too long) ends the run with a clear error.
 */
export async function ingest(store: Store, entries: AsyncIterable<SourceEntry>, options: IngestOptions): Promise<IngestReport> {
  const runId = options.runId ?? (await store.startRun(options.sources));
  const started = performance.now();
  const counts: IngestCounts = { seen: 0, stored: 0, nearDuplicates: 0, duplicates: 0, skipped: 0, failed: 0 };
  const errors: IngestReport['errors'] = [];
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const window = options.window ?? options.analyzer.window;
  let pending: SaveRequest[] = [];
  let pendingLabels: string[] = [];
  let fatal: PresslensError | null = null;
  const elapsed = () => (performance.now() - started) / 1000;
  const progress = () => options.onProgress?.(counts, elapsed());

  // Everything written to the store goes through one queue, in order: batches one after the other on SQLite (one
  // writer; PostgreSQL takes a few at once: its latency, not its throughput, limits a single writer), and error
  // records between them, so that none lands inside a batch's open SQLite transaction (the connection is shared)
  // and vanishes with it if the batch is rolled back.
  const writes = new WriteQueue(store.dialect === 'postgres' ? 3 : 1);
  // Batches written or waiting for their turn. Reading and analysis go on while a batch is written: one or two
  // full batches may wait, so that the workers are not left without documents for the length of a batch.
  const saving = new Set<Promise<void>>();
  const maxSaving = writes.width + WAITING_BATCHES;
  const recording = new Set<Promise<void>>();

  const counted = (label: string, error: { code: string; message: string }) => {
    counts.failed++;
    const message = error.message.startsWith(label) ? error.message : `${label}: ${error.message}`;
    if (errors.length < ERRORS_IN_REPORT) errors.push({ label, code: error.code, message });
    return { code: error.code, message };
  };
  /** A document that failed before its batch: recorded in its turn, without waiting for it. */
  const fail = (key: string, label: string, error: { code: string; message: string }) => {
    const failure = counted(label, error);
    const task = writes.run(() => store.recordError(runId, key, label, failure))
      .catch((problem: unknown) => void (fatal ??= toPresslensError(problem)))
      .finally(() => recording.delete(task));
    recording.add(task);
  };

  const flush = async (): Promise<void> => {
    while (saving.size >= maxSaving) await Promise.race(saving);
    if (pending.length === 0 || fatal) return;
    const batch = pending;
    const labels = pendingLabels;
    pending = [];
    pendingLabels = [];
    const task = writes.run(async () => {
      if (fatal) return;
      try {
        const outcomes = await store.saveArticles(batch, runId);
        for (const [index, outcome] of outcomes.entries()) {
          if (outcome.error) await store.recordError(runId, batch[index]!.sourceKey, labels[index]!, counted(labels[index]!, outcome.error));
          else if (outcome.status === 'stored') counts.stored++;
          else if (outcome.status === 'near-duplicate') counts.nearDuplicates++;
          else if (outcome.status === 'duplicate') counts.duplicates++;
          else counts.skipped++;
        }
      } catch (error) {
        fatal ??= toPresslensError(error);
      }
      progress();
    }).finally(() => saving.delete(task));
    saving.add(task);
  };
  const flushAll = async () => {
    await flush();
    await Promise.all(saving);
    await Promise.all(recording);
  };

  // Analysed in parallel, saved in input order: when two inputs collide (same id), the earlier one wins.
  const analyse = async (item: IngestItem): Promise<AnalysedDocument | { code: string; message: string }> => {
    try {
      return await options.analyzer.analyze(await item.load());
    } catch (error) {
      const { code, message } = toPresslensError(error);
      return { code, message };
    }
  };
  const inFlight: Array<{ item: IngestItem; result: Promise<AnalysedDocument | { code: string; message: string }> }> = [];
  const settleOldest = async () => {
    const { item, result } = inFlight.shift()!;
    const outcome = await result;
    if (!('code' in outcome)) {
      pending.push({ ...outcome, sourceKey: item.key });
      pendingLabels.push(item.label);
      if (pending.length >= batchSize) await flush();
    } else {
      fail(item.key, item.label, outcome);
      progress();
    }
  };

  const drain = async (lookahead: SourceEntry[]) => {
    const done = await store.doneSources(lookahead.filter((e) => !isBroken(e)).map((e) => e.key));
    for (const entry of lookahead) {
      if (fatal) return;
      counts.seen++;
      if (isBroken(entry)) {
        fail(entry.key, entry.label, entry.error);
        continue;
      }
      if (done.has(entry.key)) {
        counts.skipped++;
        continue;
      }
      while (inFlight.length >= window) await settleOldest();
      inFlight.push({ item: entry, result: analyse(entry) });
    }
    progress();
  };

  try {
    let lookahead: SourceEntry[] = [];
    for await (const entry of entries) {
      lookahead.push(entry);
      if (lookahead.length >= LOOKAHEAD) {
        await drain(lookahead);
        lookahead = [];
      }
      if (fatal) break;
    }
    await drain(lookahead);
  } catch (error) {
    // Sources report their own failures as entries; anything reaching here is the store failing.
    fatal ??= toPresslensError(error);
  }
  while (inFlight.length && !fatal) await settleOldest();
  await Promise.allSettled(inFlight.map((task) => task.result));
  await flushAll();

  const seconds = elapsed();
  const report: IngestReport = {
    runId, store: store.location, status: fatal ? 'failed' : 'done', ...counts, elapsedSeconds: round(seconds),
    rate: round((counts.stored + counts.nearDuplicates + counts.duplicates) / Math.max(seconds, 1e-6)), errors,
  };
  if (fatal) report.fatal = (fatal as PresslensError).message;
  if (options.runId === undefined) await store.finishRun(runId, report.status, { ...report }).catch(() => undefined);
  return report;
}

/** Runs tasks in the order they are given, at most `width` at once. */
class WriteQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly width: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.width && this.waiting.length === 0) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // The turn passes straight to the next task, or is given back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

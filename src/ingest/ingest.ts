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
}

export async function createAnalyzer(jobs: number, options: PipelineOptions): Promise<Analyzer> {
  if (jobs > 1) {
    const pool = new WorkerPool(jobs, options);
    return { analyze: (input) => pool.analyzeForStore(input), close: () => pool.close() };
  }
  const pipeline = await loadPipeline(options);
  return { analyze: async (input) => ({ article: pipeline.analyze(input) }), close: async () => undefined };
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
  /** Documents being analysed at once. */
  window?: number;
  onProgress?(counts: IngestCounts, elapsedSeconds: number): void;
  /** Add to this run instead of starting one (a worker's run spans many jobs); the caller then finishes it. */
  runId?: number;
}

/** Documents per transaction: a commit (and its story-cluster writes) costs about as much as a few articles. */
export const DEFAULT_BATCH = 64;
const ERRORS_IN_REPORT = 20;
const LOOKAHEAD = 64;

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
  const window = options.window ?? 16;
  let pending: SaveRequest[] = [];
  let pendingLabels: string[] = [];
  let fatal: PresslensError | null = null;
  const elapsed = () => (performance.now() - started) / 1000;
  const progress = () => options.onProgress?.(counts, elapsed());

  const fail = async (key: string, label: string, error: { code: string; message: string }) => {
    counts.failed++;
    const message = error.message.startsWith(label) ? error.message : `${label}: ${error.message}`;
    if (errors.length < ERRORS_IN_REPORT) errors.push({ label, code: error.code, message });
    await store.recordError(runId, key, label, { code: error.code, message });
  };

  // SQLite has one writer: batches go one after the other. PostgreSQL takes a few at once (its latency, not its
  // throughput, limits a single writer).
  const parallelBatches = store.dialect === 'postgres' ? 3 : 1;
  const saving = new Set<Promise<void>>();
  const flush = async (): Promise<void> => {
    while (saving.size >= parallelBatches) await Promise.race(saving);
    if (pending.length === 0 || fatal) return;
    const batch = pending;
    const labels = pendingLabels;
    pending = [];
    pendingLabels = [];
    const task = (async () => {
      try {
        const outcomes = await store.saveArticles(batch, runId);
        for (const [index, outcome] of outcomes.entries()) {
          if (outcome.error) await fail(batch[index]!.sourceKey, labels[index]!, outcome.error);
          else if (outcome.status === 'stored') counts.stored++;
          else if (outcome.status === 'near-duplicate') counts.nearDuplicates++;
          else if (outcome.status === 'duplicate') counts.duplicates++;
          else counts.skipped++;
        }
      } catch (error) {
        fatal ??= toPresslensError(error);
      }
      progress();
    })().finally(() => saving.delete(task));
    saving.add(task);
  };
  const flushAll = async () => {
    await flush();
    await Promise.all(saving);
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
      await fail(item.key, item.label, outcome).catch((failure: unknown) => (fatal ??= toPresslensError(failure)));
      progress();
    }
  };

  const drain = async (lookahead: SourceEntry[]) => {
    const done = await store.doneSources(lookahead.filter((e) => !isBroken(e)).map((e) => e.key));
    for (const entry of lookahead) {
      if (fatal) return;
      counts.seen++;
      if (isBroken(entry)) {
        await fail(entry.key, entry.label, entry.error);
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

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

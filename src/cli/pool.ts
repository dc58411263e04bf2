import { Worker } from 'node:worker_threads';
import type { ArticleJson } from '../core/article.js';
import { PresslensError, type ErrorCode } from '../core/errors.js';
import type { AnalyzeInput } from '../core/input.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import type { PipelineOptions } from '../core/pipeline.js';
import type { PreparedArticle } from '../store/prepare.js';
import type { StorableArticle } from '../store/types.js';

export interface WorkerRequest {
  seq: number;
  input: AnalyzeInput;
  /**
   * `json`: answer with the Article as a JSON string, serialised in the worker. A string crosses the thread
   * boundary as one copy, where the object is cloned field by field and then serialised again by the caller.
   * `stored`: answer with the text and the rest of the Article as JSON (what the corpus store keeps as the
   * article's body), so the writer parses it once instead of receiving a clone and serialising it again, and
   * with what the store derives from the Article alone (hashes, fingerprint, names), so the one writer thread
   * only writes.
   */
  as?: 'json' | 'stored';
}

/** An analysed Article as the corpus store takes it (a worker's answer is its stored form, parsed when written). */
export type AnalysedDocument = StorableArticle;

/** A worker says `{ ready: true }` once its pipeline is built, then answers each request. */
export type WorkerReply =
  | { ready: true; seq?: undefined; article?: undefined; json?: undefined; error?: undefined }
  | { seq: number; article: ArticleJson; json?: undefined; error?: undefined; ready?: undefined }
  | { seq: number; json: string; article?: undefined; error?: undefined; ready?: undefined }
  | { seq: number; text: string; bodyJson: string; prepared: PreparedArticle; json?: undefined; article?: undefined; error?: undefined; ready?: undefined }
  | { seq: number; error: { code: ErrorCode; message: string }; article?: undefined; json?: undefined; ready?: undefined };

interface Task extends WorkerRequest {
  resolve(result: ArticleJson | string | AnalysedDocument): void;
  reject(error: PresslensError): void;
}

interface Slot {
  worker: Worker;
  /** False until the worker has built its pipeline: the time limit must not count its start-up. */
  ready: boolean;
  /** Sent and not yet answered, oldest first: a worker answers in order, so the first is the one it is on. */
  tasks: Task[];
  watchdog: NodeJS.Timeout | null;
}

export interface PoolOptions {
  /** The worker script (tests pass their own). */
  workerUrl?: URL;
  /**
   * How long past the per-document time limit a worker may run before it is stopped from outside: the time
   * limit is checked cooperatively inside the stages, so this catches a stage stuck where it does not check.
   */
  watchdogGraceMs?: number;
  /**
   * Documents sent to a worker before it has answered the earlier ones (default 1). More keep a worker busy
   * while the thread that owns the pool is busy itself (a batch being written to the store): the worker takes
   * its next document from its own queue instead of waiting for that thread to hand it one. One suits a
   * server, where a document queued behind a long one would wait although another worker is free.
   */
  queuePerWorker?: number;
}

const DEFAULT_WATCHDOG_GRACE_MS = 5_000;

/**
 * A fixed set of worker threads, each with its own pipeline. A worker that dies (out of memory, a crash
 * in native code) or overruns the time limit by more than the grace fails only the document it was working
 * on and is replaced.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Task[] = [];
  private seq = 0;
  private closed = false;

  private readonly workerUrl: URL;
  private readonly watchdogMs: number;
  private readonly queuePerWorker: number;

  constructor(size: number, private readonly options: PipelineOptions, poolOptions: PoolOptions = {}) {
    this.workerUrl = poolOptions.workerUrl ?? new URL('./worker.js', import.meta.url);
    this.queuePerWorker = Math.max(1, poolOptions.queuePerWorker ?? 1);
    const timeLimit = options.limits?.timeLimitMs ?? DEFAULT_LIMITS.timeLimitMs;
    this.watchdogMs = timeLimit > 0 ? timeLimit + (poolOptions.watchdogGraceMs ?? DEFAULT_WATCHDOG_GRACE_MS) : 0;
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  analyze(input: AnalyzeInput): Promise<ArticleJson> {
    return this.submit(input) as Promise<ArticleJson>;
  }

  /** The Article as JSON text (what a server sends), serialised in the worker. */
  analyzeToJson(input: AnalyzeInput): Promise<string> {
    return this.submit(input, 'json') as Promise<string>;
  }

  /** The Article with its JSON body for the corpus store (see WorkerRequest `stored`). */
  analyzeForStore(input: AnalyzeInput): Promise<AnalysedDocument> {
    return this.submit(input, 'stored') as Promise<AnalysedDocument>;
  }

  private submit(input: AnalyzeInput, as?: WorkerRequest['as']): Promise<ArticleJson | string | AnalysedDocument> {
    return new Promise((resolve, reject) => {
      const task: Task = { seq: this.seq++, input, resolve, reject };
      if (as) task.as = as;
      this.waiting.push(task);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots) this.stopWatchdog(slot);
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(this.workerUrl, {
      workerData: this.options,
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    });
    const slot: Slot = { worker, ready: false, tasks: [], watchdog: null };
    worker.on('message', (reply: WorkerReply) => {
      if (reply.ready) {
        slot.ready = true;
        this.dispatch();
        return;
      }
      const index = slot.tasks.findIndex((task) => task.seq === reply.seq);
      const task = index < 0 ? undefined : slot.tasks.splice(index, 1)[0];
      // The worker goes on with its next document at once: the time limit counts from here.
      this.stopWatchdog(slot);
      if (slot.tasks.length) this.startWatchdog(slot);
      if (task) {
        if (reply.article) task.resolve(reply.article);
        else if (reply.json !== undefined) task.resolve(reply.json);
        else if ('bodyJson' in reply) task.resolve({ text: reply.text, bodyJson: reply.bodyJson, prepared: reply.prepared });
        else task.reject(new PresslensError(reply.error!.code, reply.error!.message));
      }
      this.dispatch();
    });
    // Events of a worker already replaced (terminated by the watchdog) concern nobody any more.
    worker.on('error', (error) => {
      if (this.slots.includes(slot)) this.replace(slot, error);
    });
    worker.on('exit', (code) => {
      if (slot.tasks.length && this.slots.includes(slot)) this.replace(slot, new Error(`worker stopped (exit code ${code})`));
    });
    return slot;
  }

  /** Fails the document the worker was on (its oldest unanswered one); the others it held go to another worker. */
  private replace(slot: Slot, error: Error | PresslensError): void {
    const [task, ...queued] = slot.tasks;
    slot.tasks = [];
    this.stopWatchdog(slot);
    this.waiting.unshift(...queued);
    if (task) task.reject(error instanceof PresslensError ? error : new PresslensError('invalid-input', `${task.input.label ?? 'input'}: analysis failed: ${error.message}`));
    if (this.closed) return;
    const index = this.slots.indexOf(slot);
    void slot.worker.terminate();
    this.slots[index] = this.spawn();
    this.dispatch();
  }

  private stopWatchdog(slot: Slot): void {
    if (slot.watchdog) clearTimeout(slot.watchdog);
    slot.watchdog = null;
  }

  /** Times the worker's current document (its oldest unanswered one). */
  private startWatchdog(slot: Slot): void {
    if (this.watchdogMs <= 0) return;
    const task = slot.tasks[0]!;
    slot.watchdog = setTimeout(() => {
      const label = task.input.label ?? task.input.id ?? 'input';
      this.replace(slot, new PresslensError('timeout', `${label}: analysis still running ${this.watchdogMs} ms after it started; stopped`));
    }, this.watchdogMs);
  }

  /** Hands waiting documents to the ready workers, the least loaded first, up to queuePerWorker each. */
  private dispatch(): void {
    while (this.waiting.length) {
      let slot: Slot | undefined;
      for (const candidate of this.slots) {
        if (candidate.ready && candidate.tasks.length < this.queuePerWorker && (!slot || candidate.tasks.length < slot.tasks.length)) slot = candidate;
      }
      if (!slot) return;
      const task = this.waiting.shift()!;
      slot.tasks.push(task);
      const request: WorkerRequest = { seq: task.seq, input: task.input };
      if (task.as) request.as = task.as;
      slot.worker.postMessage(request);
      if (slot.tasks.length === 1) this.startWatchdog(slot);
    }
  }
}

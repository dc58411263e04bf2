import { Worker } from 'node:worker_threads';
import type { ArticleJson } from '../core/article.js';
import { PresslensError, type ErrorCode } from '../core/errors.js';
import type { AnalyzeInput } from '../core/input.js';
import type { PipelineOptions } from '../core/pipeline.js';

export interface WorkerRequest {
  seq: number;
  input: AnalyzeInput;
}

export type WorkerReply =
  | { seq: number; article: ArticleJson; error?: undefined }
  | { seq: number; error: { code: ErrorCode; message: string }; article?: undefined };

interface Task extends WorkerRequest {
  resolve(article: ArticleJson): void;
  reject(error: PresslensError): void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
}

/**
 * A fixed set of worker threads, each with its own pipeline. A worker that dies (out of memory, a crash
 * in native code) fails only the document it was working on and is replaced.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Task[] = [];
  private seq = 0;
  private closed = false;

  constructor(private readonly size: number, private readonly options: PipelineOptions) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  analyze(input: AnalyzeInput): Promise<ArticleJson> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ seq: this.seq++, input, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./worker.js', import.meta.url), {
      workerData: this.options,
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    });
    const slot: Slot = { worker, task: null };
    worker.on('message', (reply: WorkerReply) => {
      const task = slot.task;
      slot.task = null;
      if (task) {
        if (reply.article) task.resolve(reply.article);
        else task.reject(new PresslensError(reply.error!.code, reply.error!.message));
      }
      this.dispatch();
    });
    worker.on('error', (error) => this.replace(slot, error));
    return slot;
  }

  private replace(slot: Slot, error: Error): void {
    const task = slot.task;
    slot.task = null;
    task?.reject(new PresslensError('invalid-input', `${task.input.label ?? 'input'}: analysis failed: ${error.message}`));
    if (this.closed) return;
    const index = this.slots.indexOf(slot);
    void slot.worker.terminate();
    this.slots[index] = this.spawn();
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.task || this.waiting.length === 0) continue;
      const task = this.waiting.shift()!;
      slot.task = task;
      slot.worker.postMessage({ seq: task.seq, input: task.input } satisfies WorkerRequest);
    }
  }
}

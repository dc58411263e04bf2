// The worker pool survives workers that hang, crash or exit: the document fails alone, the pool goes on.
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../src/cli/pool.js';

const workerUrl = new URL('./fixtures/misbehaving-worker.mjs', import.meta.url);

describe('WorkerPool', () => {
  it('stops a worker that overruns the time limit, fails that document and serves the next', async () => {
    const pool = new WorkerPool(1, { limits: { timeLimitMs: 400 } }, { workerUrl, watchdogGraceMs: 400 });
    try {
      const stuck = pool.analyze({ text: 'hang', label: 'stuck.txt' });
      const next = pool.analyze({ text: 'after', label: 'next.txt' });
      await expect(stuck).rejects.toMatchObject({ code: 'timeout', message: 'stuck.txt: analysis still running 800 ms after it started; stopped' });
      await expect(next).resolves.toEqual({ text: 'after' });
    } finally {
      await pool.close();
    }
  });

  it('replaces a worker that crashes or exits, failing only its document', async () => {
    const pool = new WorkerPool(2, { limits: { timeLimitMs: 0 } }, { workerUrl });
    try {
      const results = await Promise.allSettled(['one', 'throw', 'two', 'exit', 'three'].map((text) => pool.analyze({ text, label: `${text}.txt` })));
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason.message).toBe('throw.txt: analysis failed: native crash');
      expect((results[3] as PromiseRejectedResult).reason.message).toBe('exit.txt: analysis failed: worker stopped (exit code 3)');
    } finally {
      await pool.close();
    }
  });
});

describe('WorkerPool with documents queued in each worker', () => {
  it('answers every document in a queue, each with its own result', async () => {
    const pool = new WorkerPool(2, { limits: { timeLimitMs: 0 } }, { workerUrl, queuePerWorker: 4 });
    try {
      const texts = Array.from({ length: 20 }, (_, i) => `doc ${i}`);
      const answers = await Promise.all(texts.map((text) => pool.analyze({ text, label: `${text}.txt` })));
      expect(answers).toEqual(texts.map((text) => ({ text })));
    } finally {
      await pool.close();
    }
  });

  it('fails only the document a crashed worker was on and sends its queued ones to the new worker', async () => {
    const pool = new WorkerPool(1, { limits: { timeLimitMs: 0 } }, { workerUrl, queuePerWorker: 4 });
    try {
      const results = await Promise.allSettled(['one', 'exit', 'two', 'three', 'four', 'exit', 'five'].map((text) => pool.analyze({ text, label: `${text}.txt` })));
      expect(results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason.message))).toEqual([
        { text: 'one' }, 'exit.txt: analysis failed: worker stopped (exit code 3)', { text: 'two' }, { text: 'three' }, { text: 'four' },
        'exit.txt: analysis failed: worker stopped (exit code 3)', { text: 'five' },
      ]);
    } finally {
      await pool.close();
    }
  });

  it('times each document from when the worker reached it, not from when it was queued', async () => {
    const pool = new WorkerPool(1, { limits: { timeLimitMs: 500 } }, { workerUrl, watchdogGraceMs: 500, queuePerWorker: 4 });
    try {
      // Each 'slow' takes 300 ms: four queued together take 1.2 s, but none alone comes near the 1 s limit.
      const results = await Promise.allSettled(['slow', 'slow', 'slow', 'slow', 'hang', 'after'].map((text) => pool.analyze({ text, label: `${text}.txt` })));
      expect(results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason.message))).toEqual([
        { text: 'slow' }, { text: 'slow' }, { text: 'slow' }, { text: 'slow' },
        'hang.txt: analysis still running 1000 ms after it started; stopped', { text: 'after' },
      ]);
    } finally {
      await pool.close();
    }
  });
});

describe('WorkerPool with the real worker', () => {
  const builtWorker = new URL('../dist/cli/worker.js', import.meta.url);

  it('answers analyzeToJson with the JSON text of the Article that analyze returns', async () => {
    const pool = new WorkerPool(1, {}, { workerUrl: builtWorker });
    try {
      const input = { text: 'The ferry to Gull Island leaves at noon on Monday, the operator said.', id: 'ferry' };
      const [article, json] = await Promise.all([pool.analyze(input), pool.analyzeToJson(input)]);
      expect(typeof json).toBe('string');
      expect(JSON.parse(json)).toEqual(article);
      expect(json).toBe(JSON.stringify(article));
    } finally {
      await pool.close();
    }
  });
});

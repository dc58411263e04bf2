#!/usr/bin/env node
// Worker start-up: the time from spawning an analysis worker (dist/cli/worker.js, as `presslens analyze` and
// `presslens ingest` do) to its "ready" (modules imported, models loaded, pipeline built), then to its answer
// for a first ~600-word article (the first document also pays for code the JIT has not compiled yet). Wall and
// CPU milliseconds: CPU of the whole process, all threads (the worker's and V8's helpers), from before the spawn.
// Workers run one at a time; the median of --runs is printed as JSON.
// Usage: node scripts/bench-startup.mjs [--runs N]   (after npm run build)
import { Worker } from 'node:worker_threads';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const { syntheticArticle } = await import(new URL('../dist/bench/synthetic.js', import.meta.url).href);
const workerUrl = new URL('../dist/cli/worker.js', import.meta.url);
const text = syntheticArticle(0, { seed: 101 }).text;
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

function startOnce() {
  return new Promise((resolve, reject) => {
    const wall0 = performance.now();
    const cpu0 = cpuMs();
    const worker = new Worker(workerUrl, { workerData: {} });
    const result = {};
    worker.on('error', reject);
    worker.on('message', (reply) => {
      const at = { wallMs: performance.now() - wall0, cpuMs: cpuMs() - cpu0 };
      if (reply.ready) {
        result.ready = at;
        worker.postMessage({ seq: 0, input: { id: 'startup', text }, as: 'json' });
        return;
      }
      if (reply.error) reject(new Error(reply.error.message));
      result.firstArticle = at;
      void worker.terminate().then(() => resolve(result));
    });
  });
}

const runs = [];
for (let k = 0; k < Number(values.runs); k++) runs.push(await startOnce());
const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]);
};
const summary = (key) => ({ wallMs: median(runs.map((r) => r[key].wallMs)), cpuMs: median(runs.map((r) => r[key].cpuMs)) });
console.log(JSON.stringify({ runs: runs.length, ready: summary('ready'), firstArticle: summary('firstArticle') }));

#!/usr/bin/env node
// CPU of saving annotated articles alone (no analysis): N synthetic ~600-word articles (src/bench/synthetic.ts)
// saved into a fresh SQLite store in batches of 200, as ingest does. Takes a built dist directory so that two
// builds (main's and a branch's) can be compared in one sitting; run them alternately, a few rounds, and compare
// medians (the machine is shared).
// Usage: node scripts/bench-save.mjs [DIST] [--articles N]   (DIST defaults to this repo's dist)
//
// --analysed FILE: the articles of FILE instead (the output of `presslens analyze --format jsonl`, so the real
// analysis with its quotes and framing), handed over as an analysis worker hands them to the writer thread (the
// stored form: text, body JSON and prepared fields; a build from before that form gets the Article object, parsed
// from the body as its pool did), in batches of 64 (ingest's default), each cloned as a message would be.
// CPU of the handing over and saving together.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { articles: { type: 'string', default: '600' }, analysed: { type: 'string' } } });
const dist = resolve(positionals[0] ?? new URL('../dist', import.meta.url).pathname);
const { syntheticArticle } = await import(pathToFileURL(join(dist, 'bench/synthetic.js')).href);
const { openStore } = await import(pathToFileURL(join(dist, 'store/open.js')).href);
const { prepareArticle } = await import(pathToFileURL(join(dist, 'store/prepare.js')).href);
const analysed = values.analysed ? readFileSync(values.analysed, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : null;
const n = analysed ? analysed.length : Number(values.articles);
const batchSize = analysed ? 64 : 200;
const requests = analysed ? analysed.map(workerMessage) : Array.from({ length: n }, (_, i) => {
  const article = syntheticArticle(i).annotated;
  return { article, sourceKey: article.id ?? String(i) };
});

/** What an analysis worker sends for one article (src/cli/worker.ts). */
function workerMessage(article, i) {
  const { text, ...body } = article;
  return { text, bodyJson: JSON.stringify(body), prepared: prepareArticle(article), sourceKey: `analysed:${i}` };
}

/** What the writer thread receives: a clone, in the stored form or (older builds) as the Article object. */
function received(message) {
  const copy = globalThis.structuredClone(message);
  if ('entityTypes' in copy.prepared) return copy;
  return { article: { ...JSON.parse(copy.bodyJson), text: copy.text }, bodyJson: copy.bodyJson, prepared: copy.prepared, sourceKey: copy.sourceKey };
}
const tmp = mkdtempSync(join(tmpdir(), 'presslens-bench-save-'));
try {
  const store = await openStore(join(tmp, 'save.db'));
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  for (let i = 0; i < n; i += batchSize) {
    const batch = requests.slice(i, i + batchSize);
    await store.saveArticles(analysed ? batch.map(received) : batch, null);
  }
  const cpu = process.cpuUsage(cpuStart);
  const wall = performance.now() - wallStart;
  await store.close();
  console.log(`${dist}: ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms CPU and ${(wall / n).toFixed(2)} ms wall an article (${n} articles)`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

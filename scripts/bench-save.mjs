#!/usr/bin/env node
// CPU of saving annotated articles alone (no analysis): N synthetic ~600-word articles (src/bench/synthetic.ts)
// saved into a fresh SQLite store in batches of 200, as ingest does. Takes a built dist directory so that two
// builds (main's and a branch's) can be compared in one sitting; run them alternately, a few rounds, and compare
// medians (the machine is shared).
// Usage: node scripts/bench-save.mjs [DIST] [--articles N]   (DIST defaults to this repo's dist)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { articles: { type: 'string', default: '600' } } });
const dist = resolve(positionals[0] ?? new URL('../dist', import.meta.url).pathname);
const { syntheticArticle } = await import(pathToFileURL(join(dist, 'bench/synthetic.js')).href);
const { openStore } = await import(pathToFileURL(join(dist, 'store/open.js')).href);
const n = Number(values.articles);
const requests = Array.from({ length: n }, (_, i) => {
  const article = syntheticArticle(i).annotated;
  return { article, sourceKey: article.id ?? String(i) };
});
const tmp = mkdtempSync(join(tmpdir(), 'presslens-bench-save-'));
try {
  const store = await openStore(join(tmp, 'save.db'));
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  for (let i = 0; i < n; i += 200) await store.saveArticles(requests.slice(i, i + 200), null);
  const cpu = process.cpuUsage(cpuStart);
  const wall = performance.now() - wallStart;
  await store.close();
  console.log(`${dist}: ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms CPU and ${(wall / n).toFixed(2)} ms wall an article (${n} articles)`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

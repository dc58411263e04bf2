#!/usr/bin/env node
// Clustering throughput and accuracy at scale: streams N generated articles (src/compare/synthetic, invented
// stories) through one IncrementalClusterer, timing `add` alone (generation is not timed), then scores the
// result pairwise against the generator's story labels and times a snapshot/restore round trip.
//
//   npm run build && node scripts/bench-cluster.mjs [--articles 100000] [--entities] [--worker] [--seed 42]
//
// --entities gives the clusterer the generator's entity names (as an entity stage would); without it the
// clusterer falls back to capitalised names, as it must with today's `analyze` output.
// --worker places with `placeAll`: features (tokens, names, MinHash) on a worker thread, placement on this
// one, two batches in flight; the articles are generated first, so the timed call is placeAll alone.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { IncrementalClusterer } from '../dist/compare/cluster/clusterer.js';
import { pairwiseScores } from '../dist/compare/cluster/pairwise.js';
import { storyStream } from '../dist/compare/synthetic/stories.js';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    entities: { type: 'boolean', default: false },
    worker: { type: 'boolean', default: false },
  },
});
const target = Number(values.articles);
const seed = Number(values.seed);
// About 4 articles per story; ~47 stories a day, the density of a large national news feed.
const stories = Math.ceil(target / 3.9);
const stream = storyStream({ seed, stories, days: Math.max(1, Math.round(stories / 47)) });

const clusterer = new IncrementalClusterer();
const gold = new Map();
const predicted = new Map();
let wallMs = 0;
let cpuMicros = 0;
let done = 0;
const batch = [];
const loadBefore = loadavg()[0];
const flush = () => {
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (const article of batch) {
    predicted.set(article.id, clusterer.add(asDocument(article)));
  }
  const used = process.cpuUsage(cpu);
  cpuMicros += used.user + used.system;
  wallMs += performance.now() - started;
  done += batch.length;
  batch.length = 0;
  if (done % 20000 < 5000) process.stderr.write(`  ${done} articles, ${(done / (wallMs / 1000)).toFixed(0)}/s\n`);
};
const asDocument = (article) => ({
  id: article.id, title: article.title, text: article.text, publishedAt: article.publishedAt,
  entities: values.entities ? article.entities : undefined,
});
if (values.worker) {
  const docs = [];
  for (const article of stream) {
    if (docs.length >= target) break;
    gold.set(article.id, article.storyId);
    docs.push(asDocument(article));
  }
  const started = performance.now();
  const cpu = process.cpuUsage();
  const placed = await clusterer.placeAll(docs);
  const used = process.cpuUsage(cpu);
  cpuMicros = used.user + used.system;
  wallMs = performance.now() - started;
  docs.forEach((doc, i) => predicted.set(doc.id, placed[i].clusterId));
  done = docs.length;
} else {
  for (const article of stream) {
    if (done + batch.length >= target) break;
    gold.set(article.id, article.storyId);
    batch.push(article);
    if (batch.length === 5000) flush();
  }
  flush();
}

const scores = pairwiseScores(gold, predicted);
const snapStarted = performance.now();
const json = JSON.stringify(clusterer.snapshot());
const snapMs = performance.now() - snapStarted;
const restoreStarted = performance.now();
const restored = IncrementalClusterer.restore(JSON.parse(json));
const restoreMs = performance.now() - restoreStarted;

const result = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
  loadAverage: { before: loadBefore, after: loadavg()[0] },
  articles: done,
  stories: new Set(gold.values()).size,
  clusters: clusterer.clusterCount,
  entities: values.entities ? 'generator names' : 'capitalised-name fallback',
  mode: values.worker ? 'placeAll (features on a worker thread)' : 'add, one by one',
  wallSeconds: +(wallMs / 1000).toFixed(2),
  articlesPerSecond: Math.round(done / (wallMs / 1000)),
  // CPU time of the whole process (with --worker, both threads): articles per second of CPU used.
  articlesPerCpuSecond: Math.round(done / (cpuMicros / 1e6)),
  pairwise: { precision: +scores.precision.toFixed(4), recall: +scores.recall.toFixed(4), f1: +scores.f1.toFixed(4) },
  snapshot: { megabytes: +(json.length / 1e6).toFixed(1), writeMs: Math.round(snapMs), restoreMs: Math.round(restoreMs), restoredArticles: restored.size },
  heapMegabytes: Math.round(process.memoryUsage().heapUsed / 1e6),
};
console.log(JSON.stringify(result, null, 2));
console.log(`cluster-bench articles ${done} articles/s ${result.articlesPerSecond} (cpu ${result.articlesPerCpuSecond}/s) F1 ${result.pairwise.f1} P ${result.pairwise.precision} R ${result.pairwise.recall}`);

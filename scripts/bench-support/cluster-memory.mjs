#!/usr/bin/env node
// Heap held by the story clusterer as articles are added: the bench's synthetic articles (dated at random over
// two years, so in no date order) through IncrementalClusterer.add with the store's residency (STORE_RESIDENCY),
// or keeping everything with --keep-all; heap measured after a full collection every 5,000 articles. Run after
// `npm run build`:
//   node --expose-gc scripts/bench-support/cluster-memory.mjs [ARTICLES] [--keep-all]
import { parseArgs } from 'node:util';

const root = new URL('../../', import.meta.url);
const { IncrementalClusterer, STORE_RESIDENCY } = await import(new URL('dist/compare/cluster/clusterer.js', root).href);
const { syntheticArticle } = await import(new URL('dist/bench/synthetic.js', root).href);

if (!globalThis.gc) throw new Error('run with node --expose-gc');
const { values, positionals } = parseArgs({ options: { 'keep-all': { type: 'boolean', default: false } }, allowPositionals: true });
const articles = Number(positionals[0] ?? 20000);
const clusterer = new IncrementalClusterer({}, values['keep-all'] ? null : STORE_RESIDENCY);
globalThis.gc();
const before = process.memoryUsage().heapUsed;
for (let i = 0; i < articles; i++) {
  const article = syntheticArticle(i);
  clusterer.add({ id: String(i), text: article.text, title: article.title ?? null, publishedAt: article.publishedAt ?? null });
  if ((i + 1) % 5000 === 0 || i + 1 === articles) {
    globalThis.gc();
    const heldMb = (process.memoryUsage().heapUsed - before) / 1048576;
    console.log(`${i + 1} articles: heap held ${heldMb.toFixed(1)} MB (${((heldMb * 1024) / (i + 1)).toFixed(2)} KB an article), `
      + `${clusterer.clusterCount} clusters made, ${clusterer.residentArticles} articles and ${clusterer.residentClusters} clusters in memory`);
  }
}

#!/usr/bin/env node
// Where the pipeline's time goes: words/s of each stage alone (extraction of scraped text, then every analysis
// stage in pipeline order), one thread, in process, best of N rounds. The pipeline target (≥ 100k words/s, extraction
// excluded) is a budget of 10 µs per word shared by the stages; this shows each stage's share.
// Usage: node scripts/bench-stages.mjs DIR [--rounds N]   (DIR holds .txt articles)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createExtractor } from '../dist/stages/extract/index.js';
import { Article } from '../dist/core/article.js';
import { Deadline } from '../dist/core/deadline.js';
import { DEFAULT_LIMITS } from '../dist/core/limits.js';
import { ANALYSIS_STAGES } from '../dist/core/pipeline.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string', default: '3' } } });
const dir = positionals[0];
if (!dir) {
  console.error('usage: node scripts/bench-stages.mjs DIR [--rounds N]');
  process.exit(2);
}
const texts = readdirSync(dir).filter((n) => n.endsWith('.txt')).sort().map((n) => readFileSync(join(dir, n), 'utf8'));
const words = texts.reduce((sum, t) => sum + (t.match(/\S+/g)?.length ?? 0), 0);
const limits = { ...DEFAULT_LIMITS };
const extractor = createExtractor(limits);
const stages = ANALYSIS_STAGES.map((factory) => factory({ limits }));

const best = new Map();
for (let round = 0; round < Number(values.rounds); round++) {
  const ms = new Map([['extract', 0], ...stages.map((s) => [s.name, 0])]);
  for (const text of texts) {
    const deadline = new Deadline(limits.timeLimitMs, 'bench');
    let t0 = performance.now();
    const article = new Article({ id: 'bench', ...extractor.extract({ text }, deadline) });
    ms.set('extract', ms.get('extract') + performance.now() - t0);
    for (const stage of stages) {
      t0 = performance.now();
      stage.run(article, deadline);
      ms.set(stage.name, ms.get(stage.name) + performance.now() - t0);
    }
  }
  for (const [name, spent] of ms) best.set(name, Math.min(best.get(name) ?? Infinity, spent));
}
const perStage = Object.fromEntries([...best].map(([name, spent]) => [name, {
  wordsPerSecond: Math.round(words / (spent / 1000)),
  microsecondsPerWord: Number(((spent * 1000) / words).toFixed(2)),
}]));
const analysisMicros = [...best].filter(([name]) => name !== 'extract').reduce((sum, [, spent]) => sum + (spent * 1000) / words, 0);
console.log(JSON.stringify({ articles: texts.length, words, rounds: Number(values.rounds), perStage,
  analysisWordsPerSecond: Math.round(1e6 / analysisMicros) }, null, 1));

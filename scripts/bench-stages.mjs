#!/usr/bin/env node
// Where the pipeline's time goes: words/s of each stage alone (extraction of scraped text, then every analysis
// stage in pipeline order), one thread, in process, best of N rounds, in wall and in CPU time (CPU time counts
// only this process, so it is the fairer figure on a shared machine). The pipeline target (≥ 100k words/s,
// extraction excluded) is a budget of 10 µs per word shared by the stages; this shows each stage's share.
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

const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
/** Best round per stage: wall and CPU microseconds. */
const best = new Map();
for (let round = 0; round < Number(values.rounds); round++) {
  const spent = new Map([['extract', { wall: 0, cpu: 0 }], ...stages.map((s) => [s.name, { wall: 0, cpu: 0 }])]);
  const timed = (name, work) => {
    const wall0 = performance.now();
    const cpu0 = cpuMicros();
    const result = work();
    const entry = spent.get(name);
    entry.cpu += cpuMicros() - cpu0;
    entry.wall += (performance.now() - wall0) * 1000;
    return result;
  };
  for (const text of texts) {
    const deadline = new Deadline(limits.timeLimitMs, 'bench');
    const article = timed('extract', () => new Article({ id: 'bench', ...extractor.extract({ text }, deadline) }));
    for (const stage of stages) timed(stage.name, () => stage.run(article, deadline));
  }
  for (const [name, { wall, cpu }] of spent) {
    const previous = best.get(name) ?? { wall: Infinity, cpu: Infinity };
    best.set(name, { wall: Math.min(previous.wall, wall), cpu: Math.min(previous.cpu, cpu) });
  }
}
const perWord = (micros) => Number((micros / words).toFixed(2));
const perStage = Object.fromEntries([...best].map(([name, { wall, cpu }]) => [name, {
  wordsPerSecond: Math.round(words / (wall / 1e6)),
  microsecondsPerWord: perWord(wall),
  cpuMicrosecondsPerWord: perWord(cpu),
}]));
const analysis = [...best].filter(([name]) => name !== 'extract');
const analysisWall = analysis.reduce((sum, [, { wall }]) => sum + wall, 0);
const analysisCpu = analysis.reduce((sum, [, { cpu }]) => sum + cpu, 0);
console.log(JSON.stringify({ articles: texts.length, words, rounds: Number(values.rounds), perStage,
  analysisWordsPerSecond: Math.round(words / (analysisWall / 1e6)),
  analysisWordsPerSecondCpu: Math.round(words / (analysisCpu / 1e6)) }, null, 1));

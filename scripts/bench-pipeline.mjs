#!/usr/bin/env node
// Whole-pipeline throughput on one core: every stage (extraction of scraped text, segmentation, entities, dates,
// quotes, framing) in one thread, in process, over a folder of .txt articles; extraction + segmentation alone in
// the same run as the baseline. Prints one JSON line. Usage: node scripts/bench-pipeline.mjs DIR [--rounds N]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createPipeline } from '../dist/index.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string', default: '3' } } });
const dir = positionals[0];
if (!dir) {
  console.error('usage: node scripts/bench-pipeline.mjs DIR [--rounds N]');
  process.exit(2);
}
const texts = readdirSync(dir).filter((n) => n.endsWith('.txt')).sort().map((n) => readFileSync(join(dir, n), 'utf8'));
const words = texts.reduce((sum, t) => sum + (t.match(/\S+/g)?.length ?? 0), 0);

function measure(pipeline) {
  const best = { wall: Infinity, cpu: Infinity };
  for (let round = 0; round < Number(values.rounds); round++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const text of texts) pipeline.analyze({ text });
    const wall = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(cpu0);
    best.wall = Math.min(best.wall, wall);
    best.cpu = Math.min(best.cpu, (used.user + used.system) / 1e6);
  }
  return { wordsPerSecondWall: Math.round(words / best.wall), wordsPerSecondCpu: Math.round(words / best.cpu) };
}

const full = measure(createPipeline());
const extractOnly = measure(createPipeline({ extractOnly: true }));
console.log(JSON.stringify({ articles: texts.length, words, rounds: Number(values.rounds), full, extractOnly }));

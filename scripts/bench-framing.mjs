#!/usr/bin/env node
// Throughput of the framing stage alone, in-process, on PTC articles: words/s over the stage's run only
// (extraction and segmentation happen before the clock starts). Uses the built code (npm run build first).
//   node scripts/bench-framing.mjs --data /work/shared/bench/framing/ptc [--limit 150] [--rounds 6]
//          [--baseline /tmp/old-dist]   # another build's dist/ (with its models/ beside it), run alternately
// On a shared machine the process is often descheduled: CPU time (user + system of this process) is the
// steadier figure, and comparing against a baseline build in alternating rounds of the same run is the
// fairest; the per-round ratio's median is reported.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' }, limit: { type: 'string', default: '150' }, rounds: { type: 'string', default: '6' },
    baseline: { type: 'string' },
  },
});
if (!args.data) {
  console.error('usage: node scripts/bench-framing.mjs --data <PTC folder> [--limit N] [--rounds N] [--baseline DIST]');
  process.exit(2);
}
const WORD = 0; // TokenKind.Word (a const enum, erased at build)

async function build(dist) {
  const at = (path) => import(pathToFileURL(resolve(dist, path)).href);
  const { Article } = await at('core/article.js');
  const { Deadline } = await at('core/deadline.js');
  const { extractVerbatim } = await at('stages/extract/text/index.js');
  const segment = (await at('stages/segment/index.js')).createSegmentStage({ limits: {} });
  const framing = (await at('stages/framing/index.js')).createFramingStage({ limits: {} });
  const prepared = (texts) => texts.map((text, i) => {
    const article = new Article({ id: String(i), ...extractVerbatim(text) });
    segment.run(article, Deadline.none());
    return article;
  });
  return { prepared, run: (article) => framing.run(article, Deadline.none()) };
}

const folder = join(args.data, 'train-articles');
const texts = readdirSync(folder).filter((f) => f.endsWith('.txt')).sort().slice(0, Number(args.limit))
  .map((f) => readFileSync(join(folder, f), 'utf8'));
const builds = { current: await build(new URL('../dist/', import.meta.url).pathname) };
if (args.baseline) builds.baseline = await build(args.baseline);
let words = 0;
for (const article of builds.current.prepared(texts)) {
  const { tokens } = article;
  for (let i = 0; i < tokens.count; i++) if (tokens.kind[i] === WORD) words++;
}

const rates = Object.fromEntries(Object.keys(builds).map((name) => [name, { wall: [], cpu: [] }]));
for (let round = 0; round < Number(args.rounds); round++) {
  const order = round % 2 ? Object.keys(builds).reverse() : Object.keys(builds);
  for (const name of order) {
    const articles = builds[name].prepared(texts);
    const started = process.hrtime.bigint();
    const cpuStarted = process.cpuUsage();
    for (const article of articles) builds[name].run(article);
    const used = process.cpuUsage(cpuStarted);
    rates[name].wall.push(words / (Number(process.hrtime.bigint() - started) / 1e9));
    rates[name].cpu.push(words / ((used.user + used.system) / 1e6));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const show = (xs) => `${xs.map((r) => Math.round(r)).join(', ')} (median ${Math.round(median(xs))}, best ${Math.round(Math.max(...xs))})`;
console.log(`framing stage: ${texts.length} articles, ${words} words, ${args.rounds} rounds`);
for (const [name, { wall, cpu }] of Object.entries(rates)) {
  console.log(`  ${name} words/s, wall clock: ${show(wall)}`);
  console.log(`  ${name} words/s, CPU time:   ${show(cpu)}`);
}
if (builds.baseline) {
  const ratios = rates.current.cpu.map((r, i) => r / rates.baseline.cpu[i]);
  console.log(`  current / baseline (CPU time, per round): median ${median(ratios).toFixed(2)}, range ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`);
}
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}, node ${process.version}, ${new Date().toISOString()}`);

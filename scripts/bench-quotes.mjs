// Throughput of the analysis stages on plain texts, in process, one core: segment only vs the whole pipeline
// (segment + quotes + whatever later stages are registered). Extraction is trivial for verbatim text.
// Usage: npm run build && node scripts/bench-quotes.mjs --data DIR_OF_TXT [--repeat 3]
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createPipeline } from '../dist/core/pipeline.js';

const { values } = parseArgs({ options: { data: { type: 'string' }, repeat: { type: 'string', default: '3' } } });
if (!values.data) {
  console.error('usage: node scripts/bench-quotes.mjs --data DIR_OF_TXT [--repeat 3]');
  process.exit(2);
}
const texts = readdirSync(values.data).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(values.data, f), 'utf8'));
const words = texts.reduce((n, t) => n + t.split(/\s+/).filter(Boolean).length, 0);
for (const [label, options] of [['segment only', { extractOnly: true }], ['full pipeline', {}]]) {
  const pipeline = createPipeline({ ...options, limits: { timeLimitMs: 0 } });
  for (const text of texts.slice(0, 50)) pipeline.analyze({ text, verbatim: true }); // warm-up
  let best = Infinity;
  for (let r = 0; r < Number(values.repeat); r++) {
    const started = performance.now();
    for (const text of texts) pipeline.analyze({ text, verbatim: true });
    best = Math.min(best, performance.now() - started);
  }
  console.log(`${label}: ${texts.length} texts, ${words} words, best of ${values.repeat}: ${best.toFixed(0)} ms = ${Math.round(words / (best / 1000))} words/s`);
}

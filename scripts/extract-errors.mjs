#!/usr/bin/env node
// Error analysis of HTML extraction on trafilatura's evaluation set, in process (no harness, no workers):
//   npm run build && node scripts/extract-errors.mjs --data ../shared/bench/extraction/trafilatura-eval \
//     [--eval ../shared/eval] [--limit N] [--only body|title|author|date] [--summary] [--json] [--dist DIR]
// Scores with the shared harness's own scorer and HTML decoding (imported from --eval, never copied), then
// lists, per page, body errors (missed `with` segments = content dropped, found `without` segments =
// boilerplate kept) and metadata misses (gold vs predicted, after the scorer's normalisation).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    data: { type: 'string' }, eval: { type: 'string' }, limit: { type: 'string' }, only: { type: 'string' },
    dist: { type: 'string' }, summary: { type: 'boolean', default: false }, json: { type: 'boolean', default: false },
  },
});
if (!values.data) {
  console.error('usage: node scripts/extract-errors.mjs --data DIR [--eval DIR] [--limit N] [--only body|title|author|date] [--summary] [--json]');
  process.exit(2);
}
const evalDir = resolve(values.eval ?? join(values.data, '../../../eval'));
const scorer = await import(pathToFileURL(join(evalDir, 'lib/extraction-trafilatura.mjs')).href);
const { decodeHtml, firstExisting, cacheDir } = await import(pathToFileURL(join(evalDir, 'tasks/common.mjs')).href);
// --dist: another build's dist/ (e.g. the main branch's) to compare before and after.
const { createPipeline } = await import(values.dist ? pathToFileURL(join(resolve(values.dist), 'core/pipeline.js')).href : '../dist/core/pipeline.js');

const evaldata = JSON.parse(readFileSync(join(values.data, 'evaldata.json'), 'utf8'));
const htmlRoot = join(cacheDir('trafilatura-eval-html'), 'tests');
const pipeline = createPipeline({ extractOnly: true });
const limit = values.limit ? Number(values.limit) : Infinity;
const clip = (s, n = 160) => (s.length > n ? `${s.slice(0, n)}…` : s);

const totals = { tp: 0, fp: 0, fn: 0, tn: 0 };
const fields = { title: [0, 0], author: [0, 0], date: [0, 0] };
const rows = [];
let n = 0;
for (const item of Object.values(evaldata)) {
  if (n++ >= limit) break;
  const path = firstExisting(join(htmlRoot, 'cache', item.file), join(htmlRoot, 'eval', item.file),
    join(htmlRoot, 'cache', item.file.normalize('NFD')), join(htmlRoot, 'eval', item.file.normalize('NFD')));
  let article = null;
  try {
    article = pipeline.analyze({ id: item.file, html: decodeHtml(readFileSync(path)) });
  } catch (error) {
    console.error(`${item.file}: ${error.message}`);
  }
  const text = article ? scorer.pyNorm(article.text) : null;
  const [tp, fp, fn, tn] = scorer.countItem(item, text);
  Object.assign(totals, { tp: totals.tp + tp, fp: totals.fp + fp, fn: totals.fn + fn, tn: totals.tn + tn });
  const row = { file: item.file, tp, fp, fn, missed: [], kept: [], meta: {} };
  if (text !== null) {
    row.missed = item.with.filter((w) => !text.includes(scorer.pyNorm(w))).map((w) => clip(w));
    row.kept = item.without.filter((w) => text.includes(scorer.pyNorm(w))).map((w) => clip(w));
  }
  for (const field of Object.keys(fields)) {
    const result = scorer.compareField(field, item[field], article ?? {});
    if (!result.applicable || result.empty) continue;
    fields[field][1]++;
    if (result.correct) fields[field][0]++;
    else row.meta[field] = { gold: item[field], got: field === 'author' ? article?.authors : field === 'date' ? article?.publishedAt : article?.title };
  }
  rows.push(row);
}

const only = values.only;
const shown = rows.filter((row) => !only ? row.fp || row.fn || Object.keys(row.meta).length
  : only === 'body' ? row.fp || row.fn : row.meta[only]);
if (!values.summary) {
  for (const row of shown) {
    if (values.json) {
      console.log(JSON.stringify(row));
      continue;
    }
    const lines = [`== ${row.file}  tp ${row.tp} fp ${row.fp} fn ${row.fn}`];
    if (!only || only === 'body') {
      for (const s of row.missed) lines.push(`  - dropped: ${s}`);
      for (const s of row.kept) lines.push(`  + kept:    ${s}`);
    }
    for (const [field, miss] of Object.entries(row.meta)) {
      if (!only || only === field) lines.push(`  ${field}: gold ${JSON.stringify(miss.gold)} got ${JSON.stringify(miss.got)}`);
    }
    console.log(lines.join('\n'));
  }
}
const f1 = (2 * totals.tp) / (2 * totals.tp + totals.fp + totals.fn);
const accuracy = ([correct, all]) => `${(correct / all).toFixed(3)} (${correct}/${all})`;
console.log(`pages ${rows.length}  tp ${totals.tp} fp ${totals.fp} fn ${totals.fn}  P ${(totals.tp / (totals.tp + totals.fp)).toFixed(3)} R ${(totals.tp / (totals.tp + totals.fn)).toFixed(3)} F1 ${f1.toFixed(3)}`);
console.log(`non-empty gold: title ${accuracy(fields.title)}  author ${accuracy(fields.author)}  date ${accuracy(fields.date)}`);

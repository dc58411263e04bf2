/**
 * Trains the NER model shipped in models/ner/ (see docs/models/ner.md).
 *
 *   npm run train:ner -- --data ../shared/bench/ner [--sources conll2003,wikigold] [--exclude …] [--epochs 15] [--dev]
 *
 * --data     folder holding conll2003/, wikigold/, wnut17/, gum/, gmb-kaggle-partial/ (missing ones skipped)
 * --sources  sources to train on (default conll2003,wikigold: the shipped model); also wnut17, gum, gmb
 * --exclude  sources to leave out of --sources; gum-nc leaves out only GUM's non-commercial genres
 * --dev      after each epoch, score eng.testa (tuning only: never trained on)
 * Deterministic for given data and options (seeded shuffling).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConll, scoreSpans, type ConllDocument, type GoldSpan } from '../src/stages/entities/conll.js';
import { FeatureExtractor, type TokenView } from '../src/stages/entities/features.js';
import { Gazetteer, type GazetteerFile } from '../src/stages/entities/gazetteer.js';
import { argmax, chunksOf, decideClass, CLASS_COUNT, classOf, decodeDocument, encodeWeights, Part, TYPES, type ModelMeta } from '../src/stages/entities/model.js';
import { tokenize } from '../src/stages/tokenize/index.js';
import { buildGazetteer } from './build-gazetteer.js';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/bench/ner' },
    sources: { type: 'string', default: 'conll2003,wikigold' },
    exclude: { type: 'string', default: '' },
    epochs: { type: 'string', default: '15' },
    bits: { type: 'string', default: '20' },
    out: { type: 'string', default: 'models/ner' },
    dev: { type: 'boolean', default: false },
    limit: { type: 'string' },
  },
});

// GUM genres whose texts are licensed for non-commercial use only (gum/LICENSE.txt).
const GUM_NC_GENRES = new Set(['fiction', 'whow', 'essay', 'letter', 'podcast', 'reddit', 'conversation', 'vlog', 'speech', 'textbook', 'court']);

interface Example {
  view: TokenView;
  gold: Uint8Array;
  text: string;
  starts: Uint32Array;
  ends: Uint32Array;
}

const list = (value: string) => new Set(value.split(',').map((s) => s.trim()).filter(Boolean));
const excluded = list(args.exclude);
const included = list(args.sources);

function readSource(name: string, path: string, read: () => ConllDocument[]): ConllDocument[] {
  if (!included.has(name) || excluded.has(name)) {
    console.log(`${name}: left out (${excluded.has(name) ? '--exclude' : 'not in --sources'})`);
    return [];
  }
  if (!existsSync(path)) {
    console.log(`${name}: ${path} not found, skipped`);
    return [];
  }
  const docs = read();
  console.log(`${name}: ${docs.length} documents, ${docs.reduce((n, d) => n + d.spans.length, 0)} entities`);
  return docs;
}

const coarse = (t: string) => (TYPES as readonly string[]).includes(t) ? t : null;
const wnutType = (t: string) => ({ person: 'PER', location: 'LOC', corporation: 'ORG', group: 'ORG', product: 'MISC', 'creative-work': 'MISC' } as Record<string, string>)[t] ?? null;
// GMB: gpe there is mostly nationalities and demonyms ("Iraqi", "British"), which CoNLL tags MISC.
const gmbType = (t: string) => ({ per: 'PER', org: 'ORG', geo: 'LOC', gpe: 'MISC', eve: 'MISC', art: 'MISC', nat: 'MISC' } as Record<string, string>)[t] ?? null;

function gmbDocuments(path: string): ConllDocument[] {
  // CSV "Sentence #,Word,POS,Tag"; a new sentence when the first field is set. Converted to CoNLL lines.
  const lines = readFileSync(path, 'latin1').split(/\r?\n/).slice(1);
  const out: string[] = [];
  for (const line of lines) {
    if (!line) continue;
    const fields = splitCsvLine(line);
    if (fields.length !== 4) continue;
    if (fields[0] && out.length) out.push('');
    out.push(`${fields[1]!.replace(/\s+/g, '_') || '_'} ${fields[3]}`);
  }
  return parseConll(out.join('\n'), { mapType: gmbType, sentencesAsDocuments: true });
}

/** Splits one CSV line with "double-quoted" fields ("" inside quotes is one quote mark). */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

function loadTraining(data: string): ConllDocument[] {
  const docs: ConllDocument[] = [];
  docs.push(...readSource('conll2003', join(data, 'conll2003/eng.train'), () => parseConll(readFileSync(join(data, 'conll2003/eng.train'), 'utf8'), { mapType: coarse })));
  docs.push(...readSource('wikigold', join(data, 'wikigold/CONLL-format/data/wikigold.conll.txt'), () => parseConll(readFileSync(join(data, 'wikigold/CONLL-format/data/wikigold.conll.txt'), 'utf8'), { mapType: coarse })));
  docs.push(...readSource('wnut17', join(data, 'wnut17/CONLL-format/data/train/wnut17train.conll'), () => parseConll(readFileSync(join(data, 'wnut17/CONLL-format/data/train/wnut17train.conll'), 'utf8'), { separator: /\t/, mapType: wnutType, sentencesAsDocuments: true })));
  docs.push(...readSource('gum', join(data, 'gum/derived-ner/train.bio.tsv'), () => {
    const all = ['train', 'dev', 'test'].flatMap((split) => parseConll(readFileSync(join(data, `gum/derived-ner/${split}.bio.tsv`), 'utf8'), { separator: /\t/, mapType: coarse }));
    return all.filter((d) => {
      const genre = /^GUM_([a-z]+)_/.exec(d.name)?.[1] ?? '';
      return genre !== 'reddit' && !(excluded.has('gum-nc') && GUM_NC_GENRES.has(genre));
    });
  }));
  docs.push(...readSource('gmb', join(data, 'gmb-kaggle-partial/ner_dataset.partial.csv'), () => gmbDocuments(join(data, 'gmb-kaggle-partial/ner_dataset.partial.csv'))));
  return docs;
}

function toExample(doc: ConllDocument): Example {
  const tokens = tokenize(doc.text, []);
  const words: string[] = [];
  const lineStart: boolean[] = [];
  const gold = new Uint8Array(tokens.count);
  const spans = [...doc.spans].sort((a, b) => a.start - b.start);
  let s = 0;
  for (let i = 0; i < tokens.count; i++) {
    const start = tokens.start[i]!;
    words.push(doc.text.slice(start, tokens.end[i]!));
    lineStart.push(i === 0 || doc.text.slice(tokens.end[i - 1]!, start).includes('\n'));
    while (s < spans.length && spans[s]!.end <= start) s++;
    const span = spans[s];
    if (span && span.start <= start && tokens.end[i]! <= span.end) {
      const first = span.start === start;
      const last = span.end === tokens.end[i]!;
      const part = first && last ? Part.U : first ? Part.B : last ? Part.L : Part.I;
      gold[i] = classOf(TYPES.indexOf(span.type as (typeof TYPES)[number]), part);
    }
  }
  return { view: { words, lineStart }, gold, text: doc.text, starts: tokens.start, ends: tokens.end };
}

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function evaluate(extractor: FeatureExtractor, weights: Float32Array, bits: number, examples: Example[]): string {
  const gold: GoldSpan[][] = [];
  const predicted: GoldSpan[][] = [];
  for (const ex of examples) {
    const tags = decodeDocument(extractor, ex.view, weights, bits, (i, scores, _features, prev, soFar) => decideClass(scores, prev, ex.view.sentenceStart?.[i] ?? false, soFar, i));
    const toSpans = (t: ArrayLike<number>) => chunksOf(t, ex.view.lineStart).map((c) => ({ start: ex.starts[c.from]!, end: ex.ends[c.to - 1]!, type: c.type }));
    gold.push(toSpans(ex.gold));
    predicted.push(toSpans(tags));
  }
  const { overall, perType } = scoreSpans(gold, predicted);
  const f = (n: number) => n.toFixed(4);
  return `F1 ${f(overall.f1)} P ${f(overall.precision)} R ${f(overall.recall)} | ` + Object.entries(perType).map(([t, s]) => `${t} ${f(s.f1)} (P ${f(s.precision)} R ${f(s.recall)})`).join(' ');
}

function main(): void {
  const bits = Number(args.bits);
  const epochs = Number(args.epochs);
  mkdirSync(args.out, { recursive: true });
  const gazetteerPath = join(args.out, 'gazetteer.json');
  console.log(`gazetteer: ${buildGazetteer(gazetteerPath)} phrases → ${gazetteerPath}`);
  const gazetteer = new Gazetteer(JSON.parse(readFileSync(gazetteerPath, 'utf8')) as GazetteerFile);
  const extractor = new FeatureExtractor(gazetteer);
  let docs = loadTraining(args.data);
  if (args.limit) docs = docs.slice(0, Number(args.limit));
  const examples = docs.map(toExample);
  const tokenCount = examples.reduce((n, e) => n + e.gold.length, 0);
  console.log(`training on ${examples.length} documents, ${tokenCount} tokens; ${epochs} epochs, 2^${bits} feature rows`);
  const devPath = join(args.data, 'conll2003/eng.testa');
  const dev = args.dev && existsSync(devPath) ? parseConll(readFileSync(devPath, 'utf8'), { mapType: coarse }).map(toExample) : [];

  const size = (1 << bits) * CLASS_COUNT;
  const mask = (1 << bits) - 1;
  const weights = new Float32Array(size);
  // Averaged perceptron, the "time-weighted updates" form: average = w - totals / steps.
  const timed = new Float64Array(size);
  let step = 1;
  const random = mulberry32(7);
  const order = examples.map((_, i) => i);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let errors = 0;
    const began = performance.now();
    for (const index of order) {
      const ex = examples[index]!;
      decodeDocument(extractor, ex.view, weights, bits, (token, scores, features) => {
        const guess = argmax(scores);
        const truth = ex.gold[token]!;
        if (guess !== truth) {
          errors++;
          const update = (row: number) => {
            const base = (row & mask) * CLASS_COUNT;
            weights[base + truth]! += 1;
            weights[base + guess]! -= 1;
            timed[base + truth]! += step;
            timed[base + guess]! -= step;
          };
          for (const list of features.lists) for (const f of list) update(f);
          for (let f = features.from; f < features.to; f++) update(features.context[f]!);
          for (let f = 0; f < features.dynamicCount; f++) update(features.dynamic[f]!);
        }
        step++;
        return guess;
      });
    }
    const seconds = ((performance.now() - began) / 1000).toFixed(1);
    let line = `epoch ${epoch}: token error rate ${(errors / tokenCount).toFixed(4)} (${seconds} s)`;
    if (dev.length) {
      const averaged = new Float32Array(size);
      for (let k = 0; k < size; k++) averaged[k] = weights[k]! - timed[k]! / step;
      line += ` | testa ${evaluate(extractor, averaged, bits, dev)}`;
    }
    console.log(line);
  }
  const averaged = new Float32Array(size);
  for (let k = 0; k < size; k++) averaged[k] = weights[k]! - timed[k]! / step;
  const sources = ['conll2003', 'wikigold', 'wnut17', 'gum', 'gmb'].filter((s) => included.has(s) && !excluded.has(s));
  const meta: ModelMeta = {
    version: `ner-perceptron-${new Date().toISOString().slice(0, 10)}`,
    bits,
    trainedOn: excluded.has('gum-nc') ? sources.map((s) => (s === 'gum' ? 'gum (without NC genres)' : s)) : sources,
    trainedAt: new Date().toISOString(),
  };
  const file = join(args.out, 'model.bin.gz');
  const encoded = encodeWeights(meta, averaged);
  writeFileSync(file, encoded);
  console.log(`wrote ${file} (${(encoded.length / 1048576).toFixed(2)} MB)`);
}

main();

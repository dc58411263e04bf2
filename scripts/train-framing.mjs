#!/usr/bin/env node
// Trains the framing token model (multinomial logistic regression over token features) on the PTC `fit`
// split, tunes span decoding on `dev-own`, and writes models/framing/model.json.gz + metrics.json.
//   npm run train:framing -- --data ../shared/bench/framing/ptc [--lexicons DIR] [--eval DIR]
//       [--epochs N] [--limit N] [--no-lexicons] [--out models/framing]
// --data: the PTC folder (train-articles/, train-task2-TC.labels, splits.json). Never copied into the repo.
// --lexicons: word lists used as features (MIT, Pryzant et al. 2020 "neutralizing-bias"); default
//   DATA/../lexicons/from_neutralizing-bias. --no-lexicons trains without them.
// --eval: the shared evaluation tools whose SI scorer tunes decoding (default DATA/../../../eval).
// Uses the BUILT stage code (dist/) so that training and inference share one feature extractor: run
// `npm run build` first (the npm script does).
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { Article } from '../dist/core/article.js';
import { extractVerbatim } from '../dist/stages/extract/text/index.js';
import { createSegmentStage } from '../dist/stages/segment/index.js';
import { Deadline } from '../dist/core/deadline.js';
import { CODE_TEMPLATES, compileWordLists, EDGE_WORDS, featureName, forEachFeature, forEachStackedFeature, PAIR_TEMPLATES, shapeOf, WORD_CLASSES, WORD_TEMPLATES, wordFeatureNames } from '../dist/stages/framing/features.js';
import { compileLexicon } from '../dist/stages/framing/lexicon.js';
import { framingContext } from '../dist/stages/framing/context.js';
import { decodeSpans, softmaxRows, OTHER } from '../dist/stages/framing/model.js';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    lexicons: { type: 'string' },
    'no-lexicons': { type: 'boolean', default: false },
    eval: { type: 'string' },
    epochs: { type: 'string', default: '3' },
    limit: { type: 'string' },
    'min-count': { type: 'string', default: '3' },
    rate: { type: 'string', default: '0.1' },
    folds: { type: 'string', default: '3' },
    from: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    'stack-epochs': { type: 'string', default: '3' },
    l2: { type: 'string', default: '1e-5' },
    out: { type: 'string', default: 'models/framing' },
  },
});
if (!args.data) fail('--data PTC_DIR is required (e.g. ../shared/bench/framing/ptc)');
const data = resolve(args.data);
const lexiconDir = resolve(args.lexicons ?? join(data, '..', 'lexicons', 'from_neutralizing-bias'));
const evalDir = resolve(args.eval ?? join(data, '..', '..', '..', 'eval'));
const { siScore, siRestricted } = await import(pathToFileURL(join(evalDir, 'lib', 'framing.mjs')).href);

// Techniques with their own class; the rest are pooled into OTHER (they widen spans but are not named).
// (Seven classes keep inference within the pipeline's speed budget: each class is a column of every weight row.)
const CLASSES = ['O', 'Loaded_Language', 'Name_Calling,Labeling', 'Doubt', 'Exaggeration,Minimisation',
  'Appeal_to_fear-prejudice', OTHER];
const WORD_LIST_FILES = {
  strong: 'strong_subjectives_riloff2003.txt', weak: 'weak_subjectives_riloff2003.txt',
  negative: 'negative_liu2005.txt', positive: 'positive_liu2005.txt', bias: 'npov_lexicon.txt',
  hedge: 'hedges_hyland2005.txt', report: 'report_verbs.txt', factive: 'factives_hooper1975.txt',
};

function fail(message) {
  process.stderr.write(`train-framing: ${message}\n`);
  process.exit(2);
}

function readWordLists() {
  if (args['no-lexicons']) return {};
  const lists = {};
  for (const name of WORD_CLASSES) {
    const file = join(lexiconDir, WORD_LIST_FILES[name]);
    if (!existsSync(file)) fail(`${file}: missing word list (give --lexicons DIR or --no-lexicons)`);
    lists[name] = [...new Set(readFileSync(file, 'utf8').split('\n').map((l) => l.trim().toLowerCase())
      .filter((l) => l && !l.startsWith('#') && !/\s/.test(l)))].sort();
  }
  return lists;
}

function readCorpus() {
  const splits = JSON.parse(readFileSync(join(data, 'splits.json'), 'utf8'));
  const labels = {};
  for (const line of readFileSync(join(data, 'train-task2-TC.labels'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const [id, technique, s, e] = line.split('\t');
    (labels[id] ||= []).push({ technique, start: Number(s), end: Number(e) });
  }
  const load = (ids) => ids.slice(0, args.limit ? Number(args.limit) : undefined).map((id) => {
    const text = readFileSync(join(data, 'train-articles', `article${id}.txt`), 'utf8');
    return { id, text, gold: labels[id] ?? [] };
  });
  return { fit: load(splits.fit), dev: load(splits.dev) };
}

/** Code-point offsets (PTC) ↔ UTF-16 offsets (JavaScript strings). */
function offsetMaps(text) {
  const cpToU16 = [];
  const u16ToCp = new Int32Array(text.length + 1);
  let cp = 0;
  for (let u = 0; u < text.length; cp++) {
    cpToU16[cp] = u;
    const step = text.codePointAt(u) > 0xffff ? 2 : 1;
    for (let k = 0; k < step; k++) u16ToCp[u + k] = cp;
    u += step;
  }
  cpToU16[cp] = text.length;
  u16ToCp[text.length] = cp;
  return { cpToU16, u16ToCp };
}

const wordLists = readWordLists();
const compiledLists = compileWordLists(wordLists);
const matchLexicon = compileLexicon();
const segment = createSegmentStage({ limits: {} });

/** The article as the pipeline prepares it (verbatim text, blocks, sentences, tokens) + its features. */
function prepare(doc) {
  const article = new Article({ id: doc.id, ...extractVerbatim(doc.text) });
  segment.run(article, Deadline.none());
  const { ctx } = framingContext(article, matchLexicon, compiledLists);
  const features = [];
  let shared = [];
  const add = (name) => features[features.length - 1].push(name);
  const wordAt = (k) => (k >= 0 ? ctx.lower[k] : EDGE_WORDS[k]);
  forEachFeature(doc.text, article.tokens, ctx, {
    unit: () => { shared = []; },
    shared: (t, v) => shared.push(featureName(CODE_TEMPLATES[t], String(v))),
    begin: () => features.push([...shared]),
    own: (k) => {
      for (const name of wordFeatureNames(ctx.lower[k])) add(name);
      add(featureName('sh', shapeOf(doc.text, article.tokens.start[k], article.tokens.end[k])));
    },
    word: (t, k) => add(featureName(WORD_TEMPLATES[t], wordAt(k))),
    pair: (t, a, b) => add(featureName(PAIR_TEMPLATES[t], wordAt(a), wordAt(b))),
    code: (t, v) => add(featureName(CODE_TEMPLATES[t], String(v))),
  });
  const { cpToU16, u16ToCp } = offsetMaps(doc.text);
  const { tokens } = article;
  const labels = new Uint8Array(tokens.count);
  const best = new Float64Array(tokens.count).fill(Infinity);
  for (const g of doc.gold) {
    const s = cpToU16[g.start], e = cpToU16[g.end];
    const cls = CLASSES.includes(g.technique) ? CLASSES.indexOf(g.technique) : CLASSES.indexOf(OTHER);
    for (let i = 0; i < tokens.count; i++) {
      if (tokens.end[i] <= s || tokens.start[i] >= e) continue;
      if (e - s < best[i]) { best[i] = e - s; labels[i] = cls; }
    }
  }
  return { doc, article, ctx, features, labels, u16ToCp };
}

const started = Date.now();
const corpus = readCorpus();
const fit = corpus.fit.map(prepare);
const dev = corpus.dev.map(prepare);
log(`prepared ${fit.length} fit + ${dev.length} dev articles`);

// Multinomial logistic regression, AdaGrad with L2, a fixed-seed shuffle per epoch.
const K = CLASSES.length;
/** Trains one linear layer on docs (each with .layerFeatures: string[][] per token, .labels) -> {features, weights}. */
function trainLayer(docs, { epochs, minCount }) {
  const counts = new Map();
  for (const a of docs) for (const fs of a.layerFeatures) for (const f of fs) counts.set(f, (counts.get(f) ?? 0) + 1);
  const names = [...counts].filter(([, n]) => n >= minCount).map(([f]) => f).sort();
  const index = new Map(names.map((f, i) => [f, i]));
  const rows = [];
  for (const a of docs) a.layerFeatures.forEach((fs, i) => rows.push({ row: Int32Array.from(fs.map((f) => index.get(f) ?? -1).filter((k) => k >= 0)), label: a.labels[i] }));
  const W = new Float64Array(names.length * K);
  const G = new Float64Array(names.length * K).fill(1e-8);
  const rate = Number(args.rate), l2 = Number(args.l2);
  let seed = 11;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const order = rows.map((_, i) => i);
  const scores = new Float32Array(K);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
    let loss = 0;
    for (const t of order) {
      const { row, label } = rows[t];
      scores.fill(0);
      for (const f of row) for (let c = 0; c < K; c++) scores[c] += W[f * K + c];
      softmaxRows(scores, K);
      loss -= Math.log(Math.max(scores[label], 1e-12));
      for (const f of row) {
        for (let c = 0; c < K; c++) {
          const k = f * K + c;
          const grad = scores[c] - (c === label ? 1 : 0) + l2 * W[k];
          G[k] += grad * grad;
          W[k] -= (rate * grad) / Math.sqrt(G[k]);
        }
      }
    }
    log(`  epoch ${epoch + 1}: loss ${(loss / order.length).toFixed(4)} (${names.length} features, ${rows.length} tokens)`);
  }
  // Keep the features whose weights matter, rounded: the shipped file stays small.
  const features = [], weights = [];
  for (let f = 0; f < names.length; f++) {
    let max = 0;
    for (let c = 0; c < K; c++) max = Math.max(max, Math.abs(W[f * K + c]));
    if (max < 0.01) continue;
    features.push(names[f]);
    for (let c = 0; c < K; c++) weights.push(Math.round(W[f * K + c] * 1000) / 1000);
  }
  return { features, weights };
}

function applyLayer(layer, a) {
  const index = new Map(layer.features.map((f, i) => [f, i]));
  const P = new Float32Array(a.layerFeatures.length * K);
  a.layerFeatures.forEach((fs, i) => {
    for (const f of fs) {
      const r = index.get(f);
      if (r === undefined) continue;
      for (let c = 0; c < K; c++) P[i * K + c] += layer.weights[r * K + c];
    }
  });
  softmaxRows(P, K);
  return P;
}

function stackedFeatures(a, probs) {
  const features = [];
  let shared = [];
  const add = (name) => features[features.length - 1].push(name);
  forEachStackedFeature(a.ctx, probs, K, {
    unit: () => { shared = []; },
    shared: (t, v) => shared.push(featureName(CODE_TEMPLATES[t], String(v))),
    begin: () => features.push([...shared]),
    own: () => {},
    word: () => {},
    pair: () => {},
    code: (t, v) => add(featureName(CODE_TEMPLATES[t], String(v))),
  });
  return features;
}

const epochs = Number(args.epochs), minCount = Number(args['min-count']);
const useFirst = (docs) => docs.forEach((a) => { a.layerFeatures = a.features; });
// Layer 1 is trained on out-of-fold layer-0 probabilities (cross-fitting), so that it learns how far to
// trust layer 0 on unseen articles, not on the ones layer 0 memorised.
const folds = Number(args.folds);
let layers;
if (args.from) {
  layers = JSON.parse(gunzipSync(readFileSync(args.from)).toString('utf8')).layers;
  log(`layers from ${args.from} (decoding is re-tuned only)`);
} else if (folds > 1) {
  const oof = new Map();
  for (let k = 0; k < folds; k++) {
    const train = fit.filter((_, n) => n % folds !== k), held = fit.filter((_, n) => n % folds === k);
    log(`layer 0, fold ${k + 1}/${folds}`);
    useFirst(train);
    const layer = trainLayer(train, { epochs, minCount });
    useFirst(held);
    for (const a of held) oof.set(a, applyLayer(layer, a));
  }
  log('layer 0, all fit articles');
  useFirst(fit);
  const first = trainLayer(fit, { epochs, minCount });
  for (const a of fit) a.layerFeatures = stackedFeatures(a, oof.get(a));
  log('layer 1 (stacked)');
  const second = trainLayer(fit, { epochs: Number(args['stack-epochs']), minCount: 1 });
  layers = [first, second];
} else {
  useFirst(fit);
  layers = [trainLayer(fit, { epochs, minCount })];
}

function probabilities(a) {
  a.layerFeatures = a.features;
  const word = applyLayer(layers[0], a);
  if (!layers[1]) return { word, run: word };
  a.layerFeatures = stackedFeatures(a, word);
  return { word, run: applyLayer(layers[1], a) };
}

const devProbs = dev.map(probabilities);
function evaluate(settings) {
  const goldSI = {}, goldTC = {}, predSI = {}, predTC = {}, texts = {};
  dev.forEach((a, n) => {
    const id = a.doc.id;
    texts[id] = a.doc.text;
    if (a.doc.gold.length) { goldTC[id] = a.doc.gold; goldSI[id] = a.doc.gold.map((g) => [g.start, g.end]); }
    const spans = decodeSpans(devProbs[n], CLASSES, a.doc.text, a.article.tokens, a.ctx, settings).map((s) => ({
      technique: s.technique, start: a.u16ToCp[a.article.tokens.start[s.first]], end: a.u16ToCp[a.article.tokens.end[s.last - 1]],
    }));
    if (spans.length) { predTC[id] = spans; predSI[id] = spans.map((s) => [s.start, s.end]); }
  });
  const opts = { merge: 'adjacent', texts };
  return { si: siScore(goldSI, predSI, opts), loaded: siRestricted(goldTC, predTC, 'Loaded_Language', opts) };
}

// Decoding is tuned in two steps: the run thresholds for SI F1 (all techniques), then the word-level
// threshold for Loaded_Language F1 under the constraint that SI F1 does not fall by more than 0.005.
let best = null;
for (const threshold of [0.2, 0.25, 0.3, 0.35, 0.4, 0.5]) {
  for (const fill of [false, true]) {
    for (const unitThreshold of [0.5, 0.6, 0.7, 0.8, 2]) {
      for (const minChars of [1, 4]) {
        const settings = { threshold, bridge: threshold * 0.5, minChars, wordThreshold: 2, unitThreshold, fill };
        const r = evaluate(settings);
        if (!best || r.si.f1 > best.result.si.f1) best = { settings, result: r };
      }
    }
  }
}
const runOnly = best.result.si.f1;
for (const [wordThreshold, wordExtend] of [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5].flatMap((t) => [[t, 0], [t, 1]])) {
  const settings = { ...best.settings, wordThreshold, wordExtend };
  const r = evaluate(settings);
  if (args.verbose) log(`  word ${wordThreshold} extend ${wordExtend}: SI ${r.si.f1.toFixed(3)} LL F1 ${r.loaded.f1.toFixed(3)} P ${r.loaded.precision.toFixed(3)} R ${r.loaded.recall.toFixed(3)} (${r.loaded.precDen} spans / ${r.loaded.recDen} gold)`);
  if (r.si.f1 >= runOnly - 0.005 && r.loaded.f1 > best.result.loaded.f1) best = { settings, result: r };
}
const { settings, result } = best;
log(`decode ${JSON.stringify(settings)}: dev-own SI F1 ${result.si.f1.toFixed(3)} P ${result.si.precision.toFixed(3)} R ${result.si.recall.toFixed(3)}; Loaded_Language F1 ${result.loaded.f1.toFixed(3)}`);

const featureCount = layers.reduce((n, l) => n + l.features.length, 0);
// The version names the weights and the decoding: a re-tuned decoder is a new version.
const fingerprint = createHash('sha256').update(JSON.stringify({ layers, settings })).digest('hex').slice(0, 8);
const version = `framing-lr${layers.length}-${new Date().toISOString().slice(0, 10)}-${fingerprint}`;
const model = { version, classes: CLASSES, layers, wordLists, decode: settings };
const out = resolve(args.out);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'model.json.gz'), gzipSync(JSON.stringify(model), { level: 9 }));
writeFileSync(join(out, 'metrics.json'), JSON.stringify({
  version, trainedOn: `PTC fit split (${fit.length} articles)`, layers: layers.length, folds, tunedOn: `PTC dev-own split (${dev.length} articles)`,
  wordLists: args['no-lexicons'] ? 'none' : 'neutralizing-bias (MIT): ' + Object.values(WORD_LIST_FILES).join(', '),
  layersFrom: args.from ? 'an earlier run (decoding re-tuned only; its training settings as below)' : 'this run',
  epochs, stackEpochs: Number(args['stack-epochs']), minCount, l2: Number(args.l2), features: featureCount, decode: settings,
  devOwn: { siF1: round(result.si.f1), siP: round(result.si.precision), siR: round(result.si.recall), loadedLanguageF1: round(result.loaded.f1) },
  seconds: Math.round((Date.now() - started) / 1000),
}, null, 2) + '\n');
log(`wrote ${join(out, 'model.json.gz')} (${featureCount} features)`);

function round(x) { return Math.round(x * 1000) / 1000; }
function log(message) { process.stderr.write(`train-framing: ${message}\n`); }

#!/usr/bin/env node
// Word clusters for the framing model, learned from unlabelled news text: a loaded word seen once or twice in
// PTC's fit split ("fiasco", "grandstanding") gets no weight of its own, but it shares a cluster with words
// that do. Distributional vectors (positive PMI of ±window-word co-occurrences, context distribution smoothed,
// truncated by a randomised SVD), then spherical k-means into `--fine` clusters, whose centroids are grouped
// again into `--coarse` clusters (a two-level hierarchy, as Brown-cluster prefixes give).
//   npm run train:framing-clusters -- --bench ../shared/bench --out FILE [--leave-out polnear,conll2003]
//       [--min-count 5] [--contexts 10000] [--window 2] [--dims 96] [--fine 1024] [--coarse 64] [--list]
// --bench: the shared bench folder (never copied into the repo). Sources and their licences: SOURCES below and
// docs/models/framing.md. PTC's dev-own articles are left out, even unlabelled: they stay unseen.
// Writes FILE: { sources, fine, coarse, clusters: [words of fine
// cluster f, space-separated], coarseOf: [coarse cluster of f] }, read by scripts/train-framing.mjs --clusters.
// --list prints the sources and their licences. Uses the BUILT tokenizer (dist/) so that words are split and folded as the framing stage splits them.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { Article } from '../dist/core/article.js';
import { Deadline } from '../dist/core/deadline.js';
import { extractVerbatim } from '../dist/stages/extract/text/index.js';
import { createSegmentStage } from '../dist/stages/segment/index.js';
import { compileWordLists } from '../dist/stages/framing/features.js';
import { WordTable } from '../dist/stages/framing/words.js';

const { values: args } = parseArgs({
  options: {
    bench: { type: 'string' },
    'leave-out': { type: 'string', default: '' },
    out: { type: 'string' },
    'min-count': { type: 'string', default: '5' },
    contexts: { type: 'string', default: '10000' },
    dims: { type: 'string', default: '96' },
    window: { type: 'string', default: '2' },
    fine: { type: 'string', default: '1024' },
    coarse: { type: 'string', default: '64' },
    list: { type: 'boolean', default: false },
  },
});

/** Unlabelled text sources under the bench folder: each yields documents (strings). */
const SOURCES = {
  'ptc-fit': {
    licence: 'PTC (SemEval-2020 Task 11): no licence stated, internal research use; fit split only (dev-own left out)',
    *documents(bench) {
      const dir = join(bench, 'framing/ptc');
      const { fit } = JSON.parse(readFileSync(join(dir, 'splits.json'), 'utf8'));
      for (const id of fit) yield readFileSync(join(dir, 'train-articles', `article${id}.txt`), 'utf8');
    },
  },
  polnear: {
    licence: 'PolNeAR (Newell et al. 2018): no data licence, internal training only; train and dev articles',
    *documents(bench) {
      for (const split of ['train', 'dev']) {
        const dir = join(bench, 'quotes/polnear', split, 'text');
        for (const name of readdirSync(dir).sort()) yield readFileSync(join(dir, name), 'utf8');
      }
    },
  },
  conll2003: {
    licence: 'CoNLL-2003 English (Reuters): Reuters research licence, train/evaluate',
    *documents(bench) {
      for (const name of ['eng.train', 'eng.testa']) yield* conllDocuments(readFileSync(join(bench, 'ner/conll2003', name), 'utf8'), ' ');
    },
  },
  gmb: {
    licence: 'GMB-derived Kaggle NER set, first 23% (Voice of America news): ODbL',
    *documents(bench) {
      const lines = readFileSync(join(bench, 'ner/gmb-kaggle-partial/ner_dataset.partial.csv'), 'latin1').split('\n').slice(1);
      let words = [];
      const sentences = [];
      for (const line of lines) {
        const cells = line.split(',');
        if (cells[0].startsWith('Sentence:') && words.length) { sentences.push(words.join(' ')); words = []; }
        // Word is the second cell; a quoted comma word ('","') splits into more cells
        const word = cells.length > 4 ? ',' : cells[1];
        if (word) words.push(word);
        if (sentences.length === 200) { yield sentences.join('\n'); sentences.length = 0; }
      }
      if (words.length) sentences.push(words.join(' '));
      yield sentences.join('\n');
    },
  },
  gum: {
    licence: 'GUM (Zeldes 2017): the genres under CC-BY / CC-BY-SA only (academic, bio, court, interview, news, voyage)',
    *documents(bench) {
      const dir = join(bench, 'ner/gum/dep');
      const genres = /^GUM_(academic|bio|court|interview|news|voyage)_/;
      for (const name of readdirSync(dir).sort()) {
        if (!genres.test(name)) continue;
        yield readFileSync(join(dir, name), 'utf8').split('\n').filter((l) => l.startsWith('# text = ')).map((l) => l.slice(9)).join('\n');
      }
    },
  },
  wikigold: {
    licence: 'wikigold (Balasuriya et al. 2009): CC-BY 4.0',
    *documents(bench) {
      yield* conllDocuments(readFileSync(join(bench, 'ner/wikigold/CONLL-format/data/wikigold.conll.txt'), 'utf8'), ' ');
    },
  },
  wnc: {
    licence: 'Wiki Neutrality Corpus sample (Pryzant et al. 2020, neutralizing-bias repository, MIT): biased and neutralised sentences',
    *documents(bench) {
      const dir = join(bench, 'framing/lexicons/wnc_sample_from_neutralizing-bias');
      for (const name of ['pre.train', 'post.train', 'pre.test', 'post.test']) yield readFileSync(join(dir, name), 'utf8');
    },
  },
  memes: {
    licence: 'SemEval-2021 Task 6 meme texts: free for general research use',
    *documents(bench) {
      const dir = join(bench, 'framing/semeval2021-memes/data');
      for (const name of readdirSync(dir).sort()) {
        if (!name.endsWith('task1.txt') && !name.endsWith('task2.txt')) continue;
        yield JSON.parse(readFileSync(join(dir, name), 'utf8')).map((m) => m.text).join('\n\n');
      }
    },
  },
};

/** CoNLL-style files: a token per line (first column), blank lines between sentences, -DOCSTART- between documents. */
function* conllDocuments(text, separator) {
  let sentences = [], words = [];
  for (const line of text.split('\n')) {
    const word = line.split(separator)[0].trim();
    if (word === '-DOCSTART-') {
      if (words.length) sentences.push(words.join(' '));
      if (sentences.length) yield sentences.join('\n');
      sentences = []; words = [];
    } else if (!word) {
      if (words.length) sentences.push(words.join(' '));
      words = [];
    } else words.push(word);
  }
  if (words.length) sentences.push(words.join(' '));
  if (sentences.length) yield sentences.join('\n');
}

if (args.list) {
  for (const [name, source] of Object.entries(SOURCES)) process.stdout.write(`${name}\t${source.licence}\n`);
  process.exit(0);
}
if (!args.bench) fail('--bench DIR is required (the shared bench folder, e.g. ../shared/bench)');
if (!args.out) fail('--out FILE is required (e.g. /tmp/framing-clusters.json.gz; read by train-framing.mjs --clusters FILE)');
const bench = resolve(args.bench);
const leftOut = new Set(args['leave-out'].split(',').filter(Boolean));
for (const name of leftOut) if (!SOURCES[name]) fail(`--leave-out ${name}: no such source (${Object.keys(SOURCES).join(', ')})`);
const minCount = Number(args['min-count']), contextCount = Number(args.contexts), dims = Number(args.dims), window = Number(args.window);
const fineCount = Number(args.fine), coarseCount = Number(args.coarse);
const started = Date.now();

// 1. Token streams (word ids of the framing stage's word table: the same splitting and folding).
const table = new WordTable(compileWordLists({}), 1e9);
const segment = createSegmentStage({ limits: {} });
const streams = [];
const used = [];
for (const [name, source] of Object.entries(SOURCES)) {
  if (leftOut.has(name)) continue;
  let tokens = 0;
  for (const text of source.documents(bench)) {
    const article = new Article({ id: 'u', ...extractVerbatim(text) });
    segment.run(article, Deadline.none());
    const t = article.tokens;
    const ids = new Int32Array(t.count);
    for (let i = 0; i < t.count; i++) ids[i] = table.intern(article.text, t.start[i], t.end[i]);
    // sentence boundaries as -1 (co-occurrence does not cross them)
    const stream = [];
    for (let i = 0; i < t.count; i++) {
      if (i > 0 && t.sentence[i] !== t.sentence[i - 1]) stream.push(-1);
      stream.push(ids[i]);
    }
    streams.push(Int32Array.from(stream));
    tokens += t.count;
  }
  used.push({ name, licence: source.licence, tokens });
  log(`${name}: ${tokens} tokens`);
}
const words = table.words;
const frequency = new Float64Array(words.length);
for (const s of streams) for (const id of s) if (id >= 0) frequency[id]++;

// 2. Vocabulary (words seen minCount times or more; words without a letter are left out) and contexts (the most frequent words).
const hasLetter = (w) => /\p{L}/u.test(w);
const byFrequency = [...words.keys()].filter((id) => hasLetter(words[id])).sort((a, b) => frequency[b] - frequency[a] || (words[a] < words[b] ? -1 : 1));
const vocabulary = byFrequency.filter((id) => frequency[id] >= minCount);
const rowOf = new Int32Array(words.length).fill(-1);
vocabulary.forEach((id, r) => { rowOf[id] = r; });
const contextOf = new Int32Array(words.length).fill(-1);
[...words.keys()].sort((a, b) => frequency[b] - frequency[a] || (words[a] < words[b] ? -1 : 1)).slice(0, contextCount).forEach((id, c) => { contextOf[id] = c; });
const V = vocabulary.length, C = Math.min(contextCount, words.length);
log(`${V} words seen ${minCount}+ times, ${C} contexts`);

// 3. Co-occurrence counts (±window words within a sentence) as sorted keys row × C + context.
let pairKeys = [];
for (const s of streams) {
  for (let i = 0; i < s.length; i++) {
    const r = s[i] >= 0 ? rowOf[s[i]] : -1;
    if (r < 0) continue;
    for (let d = -window; d <= window; d++) {
      if (d === 0) continue;
      // stop at a sentence boundary
      let ok = true;
      for (let k = Math.min(i, i + d) + 1; k < Math.max(i, i + d); k++) if (s[k] < 0) ok = false;
      const j = i + d;
      if (!ok || j < 0 || j >= s.length || s[j] < 0 || contextOf[s[j]] < 0) continue;
      pairKeys.push(r * C + contextOf[s[j]]);
    }
  }
}
const keys = Float64Array.from(pairKeys).sort();
pairKeys = null;
const entryRow = [], entryColumn = [], entryCount = [];
for (let k = 0; k < keys.length; ) {
  let n = k;
  while (n < keys.length && keys[n] === keys[k]) n++;
  entryRow.push(Math.floor(keys[k] / C));
  entryColumn.push(keys[k] % C);
  entryCount.push(n - k);
  k = n;
}
// Positive PMI with the context distribution raised to 0.75 (Levy, Goldberg & Dagan 2015).
const rowTotal = new Float64Array(V), columnTotal = new Float64Array(C);
for (let e = 0; e < entryCount.length; e++) { rowTotal[entryRow[e]] += entryCount[e]; columnTotal[entryColumn[e]] += entryCount[e]; }
const smoothed = columnTotal.map((x) => x ** 0.75);
const smoothedTotal = smoothed.reduce((a, b) => a + b, 0);
const total = rowTotal.reduce((a, b) => a + b, 0);
const nnzRow = [], nnzColumn = [], nnzValue = [];
for (let e = 0; e < entryCount.length; e++) {
  const pmi = Math.log((entryCount[e] / total) / ((rowTotal[entryRow[e]] / total) * (smoothed[entryColumn[e]] / smoothedTotal)));
  if (pmi > 0) { nnzRow.push(entryRow[e]); nnzColumn.push(entryColumn[e]); nnzValue.push(pmi); }
}
const A = { rows: Int32Array.from(nnzRow), columns: Int32Array.from(nnzColumn), values: Float64Array.from(nnzValue) };
log(`PPMI matrix ${V} × ${C}, ${A.values.length} non-zero`);

// 4. Randomised truncated SVD (Halko et al. 2011): two power iterations, then the small SVD by Jacobi.
const random = seeded(17);
const width = dims + 10;
let Y = multiply(A, V, gaussian(C, width, random), width); // V × width
for (let q = 0; q < 2; q++) {
  orthonormalise(Y, V, width);
  const Z = multiplyTransposed(A, C, Y, width); // C × width
  orthonormalise(Z, C, width);
  Y = multiply(A, V, Z, width);
}
orthonormalise(Y, V, width);
const B = multiplyTransposed(A, C, Y, width); // C × width = (Qᵀ A)ᵀ
// Eigen-decomposition of (QᵀA)(QᵀA)ᵀ = Bᵀ B (width × width): its eigenvectors rotate Q into the left singular vectors.
const gram = new Float64Array(width * width);
for (let c = 0; c < C; c++) for (let a = 0; a < width; a++) { const x = B[c * width + a]; if (x) for (let b = 0; b < width; b++) gram[a * width + b] += x * B[c * width + b]; }
const { values: eigen, vectors } = jacobiEigen(gram, width);
const order = [...eigen.keys()].sort((a, b) => eigen[b] - eigen[a]).slice(0, dims);
// Word vectors: U Σ^0.5, rows normalised (cosine geometry for the clustering).
const vectorsOf = new Float64Array(V * dims);
for (let r = 0; r < V; r++) {
  let norm = 0;
  for (let d = 0; d < dims; d++) {
    const k = order[d];
    let u = 0;
    for (let a = 0; a < width; a++) u += Y[r * width + a] * vectors[a * width + k];
    const x = u * Math.sqrt(Math.sqrt(Math.max(eigen[k], 0)));
    vectorsOf[r * dims + d] = x;
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < dims; d++) vectorsOf[r * dims + d] /= norm;
}
log(`SVD: ${dims} dimensions (top singular values ${order.slice(0, 4).map((k) => Math.sqrt(eigen[k]).toFixed(1)).join(', ')})`);

// 5. Spherical k-means: fine clusters of the words, then coarse clusters of the fine centroids.
const fine = sphericalKMeans(vectorsOf, V, dims, Math.min(fineCount, V), 20, frequencyWeights(), random);
const coarse = sphericalKMeans(fine.centroids, fine.k, dims, Math.min(coarseCount, fine.k), 30, null, random);
const clusters = Array.from({ length: fine.k }, () => []);
vocabulary.forEach((id, r) => clusters[fine.assignment[r]].push(words[id]));
for (const list of clusters) list.sort();
const file = { sources: used, minCount, contexts: C, dims, fine: fine.k, coarse: coarse.k, coarseOf: Array.from(coarse.assignment), clusters: clusters.map((l) => l.join(' ')) };
const out = resolve(args.out);
writeFileSync(out, gzipSync(JSON.stringify(file), { level: 9 }));
log(`wrote ${out}: ${V} words in ${fine.k} clusters (${coarse.k} coarse) in ${Math.round((Date.now() - started) / 1000)} s`);
for (const probe of ['disaster', 'outrageous', 'hysteria', 'thugs', 'claimed']) {
  const id = vocabulary.findIndex((w) => words[w] === probe);
  if (id >= 0) log(`  ${probe}: ${clusters[fine.assignment[id]].slice(0, 12).join(' ')}`);
}

/** Frequent words weigh more in the centroids (log count), rare ones are assigned but pull less. */
function frequencyWeights() {
  return Float64Array.from(vocabulary, (id) => Math.log1p(frequency[id]));
}

function sphericalKMeans(points, n, d, k, iterations, weights, rand) {
  // k-means++ seeding on cosine distance
  const centroids = new Float64Array(k * d);
  const nearest = new Float64Array(n).fill(Infinity);
  let pick = Math.floor(rand() * n);
  for (let c = 0; c < k; c++) {
    centroids.set(points.subarray(pick * d, pick * d + d), c * d);
    let sum = 0;
    for (let p = 0; p < n; p++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += points[p * d + j] * centroids[c * d + j];
      nearest[p] = Math.min(nearest[p], Math.max(0, 1 - dot));
      sum += nearest[p] * nearest[p];
    }
    let target = rand() * sum;
    pick = n - 1;
    for (let p = 0; p < n; p++) { target -= nearest[p] * nearest[p]; if (target <= 0) { pick = p; break; } }
  }
  const assignment = new Int32Array(n);
  for (let it = 0; it < iterations; it++) {
    let moved = 0;
    for (let p = 0; p < n; p++) {
      let best = 0, bestDot = -Infinity;
      for (let c = 0; c < k; c++) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += points[p * d + j] * centroids[c * d + j];
        if (dot > bestDot) { bestDot = dot; best = c; }
      }
      if (assignment[p] !== best || it === 0) moved++;
      assignment[p] = best;
    }
    centroids.fill(0);
    for (let p = 0; p < n; p++) {
      const w = weights ? weights[p] : 1;
      for (let j = 0; j < d; j++) centroids[assignment[p] * d + j] += w * points[p * d + j];
    }
    for (let c = 0; c < k; c++) {
      let norm = 0;
      for (let j = 0; j < d; j++) norm += centroids[c * d + j] ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let j = 0; j < d; j++) centroids[c * d + j] /= norm;
    }
    if (moved === 0) break;
  }
  return { k, assignment, centroids };
}

/** A (rows × columns, sparse) times M (columns × width, dense): rows × width. */
function multiply(a, rows, m, w) {
  const out = new Float64Array(rows * w);
  for (let e = 0; e < a.values.length; e++) {
    const r = a.rows[e] * w, c = a.columns[e] * w, v = a.values[e];
    for (let j = 0; j < w; j++) out[r + j] += v * m[c + j];
  }
  return out;
}

/** Aᵀ times M (rows × width): columns × width. */
function multiplyTransposed(a, columns, m, w) {
  const out = new Float64Array(columns * w);
  for (let e = 0; e < a.values.length; e++) {
    const r = a.rows[e] * w, c = a.columns[e] * w, v = a.values[e];
    for (let j = 0; j < w; j++) out[c + j] += v * m[r + j];
  }
  return out;
}

/** Modified Gram-Schmidt on the columns of M (n × w, row-major), in place. */
function orthonormalise(m, n, w) {
  for (let a = 0; a < w; a++) {
    for (let b = 0; b < a; b++) {
      let dot = 0;
      for (let r = 0; r < n; r++) dot += m[r * w + a] * m[r * w + b];
      for (let r = 0; r < n; r++) m[r * w + a] -= dot * m[r * w + b];
    }
    let norm = 0;
    for (let r = 0; r < n; r++) norm += m[r * w + a] ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let r = 0; r < n; r++) m[r * w + a] /= norm;
  }
}

/** Eigenvalues and eigenvectors (columns of `vectors`, row-major n × n) of a symmetric matrix, cyclic Jacobi. */
function jacobiEigen(matrix, n) {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off < 1e-20) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p], akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k], aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p], vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => a[i * n + i]), vectors: v };
}

function gaussian(rows, w, rand) {
  const out = new Float64Array(rows * w);
  for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
  return out;
}

function seeded(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

function fail(message) {
  process.stderr.write(`train-framing-clusters: ${message}\n`);
  process.exit(2);
}
function log(message) { process.stderr.write(`train-framing-clusters: ${message}\n`); }

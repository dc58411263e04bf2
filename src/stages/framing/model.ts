import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { PresslensError } from '../../core/errors.js';
import { lastAtOrBefore } from '../../core/sorted.js';
import type { TokenTable } from '../tokenize/index.js';
import { UnitWords, type UnitWordsFile } from './unit-words.js';
import { decodeFramingModel } from './model-file.js';
import { ContextNet, type ContextNetFile } from './context-net.js';
import {
  AFTER_UNIT, BEFORE_UNIT, codeOfShape, CODE_RANGE, CODE_TEMPLATES, compileWordLists, EDGE_WORDS, featureName, forEachFeature, OWN_TEMPLATES, PAIR_TEMPLATES, SEP,
  classFeatureBits, EVALUATIVE, NEIGHBOUR_CLASS_TEMPLATES, NEIGHBOUR_CLUSTER_TEMPLATES, neighbourClusterName, WordClusters, type WordClustersFile, SHAPE_CODES, shapeCode, shapeOf, WORD_TEMPLATES, wordFeatureNames, type FeatureSink, type TokenContext, type WordClass, type WordLists } from './features.js';

/** Span decoding settings, tuned by scripts/train-framing.mjs on the fit split's out-of-fold predictions and stored with the model. */
export interface DecodeSettings {
  /** a token starts or continues a span when P(inside some technique) reaches this */
  threshold: number;
  /** a token below threshold but above this joins two spans it sits between */
  bridge: number;
  /** spans shorter than this many characters are dropped */
  minChars: number;
  /** a token forms a word-level span (loaded language, labeling) when that class's probability reaches this */
  wordThreshold: number;
  /** per word-level technique, its own threshold in place of `wordThreshold` */
  wordThresholds?: Partial<Record<string, number>>;
  /**
   * Name_Calling,Labeling only where the span holds an evaluative word (strong subjective, positive or negative
   * in the word lists, or a curated lexicon term): a label judges, while PTC's labels also teach the model plain
   * descriptors of people ("a black man"), which are not name-calling.
   */
  labelsNeedEvaluative?: boolean;
  /**
   * Per word-level technique, the probability its strongest word must reach for a span to be kept (spans grow
   * over words from `wordThreshold` up, so a low growing threshold can take in a loaded phrase's weaker words
   * while a higher bar decides whether the span stands): `evaluative` when the span holds an evaluative word
   * (as for `labelsNeedEvaluative`), `plain` when it does not (most false alarms of a word model are plain
   * words in loaded sentences: "children", "will", "very"). Without an entry, every span is kept.
   */
  wordKeep?: Partial<Record<string, { evaluative: number; plain: number }>>;
  /** word-level spans take in up to this many neighbouring words on each side that the run layer holds inside */
  wordExtend?: number;
  /** a whole clause unit becomes one run when its strongest token's P(inside) reaches this (never when ≥ 1) */
  unitThreshold: number;
  /**
   * Longer units hold more annotated stretches: the unit bar, in log-odds, is lowered by this times
   * ln(tokens in the unit / 10) (raised for units under ten tokens). 0 or absent: the plain unitThreshold.
   */
  unitLengthWeight?: number;
  /** the unit bar, in log-odds, is lowered by this times the unit-words model's log-odds (see UnitWords) */
  unitWordWeight?: number;
  /**
   * A unit taken whole loses its leading and trailing tokens whose P(inside) is below this (PTC's long spans
   * often leave out a sentence's opening: "But", "It is", "According to …"). 0 or absent: the whole unit.
   */
  unitEdge?: number;
  /**
   * Runs (a unit taken whole, or threshold runs) only in units whose unit-words log-odds reaches this: strong
   * tokens in a sentence whose words say "plain" are mostly false alarms. Absent: no floor.
   */
  unitWordsFloor?: number;
  /** within a unit, runs are joined across any gap (from the first to the last token above threshold) */
  fill: boolean;
}

export interface LayerFile {
  features: string[];
  /** features.length × classes.length, row-major, rounded (a Float32Array when read from model.bin.gz) */
  weights: number[] | Float32Array;
}

/**
 * One linear layer: feature → row of weights, one column per class, compiled for inference without strings.
 *  - A word's own features (word, suffix) are summed once per distinct lower-cased word into a cached row,
 *    with its rows as a neighbour (p, n, pp, nn) and its vocabulary id (for bigrams). The cache is indexed
 *    by the stage's WordTable ids: per token one array read, then typed-array reads.
 *  - Shapes made of X/x/d are numbered (shapeCode) and looked up in a dense table; other shapes by string.
 *  - Small-integer features (codes) in one dense table (template × value).
 * Scores are summed straight into the output rows and softmax-normalised in place.
 */
class Layer {
  private readonly width: number;
  private readonly weights: Float32Array;
  /** rows of the word and suffix features, by name, to fill the word cache */
  private readonly ownRows = new Map<string, number>();
  private readonly shapeRows = new Map<string, number>();
  private readonly shapeCodeRows = new Int32Array(SHAPE_CODES).fill(-1);
  private readonly vocabulary = new Map<string, number>();
  /** rows of the neighbour features (the word under p, n, pp, nn), by name, to fill the word cache */
  private readonly neighbourRows = new Map<string, number>();
  /** bigram (first word's vocabulary id × size + second's) → bigram index; its rows per pair template in pairRowsOf */
  private readonly pairRows: IntTable;
  private readonly pairRowsOf: Int32Array;
  /** per vocabulary id, 1 when some bigram starts (pairsFrom) or ends (pairsTo) with the word: most lookups are skipped */
  private readonly pairsFrom: Uint8Array;
  private readonly pairsTo: Uint8Array;
  private readonly codeRows = new Int32Array(CODE_TEMPLATES.length * CODE_RANGE).fill(-1);
  private readonly readsWords: boolean;
  // The word cache: WordTable id → entry + 1 (0: not cached yet), valid for one table generation; per entry
  // its vocabulary id, neighbour rows and own-feature sum.
  private entryOfWord = new Int32Array(1024);
  private generation = -1;
  private entryCount = 0;
  private entryVocabulary = new Int32Array(1024);
  /**
   * per entry and word template, a copy of the word's row under that template (zeros when it has none): a
   * token's neighbour features read adjacent cache lines instead of rows scattered over the weight table
   */
  private entryNeighbours: Float32Array;
  private entryOwn: Float32Array;
  /** 1 when the entry's own row includes its shape: words without case or apostrophe (punctuation, numbers) */
  private entryShaped = new Uint8Array(1024);

  constructor(file: LayerFile, width: number, version: string, private readonly clusters: WordClusters | null) {
    if (file.weights.length !== file.features.length * width) {
      throw new PresslensError('model-error', `framing model ${version}: ${file.weights.length} weights for ${file.features.length} features × ${width} classes`);
    }
    this.width = width;
    this.weights = file.weights instanceof Float32Array ? file.weights : Float32Array.from(file.weights);
    this.entryOwn = new Float32Array(1024 * width);
    this.entryNeighbours = new Float32Array(1024 * WORD_TEMPLATES.length * width);
    const idOf = (word: string) => {
      let id = this.vocabulary.get(word);
      if (id === undefined) this.vocabulary.set(word, (id = this.vocabulary.size));
      return id;
    };
    const pairs: [number, number, number, number][] = [];
    file.features.forEach((name, index) => {
      const eq = name.indexOf('=');
      const template = name.slice(0, eq);
      const value = name.slice(eq + 1);
      const row = index * width;
      const codeTemplate = (CODE_TEMPLATES as readonly string[]).indexOf(template);
      const wordTemplate = (WORD_TEMPLATES as readonly string[]).indexOf(template);
      const pairTemplate = (PAIR_TEMPLATES as readonly string[]).indexOf(template);
      if (codeTemplate >= 0) this.codeRows[codeTemplate * CODE_RANGE + Number(value)] = row;
      else if ((OWN_TEMPLATES as readonly string[]).includes(template)) {
        this.ownRows.set(name, row);
        if (template === 'w') idOf(value);
      } else if (template === 'sh') {
        const code = codeOfShape(value);
        if (code >= 0) this.shapeCodeRows[code] = row;
        else this.shapeRows.set(value, row);
      } else if (wordTemplate >= 0 || (NEIGHBOUR_CLUSTER_TEMPLATES as readonly string[]).includes(template)) {
        this.neighbourRows.set(name, row);
        if (wordTemplate >= 0) idOf(value);
      } else if (pairTemplate >= 0) {
        const sep = value.indexOf(SEP);
        pairs.push([pairTemplate, idOf(value.slice(0, sep)), idOf(value.slice(sep + 1)), row]);
      } else throw new PresslensError('model-error', `framing model ${version}: unknown feature template in "${name}" (model and code differ: retrain)`);
    });
    const size = this.vocabulary.size;
    // Sized for the distinct bigrams (most are both a pw and a wn feature): a smaller table, fewer cache misses.
    this.pairRows = new IntTable(new Set(pairs.map(([, a, b]) => a * size + b)).size);
    const rows: number[] = [];
    for (const [t, a, b, row] of pairs) {
      const key = a * size + b;
      let bigram = this.pairRows.get(key);
      if (bigram < 0) {
        this.pairRows.set(key, (bigram = rows.length / PAIR_TEMPLATES.length));
        rows.push(...PAIR_TEMPLATES.map(() => -1));
      }
      rows[bigram * PAIR_TEMPLATES.length + t] = row;
    }
    this.pairRowsOf = Int32Array.from(rows);
    this.pairsFrom = new Uint8Array(size);
    this.pairsTo = new Uint8Array(size);
    for (const [, a, b] of pairs) {
      this.pairsFrom[a] = 1;
      this.pairsTo[b] = 1;
    }
    this.readsWords = this.ownRows.size + size + this.shapeRows.size > 0 || this.shapeCodeRows.some((r) => r >= 0);
  }

  /** Empties the word cache for a new WordTable generation; entries 0 and 1 are the unit edges (BEFORE_UNIT, AFTER_UNIT). */
  private resetCache(generation: number): void {
    this.generation = generation;
    this.entryOfWord.fill(0);
    this.entryCount = 0;
    this.addEntry(EDGE_WORDS[BEFORE_UNIT]!, 0);
    this.addEntry(EDGE_WORDS[AFTER_UNIT]!, 0);
  }

  /** Sums into `to` (at `at`) the code rows of a word's word-list classes under a class template. */
  private addClassRows(template: 'c' | 'cp' | 'cn', classMask: number, to: Float32Array, at: number): void {
    const { width, weights } = this;
    for (const bit of classFeatureBits(template, classMask)) {
      const row = this.codeRows[CODE_TEMPLATES.indexOf(template) * CODE_RANGE + bit]!;
      if (row >= 0) for (let c = 0; c < width; c++) to[at + c]! += weights[row + c]!;
    }
  }

  private addEntry(word: string, classMask: number): number {
    const entry = this.entryCount++;
    const { width, weights } = this;
    if (entry === this.entryVocabulary.length) {
      this.entryVocabulary = grown(this.entryVocabulary, entry * 2);
      this.entryNeighbours = grown(this.entryNeighbours, entry * 2 * WORD_TEMPLATES.length * width);
      this.entryOwn = grown(this.entryOwn, entry * 2 * width);
      this.entryShaped = grown(this.entryShaped, entry * 2);
    }
    this.entryVocabulary[entry] = this.vocabulary.get(word) ?? -1;
    for (let t = 0; t < WORD_TEMPLATES.length; t++) {
      const at = (entry * WORD_TEMPLATES.length + t) * width;
      const row = this.neighbourRows.get(featureName(WORD_TEMPLATES[t]!, word));
      if (row === undefined) this.entryNeighbours.fill(0, at, at + width);
      else this.entryNeighbours.set(weights.subarray(row, row + width), at);
      const classTemplate = NEIGHBOUR_CLASS_TEMPLATES[t]!;
      if (classTemplate) this.addClassRows(classTemplate, classMask, this.entryNeighbours, at);
      const clusterName = neighbourClusterName(t, word, this.clusters);
      const clusterRow = clusterName === null ? undefined : this.neighbourRows.get(clusterName);
      if (clusterRow !== undefined) for (let c = 0; c < width; c++) this.entryNeighbours[at + c]! += weights[clusterRow + c]!;
    }
    const own = entry * width;
    for (let c = 0; c < width; c++) this.entryOwn[own + c] = 0;
    for (const name of wordFeatureNames(word, this.clusters)) {
      const row = this.ownRows.get(name);
      if (row !== undefined) for (let c = 0; c < width; c++) this.entryOwn[own + c]! += weights[row + c]!;
    }
    this.addClassRows('c', classMask, this.entryOwn, own);
    // Such a word is its token's exact text (lower-casing and the ’ → ' folding changed nothing), so its
    // shape is known here.
    const shaped = word.toUpperCase() === word && !word.includes("'");
    this.entryShaped[entry] = shaped ? 1 : 0;
    const shapeRow = shaped ? this.shapeRowOf(word, 0, word.length) : -1;
    if (shapeRow >= 0) for (let c = 0; c < width; c++) this.entryOwn[own + c]! += weights[shapeRow + c]!;
    return entry;
  }

  private shapeRowOf(text: string, start: number, end: number): number {
    const code = shapeCode(text, start, end);
    return code >= 0 ? this.shapeCodeRows[code]! : this.shapeRows.get(shapeOf(text, start, end)) ?? -1;
  }

  /** Scores per token (count × width, before any softmax) from a feature walker over the article. */
  apply(text: string, tokens: TokenTable, { count, words, wordId, generation, classes }: TokenContext, walk: (sink: FeatureSink) => void): Float32Array {
    const { width, weights, codeRows, pairRows, pairRowsOf, pairsFrom, pairsTo } = this;
    if (generation !== this.generation) this.resetCache(generation);
    if (words.length > this.entryOfWord.length) this.entryOfWord = grown(this.entryOfWord, words.length * 2);
    const entries = new Int32Array(count);
    if (this.readsWords) {
      const entryOfWord = this.entryOfWord;
      for (let i = 0; i < count; i++) {
        const id = wordId[i]!;
        let entry = entryOfWord[id]! - 1;
        if (entry < 0) entryOfWord[id] = (entry = this.addEntry(words[id]!, classes[i]!)) + 1;
        entries[i] = entry;
      }
    }
    const { entryVocabulary, entryNeighbours, entryOwn, entryShaped } = this;
    const neighbourStride = WORD_TEMPLATES.length * width;
    const entryAt = (k: number) => (k >= 0 ? entries[k]! : k === BEFORE_UNIT ? 0 : 1);
    const size = this.vocabulary.size;
    const out = new Float32Array(count * width);
    let base = 0;
    const unitRow = new Float32Array(width);
    let lastKey = -1;
    let lastBigram = -1;
    // Adds a row of `source` (weights, or a word cache) to the current token's scores. Unrolled for the shipped
    // model's five classes: with seven, unrolling made the stage ~15% faster than the loop (measured with
    // scripts/bench-framing.mjs --baseline); other widths take the loop.
    const addFrom = width === 5
      ? (source: Float32Array, at: number) => {
        const b = base;
        out[b]! += source[at]!; out[b + 1]! += source[at + 1]!; out[b + 2]! += source[at + 2]!;
        out[b + 3]! += source[at + 3]!; out[b + 4]! += source[at + 4]!;
      }
      : (source: Float32Array, at: number) => {
        const to = base + width;
        for (let o = base, w = at; o < to; o++, w++) out[o]! += source[w]!;
      };
    const add = (row: number) => addFrom(weights, row);
    walk({
      unit: () => unitRow.fill(0),
      shared: (template, value) => {
        const row = codeRows[template * CODE_RANGE + value]!;
        if (row >= 0) for (let c = 0; c < width; c++) unitRow[c]! += weights[row + c]!;
      },
      begin: (i) => {
        base = i * width;
        out.set(unitRow, base);
      },
      own: (i) => {
        const entry = entries[i]!;
        addFrom(entryOwn, entry * width);
        if (entryShaped[entry]) return;
        const row = this.shapeRowOf(text, tokens.start[i]!, tokens.end[i]!);
        if (row >= 0) add(row);
      },
      word: (template, token) => {
        addFrom(entryNeighbours, entryAt(token) * neighbourStride + template * width);
      },
      pair: (template, first, second) => {
        const a = entryVocabulary[entryAt(first)]!;
        const b = entryVocabulary[entryAt(second)]!;
        if (a < 0 || b < 0 || !pairsFrom[a] || !pairsTo[b]) return;
        // A token's (word, next) bigram is the next token's (previous, word): one lookup serves both.
        const key = a * size + b;
        if (key !== lastKey) {
          lastKey = key;
          lastBigram = pairRows.get(key);
        }
        const row = lastBigram < 0 ? -1 : pairRowsOf[lastBigram * PAIR_TEMPLATES.length + template]!;
        if (row >= 0) add(row);
      },
      code: (template, value) => {
        const row = codeRows[template * CODE_RANGE + value]!;
        if (row >= 0) add(row);
      },
    });
    return out;
  }
}

/**
 * Non-negative integer keys (below 2^31) → non-negative values, open addressing in one Int32Array: the
 * bigram lookup, two per token, without the boxing and hashing costs of a Map.
 */
class IntTable {
  /** key at 2k, value at 2k + 1: a probe reads one cache line */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** Fibonacci hashing takes the product's high bits (its low bits depend on the key's low bits only) */
  private readonly shift: number;

  constructor(expected: number) {
    let bits = 4;
    while (1 << bits < expected * 2) bits++;
    this.slots = new Int32Array(2 << bits).fill(-1);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
  }

  private slot(key: number): number {
    let k = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (this.slots[2 * k] !== -1 && this.slots[2 * k] !== key) k = (k + 1) & this.mask;
    return k;
  }

  set(key: number, value: number): void {
    if (key < 0 || key > 0x7fffffff) throw new RangeError(`IntTable key ${key} out of range`);
    const k = this.slot(key);
    this.slots[2 * k] = key;
    this.slots[2 * k + 1] = value;
  }

  /** the value, or -1 when the key is absent */
  get(key: number): number {
    const k = this.slot(key);
    return this.slots[2 * k] === key ? this.slots[2 * k + 1]! : -1;
  }
}

function grown<T extends Int32Array | Float32Array | Uint8Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(length);
  bigger.set(array);
  return bigger;
}

/**
 * The file written by scripts/train-framing.mjs (models/framing/model.json.gz); the stage loads the same
 * content from model.bin.gz (see model-file.ts).
 */
export interface FramingModelFile {
  version: string;
  /** class 0 is "outside"; the others are technique labels */
  classes: string[];
  /** one linear layer over the token features */
  layers: [LayerFile];
  wordLists: Partial<Record<WordClass, string[]>>;
  decode: DecodeSettings;
  /** per technique, raw span confidence → precision measured on PTC out-of-fold spans (see Calibration) */
  calibration?: Record<string, Calibration>;
  /** the bag-of-words unit model read with DecodeSettings.unitWordWeight */
  unitWords?: UnitWordsFile;
  /**
   * Curated lexicon forms (matched words, lower-case, space-separated) of PTC techniques that the stage does
   * not report directly: on the PTC fit split they were right less often than not (scripts/train-framing.mjs,
   * `lexiconGate` in metrics.json). The model, which reads lexicon hits as a feature, decides on them.
   */
  lexiconLeftToModel?: string[];
  /** word clusters read by the `k`, `kc`, `kp`, `kn` features (scripts/train-framing-clusters.mjs); absent: none */
  wordClusters?: WordClustersFile;
  /** the network correcting the layer's probabilities (see ContextNet); absent: the layer's probabilities as they are */
  contextNet?: ContextNetFile;
  /**
   * A hidden layer read from the same feature rows (see hiddenScores): the layer's rows are then classes + hidden
   * wide, the class columns a linear part and the hidden ones an embedding bag. Absent: the linear layer alone.
   */
  hiddenLayer?: HiddenLayerFile;
}

export interface HiddenLayerFile {
  hidden: number;
  /** classes × hidden, row-major: the hidden units' weights on each class's score */
  outputWeights: number[];
}

/**
 * Probabilities (count × classes) from scores of width classes + hidden: per token, class c scores its linear
 * column plus Σ_j outputWeights[c][j] · tanh(hidden column j) (each hidden column summed over the token's feature
 * rows, the bias feature included), then softmax. Shared by the stage and scripts/train-framing.mjs.
 */
export function hiddenScores(scores: Float32Array, classes: number, { hidden, outputWeights }: HiddenLayerFile): Float32Array {
  const width = classes + hidden;
  const count = scores.length / width;
  const out = new Float32Array(count * classes);
  const h = new Float64Array(hidden);
  for (let i = 0; i < count; i++) {
    const at = i * width;
    for (let j = 0; j < hidden; j++) h[j] = Math.tanh(scores[at + classes + j]!);
    for (let c = 0; c < classes; c++) {
      let z = scores[at + c]!;
      for (let j = 0; j < hidden; j++) z += outputWeights[c * hidden + j]! * h[j]!;
      out[i * classes + c] = z;
    }
  }
  softmaxRows(out, classes);
  return out;
}

/**
 * A step function fitted by isotonic regression on the trainer's out-of-fold spans: a span whose raw
 * confidence is at least `from[k]` (and below `from[k + 1]`) was, on PTC, right for the share `value[k]` of its
 * characters (the characters inside a gold span of its technique). Increasing in both arrays.
 */
export interface Calibration {
  from: number[];
  value: number[];
}

/** The calibrated confidence of a raw one: the step of the last `from` at or below it (the first step below all). */
export function calibrated(calibration: Calibration, raw: number): number {
  return calibration.value[lastAtOrBefore(calibration.from, raw)] ?? 0;
}

export interface TaggedSpan {
  /** token range [first, last) */
  first: number;
  last: number;
  technique: string;
  /** runs: mean P(inside) over the span's tokens; word-level spans: P(their technique) of the strongest word */
  confidence: number;
  /** word-level spans: the token of the strongest word (what the span claims is loaded; the rest is extent); runs: -1 */
  core: number;
}

/**
 * The calibration table of a span: word-level spans by their technique, runs by `<technique> (run)`. Their raw
 * confidences are different quantities (a word's P(technique), a run's mean P(inside)), so one step function
 * over both would mix them.
 */
export const calibrationKey = (span: TaggedSpan): string => (span.core < 0 ? `${span.technique} (run)` : span.technique);

/** Class name pooling the rarer techniques during training. */
export const OTHER = 'other';

/** A compiled token classifier: one linear layer over token features, softmax over the classes. */
export class FramingModel {
  readonly version: string;
  readonly classes: readonly string[];
  readonly wordLists: WordLists;
  readonly decode: DecodeSettings;
  /** the decode settings compiled (see SpanDecoder) */
  readonly decoder: SpanDecoder;
  private readonly layer: Layer;
  /** see FramingModelFile.wordClusters */
  readonly clusters: WordClusters | null;
  private readonly calibration: Record<string, Calibration>;
  private readonly unitWords: UnitWords | null;
  private readonly contextNet: ContextNet | null;
  private readonly hiddenLayer: HiddenLayerFile | null;
  /** see FramingModelFile.lexiconLeftToModel */
  readonly lexiconLeftToModel: ReadonlySet<string>;

  constructor(file: FramingModelFile) {
    this.version = file.version;
    this.calibration = file.calibration ?? {};
    this.classes = file.classes;
    this.decode = file.decode;
    this.decoder = new SpanDecoder(file.classes, file.decode);
    this.wordLists = compileWordLists(file.wordLists);
    if (file.layers.length !== 1) throw new PresslensError('model-error', `framing model ${file.version}: expected one layer, found ${file.layers.length} (an older model: retrain with npm run train:framing)`);
    this.clusters = file.wordClusters ? new WordClusters(file.wordClusters) : null;
    this.hiddenLayer = file.hiddenLayer ?? null;
    if (this.hiddenLayer && this.hiddenLayer.outputWeights.length !== file.classes.length * this.hiddenLayer.hidden) {
      throw new PresslensError('model-error', `framing model ${file.version}: hidden layer output weights do not fit ${file.classes.length} classes`);
    }
    this.layer = new Layer(file.layers[0], file.classes.length + (this.hiddenLayer?.hidden ?? 0), file.version, this.clusters);
    this.unitWords = file.unitWords ? new UnitWords(file.unitWords) : null;
    this.contextNet = file.contextNet ? new ContextNet(file.contextNet, file.classes.length) : null;
    this.lexiconLeftToModel = new Set(file.lexiconLeftToModel ?? []);
  }

  /** Per clause unit, the unit-words model's log-odds (undefined when the model file has none). */
  unitEvidence(ctx: TokenContext): Float64Array | undefined {
    return this.unitWords?.scores(ctx);
  }

  /** From the binary form (a path ending in .bin.gz, see model-file.ts) or the trainer's JSON. */
  static load(path: string): FramingModel {
    let file: FramingModelFile;
    try {
      file = path.endsWith('.bin.gz') ? decodeFramingModel(readFileSync(path)) : JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as FramingModelFile;
    } catch (error) {
      throw new PresslensError('model-error', `cannot load framing model ${path}: ${(error as Error).message} (retrain with npm run train:framing)`);
    }
    return new FramingModel(file);
  }

  /**
   * A span's confidence as the share of its characters that were right on PTC out-of-fold predictions at
   * that raw confidence (the raw one when the model file has no calibration for the key, see calibrationKey).
   */
  confidence(key: string, raw: number): number {
    const table = this.calibration[key];
    return table ? calibrated(table, raw) : raw;
  }

  /**
   * Class probabilities per token (Float32Array, count × classes): the layer's, corrected by the context network
   * when the model has one (which reads the unit-words evidence, see unitEvidence).
   */
  probabilities(text: string, tokens: TokenTable, ctx: TokenContext, unitEvidence?: Float64Array): Float32Array {
    const scores = this.layer.apply(text, tokens, ctx, (sink) => forEachFeature(text, tokens, ctx, sink));
    let probs = scores;
    if (this.hiddenLayer) probs = hiddenScores(scores, this.classes.length, this.hiddenLayer);
    else softmaxRows(probs, this.classes.length);
    return this.contextNet ? this.contextNet.apply(probs, tokens, ctx, unitEvidence) : probs;
  }
}

export function softmaxRows(scores: Float32Array, width: number): void {
  for (let base = 0; base < scores.length; base += width) {
    let max = -Infinity;
    for (let c = 0; c < width; c++) max = Math.max(max, scores[base + c]!);
    let sum = 0;
    for (let c = 0; c < width; c++) {
      const e = Math.exp(scores[base + c]! - max);
      scores[base + c] = e;
      sum += e;
    }
    for (let c = 0; c < width; c++) scores[base + c]! /= sum;
  }
}

const LABELING = 'Name_Calling,Labeling';
/** ln(p / (1 - p)), finite for p in [0, 1] (float probabilities reach both ends) */
const logOdds = (p: number) => Math.log(Math.max(p, 1e-6) / Math.max(1 - p, 1e-6));
/** Word-level techniques: their tokens form spans of their own, inside or outside the broader runs. */
export const WORD_LEVEL = new Set(['Loaded_Language', LABELING]);
/** Longer runs are never labelled with a word-level technique (PTC's loaded phrases are a few words long). */
const MAX_WORD_SPAN = 5;

/**
 * Turns token probabilities into spans.
 *  - Runs: tokens whose P(inside any technique) reaches `threshold`, within one clause unit, bridged over a
 *    single token above `bridge`; edge punctuation trimmed; spans under `minChars` dropped. A whole unit is
 *    one run when its strongest token, its length and `unitEvidence` (per unit, the unit-words model's
 *    log-odds, see UnitWords) clear `unitThreshold` together.
 *  - Word-level spans: tokens whose own probability of a word-level technique (loaded language, labeling)
 *    reaches `wordThreshold` and beats the other word-level class, kept by `wordKeep`.
 * A run that contains word-level spans is labelled with its strongest other technique (the words carry their
 * own label); any other run with its strongest named technique.
 */
export function decodeSpans(
  probs: Float32Array,
  classes: readonly string[],
  tokens: TokenTable,
  ctx: TokenContext,
  settings: DecodeSettings,
  unitEvidence?: Float64Array,
): TaggedSpan[] {
  return new SpanDecoder(classes, settings).decode(probs, tokens, ctx, unitEvidence);
}

/**
 * decodeSpans with its settings compiled once (per model): every setting a plain field, per-class tables in
 * typed arrays, so that the per-article call reads objects of one shape (V8 re-compiled the function four
 * times in ingest runs when it derived these tables from the settings on every call).
 */
export class SpanDecoder {
  private readonly width: number;
  private readonly classes: readonly string[];
  /** indices of the word-level classes */
  private readonly wordClasses: Int32Array;
  /** per class: its word-level growing threshold; its wordKeep bars (-1: no bar) */
  private readonly wordThresholdOf: Float64Array;
  private readonly keepEvaluative: Float64Array;
  private readonly keepPlain: Float64Array;
  /** per class, 1 when it may label a run (named, and not word-level unless the run is short and holds no word span) */
  private readonly namedClass: Uint8Array;
  private readonly wordLevelClass: Uint8Array;
  private readonly labelingClass: number;
  private readonly labelsNeedEvaluative: boolean;
  private readonly threshold: number;
  private readonly bridge: number;
  private readonly minChars: number;
  private readonly wordExtend: number;
  private readonly unitBar: number;
  private readonly unitWordWeight: number;
  private readonly unitLengthWeight: number;
  private readonly unitEdge: number;
  private readonly unitWordsFloor: number;
  private readonly fill: boolean;

  constructor(classes: readonly string[], settings: DecodeSettings) {
    const width = classes.length;
    this.width = width;
    this.classes = classes;
    this.wordClasses = Int32Array.from(classes.map((c, k) => (WORD_LEVEL.has(c) ? k : -1)).filter((k) => k > 0));
    this.wordThresholdOf = Float64Array.from(classes, (c) => settings.wordThresholds?.[c] ?? settings.wordThreshold);
    this.keepEvaluative = Float64Array.from(classes, (c) => settings.wordKeep?.[c]?.evaluative ?? -1);
    this.keepPlain = Float64Array.from(classes, (c) => settings.wordKeep?.[c]?.plain ?? -1);
    this.namedClass = Uint8Array.from(classes, (c, k) => (k > 0 && c !== OTHER ? 1 : 0));
    this.wordLevelClass = Uint8Array.from(classes, (c) => (WORD_LEVEL.has(c) ? 1 : 0));
    this.labelingClass = classes.indexOf(LABELING);
    this.labelsNeedEvaluative = settings.labelsNeedEvaluative ?? false;
    this.threshold = settings.threshold;
    this.bridge = settings.bridge;
    this.minChars = settings.minChars;
    this.wordExtend = settings.wordExtend ?? 0;
    this.unitBar = settings.unitThreshold >= 1 ? Infinity : logOdds(settings.unitThreshold);
    this.unitWordWeight = settings.unitWordWeight ?? 0;
    this.unitLengthWeight = settings.unitLengthWeight ?? 0;
    this.unitEdge = settings.unitEdge ?? 0;
    this.unitWordsFloor = settings.unitWordsFloor ?? -Infinity;
    this.fill = settings.fill;
  }

  /** Spans from token probabilities (count × classes, see FramingModel.probabilities); see decodeSpans. */
  decode(probs: Float32Array, tokens: TokenTable, ctx: TokenContext, unitEvidence?: Float64Array): TaggedSpan[] {
    const { width, wordClasses, wordThresholdOf, threshold, minChars } = this;
    const inside = (i: number) => 1 - probs[i * width]!;
    const wordClassAt = (i: number) => {
      let best = -1;
      for (let w = 0; w < wordClasses.length; w++) {
        const c = wordClasses[w]!;
        if (probs[i * width + c]! >= wordThresholdOf[c]! && (best < 0 || probs[i * width + c]! > probs[i * width + best]!)) best = c;
      }
      return best;
    };
    const evaluative = (first: number, last: number) => {
      for (let k = first; k < last; k++) if (ctx.classes[k]! & EVALUATIVE || ctx.lexiconKind[k]) return true;
      return false;
    };
    /** Whether a span may carry the class (see DecodeSettings.labelsNeedEvaluative). */
    const allowed = (c: number, first: number, last: number) => !(this.labelsNeedEvaluative && c === this.labelingClass && !evaluative(first, last));
    const spans: TaggedSpan[] = [];
    const trimmed = (first: number, last: number): [number, number] | null => {
      while (first < last && tokens.kind[first] === 2) first++;
      while (last > first && tokens.kind[last - 1] === 2) last--;
      return last > first && tokens.end[last - 1]! - tokens.start[first]! >= minChars ? [first, last] : null;
    };
    const meanInside = (first: number, last: number) => {
      let total = 0;
      for (let k = first; k < last; k++) total += inside(k);
      return total / (last - first);
    };
    const wordSpanTokens = new Uint8Array(ctx.count);
    for (let i = 0; i < ctx.count; ) {
      const c = wordClassAt(i);
      if (c < 0) {
        i++;
        continue;
      }
      let last = i + 1;
      while (last < ctx.count && ctx.unit[last] === ctx.unit[i] && wordClassAt(last) === c) last++;
      // Loaded phrases are annotated with their modifiers ("absolutely laughable"): take in a neighbouring word
      // the run layer also holds inside.
      let first = i;
      const extendable = (k: number) => k >= 0 && k < ctx.count && ctx.unit[k] === ctx.unit[i] && tokens.kind[k] !== 2 && inside(k) >= threshold;
      for (let n = 0; n < this.wordExtend && extendable(first - 1); n++) first--;
      for (let n = 0; n < this.wordExtend && extendable(last); n++) last++;
      const span = trimmed(first, last);
      if (span && allowed(c, span[0], span[1])) {
        // The span stands or falls with its strongest word (the neighbours taken in are there for the extent).
        let core = span[0];
        for (let k = span[0]; k < span[1]; k++) if (probs[k * width + c]! > probs[core * width + c]!) core = k;
        const strongest = probs[core * width + c]!;
        const bar = evaluative(span[0], span[1]) ? this.keepEvaluative[c]! : this.keepPlain[c]!;
        if (strongest < bar) {
          i = last;
          continue;
        }
        spans.push({ first: span[0], last: span[1], technique: this.classes[c]!, confidence: strongest, core });
        wordSpanTokens.fill(1, span[0], span[1]);
      }
      i = last;
    }
    const runs: [number, number][] = [];
    for (let u = 0; u + 1 < ctx.unitFirst.length; u++) {
      const from = ctx.unitFirst[u]!;
      const to = ctx.unitFirst[u + 1]!;
      let strongest = 0;
      let firstAbove = -1;
      let lastAbove = -1;
      for (let k = from; k < to; k++) {
        const p = inside(k);
        strongest = Math.max(strongest, p);
        if (p >= threshold) {
          if (firstAbove < 0) firstAbove = k;
          lastAbove = k;
        }
      }
      if ((unitEvidence?.[u] ?? Infinity) < this.unitWordsFloor) continue;
      const evidence = this.unitWordWeight * (unitEvidence?.[u] ?? 0) + this.unitLengthWeight * Math.log((to - from) / 10);
      if (logOdds(strongest) + evidence >= this.unitBar) {
        let first = from;
        let last = to;
        while (first < last && inside(first) < this.unitEdge) first++;
        while (last > first && inside(last - 1) < this.unitEdge) last--;
        runs.push([first, last]);
      } else if (firstAbove < 0) continue;
      else if (this.fill) runs.push([firstAbove, lastAbove + 1]);
      else {
        for (let k = firstAbove; k <= lastAbove; ) {
          if (inside(k) < threshold) {
            k++;
            continue;
          }
          let last = k + 1;
          for (;;) {
            if (last < to && inside(last) >= threshold) last++;
            else if (last + 1 < to && inside(last) >= this.bridge && inside(last + 1) >= threshold) last += 2;
            else break;
          }
          runs.push([k, last]);
          k = last;
        }
      }
    }
    const mass = new Float64Array(width);
    for (const [i, last] of runs) {
      const span = trimmed(i, last);
      if (!span) continue;
      const [first, end] = span;
      let wordSpanCount = 0;
      for (let k = first; k < end; k++) wordSpanCount += wordSpanTokens[k]!;
      const hasWordSpan = wordSpanCount > 0;
      mass.fill(0);
      for (let k = first; k < end; k++) for (let c = 1; c < width; c++) mass[c]! += probs[k * width + c]!;
      // The pooled minor techniques ('other') only widen spans; the label is the strongest named one.
      let best = -1;
      for (let c = 1; c < width; c++) {
        if (!this.namedClass[c] || ((hasWordSpan || end - first > MAX_WORD_SPAN) && this.wordLevelClass[c])) continue;
        if (best < 0 || mass[c]! > mass[best]!) best = c;
      }
      // A run whose strongest label it may not carry is dropped, not relabelled with a weaker technique.
      const covered = wordSpanCount === end - first;
      if (!covered && best > 0 && allowed(best, first, end)) spans.push({ first, last: end, technique: this.classes[best]!, confidence: meanInside(first, end), core: -1 });
    }
    return spans.sort((a, b) => a.first - b.first);
  }
}

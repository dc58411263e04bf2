import { bucket } from '../../core/bucket.js';
import type { TokenView } from './token-view.js';
import { hashString, mix, template, WeightTable, type WeightRecord } from './hashed.js';
import { isAbbreviationDot, type QuoteLexicon } from './lexicon.js';

/** How far the rankers look: a source starts at most this many tokens before its cue… */
export const SOURCE_REACH = 16;
/** …and reported content at most this many tokens after it ("told reporters on Monday in Ohio that …"). */
export const CONTENT_REACH = 10;

/**
 * The learned boundary rankers (models/quotes/boundaries.json): averaged-perceptron weights that choose where
 * the speaker phrase before a cue starts and where the reported content after it starts, among the tokens
 * within reach. The rules keep the other ends (the cue; the content-end ranker).
 */
export interface BoundaryModel {
  source: WeightTable;
  content: WeightTable;
}

export interface BoundaryModelFile {
  about: string;
  source: WeightRecord;
  content: WeightRecord;
}

export function boundaryModelFrom(file: BoundaryModelFile): BoundaryModel {
  return { source: WeightTable.fromRecord(file.source), content: WeightTable.fromRecord(file.content) };
}

/** Buckets of lengths and distances in tokens: 0, 1, 2, 3, 4-6, 7-10, 11+. */
const TOKEN_COUNT_EDGES = [1, 2, 3, 4, 7, 11];

const T = {
  word: template('w'), prev: template('p'), prevWord: template('pw'), wordShape: template('ws'), prevShape: template('ps'),
  shapes: template('pws'), length: template('len'), headLength: template('h|len'), commas: template('commas'),
  distance: template('d'), cueDistance: template('c|d'), cueWord: template('c|w'),
};
const SENTENCE_START = template('sentence-start');
const CLAUSE_WORD = template('w-clause-word');
const PREV_CUE_WORD = template('p-cue-word');
const OPENS_QUOTE = template('opens-quote');
const SKIPS_THAT = template('skips-that');
const SKIPS_COMMA = template('skips-comma');
const SHAPE = { start: hashString('<s>'), number: hashString('num'), capitalised: hashString('Cap'), lower: hashString('low') };
const START_OF_TEXT = hashString('<s>');
const THAT = hashString('that');
const COMMA = hashString(',');

/** A coarse word class for a token: the punctuation itself, capitalised, number or lower case. */
function shape(view: TokenView, i: number, first: number): number {
  if (i < first) return SHAPE.start;
  if (view.isPunct(i)) return view.hash[i]!;
  if (view.tokens.kind[i] === 1) return SHAPE.number;
  return view.isCapitalised(i) ? SHAPE.capitalised : SHAPE.lower;
}

/** The first token a speaker phrase ending before `to` may start at: within reach, after quoted text or a sentence stop. */
export function sourceWindowStart(view: TokenView, lexicon: QuoteLexicon, to: number, first: number): number {
  const from = Math.max(first, to - SOURCE_REACH);
  for (let t = to - 1; t >= from; t--) {
    const stop = view.lower[t] === '.' ? !isAbbreviationDot(view, lexicon, t) : view.lower[t] === '!' || view.lower[t] === '?' || view.lower[t] === ';';
    if (view.inQuote[t]! >= 0 || stop) return t + 1;
  }
  return from;
}

/** Features of a speaker phrase start that depend only on the start token (and the sentence's first token). */
export function sourceStartOwnFeatures(view: TokenView, lexicon: QuoteLexicon, start: number, first: number): number[] {
  const word = view.hash[start]!;
  const prev = start > first ? view.hash[start - 1]! : START_OF_TEXT;
  const wordShape = shape(view, start, first);
  const prevShape = shape(view, start - 1, first);
  const features = [mix(T.word, word), mix(T.prev, prev), mix(mix(T.prevWord, prev), word), mix(T.wordShape, wordShape), mix(T.prevShape, prevShape), mix(mix(T.shapes, prevShape), wordShape)];
  if (start === first) features.push(SENTENCE_START);
  if (lexicon.clauseBoundaries.has(view.lower[start]!)) features.push(CLAUSE_WORD);
  if (start > first && lexicon.cueForms.has(view.lower[start - 1]!)) features.push(PREV_CUE_WORD);
  return features;
}

/** Features of the whole speaker phrase tokens [start, end): its length, head word and commas. */
export function sourcePhraseFeatures(view: TokenView, start: number, end: number): number[] {
  let commas = 0;
  for (let t = start; t < end; t++) if (view.lower[t] === ',') commas++;
  const length = bucket(end - start, TOKEN_COUNT_EDGES);
  return [mix(T.length, length), mix(mix(T.headLength, view.hash[end - 1]!), length), mix(T.commas, Math.min(commas, 3))];
}

/** Features of reported content start that depend only on the start token. */
export function contentStartOwnFeatures(view: TokenView, start: number): number[] {
  const word = view.hash[start]!;
  const prev = view.hash[start - 1]!;
  const features = [mix(T.word, word), mix(T.prev, prev), mix(mix(T.prevWord, prev), word), mix(T.wordShape, shape(view, start, 0)), mix(T.prevShape, shape(view, start - 1, 0))];
  if (view.inQuote[start]! >= 0 && view.inQuote[start - 1]! < 0) features.push(OPENS_QUOTE);
  return features;
}

/** Features of a content start relative to its cue tokens [cueFrom, cueTo): distance, cue word, what is skipped. */
export function contentCueFeatures(view: TokenView, start: number, cueFrom: number, cueTo: number): number[] {
  const cue = view.hash[cueFrom]!;
  const distance = bucket(start - cueTo, TOKEN_COUNT_EDGES);
  const features = [mix(T.distance, distance), mix(mix(T.cueDistance, cue), distance), mix(mix(T.cueWord, cue), view.hash[start]!)];
  for (let t = cueTo; t < start; t++) {
    if (view.hash[t] === THAT) features.push(SKIPS_THAT);
    if (view.hash[t] === COMMA) features.push(SKIPS_COMMA);
  }
  return features;
}

/**
 * Picks starts for one document. The features of a start token alone are scored once per position and cached
 * (a sentence holds several cues, and windows overlap); only the features tied to the phrase end or the cue
 * are built per candidate, as sums of table look-ups.
 */
export class StartScorer {
  private readonly sourceOwn: Float64Array;
  /** The sentence start each cached source score was computed for (-1: none yet). */
  private readonly sourceFirst: Int32Array;
  private readonly contentOwn: Float64Array;
  private readonly contentKnown: Uint8Array;
  private readonly tables: ModelTables;

  constructor(private readonly model: BoundaryModel, private readonly view: TokenView, private readonly lexicon: QuoteLexicon) {
    const count = view.tokens.count;
    this.sourceOwn = new Float64Array(count);
    this.sourceFirst = new Int32Array(count).fill(-1);
    this.contentOwn = new Float64Array(count);
    this.contentKnown = new Uint8Array(count);
    this.tables = modelTables(model);
  }

  /** Where the speaker phrase ending before `end` starts, among tokens [from, end) (`fallback` when none). */
  sourceStart(from: number, end: number, first: number, fallback: number): number {
    const weights = this.model.source;
    const head = this.view.hash[end - 1]!;
    // sourcePhraseFeatures, summed incrementally: commas counted walking left, length scores per bucket.
    const { commas: commaWeights, lengths } = this.tables;
    let commas = 0;
    let best = fallback;
    let bestScore = -Infinity;
    let lastBucket = -1;
    let forLength = 0;
    for (let s = end - 1; s >= from; s--) {
      if (this.view.lower[s] === ',') commas++;
      if (this.sourceFirst[s] !== first) {
        this.sourceOwn[s] = weights.score(sourceStartOwnFeatures(this.view, this.lexicon, s, first));
        this.sourceFirst[s] = first;
      }
      const length = bucket(end - s, TOKEN_COUNT_EDGES);
      if (length !== lastBucket) {
        forLength = lengths[length]! + weights.get(mix(mix(T.headLength, head), length));
        lastBucket = length;
      }
      const value = this.sourceOwn[s]! + forLength + commaWeights[Math.min(commas, 3)]!;
      if (value >= bestScore) { // ties go to the leftmost start, as a left-to-right scan would
        bestScore = value;
        best = s;
      }
    }
    return best;
  }

  /** Where content after the cue tokens [cueFrom, cueTo) starts, among tokens [cueTo, to). */
  contentStart(cueFrom: number, cueTo: number, to: number, fallback: number): number {
    const weights = this.model.content;
    const { hash } = this.view;
    const cue = hash[cueFrom]!;
    const cueWord = mix(T.cueWord, cue);
    const cueDistance = mix(T.cueDistance, cue);
    const { distances, skipThat, skipComma } = this.tables;
    // contentCueFeatures, summed incrementally: each "that" or comma skipped adds its weight once.
    let skipped = 0;
    let best = fallback;
    let bestScore = -Infinity;
    for (let s = cueTo; s < to; s++) {
      if (s > cueTo) skipped += hash[s - 1] === THAT ? skipThat : hash[s - 1] === COMMA ? skipComma : 0;
      if (!this.contentKnown[s]) {
        this.contentOwn[s] = weights.score(contentStartOwnFeatures(this.view, s));
        this.contentKnown[s] = 1;
      }
      const distance = bucket(s - cueTo, TOKEN_COUNT_EDGES);
      const value = this.contentOwn[s]! + distances[distance]! + weights.get(mix(cueDistance, distance)) + weights.get(mix(cueWord, hash[s]!)) + skipped;
      if (value > bestScore) {
        bestScore = value;
        best = s;
      }
    }
    return best;
  }
}

/** Weights that do not depend on a word, by bucket (built once per model). */
interface ModelTables {
  commas: Float64Array;
  lengths: Float64Array;
  distances: Float64Array;
  skipThat: number;
  skipComma: number;
}

const tablesByModel = new WeakMap<BoundaryModel, ModelTables>();

function modelTables(model: BoundaryModel): ModelTables {
  let tables = tablesByModel.get(model);
  if (!tables) {
    tables = {
      commas: Float64Array.from([0, 1, 2, 3], (n) => model.source.get(mix(T.commas, n))),
      lengths: Float64Array.from([0, 1, 2, 3, 4, 5, 6], (b) => model.source.get(mix(T.length, b))),
      distances: Float64Array.from([0, 1, 2, 3, 4, 5, 6], (b) => model.content.get(mix(T.distance, b))),
      skipThat: model.content.get(SKIPS_THAT),
      skipComma: model.content.get(SKIPS_COMMA),
    };
    tablesByModel.set(model, tables);
  }
  return tables;
}

import type { TokenView } from './attribution.js';
import type { QuoteLexicon } from './lexicon.js';

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
  source: ReadonlyMap<string, number>;
  content: ReadonlyMap<string, number>;
}

export interface BoundaryModelFile {
  about: string;
  source: Record<string, number>;
  content: Record<string, number>;
}

export function boundaryModelFrom(file: BoundaryModelFile): BoundaryModel {
  return { source: new Map(Object.entries(file.source)), content: new Map(Object.entries(file.content)) };
}

function bucket(n: number): string {
  return n <= 3 ? String(n) : n <= 6 ? '4-6' : n <= 10 ? '7-10' : '11+';
}

/** A coarse word class for the token before a cut: punctuation, capitalised, number or lower case. */
function shape(view: TokenView, i: number, first: number): string {
  if (i < first) return '<s>';
  if (view.isPunct(i)) return view.lower[i]!;
  if (view.tokens.kind[i] === 1) return 'num';
  return view.isCapitalised(i) ? 'Cap' : 'low';
}

/** The first token a speaker phrase ending before `to` may start at: within reach, after quoted text or a sentence stop. */
export function sourceWindowStart(view: TokenView, lexicon: QuoteLexicon, to: number, first: number): number {
  const from = Math.max(first, to - SOURCE_REACH);
  for (let t = to - 1; t >= from; t--) {
    const stop = view.lower[t] === '.' ? !lexicon.abbreviations.has(view.lower[t - 1] ?? '') : view.lower[t] === '!' || view.lower[t] === '?' || view.lower[t] === ';';
    if (view.inQuote[t]! >= 0 || stop) return t + 1;
  }
  return from;
}

/** Features of a speaker phrase start that depend only on the start token (and the sentence's first token). */
export function sourceStartOwnFeatures(view: TokenView, lexicon: QuoteLexicon, start: number, first: number): string[] {
  const word = view.lower[start]!;
  const prev = start > first ? view.lower[start - 1]! : '<s>';
  const features = [`w=${word}`, `p=${prev}`, `pw=${prev}|${word}`, `ws=${shape(view, start, first)}`, `ps=${shape(view, start - 1, first)}`, `pws=${shape(view, start - 1, first)}|${shape(view, start, first)}`];
  if (start === first) features.push('sentence-start');
  if (lexicon.clauseBoundaries.has(word)) features.push('w-clause-word');
  if (lexicon.cueForms.has(prev)) features.push('p-cue-word');
  return features;
}

/** Features of the whole speaker phrase tokens [start, end): its length, head word and commas. */
export function sourcePhraseFeatures(view: TokenView, start: number, end: number): string[] {
  let commas = 0;
  for (let t = start; t < end; t++) if (view.lower[t] === ',') commas++;
  return [`len=${bucket(end - start)}`, `h=${view.lower[end - 1]}|${bucket(end - start)}`, `commas=${Math.min(commas, 3)}`];
}

/** Features of reported content start that depend only on the start token. */
export function contentStartOwnFeatures(view: TokenView, start: number): string[] {
  const word = view.lower[start]!;
  const prev = view.lower[start - 1]!;
  const features = [`w=${word}`, `p=${prev}`, `pw=${prev}|${word}`, `ws=${shape(view, start, 0)}`, `ps=${shape(view, start - 1, 0)}`];
  if (view.inQuote[start]! >= 0 && view.inQuote[start - 1]! < 0) features.push('opens-quote');
  return features;
}

/** Features of a content start relative to its cue tokens [cueFrom, cueTo): distance, cue word, what is skipped. */
export function contentCueFeatures(view: TokenView, start: number, cueFrom: number, cueTo: number): string[] {
  const cue = view.lower[cueFrom]!;
  const distance = bucket(start - cueTo);
  const features = [`d=${distance}`, `c|d=${cue}|${distance}`, `c|w=${cue}|${view.lower[start]}`];
  for (let t = cueTo; t < start; t++) {
    if (view.lower[t] === 'that') features.push('skips-that');
    if (view.lower[t] === ',') features.push('skips-comma');
  }
  return features;
}

/** A linear score: the sum of the weights of the features present (missing features weigh 0). */
export function scoreFeatures(weights: ReadonlyMap<string, number>, features: readonly string[]): number {
  let sum = 0;
  for (const f of features) sum += weights.get(f) ?? 0;
  return sum;
}

/**
 * Picks starts for one document. The features of a start token alone are scored once per position and cached
 * (a sentence holds several cues, and windows overlap); only the features tied to the phrase end or the cue
 * are built per candidate.
 */
export class StartScorer {
  private readonly sourceOwn: Float64Array;
  /** The sentence start each cached source score was computed for (-1: none yet). */
  private readonly sourceFirst: Int32Array;
  private readonly contentOwn: Float64Array;
  private readonly contentKnown: Uint8Array;

  constructor(private readonly model: BoundaryModel, private readonly view: TokenView, private readonly lexicon: QuoteLexicon) {
    const count = view.tokens.count;
    this.sourceOwn = new Float64Array(count);
    this.sourceFirst = new Int32Array(count).fill(-1);
    this.contentOwn = new Float64Array(count);
    this.contentKnown = new Uint8Array(count);
  }

  /** Where the speaker phrase ending before `end` starts, among tokens [from, end) (`fallback` when none). */
  sourceStart(from: number, end: number, first: number, fallback: number): number {
    const weights = this.model.source;
    const head = this.view.lower[end - 1]!;
    // sourcePhraseFeatures, summed incrementally: commas counted walking left, length scores per bucket.
    const lengthScore = new Map<string, number>();
    let commas = 0;
    let best = fallback;
    let bestScore = -Infinity;
    for (let s = end - 1; s >= from; s--) {
      if (this.view.lower[s] === ',') commas++;
      if (this.sourceFirst[s] !== first) {
        this.sourceOwn[s] = scoreFeatures(weights, sourceStartOwnFeatures(this.view, this.lexicon, s, first));
        this.sourceFirst[s] = first;
      }
      const length = bucket(end - s);
      let forLength = lengthScore.get(length);
      if (forLength === undefined) {
        forLength = (weights.get(`len=${length}`) ?? 0) + (weights.get(`h=${head}|${length}`) ?? 0);
        lengthScore.set(length, forLength);
      }
      const value = this.sourceOwn[s]! + forLength + this.commaWeights[Math.min(commas, 3)]!;
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
    const lower = this.view.lower;
    const cue = lower[cueFrom]!;
    const byDistance = this.distanceWeights(cue);
    // contentCueFeatures, summed incrementally: each "that" or comma skipped adds its weight once.
    let skipped = 0;
    let best = fallback;
    let bestScore = -Infinity;
    for (let s = cueTo; s < to; s++) {
      if (s > cueTo) skipped += lower[s - 1] === 'that' ? this.skipThat : lower[s - 1] === ',' ? this.skipComma : 0;
      if (!this.contentKnown[s]) {
        this.contentOwn[s] = scoreFeatures(weights, contentStartOwnFeatures(this.view, s));
        this.contentKnown[s] = 1;
      }
      const value = this.contentOwn[s]! + byDistance[s - cueTo]! + (weights.get(`c|w=${cue}|${lower[s]}`) ?? 0) + skipped;
      if (value > bestScore) {
        bestScore = value;
        best = s;
      }
    }
    return best;
  }

  private get commaWeights(): Float64Array {
    return modelTables(this.model).commas;
  }

  private get skipThat(): number {
    return this.model.content.get('skips-that') ?? 0;
  }

  private get skipComma(): number {
    return this.model.content.get('skips-comma') ?? 0;
  }

  /** Weights of "d=" and "c|d=" for each distance from the cue, per cue word (built once per model). */
  private distanceWeights(cue: string): Float64Array {
    const tables = modelTables(this.model);
    let table = tables.distance.get(cue);
    if (!table) {
      table = new Float64Array(CONTENT_REACH + 1);
      for (let d = 0; d <= CONTENT_REACH; d++) table[d] = (this.model.content.get(`d=${bucket(d)}`) ?? 0) + (this.model.content.get(`c|d=${cue}|${bucket(d)}`) ?? 0);
      tables.distance.set(cue, table);
    }
    return table;
  }
}

const tablesByModel = new WeakMap<BoundaryModel, { commas: Float64Array; distance: Map<string, Float64Array> }>();

function modelTables(model: BoundaryModel): { commas: Float64Array; distance: Map<string, Float64Array> } {
  let tables = tablesByModel.get(model);
  if (!tables) {
    tables = { commas: Float64Array.from([0, 1, 2, 3], (n) => model.source.get(`commas=${n}`) ?? 0), distance: new Map() };
    tablesByModel.set(model, tables);
  }
  return tables;
}

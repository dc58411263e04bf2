import { bucket } from '../../core/bucket.js';
import type { TokenView } from './attribution.js';
import { hashString, mix, template, type WeightTable } from './hashed.js';

/** Length buckets 0, 1, 2, 3, 4-6, 7-10, 11-20, 21+. */
const LENGTH_EDGES = [1, 2, 3, 4, 7, 11, 21];

const T = {
  prev: template('p'), next: template('n'), prevNext: template('pn'), nextTwo: template('nn'), rest: template('rest'),
  nextPunct: template('np'), nextCueWord: template('n-cue'), length: template('len'),
};
const SENTENCE_END = template('sentence-end');
const AFTER_QUOTE = template('after-quote');
const INSIDE_QUOTE = template('inside-quote');
const NEXT2_CUE = template('next2-cue');
const NEXT_CUE = template('next-cue');
const END = hashString('<end>');

/**
 * Features of the cut itself, before token `end` within the sentence that ends (before its final
 * punctuation) at `limit`: words around the cut, punctuation, quote marks, the sentence end, a next cue.
 * They do not depend on where the content starts, so a document scores each cut once.
 */
export function cutFeatures(view: TokenView, end: number, limit: number, isCue: (i: number) => boolean): number[] {
  const prev = view.hash[end - 1]!;
  const next = end < limit ? view.hash[end]! : END;
  const next2 = end + 1 < limit ? view.hash[end + 1]! : END;
  const features = [mix(T.prev, prev), mix(T.next, next), mix(mix(T.prevNext, prev), next), mix(mix(T.nextTwo, next), next2), mix(T.rest, bucket(limit - end, LENGTH_EDGES))];
  if (end >= limit) features.push(SENTENCE_END);
  if (end < limit && view.isPunct(end)) features.push(mix(T.nextPunct, next));
  if (end < limit && view.inQuote[end - 1]! >= 0 && view.inQuote[end]! < 0) features.push(AFTER_QUOTE);
  if (end < limit && view.inQuote[end]! >= 0 && view.inQuote[end - 1]! >= 0) features.push(INSIDE_QUOTE);
  if (end + 1 < limit && isCue(end + 1)) features.push(NEXT2_CUE, mix(T.nextCueWord, next));
  if (end < limit && isCue(end)) features.push(NEXT_CUE);
  return features;
}

/** Every feature of ending content = tokens [start, end): the cut's features and the content's length. */
export function endFeatures(view: TokenView, start: number, end: number, limit: number, isCue: (i: number) => boolean): number[] {
  return [...cutFeatures(view, end, limit, isCue), mix(T.length, bucket(end - start, LENGTH_EDGES))];
}

/** Whether the ranker may cut before token `end` (< limit): only where the word after the cut weighs for a cut. */
export function mayCutBefore(weights: WeightTable, view: TokenView, end: number): boolean {
  return weights.get(mix(T.next, view.hash[end]!)) > 0;
}

/** Scores cuts for one document, each cut's own features summed once (a sentence holds several cues). */
export class EndScorer {
  private readonly cutScore: Float64Array;
  /** The sentence limit each cached score was computed for (-1: none yet). */
  private readonly cutLimit: Int32Array;
  private readonly lengthWeight: Float64Array;

  constructor(private readonly weights: WeightTable, private readonly view: TokenView, private readonly isCue: (i: number) => boolean) {
    this.cutScore = new Float64Array(view.tokens.count + 1);
    this.cutLimit = new Int32Array(view.tokens.count + 1).fill(-1);
    this.lengthWeight = lengthWeights(weights);
  }

  score(start: number, end: number, limit: number): number {
    if (this.cutLimit[end] !== limit) {
      this.cutScore[end] = this.weights.score(cutFeatures(this.view, end, limit, this.isCue));
      this.cutLimit[end] = limit;
    }
    const length = end - start;
    return this.cutScore[end]! + this.lengthWeight[Math.min(length, LONGEST_BUCKETED)]!;
  }
}

const LONGEST_BUCKETED = 21;
const lengthTables = new WeakMap<WeightTable, Float64Array>();

/** The weight of each content length 0…21 (21 and more share a bucket), computed once per model. */
function lengthWeights(weights: WeightTable): Float64Array {
  let table = lengthTables.get(weights);
  if (!table) {
    table = new Float64Array(LONGEST_BUCKETED + 1);
    for (let n = 0; n <= LONGEST_BUCKETED; n++) table[n] = weights.get(mix(T.length, bucket(n, LENGTH_EDGES)));
    lengthTables.set(weights, table);
  }
  return table;
}

import type { TokenView } from './attribution.js';
import { scoreFeatures } from './boundaries.js';

/** The learned content-end ranker: feature → weight, as written by scripts/train-quotes.mjs. */
export type EndWeights = ReadonlyMap<string, number>;

function bucket(n: number): string {
  return n <= 3 ? String(n) : n <= 6 ? '4-6' : n <= 10 ? '7-10' : n <= 20 ? '11-20' : '21+';
}

/**
 * Features of the cut itself, before token `end` within the sentence that ends (before its final
 * punctuation) at `limit`: words around the cut, punctuation, quote marks, the sentence end, a next cue.
 * They do not depend on where the content starts, so a document scores each cut once.
 */
export function cutFeatures(view: TokenView, end: number, limit: number, isCue: (i: number) => boolean): string[] {
  const prev = view.lower[end - 1]!;
  const next = end < limit ? view.lower[end]! : '<end>';
  const next2 = end + 1 < limit ? view.lower[end + 1]! : '<end>';
  const features = [`p=${prev}`, `n=${next}`, `pn=${prev}_${next}`, `nn=${next}_${next2}`, `rest=${bucket(limit - end)}`];
  if (end >= limit) features.push('sentence-end');
  if (end < limit && view.isPunct(end)) features.push(`np=${next}`);
  if (end < limit && view.inQuote[end - 1]! >= 0 && view.inQuote[end]! < 0) features.push('after-quote');
  if (end < limit && view.inQuote[end]! >= 0 && view.inQuote[end - 1]! >= 0) features.push('inside-quote');
  if (end + 1 < limit && isCue(end + 1)) features.push('next2-cue', `n-cue=${next}`);
  if (end < limit && isCue(end)) features.push('next-cue');
  return features;
}

/** Every feature of ending content = tokens [start, end): the cut's features and the content's length. */
export function endFeatures(view: TokenView, start: number, end: number, limit: number, isCue: (i: number) => boolean): string[] {
  return [...cutFeatures(view, end, limit, isCue), `len=${bucket(end - start)}`];
}

/** Scores cuts for one document, each cut's own features summed once (a sentence holds several cues). */
export class EndScorer {
  private readonly cutScore: Float64Array;
  /** The sentence limit each cached score was computed for (-1: none yet). */
  private readonly cutLimit: Int32Array;
  private readonly lengthWeight: Float64Array;

  constructor(private readonly weights: EndWeights, private readonly view: TokenView, private readonly isCue: (i: number) => boolean) {
    this.cutScore = new Float64Array(view.tokens.count + 1);
    this.cutLimit = new Int32Array(view.tokens.count + 1).fill(-1);
    this.lengthWeight = lengthWeights(weights);
  }

  score(start: number, end: number, limit: number): number {
    if (this.cutLimit[end] !== limit) {
      this.cutScore[end] = scoreFeatures(this.weights, cutFeatures(this.view, end, limit, this.isCue));
      this.cutLimit[end] = limit;
    }
    const length = end - start;
    return this.cutScore[end]! + this.lengthWeight[Math.min(length, LONGEST_BUCKETED)]!;
  }
}

const LONGEST_BUCKETED = 21;
const lengthTables = new WeakMap<EndWeights, Float64Array>();

/** The weight of each content length 0…21 (21 and more share a bucket), computed once per model. */
function lengthWeights(weights: EndWeights): Float64Array {
  let table = lengthTables.get(weights);
  if (!table) {
    table = new Float64Array(LONGEST_BUCKETED + 1);
    for (let n = 0; n <= LONGEST_BUCKETED; n++) table[n] = weights.get(`len=${bucket(n)}`) ?? 0;
    lengthTables.set(weights, table);
  }
  return table;
}

import type { TokenView } from './attribution.js';

/** The learned content-end ranker: feature → weight, as written by scripts/train-quotes.mjs. */
export type EndWeights = ReadonlyMap<string, number>;

function bucket(n: number): string {
  return n <= 3 ? String(n) : n <= 6 ? '4-6' : n <= 10 ? '7-10' : n <= 20 ? '11-20' : '21+';
}

/**
 * Features of ending a reported clause just before token `end` (content = tokens [start, end)), within the
 * sentence that ends (before its final punctuation) at `limit`. Words around the cut, punctuation, quote
 * marks, distance from the start and whether the cut is the sentence end.
 */
export function endFeatures(view: TokenView, start: number, end: number, limit: number, isCue: (i: number) => boolean): string[] {
  const prev = view.lower[end - 1]!;
  const next = end < limit ? view.lower[end]! : '<end>';
  const next2 = end + 1 < limit ? view.lower[end + 1]! : '<end>';
  const features = [
    `p=${prev}`, `n=${next}`, `pn=${prev}_${next}`, `nn=${next}_${next2}`,
    `len=${bucket(end - start)}`, `rest=${bucket(limit - end)}`,
  ];
  if (end >= limit) features.push('sentence-end');
  if (end < limit && view.isPunct(end)) features.push(`np=${next}`);
  if (end < limit && view.inQuote[end - 1]! >= 0 && view.inQuote[end]! < 0) features.push('after-quote');
  if (end < limit && view.inQuote[end]! >= 0 && view.inQuote[end - 1]! >= 0) features.push('inside-quote');
  if (end + 1 < limit && isCue(end + 1)) features.push('next2-cue', `n-cue=${next}`);
  if (end < limit && isCue(end)) features.push('next-cue');
  return features;
}

export function scoreEnd(weights: EndWeights, features: readonly string[]): number {
  let score = 0;
  for (const f of features) score += weights.get(f) ?? 0;
  return score;
}

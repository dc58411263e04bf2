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

/** Features of a speaker phrase starting at token `start` and ending before `end` (the cue side), in a sentence from `first`. */
export function sourceStartFeatures(view: TokenView, lexicon: QuoteLexicon, start: number, end: number, first: number): string[] {
  const word = view.lower[start]!;
  const prev = start > first ? view.lower[start - 1]! : '<s>';
  const features = [
    `w=${word}`, `p=${prev}`, `pw=${prev}|${word}`, `ws=${shape(view, start, first)}`, `ps=${shape(view, start - 1, first)}`,
    `pws=${shape(view, start - 1, first)}|${shape(view, start, first)}`, `len=${bucket(end - start)}`, `h=${view.lower[end - 1]}|${bucket(end - start)}`,
  ];
  if (start === first) features.push('sentence-start');
  if (lexicon.clauseBoundaries.has(word)) features.push('w-clause-word');
  if (lexicon.cueForms.has(prev)) features.push('p-cue-word');
  let commas = 0;
  for (let t = start; t < end; t++) if (view.lower[t] === ',') commas++;
  features.push(`commas=${Math.min(commas, 3)}`);
  return features;
}

/** Features of reported content starting at token `start`, after the cue tokens [cueFrom, cueTo). */
export function contentStartFeatures(view: TokenView, start: number, cueFrom: number, cueTo: number, end: number): string[] {
  const word = start < end ? view.lower[start]! : '</s>';
  const prev = view.lower[start - 1]!;
  const cue = view.lower[cueFrom]!;
  const distance = bucket(start - cueTo);
  const features = [
    `w=${word}`, `p=${prev}`, `pw=${prev}|${word}`, `d=${distance}`, `c|d=${cue}|${distance}`, `c|w=${cue}|${word}`,
    `ws=${shape(view, start, cueTo)}`, `ps=${shape(view, start - 1, cueTo)}`,
  ];
  if (start < end && view.inQuote[start]! >= 0 && view.inQuote[start - 1]! < 0) features.push('opens-quote');
  for (let t = cueTo; t < start; t++) {
    if (view.lower[t] === 'that') features.push('skips-that');
    if (view.lower[t] === ',') features.push('skips-comma');
  }
  return features;
}

export function scoreFeatures(weights: ReadonlyMap<string, number>, features: readonly string[]): number {
  let sum = 0;
  for (const f of features) sum += weights.get(f) ?? 0;
  return sum;
}

/** The best-scoring start among tokens [from, to) (`fallback` on ties with nothing scored). */
export function bestStart(weights: ReadonlyMap<string, number>, from: number, to: number, fallback: number, featuresAt: (start: number) => string[]): number {
  let best = fallback;
  let bestScore = -Infinity;
  for (let s = from; s < to; s++) {
    const value = scoreFeatures(weights, featuresAt(s));
    if (value > bestScore) {
      bestScore = value;
      best = s;
    }
  }
  return best;
}

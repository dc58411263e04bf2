/**
 * Scores for extracted article text against a user's gold, in the two published styles:
 * - segments (trafilatura's benchmark): each `with` snippet found in the output is a true positive, each one
 *   missing a false negative, each `without` snippet found a false positive; counts summed over all pages.
 * - shingles (Zyte's article-extraction benchmark): word 4-grams of the gold body against those of the output,
 *   per page normalised to one; precision and recall averaged over pages, F1 their harmonic mean.
 */

/** Python's `\s` (str.isspace), which the segment benchmark uses to collapse whitespace. */
const WHITESPACE_RUN = /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
const collapse = (text: string) => text.replace(WHITESPACE_RUN, ' ').trim();

export interface SegmentCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export function countSegments(text: string, withSegments: readonly string[], withoutSegments: readonly string[]): SegmentCounts {
  const haystack = collapse(text);
  const tp = withSegments.filter((s) => haystack.includes(collapse(s))).length;
  const fp = withoutSegments.filter((s) => haystack.includes(collapse(s))).length;
  return { tp, fp, fn: withSegments.length - tp, tn: withoutSegments.length - fp };
}

export function segmentScores(total: SegmentCounts): { precision: number; recall: number; f1: number } {
  const { tp, fp, fn } = total;
  return {
    precision: tp + fp ? tp / (tp + fp) : 0,
    recall: tp + fn ? tp / (tp + fn) : 0,
    f1: 2 * tp + fp + fn ? (2 * tp) / (2 * tp + fp + fn) : 0,
  };
}

const WORD = /[\p{L}\p{N}_]+/gu;

function shingles(text: string, size = 4): Map<string, number> {
  const words = text.match(WORD) ?? [];
  const counts = new Map<string, number>();
  const last = Math.max(1, words.length - size + 1);
  for (let i = 0; i < last && words.length; i++) {
    const key = words.slice(i, i + size).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** One page's shingle overlap as [tp, fp, fn] shares that sum to one (all zero when both texts are empty). */
export function shingleOverlap(gold: string, predicted: string): [number, number, number] {
  const expected = shingles(gold);
  const found = shingles(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, count] of found) {
    const want = expected.get(key) ?? 0;
    tp += Math.min(count, want);
    fp += Math.max(0, count - want);
  }
  for (const [key, count] of expected) fn += Math.max(0, count - (found.get(key) ?? 0));
  const sum = tp + fp + fn;
  return sum ? [tp / sum, fp / sum, fn / sum] : [0, 0, 0];
}

/** Macro precision over pages that produced text, recall over pages that expected some. */
export function shingleScores(pages: readonly [number, number, number][]): { precision: number; recall: number; f1: number } {
  const precisions: number[] = [];
  const recalls: number[] = [];
  for (const [tp, fp, fn] of pages) {
    if (tp + fp > 0) precisions.push(tp / (tp + fp));
    if (tp + fn > 0) recalls.push(tp / (tp + fn));
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const precision = mean(precisions);
  const recall = mean(recalls);
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

const fold = (value: string) => collapse(value.normalize('NFC').toLowerCase());

/** Metadata comparisons, forgiving about case, spacing and how author lists are joined. */
export const sameMetadata = {
  title: (gold: string, predicted: string | null) => fold(gold) === fold(predicted ?? ''),
  date: (gold: string, predicted: string | null) => calendarDay(gold) !== null && calendarDay(gold) === calendarDay(predicted ?? ''),
  author: (gold: string | string[], predicted: readonly string[]) => {
    const names = (list: readonly string[]) => list.flatMap((a) => fold(a).split(/\s*(?:[;,&]|\band\b|\bund\b)\s*/u)).filter(Boolean).sort().join('|');
    return names(Array.isArray(gold) ? gold : [gold]) === names(predicted);
  },
};

function calendarDay(value: string): string | null {
  const m = value.trim().match(/^(\d{4})-(\d{1,2})[-.](\d{1,2})/);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : null;
}

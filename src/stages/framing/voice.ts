import type { Quote, Span } from '../../core/article.js';
import type { TokenTable } from '../tokenize/index.js';

/**
 * The stretches of `text` that lie inside quotation marks (content only, marks excluded), found by a small
 * scanner so that voice works without the quotes stage:
 *  - curly double marks “…” pair by direction; straight double marks " toggle;
 *  - single marks ‘…’ (and straight ' ) open only after a space, dash or opening bracket and close only before
 *    a non-letter, so apostrophes (don’t, Ka’abi, Hamas’) never open or close anything;
 *  - a quote still open at a paragraph break (a newline) ends there: news style reopens the mark on the
 *    next paragraph of a continuing quote, and an unmatched mark must not swallow the rest of the article.
 * Spans are sorted and disjoint.
 */
export function quotedStretches(text: string): Span[] {
  const spans: Span[] = [];
  let doubleOpen = -1;
  let singleOpen = -1;
  const close = (open: number, at: number) => {
    if (at > open) spans.push({ start: open, end: at });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (doubleOpen >= 0) close(doubleOpen, trimEnd(text, i));
      if (singleOpen >= 0 && doubleOpen < 0) close(singleOpen, trimEnd(text, i));
      doubleOpen = -1;
      singleOpen = -1;
    } else if (c === 0x201c) {
      if (doubleOpen < 0) doubleOpen = i + 1;
    } else if (c === 0x201d) {
      if (doubleOpen >= 0) {
        close(doubleOpen, i);
        doubleOpen = -1;
        singleOpen = -1;
      }
    } else if (c === 34) {
      if (doubleOpen >= 0) {
        close(doubleOpen, i);
        doubleOpen = -1;
        singleOpen = -1;
      } else doubleOpen = i + 1;
    } else if ((c === 0x2018 || c === 39) && singleOpen < 0 && opensAt(text, i)) {
      singleOpen = i + 1;
    } else if ((c === 0x2019 || c === 39) && singleOpen >= 0 && closesAt(text, i)) {
      // A single-quoted stretch nested in a double one is already covered by the outer stretch.
      if (doubleOpen < 0) close(singleOpen, i);
      singleOpen = -1;
    }
  }
  if (doubleOpen >= 0) close(doubleOpen, trimEnd(text, text.length));
  else if (singleOpen >= 0) close(singleOpen, trimEnd(text, text.length));
  return spans.sort((a, b) => a.start - b.start);
}

function opensAt(text: string, i: number): boolean {
  if (i + 1 >= text.length || !/[\p{L}\p{N}]/u.test(text[i + 1]!)) return false;
  return i === 0 || /[\s([—–-]/u.test(text[i - 1]!);
}

function closesAt(text: string, i: number): boolean {
  return i + 1 >= text.length || !/[\p{L}\p{N}]/u.test(text[i + 1]!);
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  return end;
}

/**
 * The stretches that count as quoted: the quotes stage's direct quotes and the scanned stretches inside its mixed
 * quotes ("He had “wanted to fly,” his friend said": the words inside the marks) when it found any direct quote,
 * else the scanned ones.
 */
function voiceStretches(quotes: readonly Quote[], scanned: readonly Span[]): readonly Span[] {
  const direct = quotes.filter((q) => q.kind === 'direct').map((q) => ({ start: q.start, end: q.end }));
  if (!direct.length) return scanned;
  const mixed = quotes.filter((q) => q.kind === 'mixed').sort((a, b) => a.start - b.start);
  // Both lists sorted by start: one walk keeps the scanned stretches that lie inside a mixed quote.
  let m = 0;
  let reach = -1; // the furthest end of the mixed quotes that start at or before the stretch
  for (const stretch of scanned) {
    while (m < mixed.length && mixed[m]!.start <= stretch.start) reach = Math.max(reach, mixed[m++]!.end);
    if (stretch.end <= reach) direct.push(stretch);
  }
  return direct.sort((a, b) => a.start - b.start);
}

/**
 * Decides the voice of spans: `quoted` inside a direct quote of the quotes stage when it ran (its spans are
 * the contents inside the marks), else inside a stretch found by the scanner. Built once per article.
 */
export function voiceResolver(
  text: string,
  quotes: readonly Quote[],
  scanned: readonly Span[] = quotedStretches(text),
): (span: Span) => 'outlet' | 'quoted' {
  const stretches = voiceStretches(quotes, scanned);
  return (span) => (containing(stretches, span) ? 'quoted' : 'outlet');
}

/** Per token, 1 when the voice resolver would call the token `quoted`: one walk over tokens and stretches together. */
export function quotedTokens(quotes: readonly Quote[], scanned: readonly Span[], tokens: TokenTable): Uint8Array {
  const stretches = voiceStretches(quotes, scanned);
  const quoted = new Uint8Array(tokens.count);
  let s = 0;
  for (let i = 0; i < tokens.count && s < stretches.length; i++) {
    // Stretches are sorted and disjoint: skip those that end before this token does.
    while (s < stretches.length && stretches[s]!.end < tokens.end[i]!) s++;
    if (s < stretches.length && stretches[s]!.start <= tokens.start[i]!) quoted[i] = 1;
  }
  return quoted;
}

/** Whether one of the sorted disjoint stretches contains the span (binary search). */
function containing(stretches: readonly Span[], span: Span): boolean {
  let lo = 0;
  let hi = stretches.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = stretches[mid]!;
    if (s.end < span.end) lo = mid + 1;
    else if (s.start > span.start) hi = mid - 1;
    else return true;
  }
  return false;
}

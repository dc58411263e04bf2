/**
 * Quotes shared across outlets and quotes only one outlet carries. Two quotes match when most of the words of
 * the shorter one are in the longer one (outlets trim, splice and re-punctuate quotes), and their speakers do
 * not disagree. Matches are grouped transitively across articles.
 */
import { STOPWORDS, wordTokens } from '../features.js';
import type { NameResolver } from './names.js';
import { evidence, type PreparedArticle, type PreparedQuote } from './prepare.js';
import type { QuoteGroup, QuoteOccurrence } from './types.js';

/** Share of the shorter quote's content words that must occur in the other. */
export const QUOTE_MATCH = 0.6;

interface Item {
  prepared: PreparedArticle;
  quote: PreparedQuote;
  words: Set<string>;
  speaker: string | null;
}

export function quoteWords(text: string): Set<string> {
  return new Set(wordTokens(text).map((t) => t.norm).filter((w) => !STOPWORDS.has(w) || w.length > 3));
}

export function quoteOverlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const word of small) if (large.has(word)) shared++;
  return shared / small.size;
}

export function quoteGroups(prepared: readonly PreparedArticle[], names: NameResolver): QuoteGroup[] {
  const items: Item[] = prepared.flatMap((p) => p.quotes.map((quote) => ({
    prepared: p, quote,
    words: quoteWords(p.article.text.slice(quote.start, quote.end)),
    speaker: quote.speakerKey ? names.resolve(quote.speakerKey) : null,
  })));
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i]!;
      const b = items[j]!;
      if (a.prepared === b.prepared || Math.min(a.words.size, b.words.size) < 3) continue;
      if (a.speaker && b.speaker && a.speaker !== b.speaker) continue;
      if (quoteOverlap(a.words, b.words) >= QUOTE_MATCH) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, Item[]>();
  items.forEach((item, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), item]);
  });
  const ids = prepared.map((p) => p.ref.id);
  const result: QuoteGroup[] = [];
  for (const members of groups.values()) {
    const first = members[0]!;
    const articleIds = ids.filter((id) => members.some((m) => m.prepared.ref.id === id));
    const occurrences: QuoteOccurrence[] = members.map((m) => ({
      ...evidence(m.prepared.article, m.quote),
      quoteId: m.quote.quoteId, kind: m.quote.kind,
      speaker: m.speaker ? names.label(m.speaker) : null,
      similarity: m === first ? 1 : +quoteOverlap(first.words, m.words).toFixed(3),
    }));
    const speaker = members.find((m) => m.speaker)?.speaker ?? null;
    result.push({
      id: '', speaker: speaker ? names.label(speaker) : null,
      status: articleIds.length > 1 ? 'shared' : 'exclusive',
      articleIds, omittedBy: ids.filter((id) => !articleIds.includes(id)), occurrences,
    });
  }
  result.sort((a, b) => b.articleIds.length - a.articleIds.length || ids.indexOf(a.articleIds[0]!) - ids.indexOf(b.articleIds[0]!));
  result.forEach((group, i) => (group.id = `qg${i + 1}`));
  return result;
}

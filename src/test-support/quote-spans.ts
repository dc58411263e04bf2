import type { ArticleJson } from '../core/article.js';

/** Each quote of an analysed article as [content, cue, speaker mention]: the texts its spans cover, null for none. */
export function quoteSpans(article: ArticleJson): (string | null)[][] {
  const at = (s: { start: number; end: number } | null) => (s ? article.text.slice(s.start, s.end) : null);
  return article.quotes.map((q) => [at(q), at(q.cue), at(q.speaker.mention)]);
}

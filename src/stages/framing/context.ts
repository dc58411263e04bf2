import type { Article, Span } from '../../core/article.js';
import { tokenContext, type TokenContext, type WordLists } from './features.js';
import type { LexiconMatch } from './lexicon.js';
import { quotedStretches, voiceResolver } from './voice.js';

export interface FramingContext {
  ctx: TokenContext;
  matches: LexiconMatch[];
  stretches: Span[];
  voiceOf: (span: Span) => 'outlet' | 'quoted';
}

/**
 * Everything the framing stage derives from an article before classifying tokens; also used by
 * scripts/train-framing.mjs so that training sees exactly the features the stage computes.
 */
export function framingContext(
  article: Article,
  matchLexicon: (lower: readonly string[]) => LexiconMatch[],
  wordLists: WordLists,
): FramingContext | null {
  const tokens = article.tokens;
  if (!tokens) return null;
  const { text } = article;
  const stretches = quotedStretches(text);
  const voiceOf = voiceResolver(text, article.quotes, stretches);
  const quoted = new Uint8Array(tokens.count);
  const lower: string[] = new Array(tokens.count);
  for (let i = 0; i < tokens.count; i++) {
    const word = text.slice(tokens.start[i]!, tokens.end[i]!).toLowerCase();
    lower[i] = word.includes('’') ? word.replace(/’/g, "'") : word;
    quoted[i] = voiceOf({ start: tokens.start[i]!, end: tokens.end[i]! }) === 'quoted' ? 1 : 0;
  }
  const matches = matchLexicon(lower);
  const lexiconKind = new Array<string>(tokens.count).fill('');
  for (const m of matches) for (let k = m.first; k < m.last; k++) lexiconKind[k] = m.entry.kind;
  return { ctx: tokenContext(text, tokens, lower, wordLists, lexiconKind, quoted), matches, stretches, voiceOf };
}

import type { Article, Span } from '../../core/article.js';
import { tokenIds } from '../tokenize/forms.js';
import { tokenContext, type TokenContext } from './features.js';
import type { LexiconMatch } from './lexicon.js';
import { quotedStretches, quotedTokens, voiceResolver } from './voice.js';
import type { WordTable } from './words.js';

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
  table: WordTable,
): FramingContext | null {
  const tokens = article.tokens;
  if (!tokens) return null;
  const { text } = article;
  const stretches = quotedStretches(text);
  const voiceOf = voiceResolver(text, article.quotes, stretches);
  const quoted = quotedTokens(article.quotes, stretches, tokens);
  table.trim();
  const lower: string[] = new Array(tokens.count);
  const wordId = tokenIds(table, text, tokens);
  for (let i = 0; i < tokens.count; i++) lower[i] = table.words[wordId[i]!]!;
  const matches = matchLexicon(lower);
  const lexiconKind = new Array<string>(tokens.count).fill('');
  for (const m of matches) for (let k = m.first; k < m.last; k++) lexiconKind[k] = m.entry.kind;
  return { ctx: tokenContext(text, tokens, lower, wordId, table, lexiconKind, quoted), matches, stretches, voiceOf };
}

import type { TokenTable } from '../tokenize/index.js';
import { tokenIds } from '../tokenize/forms.js';
import type { TokenView } from './features.js';
import type { WordTable } from '../../core/word-table.js';

/**
 * The recogniser's view of a token table: surface forms (interned in `forms`, so a form seen before makes no new
 * string), where lines begin (no context crosses them) and sentences.
 */
export function tokenView(text: string, tokens: TokenTable, forms: WordTable<unknown>): TokenView {
  forms.restartIfFull();
  const ids = tokenIds(forms, text, tokens);
  const words = new Array<string>(tokens.count);
  const lineStart = new Array<boolean>(tokens.count);
  const sentenceStart = new Array<boolean>(tokens.count);
  for (let i = 0; i < tokens.count; i++) {
    words[i] = forms.word(ids[i]!);
    lineStart[i] = i === 0 || hasNewline(text, tokens.end[i - 1]!, tokens.start[i]!);
    sentenceStart[i] = i === 0 || tokens.sentence[i] !== tokens.sentence[i - 1];
  }
  return { words, lineStart, sentenceStart, forms: { table: forms, generation: forms.generation, ids } };
}

function hasNewline(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === 10) return true;
  return false;
}

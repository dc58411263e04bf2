import type { TokenTable } from '../tokenize/index.js';
import type { TokenView } from './features.js';

/** The recogniser's view of a token table: surface forms, and where lines begin (no context crosses them). */
export function tokenView(text: string, tokens: TokenTable): TokenView {
  const words = new Array<string>(tokens.count);
  const lineStart = new Array<boolean>(tokens.count);
  for (let i = 0; i < tokens.count; i++) {
    words[i] = text.slice(tokens.start[i]!, tokens.end[i]!);
    lineStart[i] = i === 0 || text.slice(tokens.end[i - 1]!, tokens.start[i]!).includes('\n');
  }
  return { words, lineStart };
}

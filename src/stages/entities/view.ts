import type { TokenTable } from '../tokenize/index.js';
import type { TokenView } from './features.js';

/** The recogniser's view of a token table: surface forms, where lines begin (no context crosses them) and sentences. */
export function tokenView(text: string, tokens: TokenTable): TokenView {
  const words = new Array<string>(tokens.count);
  const lineStart = new Array<boolean>(tokens.count);
  const sentenceStart = new Array<boolean>(tokens.count);
  for (let i = 0; i < tokens.count; i++) {
    words[i] = text.slice(tokens.start[i]!, tokens.end[i]!);
    lineStart[i] = i === 0 || hasNewline(text, tokens.end[i - 1]!, tokens.start[i]!);
    sentenceStart[i] = i === 0 || tokens.sentence[i] !== tokens.sentence[i - 1];
  }
  return { words, lineStart, sentenceStart };
}

function hasNewline(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === 10) return true;
  return false;
}

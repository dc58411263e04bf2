import type { Sentence } from '../../core/article.js';
import { grow } from '../../core/grow.js';
import { TOKEN_FORMS } from './forms.js';

/** Token kinds, stored one byte per token in `TokenTable.kind`. */
export const enum TokenKind {
  Word = 0,
  Number = 1,
  Punct = 2,
  Symbol = 3,
}

/**
 * The tokens of one article as parallel typed arrays (layout documented in docs/ARCHITECTURE.md):
 * token i spans text[start[i], end[i]), has kind[i] and lies in sentence sentence[i] (-1 outside any).
 * Built once per article and shared by every stage that works on tokens.
 */
export interface TokenTable {
  readonly count: number;
  readonly start: Uint32Array;
  readonly end: Uint32Array;
  readonly kind: Uint8Array;
  readonly sentence: Int32Array;
  /** Index of the first token of each sentence, plus a final entry equal to `count`. */
  readonly sentenceFirst: Uint32Array;
  /** Per token, the id of its exact surface in the thread's TOKEN_FORMS (forms.ts), valid in `formGeneration`. */
  readonly form: Int32Array;
  readonly formGeneration: number;
}

// One alternation, tried in order at each non-space position:
//  1. dotted abbreviations (U.S., a.m.)   2. words with inner hyphens/apostrophes (al-Ka’abi, don't → split below)
//  3. numbers with separators (1,200.5, 9/11, 10:30)   4. any other single character.
const TOKEN = /(?:\p{L}\.){2,}|[\p{L}\p{M}\p{N}]*\p{L}[\p{L}\p{M}\p{N}]*(?:[-‐'’][\p{L}\p{M}\p{N}]+)*|\p{N}+(?:[.,:/]\p{N}+)*|\S/guy;
// English clitics split off a word: Palestine’s → Palestine + ’s; don't → do + n't.
const CLITIC = /(?:['’](?:s|re|ve|ll|d|m)|n['’]t)$/i;

export function tokenize(text: string, sentences: readonly Sentence[]): TokenTable {
  let capacity = Math.max(16, Math.ceil(text.length / 4));
  let start = new Uint32Array(capacity);
  let end = new Uint32Array(capacity);
  let kind = new Uint8Array(capacity);
  let count = 0;
  const push = (s: number, e: number, k: TokenKind) => {
    if (count === capacity) {
      // Doubling from the first guess (minimum 0): a short text's table stays small.
      start = grow(start, count, 0);
      end = grow(end, count, 0);
      kind = grow(kind, count, 0);
      capacity = start.length;
    }
    start[count] = s;
    end[count] = e;
    kind[count] = k;
    count++;
  };
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 10 || code === 9 || code === 13 || code === 160 || (code >= 0x2000 && code <= 0x200b)) {
      i++;
      continue;
    }
    const asciiEnd = asciiToken(text, i, code);
    if (asciiEnd > 0) {
      push(i, asciiEnd, isAsciiDigit(code) && !hasAsciiLetter(text, i, asciiEnd) ? TokenKind.Number : TokenKind.Word);
      i = asciiEnd;
      continue;
    }
    TOKEN.lastIndex = i;
    const match = TOKEN.exec(text);
    if (!match) {
      i++; // other Unicode white space (U+202F, U+3000, U+2028, …): \S does not match it
      continue;
    }
    const token = match[0];
    const e = i + token.length;
    const first = token.charCodeAt(0);
    if (token.length === 1 && !isAlnum(first)) {
      push(i, e, /[\p{P}]/u.test(token) ? TokenKind.Punct : TokenKind.Symbol);
    } else if (first >= 48 && first <= 57 && /^\p{N}/u.test(token) && !/\p{L}/u.test(token)) {
      push(i, e, TokenKind.Number);
    } else {
      const clitic = token.length > 3 ? CLITIC.exec(token) : null;
      if (clitic) {
        push(i, e - clitic[0].length, TokenKind.Word);
        push(e - clitic[0].length, e, TokenKind.Word);
      } else push(i, e, TokenKind.Word);
    }
    i = e;
  }
  const sentence = new Int32Array(count).fill(-1);
  const sentenceFirst = new Uint32Array(sentences.length + 1);
  let t = 0;
  for (let s = 0; s < sentences.length; s++) {
    const { start: from, end: to } = sentences[s]!;
    while (t < count && start[t]! < from) t++;
    sentenceFirst[s] = t;
    while (t < count && end[t]! <= to) sentence[t++] = s;
  }
  sentenceFirst[sentences.length] = count;
  // Interned here, once per token, for every stage that keeps a table of words (StageForms).
  TOKEN_FORMS.restartIfFull();
  const form = new Int32Array(count);
  for (let k = 0; k < count; k++) form[k] = TOKEN_FORMS.idOfSpan(text, start[k]!, end[k]!);
  return {
    count, start: start.subarray(0, count), end: end.subarray(0, count), kind: kind.subarray(0, count), sentence, sentenceFirst,
    form, formGeneration: TOKEN_FORMS.generation,
  };
}

/**
 * Where the token starting at text[i] ends when it is a plain run of ASCII letters and digits that `TOKEN` would
 * match whole (most tokens of English text), found without the regular expression; 0 when `TOKEN` must decide:
 * the run is followed by what could extend it (a hyphen or apostrophe joining a word, a period after a single
 * letter for "U.S.", a number's separator) or by a non-ASCII character (which may be a letter, mark or digit).
 * Such a run holds no apostrophe, so no clitic is split from it.
 */
function asciiToken(text: string, i: number, first: number): number {
  if (!isAsciiLetter(first) && !isAsciiDigit(first)) return 0;
  let end = i + 1;
  let letters = isAsciiLetter(first);
  for (; end < text.length; end++) {
    const code = text.charCodeAt(end);
    if (isAsciiLetter(code)) letters = true;
    else if (!isAsciiDigit(code)) break;
  }
  if (end === text.length) return end;
  const next = text.charCodeAt(end);
  if (next > 127) return 0;
  if (letters) return next === HYPHEN || next === APOSTROPHE || (next === PERIOD && end === i + 1 && isAsciiLetter(first)) ? 0 : end;
  return next === PERIOD || next === COMMA || next === COLON || next === SLASH ? 0 : end;
}

const HYPHEN = 45;
const APOSTROPHE = 39;
const PERIOD = 46;
const COMMA = 44;
const COLON = 58;
const SLASH = 47;

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function hasAsciiLetter(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (isAsciiLetter(text.charCodeAt(k))) return true;
  return false;
}

function isAlnum(code: number): boolean {
  return isAsciiDigit(code) || isAsciiLetter(code) || code > 127;
}

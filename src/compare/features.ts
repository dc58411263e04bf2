/**
 * Text features shared by clustering and the coverage diff: word tokens, stopwords, hashing and the
 * capitalised-name fallback used when an article carries no entities.
 */
import { readFileSync } from 'node:fs';
import type { Span } from '../core/article.js';
import { fnv1a } from '../core/fnv.js';

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

function loadWordList(name: string): Set<string> {
  const text = readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8');
  const words = text.split('\n').filter((line) => !line.startsWith('#')).join(' ').split(/\s+/).filter(Boolean);
  return new Set(words);
}

export const STOPWORDS: ReadonlySet<string> = loadWordList('stopwords.txt');
const TITLES: ReadonlySet<string> = loadWordList('titles.txt');

export interface Token extends Span {
  /** Lower-cased, curly apostrophes straightened. */
  norm: string;
}

/** Word tokens of `text` (letters and digits, inner apostrophes and hyphens kept), at most `limit` of them. */
export function wordTokens(text: string, limit = Infinity): Token[] {
  const tokens: Token[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m && tokens.length < limit; m = WORD.exec(text)) {
    tokens.push({ start: m.index, end: m.index + m[0].length, norm: normalizeWord(m[0]) });
  }
  return tokens;
}

export function normalizeWord(word: string): string {
  return word.toLowerCase().replace(/’/g, "'");
}

/** A name as a comparison key: case, accents and punctuation folded, whitespace collapsed. */
export function nameKey(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** 32-bit FNV-1a of a string (src/core/fnv.ts). */
export const hashString = (value: string): number => fnv1a(value);

// Words that open sentences or titles with a capital without naming anything.
const CAPITALISED_NON_NAMES = new Set([
  'the', 'a', 'an', 'he', 'she', 'it', 'they', 'we', 'i', 'you', 'his', 'her', 'their', 'our', 'this', 'that',
  'these', 'those', 'there', 'in', 'on', 'at', 'for', 'but', 'and', 'or', 'as', 'after', 'before', 'when',
  'while', 'if', 'some', 'many', 'most', 'one', 'two', 'three', 'monday', 'tuesday', 'wednesday', 'thursday',
  'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august',
  'september', 'october', 'november', 'december', 'mr', 'mrs', 'ms', 'dr', 'officials', 'police', 'residents',
]);
const NAME_RUN = /\p{Lu}[\p{L}'’-]*(?:\s+(?:(?:of|de|da|van|von|al|bin|the)\s+)?\p{Lu}[\p{L}'’-]*)*/gu;

export interface NameCandidate extends Span {
  name: string;
}

/**
 * Runs of capitalised words ("Marta Kovell", "Port Authority of Dunmere"): the fallback for entities when
 * the entity stage has not run. Leading function words and titles that merely start a sentence are dropped;
 * what remains is a name candidate with its span.
 */
export function capitalisedNames(text: string): NameCandidate[] {
  const names: NameCandidate[] = [];
  NAME_RUN.lastIndex = 0;
  for (let m = NAME_RUN.exec(text); m; m = NAME_RUN.exec(text)) {
    let start = m.index;
    let value = m[0];
    // Drop leading words that are capitalised only because they open a sentence ("The", "Police") and titles
    // ("Defence Minister") while a name still follows.
    const droppable = (word: string, rest: string) => {
      const key = normalizeWord(word).replace(/[.']+$/, '');
      return CAPITALISED_NON_NAMES.has(key) || (TITLES.has(key) && /^\p{Lu}/u.test(rest));
    };
    for (let first = /^\S+/.exec(value); first && droppable(first[0], value.slice(first[0].length).trimStart()); first = /^\S+/.exec(value)) {
      const rest = value.slice(first[0].length).replace(/^\s+/, '');
      start += value.length - rest.length;
      value = rest;
    }
    value = value.replace(/['’]s$/, '');
    if (value.length < 2 || !/^\p{Lu}/u.test(value)) continue;
    // A lone capitalised word opening a sentence ("Ambulances were…") is ordinary vocabulary, not a name.
    if (!value.includes(' ') && start === m.index && /(^|[.!?:"“”]\s*|\n)\s*$/.test(text.slice(Math.max(0, start - 3), start))) continue;
    names.push({ name: value, start, end: start + value.length });
  }
  return names;
}

/** All word-bounded occurrences of `needle` in `text` (case-sensitive: names keep their capitals). */
export function findPhrase(text: string, needle: string, limit = 50): Span[] {
  const spans: Span[] = [];
  if (!needle) return spans;
  for (let at = text.indexOf(needle); at >= 0 && spans.length < limit; at = text.indexOf(needle, at + 1)) {
    const before = at > 0 ? text[at - 1]! : ' ';
    const after = text[at + needle.length] ?? ' ';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) spans.push({ start: at, end: at + needle.length });
  }
  return spans;
}

/**
 * The name words of the capitalised names in `text` ("Mine Manager Oskar Pavarisk" → mine, manager, oskar,
 * pavarisk): matching word by word lets "Pavarisk" and "Oskar Pavarisk" meet, with IDF weighting downplaying
 * titles and common given names.
 */
export function nameWordKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const candidate of capitalisedNames(text)) {
    for (const word of candidate.name.split(/\s+/)) {
      const key = nameKey(word);
      if (key.length > 1 && !STOPWORDS.has(key)) keys.add(key);
    }
  }
  return keys;
}

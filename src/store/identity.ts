import { createHash } from 'node:crypto';
import { FNV_OFFSET, FNV_PRIME, fnv1a } from '../core/fnv.js';
import { isJsWhitespace } from '../core/whitespace.js';

/**
 * Identity of documents and entities across a corpus: canonical URLs and content hashes for exact duplicates,
 * SimHash for near-duplicates (the same wire story on several sites), normalised names for entities.
 */

const TRACKING_PARAMS = /^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|ref|src|source|at_medium|at_campaign)$/i;

/** A URL reduced to what names the page: lower-case host, no default port, fragment or tracking parameters. */
export function canonicalUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  parsed.hash = '';
  parsed.protocol = 'https:';
  parsed.hostname = parsed.hostname.toLowerCase().replace(/^www\./, '');
  parsed.port = '';
  const kept = [...parsed.searchParams].filter(([key]) => !TRACKING_PARAMS.test(key)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  parsed.search = new URLSearchParams(kept).toString();
  let path = parsed.pathname.replace(/\/{2,}/g, '/');
  if (path.length > 1) path = path.replace(/\/$/, '');
  parsed.pathname = path;
  return parsed.toString();
}

/** The outlet a URL belongs to: its host without `www.`. */
export function outletDomain(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host ? host.replace(/^www\./, '') : null;
  } catch {
    return null;
  }
}

/** SHA-256 of the clean text with whitespace collapsed: two pages with the same article body hash alike. */
export function contentHash(text: string): string {
  return createHash('sha256').update(collapseWhitespace(text)).digest('hex');
}

/**
 * `text.replace(/\s+/g, ' ').trim()`, at a quarter of its cost: the text is cut only around runs other than a
 * single space (~30 µs of regular expression on a 600-word article, more than the hash itself).
 */
export function collapseWhitespace(text: string): string {
  const pieces: string[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isJsWhitespace(code)) continue;
    let end = i + 1;
    while (end < text.length && isJsWhitespace(text.charCodeAt(end))) end++;
    if (end - i > 1 || code !== SPACE) {
      pieces.push(text.slice(from, i));
      from = end;
    }
    i = end - 1;
  }
  if (from === 0) return text.trim();
  pieces.push(text.slice(from));
  return pieces.join(' ').trim();
}


/** A name folded for comparison: NFKD without marks, lower case, punctuation dropped, spaces collapsed. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’']s\b/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A letter or digit at `lastIndex` (one code point: a surrogate pair matches both units). */
const WORD_CHARACTER = /[\p{L}\p{N}]/uy;
/** 1 at the ASCII letters and digits: most of a news text, decided without the regular expression. */
const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, code) => (/[a-z0-9]/i.test(String.fromCharCode(code)) ? 1 : 0));

/** MinHash signature length and its split into LSH bands (8 bands of 4 rows). */
const SIGNATURE_SIZE = 32;
const ROWS_PER_BAND = 4;
const SEEDS = Array.from({ length: SIGNATURE_SIZE }, (_, i) => mix32(0x9e3779b9 + i * 0x632be5ab));

/** Estimated Jaccard similarity of word pairs at which two articles count as copies of one story. */
export const NEAR_DUPLICATE_SIMILARITY = 0.7;

export interface Fingerprint {
  /** 32 minimum hashes, 8 hex digits each. */
  signature: string;
  /** One key per band: articles sharing any band key are compared. */
  bands: number[];
  /** Words in the text (runs of letters and digits), counted by the same pass. */
  wordCount: number;
}

const SPACE = 0x20;

/**
 * MinHash over the set of content-word pairs (bigrams, function words left out) of the text, with locality-sensitive bands. Two texts whose
 * bigram sets have Jaccard similarity 0.85 (a wire story with a dateline and a credit line added) share a band
 * with probability > 0.99; unrelated stories (similarity < 0.2) almost never do.
 *
 * A pair's hash is `hash32("first second")`, computed without building the string: FNV-1a runs left to right,
 * so the state after "first " is kept per word and continued over the second word. A pair that comes twice
 * changes no minimum: the signature is that of the distinct pairs.
 */
export function fingerprint(text: string): Fingerprint {
  // The pairs' hashes as signed 32-bit integers (small integers to V8, where unsigned ones are often heap numbers).
  const shingles: number[] = [];
  // The words are the runs of letters and digits of the lower-cased text (lower-casing first matters: it can
  // turn one character into a letter and a mark). They are read code unit by code unit, each word's FNV-1a
  // hashes (alone, and continuing the previous content word's) made as it is read: the text is never split.
  const lower = text.toLowerCase();
  let wordCount = 0;
  let contentWords = 0;
  let first = '';
  // FNV state after the previous content word and a space: the start of the pair it begins.
  let previous = 0;
  let start = -1;
  let alone = 0;
  let pair = 0;
  let units = 0;
  for (let i = 0; i <= lower.length; i += units) {
    const code = i < lower.length ? lower.charCodeAt(i) : 0x20;
    // Code units of the letter or digit at i, else (negated) of the character that ends a word there.
    units = -1;
    if (code < 0x80) units = ASCII_WORD[code]! === 1 ? 1 : -1;
    else {
      WORD_CHARACTER.lastIndex = i;
      if (WORD_CHARACTER.test(lower)) units = WORD_CHARACTER.lastIndex - i;
      // A surrogate pair that is no letter or digit (an emoji) is passed over whole.
      else if (code >= 0xd800 && code <= 0xdbff && (lower.charCodeAt(i + 1) & 0xfc00) === 0xdc00) units = -2;
    }
    if (units > 0) {
      if (start < 0) {
        start = i;
        alone = FNV_OFFSET;
        pair = previous;
      }
      for (let unit = i; unit < i + units; unit++) {
        const c = lower.charCodeAt(unit);
        alone = Math.imul(alone ^ c, FNV_PRIME);
        pair = Math.imul(pair ^ c, FNV_PRIME);
      }
      continue;
    }
    units = -units;
    if (start < 0) continue;
    const word = start;
    start = -1;
    wordCount++;
    // Pairs of content words: function words are shared by every text and would make unrelated stories collide.
    if (i - word <= 2 || isStopWord(lower, word, i, alone | 0)) continue;
    if (contentWords++ === 0) first = lower.slice(word, i);
    else shingles.push(mix32(pair) | 0);
    previous = Math.imul((alone >>> 0) ^ SPACE, FNV_PRIME);
  }
  // Fewer than two content words: the one word (or nothing) is the only shingle.
  if (contentWords < 2) shingles.push(hash32(first) | 0);
  const mins = new Uint32Array(SIGNATURE_SIZE);
  for (let k = 0; k < SIGNATURE_SIZE; k++) {
    const seed = SEEDS[k]!;
    let min = 0xffffffff;
    for (const shingle of shingles) {
      const value = mix32(shingle ^ seed);
      if (value < min) min = value;
    }
    mins[k] = min;
  }
  const bands: number[] = [];
  for (let band = 0; band < SIGNATURE_SIZE / ROWS_PER_BAND; band++) {
    let key = mix32(band + 1);
    for (let row = 0; row < ROWS_PER_BAND; row++) key = mix32(key ^ mins[band * ROWS_PER_BAND + row]!);
    // Kept within a signed 32-bit integer, which both databases store natively.
    bands.push(key | 0);
  }
  return { signature: Array.from(mins, (m) => m.toString(16).padStart(8, '0')).join(''), bands, wordCount };
}

/** The share of equal minimum hashes: an estimate of the Jaccard similarity of the two bigram sets. */
export function similarity(a: string, b: string): number {
  let equal = 0;
  for (let i = 0; i < a.length; i += 8) if (a.slice(i, i + 8) === b.slice(i, i + 8)) equal++;
  return equal / SIGNATURE_SIZE;
}

const STOP_WORDS = new Set(
  ('the and but for with from into onto over under about after before than then that this these those there their they them '
    + 'his her its our your you was were are been being has have had not will would could should can may might must also more most '
    + 'said says say who whom which what when where while said told according').split(' '),
);
/** The stop words by their FNV-1a hash (as a signed integer): a word of the text is looked up by the hash made as it was read. */
const STOP_WORDS_BY_HASH = new Map<number, string[]>();
for (const word of STOP_WORDS) {
  const hash = fnv1a(word) | 0;
  STOP_WORDS_BY_HASH.set(hash, [...(STOP_WORDS_BY_HASH.get(hash) ?? []), word]);
}

/** Whether text[start, end), whose FNV-1a hash is `hash`, is a stop word (compared in place, not cut out). */
function isStopWord(text: string, start: number, end: number, hash: number): boolean {
  const candidates = STOP_WORDS_BY_HASH.get(hash);
  return candidates !== undefined && candidates.some((word) => word.length === end - start && text.startsWith(word, start));
}

/** FNV-1a over UTF-16 code units: a fast 32-bit string hash, finalised by mix32. */
export function hash32(text: string): number {
  return mix32(fnv1a(text));
}

/** MurmurHash3's 32-bit finaliser: a cheap, well-mixed integer hash. */
function mix32(value: number): number {
  let x = value >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * Converts a UTF-16 offset into `text` to a code-point offset (what brat and the Web Annotation model count).
 * `table` is built once per text by `codePointOffsets`.
 */
export function codePointOffsets(text: string): (utf16: number) => number {
  const astral: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      astral.push(i + 1);
      i++;
    }
  }
  if (astral.length === 0) return (offset) => offset;
  return (offset) => {
    let before = 0;
    while (before < astral.length && astral[before]! < offset) before++;
    return offset - before;
  };
}

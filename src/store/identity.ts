import { createHash } from 'node:crypto';
import { FNV_PRIME, fnv1a } from '../core/fnv.js';

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
  return createHash('sha256').update(text.replace(/\s+/g, ' ').trim()).digest('hex');
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

const WORD = /[\p{L}\p{N}]+/gu;

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
 * so the state after "first " is kept per word and continued over the second word. Pairs are deduplicated by
 * that hash: two pairs with one hash give the same minimums, so the signature is that of the distinct pairs.
 */
export function fingerprint(text: string): Fingerprint {
  const mins = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  const seen = new Set<number>();
  const add = (base: number) => {
    if (seen.has(base)) return;
    seen.add(base);
    for (let k = 0; k < SIGNATURE_SIZE; k++) {
      const value = mix32(base ^ SEEDS[k]!);
      if (value < mins[k]!) mins[k] = value;
    }
  };
  let wordCount = 0;
  let contentWords = 0;
  let first = '';
  // FNV state after the previous content word and a space: the start of the pair it begins.
  let previous = 0;
  for (const match of text.toLowerCase().matchAll(WORD)) {
    wordCount++;
    const word = match[0];
    // Pairs of content words: function words are shared by every text and would make unrelated stories collide.
    if (word.length <= 2 || STOP_WORDS.has(word)) continue;
    if (contentWords++ === 0) first = word;
    else add(mix32(fnv1a(word, previous)));
    previous = Math.imul(fnv1a(word) ^ SPACE, FNV_PRIME);
  }
  // Fewer than two content words: the one word (or nothing) is the only shingle.
  if (contentWords < 2) add(hash32(first));
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

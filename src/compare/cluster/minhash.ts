/**
 * MinHash signatures over word shingles, banded for locality-sensitive hashing: two texts whose shingle sets
 * have Jaccard similarity s share at least one band with probability 1 - (1 - s^rows)^bands. With the
 * defaults (10 bands × 3 rows) that is 0.999 at s = 0.8, 0.74 at s = 0.5 (a copy cut by half) and 0.08 at
 * s = 0.2 (rewrites); candidates are then checked on the estimated Jaccard of the whole signature.
 */
import { hashString } from '../features.js';

export const MINHASH_BANDS = 10;
export const MINHASH_ROWS = 3;
export const MINHASH_SIZE = MINHASH_BANDS * MINHASH_ROWS;
const SHINGLE_WORDS = 4;

// Fixed odd multipliers and offsets: one universal hash per signature position (seeded, so stable forever).
const MULTIPLIERS = new Uint32Array(MINHASH_SIZE);
const OFFSETS = new Uint32Array(MINHASH_SIZE);
{
  let state = 0x9e3779b9;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  for (let i = 0; i < MINHASH_SIZE; i++) {
    MULTIPLIERS[i] = next() | 1;
    OFFSETS[i] = next();
  }
}

function mix(value: number): number {
  value ^= value >>> 16;
  value = Math.imul(value, 0x85ebca6b);
  value ^= value >>> 13;
  value = Math.imul(value, 0xc2b2ae35);
  return (value ^ (value >>> 16)) >>> 0;
}

/** The MinHash signature of the word 4-shingles of `words` (already normalised), or null when too short. */
export function minhashSignature(words: readonly string[]): Uint32Array | null {
  return minhashOfWordHashes(Uint32Array.from(words, hashString), words.length);
}

/**
 * The same signature from the words' hashes (`hashString` of each normalised word), the first `count` of
 * `wordHashes`: callers that intern words keep each word's hash and hash no string twice.
 */
export function minhashOfWordHashes(wordHashes: ArrayLike<number>, count: number): Uint32Array | null {
  if (count < SHINGLE_WORDS + 2) return null;
  const signature = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
  for (let i = 0; i + SHINGLE_WORDS <= count; i++) {
    let shingle = 0;
    for (let k = 0; k < SHINGLE_WORDS; k++) shingle = mix(shingle ^ Math.imul(wordHashes[i + k]!, k + 1));
    for (let h = 0; h < MINHASH_SIZE; h++) {
      const value = mix((Math.imul(shingle, MULTIPLIERS[h]!) + OFFSETS[h]!) >>> 0);
      if (value < signature[h]!) signature[h] = value;
    }
  }
  return signature;
}

/**
 * The LSH bucket of one band of a signature: a 32-bit hash of the band's rows (buckets are kept per band). A
 * hash collision only adds a candidate, which the full-signature check then rejects.
 */
export function bandHash(signature: Uint32Array, band: number): number {
  let hash = band + 1;
  for (let row = 0; row < MINHASH_ROWS; row++) hash = mix(hash ^ signature[band * MINHASH_ROWS + row]!);
  return hash;
}

/** Estimated Jaccard similarity of the shingle sets behind two signatures. */
export function estimatedJaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < MINHASH_SIZE; i++) if (a[i] === b[i]) same++;
  return same / MINHASH_SIZE;
}

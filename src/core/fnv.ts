/**
 * FNV-1a over the UTF-16 code units of a string: the one 32-bit string hash of the project (feature hashing in
 * entities and quotes, MinHash and identity keys in compare and the store). Shipped models store hashes made
 * with it, so its output must never change. `seed` continues a hash (chaining words) instead of starting one.
 */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

export function fnv1a(text: string, seed = FNV_OFFSET): number {
  let h = seed | 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

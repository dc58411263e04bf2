/** Entries a memo holds before it is emptied: bounded memory on pages that invent a class name per element. */
const MEMO_LIMIT = 20_000;

/**
 * `compute` memoised by its string argument. Pages repeat the same few hundred class lists on thousands of
 * elements, so what the rules say about a class list is worked out once per list.
 */
export function memoised<V>(compute: (key: string) => V): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    const known = cache.get(key);
    if (known !== undefined) return known;
    if (cache.size >= MEMO_LIMIT) cache.clear();
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}

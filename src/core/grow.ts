type GrowableArray = Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/**
 * A copy of `array` at least `index + 1` long, for typed arrays indexed by growing ids: the length doubles
 * (from at least `minimum`), so that n ids cost O(n) copying in all.
 */
export function grow<T extends GrowableArray>(array: T, index: number, minimum = 1024): T {
  let size = Math.max(array.length * 2, minimum);
  while (size <= index) size *= 2;
  const bigger = new (array.constructor as new (length: number) => T)(size);
  bigger.set(array);
  return bigger;
}

/**
 * Integer features for the quotes stage's learned parts. A feature is a 30-bit hash of a template and its
 * parts (word-form hashes, bucket numbers): building one costs a few multiplications instead of a string
 * concatenation, and a weight is found in a typed-array table instead of a string-keyed map. 30 bits keep
 * the values small integers in V8 (no boxing); with ~50,000 weights per model a collision is unlikely and
 * harmless (two features share a weight). Training (scripts/train-quotes*.mjs) builds the same integers
 * with the same functions, and the model files store weights by these numbers.
 */

import { fnv1a } from '../../core/fnv.js';

const MASK = 0x3fffffff;

/** FNV-1a (src/core/fnv.ts) of a string, folded to 30 bits. */
export function hashString(text: string): number {
  const h = fnv1a(text);
  return (h ^ (h >>> 30)) & MASK;
}

/** Combines a feature (or template) hash with one more part. Order matters: mix(a, b) ≠ mix(b, a). */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x5bd1e995, 0x01000193) ^ b;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return (h ^ (h >>> 15)) & MASK;
}

/** A template: the hash of its name ("w", "p|c", …); a feature is `mix(template, part)` or `mix(mix(template, a), b)`. */
export const template = hashString;

/** A model file's weights: the `{ "hash": weight }` record of its JSON, or the table its binary form was read into. */
export type WeightRecord = Record<string, number> | WeightTable;

/** Feature → weight, in an open-addressing table built once from a model file's `{ "hash": weight }` record. */
export class WeightTable {
  private readonly keys: Int32Array;
  private readonly values: Float64Array;
  private readonly mask: number;
  private count = 0;

  /** `reserve`: room for that many more weights, which `fromRecord` puts itself. */
  constructor(entries: Iterable<readonly [number, number]>, reserve = 0) {
    const list = [...entries];
    let slots = 16;
    while (slots < (list.length + reserve) * 2) slots *= 2;
    this.keys = new Int32Array(slots).fill(-1);
    this.values = new Float64Array(slots);
    this.mask = slots - 1;
    for (const [key, value] of list) this.put(key, value);
  }

  /**
   * Read key by key: a list of [key, value] pairs first would allocate two objects per weight at every worker's
   * start-up (~70,000 weights in the largest model: ~55 ms of its start-up CPU).
   */
  static fromRecord(record: WeightRecord): WeightTable {
    if (record instanceof WeightTable) return record; // read from a binary model file (model-file.ts)
    const keys = Object.keys(record);
    const table = new WeightTable([], keys.length);
    for (const key of keys) table.put(Number(key), record[key]!);
    return table;
  }

  /** A table of `keys[k]` → `values[k]` (a binary model file's arrays). */
  static fromArrays(keys: Int32Array, values: Float64Array): WeightTable {
    const table = new WeightTable([], keys.length);
    for (let k = 0; k < keys.length; k++) table.put(keys[k]!, values[k]!);
    return table;
  }

  /** A table of the hashes of `forms`, each with the weight 1 (`get` gives 0 for any other hash): a set of word forms. */
  static ofForms(forms: Iterable<string>): WeightTable {
    const entries: [number, number][] = [];
    for (const form of forms) entries.push([hashString(form), 1]);
    return new WeightTable(entries);
  }

  get size(): number {
    return this.count;
  }

  private put(key: number, value: number): void {
    let slot = key & this.mask;
    while (this.keys[slot] !== -1 && this.keys[slot] !== key) slot = (slot + 1) & this.mask;
    if (this.keys[slot] === -1) this.count++;
    this.keys[slot] = key;
    this.values[slot] = value;
  }

  /** The weight of a feature (0 when the model has none). */
  get(feature: number): number {
    let slot = feature & this.mask;
    for (;;) {
      const key = this.keys[slot]!;
      if (key === feature) return this.values[slot]!;
      if (key === -1) return 0;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The sum of the weights of the features present (a linear score). */
  score(features: readonly number[]): number {
    let sum = 0;
    for (const f of features) sum += this.get(f);
    return sum;
  }
}

/**
 * Slots for pairs of non-negative integers (ids), open addressing in typed arrays: what a Map keyed by the pair
 * would do without a string or an object per key. The caller keeps its values in typed arrays of `capacity`
 * entries indexed by slot. Sized for at most `expected` pairs (twice as many slots).
 */
export class PairSlots {
  readonly capacity: number;
  private readonly first: Int32Array;
  private readonly second: Int32Array;
  private readonly mask: number;

  constructor(expected: number) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.first = new Int32Array(capacity).fill(-1);
    this.second = new Int32Array(capacity);
  }

  private probe(a: number, b: number): number {
    const { first, second, mask } = this;
    let k = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca6b)) & mask;
    while (first[k] !== -1 && (first[k] !== a || second[k] !== b)) k = (k + 1) & mask;
    return k;
  }

  /** The slot of the pair, or −1 when it has none. */
  find(a: number, b: number): number {
    const k = this.probe(a, b);
    return this.first[k] === -1 ? -1 : k;
  }

  /** The slot of the pair, taken for it when new. */
  take(a: number, b: number): number {
    const k = this.probe(a, b);
    this.first[k] = a;
    this.second[k] = b;
    return k;
  }
}

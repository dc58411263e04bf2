import { grow } from '../../core/grow.js';

/**
 * A number per key id, reused from call to call without clearing: `begin()` opens a round, and only the values
 * set in the current round count (each slot remembers the round that wrote it). Placing an article touches a few
 * hundred of the hundreds of thousands of keys, so clearing a dense array each time would cost more than the work.
 */
export class KeyScratch {
  private rounds = new Uint32Array(4096);
  private values = new Float64Array(4096);
  private round = 0;

  /** Starts a new round; earlier values stop counting. `keyCount` sizes the arrays for every key interned so far. */
  begin(keyCount: number): void {
    if (this.rounds.length < keyCount) this.growTo(keyCount);
    this.round++;
  }

  has(id: number): boolean {
    return this.rounds[id] === this.round;
  }

  get(id: number): number {
    return this.values[id]!;
  }

  set(id: number, value: number): void {
    if (id >= this.rounds.length) this.growTo(id);
    this.rounds[id] = this.round;
    this.values[id] = value;
  }

  private growTo(id: number): void {
    this.rounds = grow(this.rounds, id);
    this.values = grow(this.values, id);
  }
}

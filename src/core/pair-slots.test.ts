import { describe, expect, it } from 'vitest';
import { PairSlots } from './pair-slots.js';

describe('PairSlots', () => {
  it('gives each pair one slot, in either order of its numbers, and none to pairs never taken', () => {
    const slots = new PairSlots(500);
    const taken = new Map<string, number>();
    for (let a = 0; a < 20; a++) for (let b = 0; b < 20; b++) if ((a * 7 + b) % 3 === 0) taken.set(`${a},${b}`, slots.take(a, b));
    expect(new Set(taken.values()).size).toBe(taken.size);
    for (let a = 0; a < 20; a++) {
      for (let b = 0; b < 20; b++) expect(slots.find(a, b)).toBe(taken.get(`${a},${b}`) ?? -1);
    }
    expect(slots.take(3, 0)).toBe(taken.get('3,0'));
    expect(slots.capacity).toBe(1024);
  });
});

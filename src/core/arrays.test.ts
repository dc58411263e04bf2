import { describe, expect, it } from 'vitest';
import { mapped } from './arrays.js';

describe('mapped', () => {
  it('gives what Array.prototype.map gives, passing each item with its index', () => {
    const words = ['Gaza', 'Strip', 'al-Quds'];
    expect(mapped(words, (word, index) => `${index}:${word.toLowerCase()}`)).toEqual(words.map((word, index) => `${index}:${word.toLowerCase()}`));
    expect(mapped([], (x: number) => x + 1)).toEqual([]);
  });
});

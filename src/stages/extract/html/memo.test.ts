import { describe, expect, it } from 'vitest';
import { memoised } from './memo.js';

describe('memoised', () => {
  it('computes once per key, including falsy answers', () => {
    const calls: string[] = [];
    const length = memoised((key: string) => {
      calls.push(key);
      return key.length === 0 ? null : key.length;
    });
    expect([length('nav'), length('nav'), length(''), length(''), length('entry-content')]).toEqual([3, 3, null, null, 13]);
    expect(calls).toEqual(['nav', '', 'entry-content']);
  });

  it('keeps answering right after emptying itself (pages that invent a class name per element)', () => {
    let calls = 0;
    const upper = memoised((key: string) => {
      calls++;
      return key.toUpperCase();
    });
    const wrong: number[] = [];
    for (let i = 0; i < 50_000; i++) if (upper(`widget-${i}`) !== `WIDGET-${i}`) wrong.push(i);
    expect(wrong).toEqual([]);
    expect(upper('widget-49999')).toBe('WIDGET-49999');
    expect(upper('widget-0')).toBe('WIDGET-0');
    expect(calls).toBe(50_001);
  });
});

import { describe, expect, it } from 'vitest';
import { compileWordLists } from './features.js';
import { WordTable } from './words.js';

const lists = compileWordLists({ strong: ['disgraceful', 'ça'], hedge: ["don't"] });
const idsOf = (table: WordTable, text: string) => [...text.matchAll(/\S+/g)].map((m) => table.intern(text, m.index, m.index + m[0].length));

describe('WordTable', () => {
  it('gives one id per lower-cased word, across cases, curly apostrophes and non-ASCII letters', () => {
    const table = new WordTable(lists);
    const ids = idsOf(table, 'Disgraceful disgraceful DISGRACEFUL Don’t don\'t Ça ça Über über');
    expect(ids).toEqual([0, 0, 0, 1, 1, 2, 2, 3, 3]);
    expect(table.words).toEqual(['disgraceful', "don't", 'ça', 'über']);
  });

  it('carries the word-list classes of each word', () => {
    const table = new WordTable(lists);
    const [disgraceful, dont, ca, plain] = idsOf(table, 'Disgraceful DON’T Ça table');
    expect(table.classOf(disgraceful!)).toBe(1);
    expect(table.classOf(dont!)).toBe(1 << 5);
    expect(table.classOf(ca!)).toBe(1);
    expect(table.classOf(plain!)).toBe(0);
  });

  it('keeps ids stable while it grows, and starts a new generation when trimmed past its limit', () => {
    const table = new WordTable(lists, 100);
    const text = Array.from({ length: 5000 }, (_, i) => `w${i}`).join(' ');
    const first = idsOf(table, text);
    expect(idsOf(table, text)).toEqual(first);
    expect(table.words[first[4321]!]).toBe('w4321');
    table.trim();
    expect(table.generation).toBe(1);
    expect(table.words).toEqual([]);
    expect(idsOf(table, 'Again again')).toEqual([0, 0]);
  });
});

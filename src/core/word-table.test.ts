import { describe, expect, it } from 'vitest';
import { WordTable, type Folding } from './word-table.js';

const table = (folding: Folding, maxWords = 1000, onRestart?: () => void) => {
  const described: string[] = [];
  const words = new WordTable({ folding, maxWords, describe: (word) => (described.push(word), word.length), onRestart });
  return { words, described };
};
const idsOf = (words: WordTable<unknown>, text: string) => [...text.matchAll(/\S+/g)].map((m) => words.idOfSpan(text, m.index, m.index + m[0].length));

describe('WordTable', () => {
  it('exact: gives a span the id of the same surface, describing each word once', () => {
    const { words, described } = table('exact');
    const ids = idsOf(words, 'Port Selm and Port Selm port');
    expect(ids).toEqual([0, 1, 2, 0, 1, 3]);
    expect(words.idOf('Selm')).toBe(1);
    expect(described).toEqual(['Port', 'Selm', 'and', 'port']);
    expect([words.word(2), words.info(0), words.size]).toEqual(['and', 4, 4]);
  });

  it('lower: one id across cases, curly apostrophes and non-ASCII letters', () => {
    const { words } = table('lower');
    expect(idsOf(words, 'Harbour harbour HARBOUR Don’t don\'t Ça ça Über über İ')).toEqual([0, 0, 0, 1, 1, 2, 2, 3, 3, 4]);
    expect(words.words).toEqual(['harbour', "don't", 'ça', 'über', 'i̇']);
    expect(words.idOf('DON’T')).toBe(1);
  });

  it('keeps thousands of words apart as it grows', () => {
    for (const folding of ['exact', 'lower'] as const) {
      const { words } = table(folding, 100_000);
      const list = Array.from({ length: 5000 }, (_, k) => `w${k.toString(36)}`);
      const ids = list.map((w) => words.idOf(w));
      expect(new Set(ids).size).toBe(list.length);
      expect(list.every((w, k) => words.idOf(w) === ids[k] && words.word(ids[k]!) === w)).toBe(true);
    }
  });

  it('restarts only past maxWords, with a new generation and array of words, telling its owner', () => {
    let restarts = 0;
    const { words } = table('exact', 100, () => restarts++);
    words.idOf('Selm');
    words.restartIfFull();
    expect([words.size, words.generation, restarts]).toEqual([1, 0, 0]);
    for (let k = 0; k <= 100; k++) words.idOf(`w${k}`);
    const before = words.words;
    words.restartIfFull();
    expect([words.size, words.generation, restarts]).toEqual([0, 1, 1]);
    expect(before).toHaveLength(102);
    expect(words.idOf('Selm')).toBe(0);
  });
});

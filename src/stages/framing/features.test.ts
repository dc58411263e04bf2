import { describe, expect, it } from 'vitest';
import { neighbourClusterName, repetitionCodes, WordClusters, WordTemplate, wordFeatureNames } from './features.js';

/** Word ids as the WordTable would give them: one per distinct lower-cased word. */
function ids(words: string[]): Int32Array {
  const seen = new Map<string, number>();
  return Int32Array.from(words, (w) => seen.get(w) ?? (seen.set(w, seen.size), seen.size - 1));
}

describe('repetitionCodes', () => {
  // Two clause units; "crooked senator" is said twice, "the" four times (too short to count).
  const words = ['the', 'crooked', 'senator', 'lied', 'to', 'the', 'voters', '.', 'the', 'crooked', 'senator', 'lied', 'again', 'to', 'the', 'press'];
  const unit = Int32Array.from(words, (_, i) => (i < 8 ? 0 : 1));
  const { wordRepeat, bigramRepeat } = repetitionCodes(words, ids(words), unit, words.length);

  it('codes a repeated long word by its count, marking later occurrences', () => {
    // count 2 → bucket 0 → (0 + 1) × 2, plus 1 when an earlier token had the word
    expect(wordRepeat[1]).toBe(2);
    expect(wordRepeat[9]).toBe(3);
    expect(wordRepeat[3]).toBe(2);
    expect(wordRepeat[11]).toBe(3);
  });

  it('leaves short words and words said once at 0', () => {
    expect(wordRepeat[0]).toBe(0); // "the", four times, but short
    expect(wordRepeat[6]).toBe(0); // "voters", once
    expect(wordRepeat[12]).toBe(0); // "again", once
  });

  it('codes the bigrams a repeated phrase starts, within a clause unit', () => {
    expect([...bigramRepeat.slice(0, 4)]).toEqual([1, 1, 1, 0]); // the crooked, crooked senator, senator lied; lied to ≠ lied again
    expect(bigramRepeat[7]).toBe(0); // ". the" crosses units
    expect(bigramRepeat[5]).toBe(0); // "the voters" once
  });

  it('counts more repeats in a higher bucket', () => {
    const many = Array.from({ length: 5 }, () => ['regime', 'lies']).flat();
    const codes = repetitionCodes(many, ids(many), new Int32Array(many.length), many.length);
    expect(codes.wordRepeat[0]).toBe((2 + 1) * 2); // five times: bucket 2 of [3, 5, 8]
    expect(codes.bigramRepeat[0]).toBe(3); // "regime lies" five times: bucket 2 of [3, 5], plus 1
  });
});

describe('word clusters', () => {
  // Fine cluster 0 {fiasco, debacle} and 1 {shambles} share coarse cluster 1; fine 2 {council} is coarse 0.
  const clusters = new WordClusters({ clusters: ['debacle fiasco', 'shambles', 'council'], coarseOf: [1, 1, 0] });

  it('give a word its fine and coarse cluster as own-word features', () => {
    expect(wordFeatureNames('fiasco', clusters)).toEqual(expect.arrayContaining(['k=0', 'kc=1']));
    expect(wordFeatureNames('shambles', clusters)).toEqual(expect.arrayContaining(['k=1', 'kc=1']));
  });

  it('add nothing for a word without cluster, or without clusters at all', () => {
    expect(wordFeatureNames('grandstanding', clusters).some((n) => n.startsWith('k'))).toBe(false);
    expect(wordFeatureNames('fiasco')).toEqual(wordFeatureNames('fiasco', null));
    expect(wordFeatureNames('fiasco').some((n) => n.startsWith('k=') || n.startsWith('kc='))).toBe(false);
  });

  it('name the coarse cluster of the next-door neighbours only', () => {
    expect(neighbourClusterName(WordTemplate.P, 'council', clusters)).toBe('kp=0');
    expect(neighbourClusterName(WordTemplate.N, 'debacle', clusters)).toBe('kn=1');
    expect(neighbourClusterName(WordTemplate.PP, 'debacle', clusters)).toBeNull();
    expect(neighbourClusterName(WordTemplate.N, 'grandstanding', clusters)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { Gazetteer } from './gazetteer.js';

const gazetteer = Gazetteer.fromEntries({
  
    port: ['city'], 'port selm': ['city'], 'port selm harbour': ['facility'], selm: ['country'],
    'new karvik': ['city'], 'a b c d e': ['country'],
});
const spans = (words: string[]) => gazetteer.matchSpans(words.map((w) => gazetteer.wordId(w)));

describe('Gazetteer', () => {
  it('matches the longest phrase from each position over word ids, marking first and inner words', () => {
    expect(spans(['to', 'port', 'selm', 'harbour', 'and', 'selm'])).toEqual([
      undefined, ['facility:B'], ['facility:I'], ['facility:I'], undefined, ['country:B'],
    ]);
    expect(spans(['new', 'port', 'selm'])).toEqual([undefined, ['city:B'], ['city:I']]);
    expect(spans(['new', 'karvik'])).toEqual([['city:B'], ['city:I']]);
  });

  it('never matches phrases longer than four words, nor words in no phrase', () => {
    expect(spans(['a', 'b', 'c', 'd', 'e']).every((labels) => labels === undefined)).toBe(true);
    expect(gazetteer.wordId('unknown')).toBe(-1);
  });

  it('gives the categories of a phrase in any spelling', () => {
    expect(gazetteer.categoriesOf('Port  Selm')).toEqual(['city']);
    expect(gazetteer.categoriesOf('Port Selm')).toEqual(['city']); // again, remembered
    expect(gazetteer.categoriesOf('Karvik')).toEqual([]);
  });
});

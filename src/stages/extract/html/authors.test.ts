import { describe, expect, it } from 'vitest';
import { cleanAuthors } from './authors.js';

describe('cleanAuthors', () => {
  it('strips byline words, dates and separators, and splits lists', () => {
    expect(cleanAuthors('By Jane Roe and John Doe | 2 Aug 2019', true)).toEqual(['Jane Roe', 'John Doe']);
    expect(cleanAuthors('Von Greta Lindqvist, 02.08.2019', true)).toEqual(['Greta Lindqvist']);
    expect(cleanAuthors('Written by Ada Brennick (Reuters)', true)).toEqual(['Ada Brennick']);
  });

  it('rejects what is not a name', () => {
    expect(cleanAuthors('https://example.org/author/jane', false)).toEqual([]);
    expect(cleanAuthors('Redaktion', true)).toEqual([]);
    expect(cleanAuthors('click here to read more of this story', true)).toEqual([]);
  });

  it('accepts a handle standing alone, not among other lower-case words', () => {
    expect(cleanAuthors('gnaddrig', false)).toEqual(['gnaddrig']);
    expect(cleanAuthors('gnaddrig and more words here', true)).toEqual([]);
  });
});

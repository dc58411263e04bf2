import { describe, expect, it } from 'vitest';
import { lightStem, makeSnippet, snippetTerms } from './snippet.js';

describe('search snippets', () => {
  it('marks inflected forms of the query words around the first match', () => {
    const text = 'The ferry left at noon. Residents said the new ferries were late again, and the council promised a review of ferry timetables next month.';
    const snippet = makeSnippet(text, snippetTerms('ferry timetable'));
    expect(snippet).toBe('The «ferry» left at noon. Residents said the new «ferries» were late again, and the council…');
  });

  it('starts a few words before a later match, cuts both ends with …, and fills the window near the end', () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
    words[20] = 'Harbour';
    expect(makeSnippet(words.join(' '), snippetTerms('harbour'))).toBe('…w16 w17 w18 w19 «Harbour» w21 w22 w23 w24 w25 w26 w27 w28 w29 w30 w31…');
    words[20] = 'w20';
    words[38] = 'harbours';
    expect(makeSnippet(words.join(' '), snippetTerms('harbour'))).toBe('…w24 w25 w26 w27 w28 w29 w30 w31 w32 w33 w34 w35 w36 w37 «harbours» w39');
  });

  it('gives the opening words when the text has no match (the words were in the title)', () => {
    expect(makeSnippet('Rain fell all day in the valley.', snippetTerms('flood'))).toBe('Rain fell all day in the valley.');
  });

  it('leaves excluded words and operators unmarked, folds accents and case', () => {
    expect([...snippetTerms('Café OR bridge -tunnel -"road works"')]).toEqual(['caf', 'bridg']);
    expect(lightStem('CAFÉS')).toBe(lightStem('café'));
    expect(makeSnippet('A new cafe opened by the tunnel.', snippetTerms('café -tunnel'))).toBe('A new «cafe» opened by the tunnel.');
  });
});

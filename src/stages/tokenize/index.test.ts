import { describe, expect, it } from 'vitest';
import { TokenKind, tokenize } from './index.js';

const words = (text: string) => {
  const t = tokenize(text, [{ start: 0, end: text.length, voice: 'outlet' }]);
  return Array.from({ length: t.count }, (_, i) => text.slice(t.start[i], t.end[i]));
};

describe('tokenize', () => {
  it('keeps names with inner hyphens and apostrophes whole and splits clitics', () => {
    expect(words('Akram al-Ka’abi met Hamas’ chief; Palestine’s don’t.')).toEqual([
      'Akram', 'al-Ka’abi', 'met', 'Hamas', '’', 'chief', ';', 'Palestine', '’s', 'do', 'n’t', '.',
    ]);
  });

  it('keeps dotted abbreviations and numbers with separators', () => {
    expect(words('The U.S. sent 1,200.5 tonnes at 10:30 a.m.')).toEqual(['The', 'U.S.', 'sent', '1,200.5', 'tonnes', 'at', '10:30', 'a.m.']);
  });

  it('reads plain ASCII runs as the pattern does where what follows could extend them', () => {
    const text = "Route 66, 3rd-quarter x-ray I. A.b 1.x 9/11 café 2-3 12ab. O'Neill 4,000-strong";
    const t = tokenize(text, [{ start: 0, end: text.length, voice: 'outlet' }]);
    expect(words(text)).toEqual([
      'Route', '66', ',', '3rd-quarter', 'x-ray', 'I', '.', 'A', '.', 'b', '1', '.', 'x', '9/11', 'café', '2', '-', '3', '12ab', '.', "O'Neill", '4,000', '-', 'strong',
    ]);
    expect(Array.from(t.kind)).toEqual([0, 1, 2, 0, 0, 0, 2, 0, 2, 0, 1, 2, 0, 1, 0, 1, 2, 1, 0, 2, 0, 1, 2, 0]);
  });

  it('records kinds and sentence membership', () => {
    const text = 'One two. Three 4!';
    const t = tokenize(text, [{ start: 0, end: 8, voice: 'outlet' }, { start: 9, end: 17, voice: 'outlet' }]);
    expect(Array.from(t.sentence)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(Array.from(t.sentenceFirst)).toEqual([0, 3, 6]);
    expect(t.kind[4]).toBe(TokenKind.Number);
    expect(t.kind[2]).toBe(TokenKind.Punct);
  });
});

describe('tokenize: rare white space', () => {
  it('skips Unicode spaces the fast path does not list', () => {
    const text = 'a\u202Fb\u3000c';
    const t = tokenize(text, []);
    expect(Array.from({ length: t.count }, (_, i) => text.slice(t.start[i], t.end[i]))).toEqual(['a', 'b', 'c']);
  });
});

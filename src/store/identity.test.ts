import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { collapseWhitespace, contentHash } from './identity.js';

const byRegex = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('collapseWhitespace', () => {
  it('treats every UTF-16 code unit as \\s and trim do', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      const text = `${c}a${c}${c}b ${c}c${c}`;
      expect(collapseWhitespace(text), `U+${code.toString(16)}`).toBe(byRegex(text));
    }
  });

  it('collapses runs, keeps single spaces and trims the ends', () => {
    const texts = ['', ' ', '  ', 'one', ' one ', 'one two', 'one  two', 'one\ntwo', 'one \n\t two', '\n\nHeadline\n\nFirst paragraph.  Second.\u00a0Third\u2028'];
    for (const text of texts) expect(collapseWhitespace(text)).toBe(byRegex(text));
  });
});

describe('contentHash', () => {
  it('is the SHA-256 of the text with its whitespace collapsed', () => {
    const text = '  Council votes\n\non the   bridge.\tNo date yet. ';
    expect(contentHash(text)).toBe(createHash('sha256').update('Council votes on the bridge. No date yet.').digest('hex'));
    expect(contentHash('a\n b')).toBe(contentHash('a b'));
  });
});

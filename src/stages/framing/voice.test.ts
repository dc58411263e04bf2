import { describe, expect, it } from 'vitest';
import { quotedStretches, voiceResolver } from './voice.js';

const inner = (text: string) => quotedStretches(text).map((s) => text.slice(s.start, s.end));

describe('quotedStretches', () => {
  it('finds curly and straight double quotes, content only', () => {
    expect(inner('He said “we will win” and "they lost" today.')).toEqual(['we will win', 'they lost']);
  });

  it('does not take apostrophes for single quotes', () => {
    const text = 'Hamas’ leaders and Ka’abi’s aide didn’t say it; the ‘moderate rebels’ did.';
    expect(inner(text)).toEqual(['moderate rebels']);
  });

  it('closes an unclosed quote at the end of its paragraph', () => {
    const text = '“We will not back down, he said.\nThe next paragraph is the outlet again.';
    expect(inner(text)).toEqual(['We will not back down, he said.']);
  });
});

describe('voiceResolver', () => {
  const text = 'The minister called it “a savage attack” on Monday.';
  const savage = { start: text.indexOf('savage'), end: text.indexOf('savage') + 6 };

  it('says quoted inside marks and outlet elsewhere', () => {
    const voice = voiceResolver(text, []);
    expect(voice(savage)).toBe('quoted');
    expect(voice({ start: 4, end: 12 })).toBe('outlet');
  });

  it('prefers the quotes stage’s direct quotes when there are some', () => {
    const quote = { id: 'q1', kind: 'direct' as const, start: 0, end: 12, cue: null, speaker: { name: null, entityId: null, mention: null } };
    const voice = voiceResolver(text, [quote]);
    expect(voice({ start: 4, end: 12 })).toBe('quoted');
    expect(voice(savage)).toBe('outlet');
  });
});

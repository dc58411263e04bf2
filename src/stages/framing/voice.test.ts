import { describe, expect, it } from 'vitest';
import { Article, emptyMeta } from '../../core/article.js';
import { Deadline } from '../../core/deadline.js';
import { createSegmentStage } from '../segment/index.js';
import { quotedStretches, quotedTokens, voiceResolver } from './voice.js';

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

  it('takes the words inside the marks of the quotes stage’s mixed quotes as quoted too', () => {
    const speaker = { name: null, entityId: null, mention: null };
    const direct = { id: 'q1', kind: 'direct' as const, start: 0, end: 3, cue: null, speaker };
    const mixed = { id: 'q2', kind: 'mixed' as const, start: 4, end: text.indexOf('”'), cue: null, speaker };
    const voice = voiceResolver(text, [direct, mixed]);
    expect(voice(savage)).toBe('quoted');
    expect(voice({ start: 4, end: 12 })).toBe('outlet');
  });
});

describe('quotedTokens', () => {
  it('marks exactly the tokens the voice resolver calls quoted', () => {
    const text = 'The minister called it “a savage attack” on Monday. Critics said: "It was \'reckless\', plain and simple."\n“Unclosed at the break\nAnd the outlet again.';
    const article = new Article({ id: 't', text, meta: emptyMeta(), blocks: [{ type: 'paragraph', start: 0, end: text.length }] });
    createSegmentStage({ limits: {} as never }).run(article, Deadline.none());
    const tokens = article.tokens!;
    const scanned = quotedStretches(text);
    const voice = voiceResolver(text, [], scanned);
    const marked = quotedTokens([], scanned, tokens);
    const expected = Array.from({ length: tokens.count }, (_, i) => (voice({ start: tokens.start[i]!, end: tokens.end[i]! }) === 'quoted' ? 1 : 0));
    expect([...marked]).toEqual(expected);
    expect(expected.filter((x) => x === 1).length).toBeGreaterThan(8);
  });
});

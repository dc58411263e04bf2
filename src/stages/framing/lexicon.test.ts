import { describe, expect, it } from 'vitest';
import { LEXICON_KINDS } from './features.js';
import { compileLexicon, LEXICON } from './lexicon.js';
import { isLoadedFlag } from './summary.js';

describe('framing lexicon data', () => {
  it('gives every entry a known basis and an explanation', () => {
    for (const entry of LEXICON.entries) {
      expect(LEXICON.bases[entry.basis], entry.forms[0]).toBeTruthy();
      expect(entry.explanation.length, entry.forms[0]).toBeGreaterThan(10);
      expect(entry.forms.length, entry.forms[0]).toBeGreaterThan(0);
    }
  });

  it('uses only kinds the model knows as feature values', () => {
    for (const entry of LEXICON.entries) expect(LEXICON_KINDS, entry.forms[0]).toContain(entry.kind);
  });

  it('lists every form once', () => {
    const forms = LEXICON.entries.flatMap((e) => e.forms);
    expect(forms.filter((f, i) => forms.indexOf(f) !== i)).toEqual([]);
  });

  it('covers every side of every conflict alike', () => {
    for (const [conflict, sides] of Object.entries(LEXICON.conflicts)) {
      const perSide = sides.map((side) => LEXICON.entries.filter((e) => e.usedBy?.conflict === conflict && e.usedBy.side === side));
      const counts = perSide.map((entries) => entries.length);
      expect(Math.min(...counts), `${conflict}: ${sides.join(' / ')} = ${counts.join(' / ')}`).toBeGreaterThanOrEqual(2);
      // no side gets more than twice the entries of another
      expect(Math.max(...counts) / Math.min(...counts), conflict).toBeLessThanOrEqual(2);
      // each side has at least one entry with a documented neutral alternative
      for (const entries of perSide) expect(entries.some((e) => e.alternative), conflict).toBe(true);
    }
    for (const entry of LEXICON.entries) {
      if (entry.usedBy) expect(LEXICON.conflicts[entry.usedBy.conflict], entry.forms[0]).toContain(entry.usedBy.side);
    }
  });
});

describe('compileLexicon', () => {
  const match = compileLexicon();

  it('prefers the longest form and never overlaps', () => {
    const lower = ['the', 'zionist', 'regime', 'and', 'the', 'regime', "'s", 'army'];
    const found = match(lower).map((m) => [lower.slice(m.first, m.last).join(' '), m.entry.technique]);
    expect(found).toEqual([['zionist regime', 'Loaded_Label'], ['regime', 'Loaded_Label']]);
  });

  it('matches hyphenated forms as the tokenizer cuts them', () => {
    const found = match(['a', 'special', 'military', 'operation', 'by', 'pro-life', 'groups']);
    expect(found.map((m) => m.entry.alternative)).toEqual(['invasion (of Ukraine) / war in Ukraine', 'anti-abortion']);
  });
});

describe('contested terms', () => {
  it('are reported with their alternative but are not loaded flags, for each side of US politics alike', () => {
    const contested = LEXICON.entries.filter((e) => e.technique === 'Contested_Term');
    for (const side of LEXICON.conflicts['us-politics']!) {
      const ofSide = contested.filter((e) => e.usedBy?.side === side);
      expect(ofSide.length, side).toBeGreaterThanOrEqual(2);
      for (const entry of ofSide) expect(entry.alternative, entry.forms[0]).toBeTruthy();
    }
    const finding = { technique: 'Contested_Term', start: 0, end: 8, voice: 'outlet', explanation: '', alternative: 'anti-abortion', ruleId: 'x', kind: 'loaded-label' } as const;
    expect(isLoadedFlag(finding)).toBe(false);
    expect(isLoadedFlag({ ...finding, technique: 'Loaded_Label' })).toBe(true);
  });
});

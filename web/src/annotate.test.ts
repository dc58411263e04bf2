import { describe, expect, it } from 'vitest';
import { ferryArticle, followUpArticle } from '../../src/test-support/fixture-articles.js';
import { segmentArticle, speakerColours } from './annotate.js';
import { computeLedger, ledgerFor } from './ledger.js';

describe('segmentArticle', () => {
  it('tiles every block exactly, and each segment carries the annotations that cover it', () => {
    const blocks = segmentArticle(ferryArticle);
    expect(blocks).toHaveLength(ferryArticle.blocks.length);
    blocks.forEach((segments, b) => {
      expect(segments[0]!.start).toBe(ferryArticle.blocks[b]!.start);
      expect(segments.at(-1)!.end).toBe(ferryArticle.blocks[b]!.end);
      for (let i = 1; i < segments.length; i++) expect(segments[i]!.start).toBe(segments[i - 1]!.end);
    });
    const all = blocks.flat();
    ferryArticle.quotes.forEach((quote, index) => {
      const inQuote = all.filter((s) => s.quote === index);
      expect(inQuote.map((s) => ferryArticle.text.slice(s.start, s.end)).join('')).toBe(ferryArticle.text.slice(quote.start, quote.end));
    });
    const finding = all.filter((s) => s.findings.includes(0));
    expect(finding.map((s) => ferryArticle.text.slice(s.start, s.end)).join('')).toBe('reckless');
    // "reckless" is both a quote and a finding inside it.
    expect(finding.every((s) => s.quote === 0)).toBe(true);
  });

  it('gives the innermost quote when quotes nest', () => {
    const text = 'He said "she called it \'mad\' today" twice.';
    const outer = { start: text.indexOf('she'), end: text.indexOf('" twice') };
    const inner = { start: text.indexOf('mad'), end: text.indexOf('mad') + 3 };
    const article = {
      ...ferryArticle, text, blocks: [{ type: 'paragraph' as const, start: 0, end: text.length }], sentences: [], entities: [], framing: [],
      quotes: [outer, inner].map((span, i) => ({ id: `q${i + 1}`, kind: 'direct' as const, ...span, cue: null, speaker: { name: null, entityId: null, mention: null } })),
    };
    const segments = segmentArticle(article)[0]!;
    expect(segments.find((s) => s.start === inner.start)!.quote).toBe(1);
    expect(segments.find((s) => s.start === outer.start)!.quote).toBe(0);
  });

  it('colours speakers by first appearance and leaves unattributed quotes without a colour', () => {
    const colours = speakerColours(ferryArticle);
    expect([...colours.values()]).toEqual([0, 1]);
    expect(colours.has('unattributed')).toBe(false);
  });
});

describe('ledger', () => {
  it('uses the ledger extension when it has the documented shape', () => {
    const ledger = ledgerFor(ferryArticle);
    expect(ledger.computed).toBe(false);
    expect(ledger.speakers.map((s) => [s.name, s.quotes])).toEqual([['Elena Varga', 2], ['Tomas Reed', 2]]);
  });

  it('computes the same figures when the extension is absent or malformed', () => {
    const computed = computeLedger(ferryArticle);
    const given = ledgerFor(ferryArticle);
    expect(computed.speakers).toEqual(given.speakers);
    expect(computed.namedSources).toBe(given.namedSources);
    for (const voice of ['outlet', 'quoted', 'attributed', 'vague'] as const) expect(computed.voiceShare[voice]).toBeCloseTo(given.voiceShare[voice]);
    expect(ledgerFor({ ...ferryArticle, ledger: { speakers: 'nope' } }).computed).toBe(true);
    const fallback = ledgerFor(followUpArticle);
    expect(fallback.computed).toBe(true);
    expect(fallback.namedSources).toBe(2);
    expect(fallback.speakers.map((s) => s.name).sort()).toEqual(['Elena Varga', 'Priya Anand']);
  });
});

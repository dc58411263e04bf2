import { describe, expect, it } from 'vitest';
import { parseConll, scoreSpans } from './conll.js';

describe('parseConll', () => {
  it('joins tokens by spaces and sentences by newlines, chunking IOB1 like conlleval', () => {
    const docs = parseConll('-DOCSTART- -X- O O\n\nAnna NNP I-PER\nBerg NNP I-PER\nmet VBD O\nKarl NNP I-PER\n\nIn IN O\nOslo NNP I-LOC\nB-side NN B-MISC\n');
    expect(docs).toHaveLength(1);
    const { text, spans } = docs[0]!;
    expect(text).toBe('Anna Berg met Karl\nIn Oslo B-side');
    expect(spans.map((s) => [text.slice(s.start, s.end), s.type])).toEqual([['Anna Berg', 'PER'], ['Karl', 'PER'], ['Oslo', 'LOC'], ['B-side', 'MISC']]);
  });

  it('reads IOB2 and IOBES, where B- splits adjacent names of one type', () => {
    const iob2 = parseConll('Anna B-PER\nKarl B-PER\nLund I-PER\n');
    expect(iob2[0]!.spans.map((s) => iob2[0]!.text.slice(s.start, s.end))).toEqual(['Anna', 'Karl Lund']);
    const iobes = parseConll('Anna S-PER\nKarl B-PER\nLund E-PER\nand O\nMalmo S-LOC\n');
    expect(iobes[0]!.spans.map((s) => s.type)).toEqual(['PER', 'PER', 'LOC']);
  });

  it('splits documents at -DOCSTART- and names a malformed tag by line', () => {
    expect(parseConll('-DOCSTART-\n\nA B-ORG\n\n-DOCSTART-\n\nB B-ORG\n')).toHaveLength(2);
    expect(() => parseConll('Anna PERSON\n')).toThrowError(/line 1: "PERSON" is not an IOB/);
  });

  it('maps or drops types with mapType', () => {
    const docs = parseConll('Paris B-geo\nToday B-tim\n', { mapType: (t) => (t === 'geo' ? 'LOC' : null) });
    expect(docs[0]!.spans).toEqual([{ start: 0, end: 5, type: 'LOC' }]);
  });
});

describe('scoreSpans', () => {
  it('counts exact (start, end, type) matches per type', () => {
    const gold = [[{ start: 0, end: 4, type: 'PER' }, { start: 10, end: 14, type: 'LOC' }]];
    const predicted = [[{ start: 0, end: 4, type: 'PER' }, { start: 10, end: 14, type: 'ORG' }]];
    const { overall, perType } = scoreSpans(gold, predicted);
    expect(overall).toMatchObject({ tp: 1, fp: 1, fn: 1, precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(perType['LOC']).toMatchObject({ tp: 0, fn: 1 });
    expect(perType['ORG']).toMatchObject({ fp: 1 });
  });
});

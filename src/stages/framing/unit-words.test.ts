import { describe, expect, it } from 'vitest';
import { Article, emptyMeta } from '../../core/article.js';
import { Deadline } from '../../core/deadline.js';
import { createSegmentStage } from '../segment/index.js';
import { framingContext } from './context.js';
import { compileWordLists } from './features.js';
import { compileLexicon } from './lexicon.js';
import { calibrationKey, decodeSpans, FramingModel, OTHER, type FramingModelFile } from './model.js';
import { UnitWords } from './unit-words.js';
import { WordTable } from './words.js';

function context(text: string, table = new WordTable(compileWordLists({}))) {
  const article = new Article({ id: 't', text, meta: emptyMeta(), blocks: [{ type: 'paragraph', start: 0, end: text.length }] });
  createSegmentStage({ limits: {} as never }).run(article, Deadline.none());
  return { article, ...framingContext(article, compileLexicon(), table)! };
}

describe('UnitWords', () => {
  it('scores each clause unit with its bias plus its words’ weights, repeats counted, case folded', () => {
    const unitWords = new UnitWords({ bias: -1, words: { disaster: 2, again: 0.5 } });
    const { ctx } = context('Disaster again, disaster.\nThe council met.');
    expect([...unitWords.scores(ctx)]).toEqual([-1 + 2 + 0.5 + 2, -1]);
  });

  it('stays right when the word table starts a new generation between articles', () => {
    const table = new WordTable(compileWordLists({}), 4);
    const unitWords = new UnitWords({ bias: 0, words: { ruin: 1 } });
    const first = context('Total ruin came to the old town.', table).ctx;
    expect([...unitWords.scores(first)]).toEqual([1]);
    const second = context('Ruin, ruin and more ruin.', table).ctx;
    expect(second.generation).not.toBe(first.generation);
    expect([...unitWords.scores(second)]).toEqual([3]);
  });
});

describe('whole units from the strongest token, the unit words and the length', () => {
  // Only "why" leans inside (P ≈ 0.5); whether its unit is taken whole depends on the unit evidence.
  const file: FramingModelFile = {
    version: 'test-units',
    classes: ['O', 'Loaded_Language', 'Name_Calling,Labeling', 'Doubt', OTHER],
    layers: [{ features: ['b=0', 'w=why'], weights: [3, 0, 0, 0, 0, 0, 0, 0, 3, 0] }],
    wordLists: {},
    decode: { threshold: 2, bridge: 2, minChars: 1, wordThreshold: 2, unitThreshold: 0.7, unitWordWeight: 1, fill: false },
    unitWords: { bias: 0, words: { cover: 1.5 } },
  };
  const wholeUnits = (text: string, decode = file.decode, modelFile = file) => {
    const model = new FramingModel(modelFile);
    const { article, ctx } = context(text, new WordTable(model.wordLists));
    const probs = model.probabilities(text, article.tokens!, ctx);
    return decodeSpans(probs, model.classes, article.tokens!, ctx, decode, model.unitEvidence(ctx)).map((s) => {
      expect(calibrationKey(s)).toBe(`${s.technique} (run)`);
      return text.slice(article.tokens!.start[s.first]!, article.tokens!.end[s.last - 1]!);
    });
  };

  it('takes a unit whole when its words lift the strongest token over the bar', () => {
    expect(wholeUnits('Why did they wait?\nWhy did they cover it up?')).toEqual(['Why did they cover it up']); // edge punctuation trimmed
    expect(wholeUnits('Why did they wait?\nWhy did they cover it up?', { ...file.decode, unitWordWeight: 0 })).toEqual([]);
  });

  it('lowers the bar for longer units when unitLengthWeight is set', () => {
    const text = 'Why?\nWhy did the council of the town wait until the very end of the long year to act?';
    expect(wholeUnits(text, { ...file.decode, unitWordWeight: 0, unitThreshold: 0.6 })).toEqual([]);
    expect(wholeUnits(text, { ...file.decode, unitWordWeight: 0, unitThreshold: 0.6, unitLengthWeight: 1 })).toEqual([text.slice(5, -1)]);
  });

  it('makes no run in a unit whose unit-words log-odds is below unitWordsFloor', () => {
    const text = 'Why did they wait?\nWHY did they cover it up?'; // unit words: 0, then 1.5 ("cover")
    const runsOnly = { ...file.decode, threshold: 0.5, unitThreshold: 2 }; // "why" alone, never a whole unit
    expect(wholeUnits(text, runsOnly)).toEqual(['Why', 'WHY']);
    expect(wholeUnits(text, { ...runsOnly, unitWordsFloor: 1 })).toEqual(['WHY']);
  });

  it('trims the edge tokens of a whole unit that lean outside when unitEdge is set', () => {
    // "but" leans far outside (P(inside) ≈ 0.01), plain words ≈ 0.17, "why" ≈ 0.53
    const edged: FramingModelFile = { ...file, layers: [{ features: ['b=0', 'w=why', 'w=but'], weights: [3, 0, 0, 0, 0, 0, 0, 0, 3, 0, 3, 0, 0, 0, 0] }] };
    const text = 'But why did they cover it up?';
    expect(wholeUnits(text, { ...file.decode, unitEdge: 0 }, edged)).toEqual(['But why did they cover it up']);
    expect(wholeUnits(text, { ...file.decode, unitEdge: 0.1 }, edged)).toEqual(['why did they cover it up']);
  });
});

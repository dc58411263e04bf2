import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../core/pipeline.js';
import { articleProblems } from '../../test-support/schema.js';
import type { FramingSummary } from './summary.js';
import { renderText } from '../../cli/formats/text.js';
import { Article, emptyMeta } from '../../core/article.js';
import { Deadline } from '../../core/deadline.js';
import { createSegmentStage } from '../segment/index.js';
import { createFramingStageWith } from './index.js';
import { FramingModel, OTHER, type FramingModelFile } from './model.js';

// A fictional report; no real outlet, person or event.
const TEXT = [
  'The Varnian regime has neutralized three fishermen near the port, the ministry said.',
  '“These savage invaders will pay,” said Mara Kell, a spokeswoman for the resistance movement.',
  'Some so-called “experts” appeared on the panel. The weather was mild and the market opened at nine.',
].join('\n\n');

describe('framing stage', () => {
  const pipeline = createPipeline();
  const article = pipeline.analyze({ id: 'fiction', text: TEXT, verbatim: true });
  const at = (word: string) =>
    article.framing.filter((f) => f.ruleId.startsWith('framing/lexicon/') && TEXT.slice(f.start, f.end).toLowerCase().includes(word));

  it('flags loaded labels and euphemisms in the outlet’s voice, with a neutral alternative and its basis', () => {
    const [regime] = at('regime');
    expect(regime).toMatchObject({ technique: 'Loaded_Label', voice: 'outlet', alternative: 'government', kind: 'loaded-label' });
    expect(regime!.basis).toMatch(/Cambridge/);
    const [neutralized] = at('neutralized');
    expect(neutralized).toMatchObject({ technique: 'Euphemism', voice: 'outlet', alternative: 'killed' });
    expect(at('resistance movement')[0]).toMatchObject({ technique: 'Loaded_Label', voice: 'outlet' });
  });

  it('says quoted for loaded words inside quotation marks', () => {
    expect(at('savage').some((f) => f.voice === 'quoted' && f.technique === 'Loaded_Language')).toBe(true);
    expect(at('invaders').every((f) => f.voice === 'quoted')).toBe(true);
  });

  it('finds scare quotes and distancing words', () => {
    const scare = article.framing.find((f) => f.technique === 'Scare_Quotes');
    expect(scare).toMatchObject({ voice: 'outlet', ruleId: 'framing/scare-quotes' });
    expect(TEXT.slice(scare!.start, scare!.end)).toBe('“experts”');
    expect(at('so-called')[0]).toMatchObject({ technique: 'Distancing' });
  });

  it('leaves a plain factual sentence alone', () => {
    const plain = pipeline.analyze({ text: 'The council approved the budget on Tuesday after a short debate.', verbatim: true });
    expect(plain.framing.filter((f) => f.ruleId.startsWith('framing/lexicon/'))).toEqual([]);
  });

  it('gives every finding a rule or model version and a confidence', () => {
    for (const f of article.framing) {
      expect(f.ruleId).toMatch(/^framing\//);
      expect(f.confidence).toBeGreaterThan(0);
      expect(f.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('summarises loaded findings per 1,000 words by voice, and validates against the schema', () => {
    const summary = article.framingSummary as FramingSummary;
    expect(summary.words).toBeGreaterThan(40);
    expect(summary.outlet.findings).toBeGreaterThanOrEqual(3);
    expect(summary.quoted.findings).toBeGreaterThanOrEqual(1);
    expect(summary.quoted.per1000Words).toBeCloseTo((1000 * summary.quoted.findings) / summary.words, 0);
    expect(articleProblems(article)).toEqual([]);
  });

  it('shows the per-1,000-words rates in the text report', () => {
    const summary = article.framingSummary as FramingSummary;
    expect(renderText(article)).toContain(`outlet's voice ${summary.outlet.per1000Words} per 1,000 words (${summary.outlet.findings})`);
  });
});

describe('lexicon forms left to the model', () => {
  // A model that puts every token outside any technique: only lexicon findings remain.
  const silent = (lexiconLeftToModel: string[]): FramingModelFile => ({
    version: 'test-silent', classes: ['O', 'Loaded_Language', 'Name_Calling,Labeling', 'Doubt', OTHER],
    layers: [{ features: ['b=0'], weights: [9, 0, 0, 0, 0] }], wordLists: {},
    decode: { threshold: 0.5, bridge: 0.25, minChars: 1, wordThreshold: 0.5, unitThreshold: 2, fill: false },
    lexiconLeftToModel,
  });
  const lexiconWords = (file: FramingModelFile) => {
    const text = 'The evil plan was brutal, the ministry said.';
    const article = new Article({ id: 't', text, meta: emptyMeta(), blocks: [{ type: 'paragraph', start: 0, end: text.length }] });
    createSegmentStage({ limits: {} as never }).run(article, Deadline.none());
    createFramingStageWith(new FramingModel(file)).run(article, Deadline.none());
    return article.framing.filter((f) => f.ruleId.startsWith('framing/lexicon/')).map((f) => text.slice(f.start, f.end));
  };

  it('reports a lexicon form directly unless the model file leaves it to the model', () => {
    expect(lexiconWords(silent([]))).toEqual(['evil', 'brutal']);
    expect(lexiconWords(silent(['evil']))).toEqual(['brutal']);
  });
});

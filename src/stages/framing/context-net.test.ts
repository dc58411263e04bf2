import { describe, expect, it } from 'vitest';
import { Article, emptyMeta } from '../../core/article.js';
import { Deadline } from '../../core/deadline.js';
import { createSegmentStage } from '../segment/index.js';
import { framingContext } from './context.js';
import { ContextNet, contextInputCount, contextInputs, type ContextNetFile } from './context-net.js';
import { compileLexicon } from './lexicon.js';
import { FramingModel, OTHER, type FramingModelFile } from './model.js';
import { WordTable } from './words.js';

const CLASSES = ['O', 'Loaded_Language', 'Name_Calling,Labeling', 'Doubt', OTHER];
const K = CLASSES.length;
const FILE: FramingModelFile = {
  version: 'test-context',
  classes: CLASSES,
  layers: [{ features: ['b=0', 'w=disgraceful'], weights: [3, 0, 0, 0, 0, 0, 8, 0, 0, 0] }],
  wordLists: { strong: ['disgraceful'] },
  decode: { threshold: 0.5, bridge: 0.25, minChars: 1, wordThreshold: 0.5, unitThreshold: 2, fill: false },
};

function prepare(text: string) {
  const article = new Article({ id: 't', text, meta: emptyMeta(), blocks: [{ type: 'paragraph', start: 0, end: text.length }] });
  createSegmentStage({ limits: {} as never }).run(article, Deadline.none());
  const model = new FramingModel(FILE);
  const { ctx } = framingContext(article, compileLexicon(), new WordTable(model.wordLists))!;
  return { tokens: article.tokens!, model, ctx };
}

/** A network of `hidden` units whose weights are all `inputWeight`, with the given output bias. */
function net(window: number, hidden: number, outputWeight: number, outputBias: number[], inputWeight = 0.1): ContextNetFile {
  const inputs = contextInputCount(window, K);
  return {
    window, hidden, inputWeights: new Array(hidden * inputs).fill(inputWeight), hiddenBias: new Array(hidden).fill(0),
    outputWeights: new Array(K * hidden).fill(outputWeight), outputBias,
  };
}

describe('context network', () => {
  const text = 'The vote was disgraceful. They waited.';

  it('reads each window position: the neighbour’s clipped class scores, whether it shares the unit, nothing past the article', () => {
    const { tokens, model, ctx } = prepare(text);
    const probs = model.probabilities(text, tokens, ctx);
    const window = 2;
    const stride = contextInputCount(window, K);
    const x = contextInputs(probs, K, tokens, ctx, window);
    expect(x.length).toBe(ctx.count * stride);
    const score = (i: number, c: number) => Math.max(-8, Math.min(8, Math.log(probs[i * K + c]! / probs[i * K]!))) / 8;
    const slot = (d: number) => (d + window) * (K - 1) + (d > 0 ? d + window - 1 : d + window);
    const loaded = ctx.lower.indexOf('disgraceful');
    // the token before "disgraceful" sees it at d = +1, with the same-unit bit set
    expect(x[(loaded - 1) * stride + slot(1)]).toBeCloseTo(score(loaded, 1), 5);
    expect(x[(loaded - 1) * stride + slot(1) + K - 1]).toBe(1);
    expect(x[loaded * stride + slot(0)]).toBeCloseTo(score(loaded, 1), 5);
    // "They" starts the second unit: its neighbour at d = −1 (the full stop) is in the first one
    const they = ctx.lower.indexOf('they');
    expect(ctx.unit[they - 1]).not.toBe(ctx.unit[they]);
    expect(x[they * stride + slot(-1) + K - 1]).toBe(0);
    expect(x[they * stride + slot(-1)]).toBeCloseTo(score(they - 1, 1), 5);
    // the first token has no neighbour at d = −2: zeros
    for (let k = 0; k < K; k++) expect(x[slot(-2) + k]).toBe(0);
    // each row ends with the article's mean P(inside) and P(loaded)
    let inside = 0, loadedMean = 0;
    for (let i = 0; i < ctx.count; i++) { inside += 1 - probs[i * K]!; loadedMean += probs[i * K + 1]!; }
    expect(x[stride - 2]).toBeCloseTo(inside / ctx.count, 5);
    expect(x[(ctx.count - 1) * stride + stride - 1]).toBeCloseTo(loadedMean / ctx.count, 5);
  });

  it('leaves the layer’s probabilities as they are when its output weights and bias are zero', () => {
    const { tokens, model, ctx } = prepare(text);
    const probs = model.probabilities(text, tokens, ctx);
    const out = new ContextNet(net(3, 4, 0, [0, 0, 0, 0, 0]), K).apply(probs, tokens, ctx);
    for (let k = 0; k < probs.length; k++) expect(out[k]).toBeCloseTo(probs[k]!, 6);
  });

  it('adds its output to the layer’s log-probabilities', () => {
    const { tokens, model, ctx } = prepare(text);
    const probs = model.probabilities(text, tokens, ctx);
    // zero input weights: every hidden unit is tanh(0) = 0, so only the output bias acts (ln 2 on loaded language)
    const out = new ContextNet(net(1, 2, 5, [0, Math.log(2), 0, 0, 0], 0), K).apply(probs, tokens, ctx);
    for (let i = 0; i < ctx.count; i++) {
      const odds = (p: ArrayLike<number>) => p[i * K + 1]! / p[i * K]!;
      expect(odds(out) / odds(probs)).toBeCloseTo(2, 4);
      expect(out[i * K + 3]! / out[i * K]!).toBeCloseTo(probs[i * K + 3]! / probs[i * K]!, 4);
    }
  });

  it('is applied by the model that carries one, reading the unit evidence', () => {
    const { tokens, ctx } = prepare(text);
    // the hidden units push loaded language only (a weight added to every class would cancel out)
    const file = { ...net(1, 3, 0, [0, 0, 0, 0, 0]), outputWeights: [0, 0, 0, 0.5, 0.5, 0.5, ...new Array(9).fill(0)] };
    const withNet = new FramingModel({ ...FILE, contextNet: file });
    const plain = new FramingModel(FILE).probabilities(text, tokens, ctx);
    const evidence = Float64Array.from({ length: ctx.unitFirst.length - 1 }, (_, u) => u * 2 - 1);
    const expected = new ContextNet(file, K).apply(plain, tokens, ctx, evidence);
    const got = withNet.probabilities(text, tokens, ctx, evidence);
    for (let k = 0; k < got.length; k++) expect(got[k]).toBeCloseTo(expected[k]!, 6);
    expect(got.some((p, k) => Math.abs(p - plain[k]!) > 0.01)).toBe(true);
    const withoutEvidence = withNet.probabilities(text, tokens, ctx);
    expect(withoutEvidence.some((p, k) => Math.abs(p - got[k]!) > 1e-4)).toBe(true);
  });

  it('refuses weights that do not fit its inputs', () => {
    expect(() => new ContextNet({ ...net(2, 3, 0, [0, 0, 0, 0, 0]), window: 3 }, K)).toThrow(/do not fit/);
  });
});

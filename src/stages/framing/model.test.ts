import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Article, emptyMeta } from '../../core/article.js';
import { Deadline } from '../../core/deadline.js';
import { createSegmentStage } from '../segment/index.js';
import { framingContext } from './context.js';
import { compileLexicon } from './lexicon.js';
import {
  classFeatureNames, CODE_TEMPLATES, EDGE_WORDS, featureName, forEachFeature, NEIGHBOUR_CLASS_TEMPLATES, PAIR_TEMPLATES, shapeOf, WORD_TEMPLATES,
  neighbourClusterName, wordFeatureNames, type FeatureSink } from './features.js';
import { MODEL_SOURCE_PATH } from './index.js';
import { calibrated, decodeSpans, FramingModel, OTHER, softmaxRows, type FramingModelFile } from './model.js';
import { WordTable } from './words.js';

const CLASSES = ['O', 'Loaded_Language', 'Name_Calling,Labeling', 'Doubt', OTHER];
// A hand-made one-layer model: a bias towards "outside", "disgraceful" loaded, "why … ?" doubt.
const FILE: FramingModelFile = {
  version: 'test-1',
  classes: CLASSES,
  layers: [{
    features: ['b=0', 'w=disgraceful', 'w=why'],
    weights: [
      3, 0, 0, 0, 0,
      0, 8, 0, 0, 0,
      0, 0, 0, 6, 0,
    ],
  }],
  wordLists: { strong: ['disgraceful'] },
  decode: { threshold: 0.5, bridge: 0.25, minChars: 1, wordThreshold: 0.5, unitThreshold: 2, fill: false },
};

function prepare(text: string, file = FILE) {
  const article = new Article({ id: 't', text, meta: emptyMeta(), blocks: [{ type: 'paragraph', start: 0, end: text.length }] });
  createSegmentStage({ limits: {} as never }).run(article, Deadline.none());
  const model = new FramingModel(file);
  const { ctx } = framingContext(article, compileLexicon(), new WordTable(model.wordLists))!;
  return { article, model, ctx };
}

describe('FramingModel and decodeSpans', () => {
  it('turns token probabilities into labelled spans', () => {
    const text = 'The vote was disgraceful. Why did they wait?';
    const { article, model, ctx } = prepare(text);
    const probs = model.probabilities(text, article.tokens!, ctx);
    const spans = decodeSpans(probs, model.classes, article.tokens!, ctx, model.decode).map((s) => ({
      technique: s.technique, text: text.slice(article.tokens!.start[s.first]!, article.tokens!.end[s.last - 1]!),
    }));
    expect(spans).toEqual([
      { technique: 'Loaded_Language', text: 'disgraceful' },
      { technique: 'Doubt', text: 'Why' },
    ]);
  });

  it('gives Name_Calling,Labeling only to spans with an evaluative word when labelsNeedEvaluative is set', () => {
    const text = 'A man spoke. The crook spoke.';
    const labels: FramingModelFile = {
      ...FILE,
      layers: [{ features: ['b=0', 'w=man', 'w=crook'], weights: [3, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 8, 0, 0] }],
      wordLists: { negative: ['crook'] },
    };
    const labelled = (labelsNeedEvaluative: boolean) => {
      const { article, model, ctx } = prepare(text, labels);
      const probs = model.probabilities(text, article.tokens!, ctx);
      return decodeSpans(probs, model.classes, article.tokens!, ctx, { ...labels.decode, labelsNeedEvaluative })
        .map((s) => `${s.technique}: ${text.slice(article.tokens!.start[s.first]!, article.tokens!.end[s.last - 1]!)}`);
    };
    expect(labelled(false)).toEqual(['Name_Calling,Labeling: man', 'Name_Calling,Labeling: crook']);
    expect(labelled(true)).toEqual(['Name_Calling,Labeling: crook']);
  });

  it('adds a hidden layer read from the same feature rows when the model has one', () => {
    const text = 'The vote was disgraceful.';
    // rows of 5 class columns then 2 hidden ones; only hidden unit 0 acts, on loaded language (weight 3)
    const hiddenFile: FramingModelFile = {
      ...FILE,
      layers: [{ features: ['b=0', 'w=disgraceful'], weights: [3, 0, 0, 0, 0, 0.5, -0.5, 0, 2, 0, 0, 0, 2, 0] }],
      hiddenLayer: { hidden: 2, outputWeights: [0, 0, 3, 0, 0, 0, 0, 0, 0, 0] },
    };
    const { article, model, ctx } = prepare(text, hiddenFile);
    const probs = model.probabilities(text, article.tokens!, ctx);
    const loadedOdds = (i: number) => probs[i * 5 + 1]! / probs[i * 5]!;
    const disgraceful = ctx.lower.indexOf('disgraceful');
    // ln odds(loaded : outside) = linear 2 − 3, plus 3 · tanh(0.5 + 2); elsewhere −3 + 3 · tanh(0.5)
    expect(Math.log(loadedOdds(disgraceful))).toBeCloseTo(2 - 3 + 3 * Math.tanh(2.5), 4);
    expect(Math.log(loadedOdds(0))).toBeCloseTo(-3 + 3 * Math.tanh(0.5), 4);
    expect(Math.log(probs[3]! / probs[0]!)).toBeCloseTo(-3, 4);
    expect(() => new FramingModel({ ...hiddenFile, hiddenLayer: { hidden: 2, outputWeights: [1, 2] } })).toThrow(/hidden layer/);
    expect(() => new FramingModel({ ...hiddenFile, hiddenLayer: { hidden: 3, outputWeights: new Array(15).fill(0) } })).toThrow(/weights for/);
  });

  it('takes a technique’s own word threshold over the shared one', () => {
    const text = 'The vote was disgraceful.';
    const { article, model, ctx } = prepare(text);
    const probs = model.probabilities(text, article.tokens!, ctx);
    const decode = (wordThresholds: Record<string, number>) =>
      decodeSpans(probs, model.classes, article.tokens!, ctx, { ...model.decode, unitThreshold: 2, threshold: 2, wordThresholds }).length;
    expect(decode({})).toBe(1);
    expect(decode({ Loaded_Language: 0.999999 })).toBe(0);
  });

  it('grows word spans from the low threshold and keeps them by wordKeep, with a lower bar for evaluative words', () => {
    // "utterly" is weakly loaded, "disgraceful" (evaluative) and "childish" (not in the lists) strongly.
    const text = 'It was utterly disgraceful. It was childish.';
    const keepFile: FramingModelFile = {
      ...FILE,
      layers: [{ features: ['b=0', 'w=utterly', 'w=disgraceful', 'w=childish'], weights: [3, 0, 0, 0, 0, 0, 2.2, 0, 0, 0, 0, 4, 0, 0, 0, 0, 4, 0, 0, 0] }],
    };
    const { article, model, ctx } = prepare(text, keepFile);
    const tokens = article.tokens!;
    const probs = model.probabilities(text, tokens, ctx);
    const decode = (wordKeep?: { evaluative: number; plain: number }) =>
      decodeSpans(probs, model.classes, tokens, ctx, { ...keepFile.decode, threshold: 2, wordThreshold: 0.2, ...(wordKeep && { wordKeep: { Loaded_Language: wordKeep } }) })
        .map((s) => `${text.slice(tokens.start[s.first]!, tokens.end[s.last - 1]!)} (core ${text.slice(tokens.start[s.core!]!, tokens.end[s.core!]!)})`);
    // P(loaded): utterly ≈ 0.31, disgraceful and childish ≈ 0.73
    expect(decode()).toEqual(['utterly disgraceful (core disgraceful)', 'childish (core childish)']);
    expect(decode({ evaluative: 0.5, plain: 0.9 })).toEqual(['utterly disgraceful (core disgraceful)']);
    expect(decode({ evaluative: 0.9, plain: 0.5 })).toEqual(['childish (core childish)']);
  });

  it('maps raw span confidences through the calibration step function of their technique', () => {
    const step = { from: [0.1, 0.4, 0.7], value: [0.05, 0.3, 0.6] };
    expect([0, 0.1, 0.39, 0.4, 0.69, 0.7, 1].map((raw) => calibrated(step, raw))).toEqual([0.05, 0.05, 0.05, 0.3, 0.3, 0.6, 0.6]);
    const model = new FramingModel({ ...FILE, calibration: { Loaded_Language: step } });
    expect(model.confidence('Loaded_Language', 0.75)).toBe(0.6);
    expect(model.confidence('Doubt', 0.75)).toBe(0.75);
  });

  it('refuses a weight table that does not fit its features', () => {
    expect(() => new FramingModel({ ...FILE, layers: [{ features: ['b=0'], weights: [1, 2] }] })).toThrow(/test-1: 2 weights for 1 features × 5 classes/);
  });

  it('names the file and the fix when the model cannot be loaded', () => {
    expect(() => FramingModel.load('/nonexistent/model.json.gz')).toThrow(/cannot load framing model \/nonexistent\/model\.json\.gz.*train:framing/);
  });
});

// The compiled layers (word cache, shape codes, bigram table) must score exactly what the trainer's named
// features define: sum the weights by feature name, as scripts/train-framing.mjs does, and compare.
describe.skipIf(!existsSync(MODEL_SOURCE_PATH))(`compiled layers of the shipped model${existsSync(MODEL_SOURCE_PATH) ? '' : ' (skipped: models/framing/model.json.gz absent)'}`, () => {
  const shipped = () => JSON.parse(gunzipSync(readFileSync(MODEL_SOURCE_PATH)).toString('utf8')) as FramingModelFile;
  /** The shipped model with word clusters and weights for every cluster template (own, coarse, neighbours'). */
  const clustered = () => {
    const file = shipped();
    file.wordClusters = { clusters: ['disgraceful reckless ruinous', 'council officials residents', 'furious'], coarseOf: [0, 1, 0] };
    const extra: [string, number[]][] = [
      ['k=0', [-0.5, 1.5, 0.25, 0, 0.1]], ['kc=0', [-0.2, 0.4, 0, 0, 0]], ['kc=1', [0.3, -0.3, 0.1, 0, 0]],
      ['kp=0', [-0.1, 0.2, 0, 0.05, 0]], ['kn=1', [0.15, 0, -0.1, 0, 0.2]], ['k=2', [0, 0.7, 0, 0, 0]],
    ];
    const layer = file.layers[0];
    const weights = Array.from(layer.weights);
    for (const [name, row] of extra) {
      layer.features.push(name);
      weights.push(...row.slice(0, file.classes.length));
    }
    layer.weights = weights;
    return file;
  };

  it.each([['the shipped model', shipped], ['the shipped model with word clusters', clustered]])('give the probabilities of the named features the trainer sees (%s)', (_, load) => {
    const file = load();
    const model = new FramingModel(file);
    const text = [
      'BREAKING: Mayor Quillan’s “so-called reform” is a disgraceful, 100% ruinous power-grab, critics say.',
      'Why did the council of New Arlesby wait until 2031? Officials called the plan “reckless” — twice!',
      'Residents (many of them furious) said the e-mail from the U.S. office had been ignored.',
    ].join('\n');
    const article = new Article({ id: 't', text, meta: emptyMeta(), blocks: [{ type: 'paragraph', start: 0, end: text.length }] });
    createSegmentStage({ limits: {} as never }).run(article, Deadline.none());
    const tokens = article.tokens!;
    const { ctx } = framingContext(article, compileLexicon(), new WordTable(model.wordLists))!;
    const width = file.classes.length;
    const byName = (layer: FramingModelFile['layers'][number], names: string[][]) => {
      const index = new Map(layer.features.map((f, i) => [f, i]));
      const out = new Float32Array(names.length * width);
      names.forEach((list, i) => {
        for (const name of list) {
          const row = index.get(name);
          if (row !== undefined) for (let c = 0; c < width; c++) out[i * width + c]! += layer.weights[row * width + c]!;
        }
      });
      softmaxRows(out, width);
      return out;
    };
    const wordAt = (k: number) => (k >= 0 ? ctx.lower[k]! : EDGE_WORDS[k]!);
    const named = (walk: (sink: FeatureSink) => void) => {
      const names: string[][] = [];
      let shared: string[] = [];
      const add = (name: string) => names[names.length - 1]!.push(name);
      walk({
        unit: () => (shared = []),
        shared: (t, v) => shared.push(featureName(CODE_TEMPLATES[t]!, String(v))),
        begin: () => names.push([...shared]),
        own: (k) => {
          for (const name of wordFeatureNames(ctx.lower[k]!, model.clusters)) add(name);
          add(featureName('sh', shapeOf(text, tokens.start[k]!, tokens.end[k]!)));
          for (const name of classFeatureNames('c', ctx.classes[k]!)) add(name);
        },
        word: (t, k) => {
          add(featureName(WORD_TEMPLATES[t], wordAt(k)));
          const classTemplate = NEIGHBOUR_CLASS_TEMPLATES[t];
          if (classTemplate && k >= 0) for (const name of classFeatureNames(classTemplate, ctx.classes[k]!)) add(name);
          const cluster = k >= 0 ? neighbourClusterName(t, ctx.lower[k]!, model.clusters) : null;
          if (cluster) add(cluster);
        },
        pair: (t, a, b) => add(featureName(PAIR_TEMPLATES[t], wordAt(a), wordAt(b))),
        code: (t, v) => add(featureName(CODE_TEMPLATES[t]!, String(v))),
      });
      return names;
    };
    const expected = byName(file.layers[0], named((sink) => forEachFeature(text, tokens, ctx, sink)));
    // Twice: the second pass reads the word cache filled by the first.
    for (let pass = 0; pass < 2; pass++) {
      const compiled = model.probabilities(text, tokens, ctx);
      expect(compiled.length).toBe(expected.length);
      for (let k = 0; k < expected.length; k++) expect(compiled[k]).toBeCloseTo(expected[k]!, 5);
    }
    if (file.wordClusters) {
      // the cluster rows are read: "disgraceful" (fine cluster 0) scores otherwise than without them
      const plain = new FramingModel(shipped()).probabilities(text, tokens, ctx);
      const at = ctx.lower.indexOf('disgraceful') * width + 1;
      expect(Math.abs(model.probabilities(text, tokens, ctx)[at]! - plain[at]!)).toBeGreaterThan(0.01);
    }
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MODEL_PATH, MODEL_SOURCE_PATH } from './index.js';
import { decodeFramingModel, encodeFramingModel } from './model-file.js';
import type { FramingModelFile } from './model.js';

const FILE: FramingModelFile = {
  version: 'test-bin',
  classes: ['O', 'Loaded_Language'],
  layers: [{ features: ['w=ruinous', 'p|w=so-called\u0001reform', 'sh=Xx', 'w=café'], weights: [0.25, -1.5, 0.001, 3, -0.464, 0.182, 1e-7, 2.5] }],
  wordLists: { negative: ['disgraceful'] },
  decode: { threshold: 0.5, bridge: 0.3, minChars: 3, wordThreshold: 0.6, unitThreshold: 0.9, fill: false },
  calibration: { Loaded_Language: { from: [0, 0.5], value: [0.1, 0.4] } },
  unitWords: { bias: -1, words: { disaster: 0.75 } },
  lexiconLeftToModel: ['very'],
};

describe('framing model file (binary form)', () => {
  it('reads back the trainer file: every field, the feature names, and the weights as float32', () => {
    const back = decodeFramingModel(encodeFramingModel(FILE));
    expect({ ...back, layers: [] }).toEqual({ ...FILE, layers: [] });
    expect(back.layers[0].features).toEqual(FILE.layers[0].features);
    expect(back.layers[0].weights).toBeInstanceOf(Float32Array);
    expect([...back.layers[0].weights]).toEqual(FILE.layers[0].weights.map((w) => Math.fround(w)));
  });

  it('refuses bytes that are not a model, and a weight table cut short', () => {
    expect(() => decodeFramingModel(encodeFramingModel(FILE).subarray(0, 0))).toThrow();
    const raw = gunzipSync(encodeFramingModel(FILE));
    expect(() => decodeFramingModel(gzipSync(raw.subarray(0, raw.length - 4)))).toThrow(/framing model: array "weights" cut short/);
    expect(() => decodeFramingModel(gzipSync(Buffer.from('{"version":"x"}')))).toThrow(/framing model: not a presslens model file/);
  });
});

// The stage loads model.bin.gz; the trainer writes model.json.gz. After a retraining, the binary must be made
// again (node scripts/convert-framing-model.mjs): this fails while they differ.
describe.skipIf(!existsSync(MODEL_SOURCE_PATH) || !existsSync(MODEL_PATH))(`shipped framing model${existsSync(MODEL_SOURCE_PATH) && existsSync(MODEL_PATH) ? '' : ' (skipped: models/framing/model.json.gz or model.bin.gz absent)'}`, () => {
  it('model.bin.gz is model.json.gz converted (else run: node scripts/convert-framing-model.mjs)', () => {
    const source = JSON.parse(gunzipSync(readFileSync(MODEL_SOURCE_PATH)).toString('utf8')) as FramingModelFile;
    const shipped = decodeFramingModel(readFileSync(MODEL_PATH));
    expect({ ...shipped, layers: [] }).toEqual({ ...source, layers: [] });
    const [want] = source.layers;
    const [got] = shipped.layers;
    expect(got.features.length).toBe(want.features.length);
    expect(got.features.every((name, i) => name === want.features[i])).toBe(true);
    expect(got.weights.length).toBe(want.weights.length);
    expect(Array.prototype.every.call(want.weights, (w: number, i: number) => Math.fround(w) === got.weights[i])).toBe(true);
  });
});

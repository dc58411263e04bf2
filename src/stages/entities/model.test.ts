import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../tokenize/index.js';
import { FeatureExtractor, TOKENS_PREALLOCATED } from './features.js';
import { Gazetteer } from './gazetteer.js';
import { chunksOf, classOf, decideClass, CLASS_COUNT, decodeDocument, encodeWeights, NerModel, Part, WeightTable } from './model.js';
import { tokenView } from './view.js';

// A fictional dispatch, written for these tests.
const TEXT = [
  'ORAVIA CITY, March 3 - The Oravian Coastal Authority said on Monday that Minister Idris al-Haddad would visit Port Selm.',
  'Al-Haddad, speaking in Port Selm, said the Selm Harbour Works had hired 300 engineers from Norway and Peru.',
  'Abu Karim Nassar of the Coastal Authority declined to comment.',
].join('\n');

const gazetteer = Gazetteer.fromEntries({ norway: ['country'], peru: ['country'], 'port selm': ['city'], oravian: ['demonym'] });

/** A dense table of integer weights with most rows empty, so the 16-bit file keeps them exactly. */
function randomWeights(bits: number): Float32Array {
  let seed = 12345;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const weights = new Float32Array((1 << bits) * CLASS_COUNT);
  for (let row = 0; row < 1 << bits; row++) {
    if (random() < 0.7) continue;
    for (let c = 0; c < CLASS_COUNT; c++) weights[row * CLASS_COUNT + c] = Math.round((random() - 0.5) * 2000);
  }
  weights[0] = 32767; // pins the file's scale to 1
  return weights;
}

describe('decideClass (BILOU decoding policy)', () => {
  const PER = 0;
  const ORG = 1;
  const scoresFavouring = (...classes: number[]) => {
    const scores = new Float32Array(CLASS_COUNT);
    classes.forEach((c, rank) => (scores[c] = 10 - rank));
    return scores;
  };
  const LINE_START = CLASS_COUNT;

  it('never begins a name in its middle', () => {
    const tags = new Uint8Array(2);
    expect(decideClass(scoresFavouring(classOf(PER, Part.L), classOf(PER, Part.U)), LINE_START, false, tags, 0)).toBe(classOf(PER, Part.U));
  });

  it('goes on with an open name rather than change its type, and may close it with O', () => {
    const tags = new Uint8Array([classOf(PER, Part.B), 0]);
    expect(decideClass(scoresFavouring(classOf(ORG, Part.L), classOf(PER, Part.L)), classOf(PER, Part.B), false, tags, 1)).toBe(classOf(PER, Part.L));
    expect(decideClass(scoresFavouring(classOf(ORG, Part.L), 0), classOf(PER, Part.B), false, tags, 1)).toBe(0);
    // A wish to begin a same-type name inside one counts for going on with it.
    expect(decideClass(scoresFavouring(classOf(PER, Part.U), 0), classOf(PER, Part.B), false, tags, 1)).toBe(classOf(PER, Part.L));
  });

  it('reopens the previous name when the model goes on with it, but not across a sentence start', () => {
    const tags = new Uint8Array([classOf(PER, Part.U), 0]);
    expect(decideClass(scoresFavouring(classOf(PER, Part.L)), classOf(PER, Part.U), false, tags, 1)).toBe(classOf(PER, Part.L));
    expect(tags[0]).toBe(classOf(PER, Part.B));
    const other = new Uint8Array([classOf(PER, Part.U), 0]);
    expect(decideClass(scoresFavouring(classOf(PER, Part.L), classOf(PER, Part.U)), classOf(PER, Part.U), true, other, 1)).toBe(classOf(PER, Part.U));
    expect(other[0]).toBe(classOf(PER, Part.U));
  });
});

describe('NerModel (compact run-time table)', () => {
  it('tags exactly as greedy decoding over the dense training table', () => {
    const bits = 12;
    const weights = randomWeights(bits);
    const meta = { version: 'test', bits, trainedOn: ['fiction'], trainedAt: '2026-01-01T00:00:00Z' };
    const model = NerModel.decode(gunzipSync(encodeWeights(meta, weights)), 'test-model', gazetteer);
    const plain = tokenView(TEXT, tokenize(TEXT, []), model.forms);
    const view = { ...plain, sentenceStart: plain.lineStart.map((start, i) => start || plain.words[i - 1] === '.') };
    const dense = decodeDocument(new FeatureExtractor(gazetteer), view, weights, bits, (i, scores, _features, prev, tags) => decideClass(scores, prev, view.sentenceStart?.[i] ?? false, tags, i));
    const expected = chunksOf(dense, view.lineStart);
    expect(expected.length).toBeGreaterThan(3); // random weights still make names, so the comparison means something
    expect(model.tag(view)).toEqual(expected);
    expect(model.tag(view)).toEqual(expected); // again, from the per-form sums cached by the first call
    const { forms: _interned, ...wordsOnly } = view;
    expect(model.tag(wordsOnly)).toEqual(expected); // words the model interns itself
  });

  it('tags a document longer than its preallocated arrays as the dense table does', () => {
    const bits = 12;
    const weights = randomWeights(bits);
    const meta = { version: 'test', bits, trainedOn: ['fiction'], trainedAt: '2026-01-01T00:00:00Z' };
    const model = NerModel.decode(gunzipSync(encodeWeights(meta, weights)), 'test-model', gazetteer);
    const long = Array.from({ length: 320 }, () => TEXT).join('\n');
    const view = tokenView(long, tokenize(long, []), model.forms);
    expect(view.words.length).toBeGreaterThan(TOKENS_PREALLOCATED);
    const dense = decodeDocument(new FeatureExtractor(gazetteer), view, weights, bits, (i, scores, _features, prev, tags) => decideClass(scores, prev, false, tags, i));
    expect(model.tag(view)).toEqual(chunksOf(dense, view.lineStart));
  });

  it('finds each weight row through the rank bitmap, and no row that has no weights', () => {
    const bits = 10;
    const rows = Uint32Array.from({ length: 1 << bits }, (_, row) => row).filter((row) => row % 7 === 0 || row % 31 === 5 || row === 1023);
    const table = new WeightTable(bits, rows, new Int16Array(rows.length * CLASS_COUNT));
    const expected = new Map([...rows].map((row, k) => [row, k * CLASS_COUNT]));
    for (let row = 0; row < 1 << bits; row++) expect(table.offsetOf(row + (5 << bits))).toBe(expected.get(row) ?? -1);
  });

  it('refuses weight rows out of order, naming the file', () => {
    const meta = { version: 'test', bits: 10, trainedOn: [], trainedAt: '' };
    const bytes = gunzipSync(encodeWeights(meta, randomWeights(10)));
    const rowsAt = 'PLNER2'.length + 4 + bytes.readUInt32LE('PLNER2'.length) + 8;
    const first = bytes.readUInt32LE(rowsAt);
    bytes.writeUInt32LE(bytes.readUInt32LE(rowsAt + 4), rowsAt);
    bytes.writeUInt32LE(first, rowsAt + 4);
    expect(() => NerModel.decode(bytes, 'shuffled.bin', gazetteer)).toThrowError(/shuffled\.bin: NER model corrupt \(weight row \d+ out of order/);
  });

  it('refuses a truncated file, naming it', () => {
    const meta = { version: 'test', bits: 10, trainedOn: [], trainedAt: '' };
    const bytes = gunzipSync(encodeWeights(meta, randomWeights(10)));
    expect(() => NerModel.decode(bytes.subarray(0, bytes.length - 10), 'cut.bin', gazetteer)).toThrowError(/cut\.bin: NER model truncated/);
  });
});

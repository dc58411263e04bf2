import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { WeightTable } from './hashed.js';
import { decodeQuotesModel, encodeQuotesModel, isWeightRecord, readQuotesModel, sourceDigest } from './model-file.js';

const FILE = {
  about: 'A test model: two weight records and the fields around them.',
  threshold: -0.25,
  minRate: 0.05,
  weights: { '10315': -2.062, '32572': 0.1 + 0.2, '1073741823': 1e-7, '7': 0 },
  rates: { said: 0.91, told: 0.8 },
  content: { '5': 4.5 },
};
const bytesOf = (file: object) => Buffer.from(JSON.stringify(file), 'utf8');

function expectSameModel(read: Record<string, unknown> | null, file: Record<string, unknown>) {
  expect(read).not.toBeNull();
  for (const [key, value] of Object.entries(file)) {
    const got = read![key];
    if (got instanceof WeightTable) {
      const record = value as Record<string, number>;
      expect(got.size).toBe(Object.keys(record).length);
      const differing = Object.entries(record).filter(([hash, weight]) => got.get(Number(hash)) !== weight);
      expect(differing).toEqual([]);
    } else expect(got).toEqual(value);
  }
  expect(Object.keys(read!).sort()).toEqual(Object.keys(file).sort());
}

describe('quotes model file (binary form)', () => {
  it('reads back every field, and each weight record as a table of exactly its float64 weights', () => {
    const read = decodeQuotesModel(encodeQuotesModel(bytesOf(FILE)), 'test.bin.gz');
    expectSameModel(read, FILE);
    expect(read!['weights']).toBeInstanceOf(WeightTable);
    expect(read!['content']).toBeInstanceOf(WeightTable);
    expect(read!['rates']).toEqual({ said: 0.91, told: 0.8 }); // keyed by words: not a weight record
    expect(WeightTable.fromRecord(read!['weights'] as WeightTable)).toBe(read!['weights']);
  });

  it('is not read for another JSON than its source', () => {
    const bytes = encodeQuotesModel(bytesOf(FILE));
    expect(decodeQuotesModel(bytes, 'test.bin.gz', sourceDigest(bytesOf({ ...FILE, threshold: 0 })))).toBeNull();
    expect(decodeQuotesModel(bytes, 'test.bin.gz', sourceDigest(bytesOf(FILE)))).not.toBeNull();
  });

  it('refuses bytes that are not a model, and a weight table cut short', () => {
    expect(() => decodeQuotesModel(Buffer.from('{}'), 'a.bin.gz')).toThrow(/a\.bin\.gz: not a presslens model file/);
    expect(() => decodeQuotesModel(gzipSync(Buffer.from('{"weights":{}}')), 'b.bin.gz')).toThrow(/b\.bin\.gz: not a presslens model file/);
    const raw = gunzipSync(encodeQuotesModel(bytesOf(FILE)));
    expect(() => decodeQuotesModel(gzipSync(raw.subarray(0, raw.length - 8)), 'c.bin.gz')).toThrow(/c\.bin\.gz: array "content:weights" cut short/);
  });

  describe('readQuotesModel', () => {
    const dir = mkdtempSync(join(tmpdir(), 'presslens-quotes-model-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads the binary form made from the JSON as it is, and the JSON itself once it has changed', () => {
      expect(readQuotesModel(dir, 'frames')).toBeNull();
      writeFileSync(join(dir, 'frames.json'), bytesOf(FILE));
      expect(readQuotesModel(dir, 'frames')!['weights']).toEqual(FILE.weights); // no binary form yet
      writeFileSync(join(dir, 'frames.bin.gz'), encodeQuotesModel(bytesOf(FILE)));
      const fromBinary = readQuotesModel(dir, 'frames');
      expect(fromBinary!['weights']).toBeInstanceOf(WeightTable);
      expectSameModel(fromBinary, FILE);
      const retrained = { ...FILE, weights: { '10315': 1.5 } };
      writeFileSync(join(dir, 'frames.json'), bytesOf(retrained));
      expect(readQuotesModel(dir, 'frames')!['weights']).toEqual({ '10315': 1.5 });
    });
  });
});

// The stage reads NAME.bin.gz; the trainers write NAME.json. After a retraining the binary form must be made again
// (node scripts/convert-quotes-models.mjs): this fails while they differ.
const MODEL_DIR = fileURLToPath(new URL('../../../models/quotes/', import.meta.url));
const shipped = existsSync(MODEL_DIR) ? readdirSync(MODEL_DIR).filter((name) => name.endsWith('.json')) : [];
describe.skipIf(!shipped.length)(`shipped quotes models${shipped.length ? '' : ' (skipped: no models/quotes/*.json)'}`, () => {
  it.each(shipped)('%s has an up-to-date binary form when it holds weights (else run: node scripts/convert-quotes-models.mjs)', (name) => {
    const jsonBytes = readFileSync(join(MODEL_DIR, name));
    const file = JSON.parse(jsonBytes.toString('utf8')) as Record<string, unknown>;
    const binPath = join(MODEL_DIR, name.replace(/\.json$/, '.bin.gz'));
    if (!Object.values(file).some(isWeightRecord)) {
      expect(existsSync(binPath)).toBe(false);
      return;
    }
    expect(existsSync(binPath)).toBe(true);
    const read = decodeQuotesModel(readFileSync(binPath), binPath, sourceDigest(jsonBytes));
    expectSameModel(read, file);
  });
});

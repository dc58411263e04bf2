import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeModelFile, encodeModelFile } from './model-file.js';

describe('model file container', () => {
  const meta = { version: 'test', threshold: -0.25, names: ['a', 'b'] };
  const arrays = {
    hashes: Int32Array.of(7, -1, 0x7fffffff),
    weights: Float64Array.of(0.1 + 0.2, -2.062, 1e-300),
    rows: Float32Array.of(0.25, -1.5, 3),
    names: 'w=café\np=naïve',
    none: new Float32Array(0),
  };

  it('reads back its meta and every array, exactly and of its type, whatever the alignment before it', () => {
    const back = decodeModelFile(encodeModelFile(meta, arrays), 'test.bin.gz');
    expect(back.meta).toEqual(meta);
    expect(Object.keys(back.arrays)).toEqual(Object.keys(arrays));
    for (const [name, array] of Object.entries(arrays)) {
      expect(back.arrays[name]!.constructor).toBe(array.constructor);
      expect(back.arrays[name]).toEqual(array);
    }
  });

  it('refuses what is not a model file, an array cut short and bytes after the last array', () => {
    expect(() => decodeModelFile(Buffer.from('{}'), 'a.bin.gz')).toThrow(/a\.bin\.gz: not a presslens model file/);
    const raw = gunzipSync(encodeModelFile(meta, arrays));
    expect(() => decodeModelFile(gzipSync(raw.subarray(0, raw.length - 9)), 'b.bin.gz')).toThrow(/b\.bin\.gz: array "names" cut short/);
    expect(() => decodeModelFile(gzipSync(Buffer.concat([raw, Buffer.alloc(8)])), 'c.bin.gz')).toThrow(/c\.bin\.gz: 8 bytes after the last array/);
  });
});

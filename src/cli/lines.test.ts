import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLines } from './lines.js';

const collect = async (lines: AsyncIterable<string>) => {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
};
/** The same bytes cut into the given chunk sizes. */
const chunked = (bytes: Buffer, sizes: number[]) => {
  const chunks: Buffer[] = [];
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = Math.max(1, sizes[i % Math.max(1, sizes.length)] ?? bytes.length);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return Readable.from(chunks, { objectMode: false });
};

describe('readLines', () => {
  it('splits at \\n, \\r\\n and a lone \\r, with no empty line after the last break', async () => {
    expect(await collect(readLines(Readable.from([Buffer.from('a\nb\r\nc\rd\n\ne')])))).toEqual(['a', 'b', 'c', 'd', '', 'e']);
    expect(await collect(readLines(Readable.from([Buffer.from('a\n')])))).toEqual(['a']);
    expect(await collect(readLines(Readable.from([Buffer.from('')])))).toEqual([]);
  });

  it('keeps a character whose bytes are split between chunks', async () => {
    const bytes = Buffer.from('{"id":"ä€😀"}\n{"id":"b"}');
    expect(await collect(readLines(chunked(bytes, [9, 1, 1, 2])))).toEqual(['{"id":"ä€😀"}', '{"id":"b"}']);
  });

  it('gives the lines node:readline gives, however the bytes are chunked', async () => {
    const text = fc.array(fc.oneof(fc.constantFrom('\n', '\r', '\r\n', 'ä', '€', '😀', '{"id":1}'), fc.string({ maxLength: 8 })), { maxLength: 30 }).map((parts) => parts.join(''));
    await fc.assert(fc.asyncProperty(text, fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 6 }), async (input, sizes) => {
      const bytes = Buffer.from(input);
      const expected = await collect(createInterface({ input: chunked(bytes, sizes), crlfDelay: Infinity }));
      expect(await collect(readLines(chunked(bytes, sizes)))).toEqual(expected);
    }), { numRuns: 300 });
  });
});

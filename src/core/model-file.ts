/**
 * The binary form of the learned models whose trainers write JSON (framing: models/framing/model.bin.gz; quotes:
 * models/quotes/*.bin.gz): the JSON's small fields stay JSON, its large number and string lists become typed arrays
 * read in one copy each, so a worker's start-up neither parses hundreds of thousands of numbers nor leaves them to
 * the garbage collector. Each stage says which fields are arrays (src/stages/framing/model-file.ts,
 * src/stages/quotes/model-file.ts); the converters (scripts/convert-framing-model.mjs,
 * scripts/convert-quotes-models.mjs) write the files.
 *
 * Layout after gunzip: MAGIC, u32 header length, the header (UTF-8 JSON `{ meta, arrays: [{ name, type, length }] }`),
 * zero padding to a multiple of 8, then each array in the header's order, zero-padded to a multiple of 8: `i32`,
 * `f32` and `f64` arrays little-endian (`length` numbers), `text` arrays as UTF-8 (`length` bytes). Lengths of the
 * header and of text are in bytes.
 */
import { endianness } from 'node:os';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PresslensError } from './errors.js';

const MAGIC = 'PLMODEL1';
const LITTLE_ENDIAN = endianness() === 'LE';

/** The arrays a model file holds: typed arrays of numbers, or a text (a list of names joined by the stage). */
export type ModelArray = Int32Array | Float32Array | Float64Array | string;

type ArrayType = 'i32' | 'f32' | 'f64' | 'text';

interface Header {
  meta: unknown;
  arrays: { name: string; type: ArrayType; length: number }[];
}

const BYTES: Record<Exclude<ArrayType, 'text'>, number> = { i32: 4, f32: 4, f64: 8 };

function typeOf(array: ModelArray): ArrayType {
  if (typeof array === 'string') return 'text';
  if (array instanceof Int32Array) return 'i32';
  return array instanceof Float32Array ? 'f32' : 'f64';
}

/** The bytes of an array as stored (little-endian numbers, UTF-8 text). */
function bytesOf(array: ModelArray): Buffer {
  if (typeof array === 'string') return Buffer.from(array, 'utf8');
  const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  if (LITTLE_ENDIAN) return bytes;
  const swapped = Buffer.from(bytes);
  if (array instanceof Float64Array) swapped.swap64();
  else swapped.swap32();
  return swapped;
}

const padding = (length: number) => Buffer.alloc((8 - (length % 8)) % 8);

/** A model file of JSON `meta` and named arrays, gzipped. */
export function encodeModelFile(meta: unknown, arrays: Record<string, ModelArray>): Buffer {
  const parts = Object.entries(arrays).map(([name, array]) => ({ name, type: typeOf(array), bytes: bytesOf(array) }));
  const header = Buffer.from(JSON.stringify({
    meta, arrays: parts.map(({ name, type, bytes }) => ({ name, type, length: type === 'text' ? bytes.length : bytes.length / BYTES[type] })),
  } satisfies Header), 'utf8');
  const start = Buffer.alloc(MAGIC.length + 4);
  start.write(MAGIC, 0, 'latin1');
  start.writeUInt32LE(header.length, MAGIC.length);
  const chunks: Buffer[] = [start, header, padding(start.length + header.length)];
  for (const { bytes } of parts) chunks.push(bytes, padding(bytes.length));
  return gzipSync(Buffer.concat(chunks), { level: 9 });
}

/**
 * A model file read back: its meta and its arrays, each number array copied into memory of its own (a view into
 * the gunzipped bytes would keep them all alive). `label` names the file in errors.
 */
export function decodeModelFile(gzipped: Buffer, label: string): { meta: unknown; arrays: Record<string, ModelArray> } {
  let raw: Buffer;
  try {
    raw = gunzipSync(gzipped);
  } catch (error) {
    throw new PresslensError('model-error', `${label}: not a presslens model file (${(error as Error).message})`);
  }
  if (raw.length < MAGIC.length + 4 || raw.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new PresslensError('model-error', `${label}: not a presslens model file`);
  const headerLength = raw.readUInt32LE(MAGIC.length);
  let offset = MAGIC.length + 4;
  const header = JSON.parse(raw.toString('utf8', offset, offset + headerLength)) as Header;
  offset += headerLength;
  offset += (8 - (offset % 8)) % 8;
  const arrays: Record<string, ModelArray> = {};
  for (const { name, type, length } of header.arrays) {
    const byteLength = type === 'text' ? length : length * BYTES[type];
    if (offset + byteLength > raw.length) throw new PresslensError('model-error', `${label}: array "${name}" cut short`);
    if (type === 'text') arrays[name] = raw.toString('utf8', offset, offset + byteLength);
    else {
      const array = type === 'i32' ? new Int32Array(length) : type === 'f32' ? new Float32Array(length) : new Float64Array(length);
      const bytes = Buffer.from(array.buffer);
      raw.copy(bytes, 0, offset, offset + byteLength);
      if (!LITTLE_ENDIAN) {
        if (type === 'f64') bytes.swap64();
        else bytes.swap32();
      }
      arrays[name] = array;
    }
    offset += byteLength + ((8 - (byteLength % 8)) % 8);
  }
  if (offset !== raw.length) throw new PresslensError('model-error', `${label}: ${raw.length - offset} bytes after the last array`);
  return { meta: header.meta, arrays };
}

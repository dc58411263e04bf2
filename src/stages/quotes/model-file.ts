/**
 * The quotes stage's learned weights in a binary form. The trainers write JSON (`{ "hash": weight, … }` records,
 * models/quotes/*.json); reading one at a worker's start meant `JSON.parse` of ~140,000 numbers and a string key
 * turned back into a number for every weight (~0.2 s of CPU a worker). `scripts/convert-quotes-models.mjs` writes
 * beside each JSON file a `.bin.gz`: the file's other fields as JSON, then each weight record as two arrays (the
 * hashes as 32-bit integers, the weights as float64: exactly the numbers `JSON.parse` gives), read straight into a
 * `WeightTable`. The binary form records the SHA-1 of the JSON it was made from: when the JSON has changed since
 * (a retraining without the converter run), the stage reads the JSON, and a test fails until the converter runs.
 *
 * Layout before gzip: MAGIC, u32 header length, header JSON `{ source, fields, tables }`, then per table (in the
 * order of `tables`): u32 count, count × i32 hashes, count × f64 weights (little-endian).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PresslensError } from '../../core/errors.js';
import { WeightTable } from './hashed.js';

const MAGIC = 'PLQW1';

/** A model file as the stage reads it: the JSON's fields, with every weight record already a `WeightTable`. */
export type ModelFields = Record<string, unknown>;

interface Header {
  /** SHA-1 (hex) of the JSON file the binary form was made from. */
  source: string;
  /** The JSON's fields other than the weight records. */
  fields: ModelFields;
  /** Names of the fields that are weight records, in the order of their arrays. */
  tables: string[];
}

/** Whether a JSON value is a weight record: an object whose keys are all feature hashes and whose values are all numbers. */
export function isWeightRecord(value: unknown): value is Record<string, number> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => /^\d+$/.test(key) && Number(key) <= 0x7fffffff && typeof (value as Record<string, unknown>)[key] === 'number');
}

export function sourceDigest(jsonBytes: Buffer): string {
  return createHash('sha1').update(jsonBytes).digest('hex');
}

/** The binary form of a model file given as its JSON bytes. */
export function encodeQuotesModel(jsonBytes: Buffer): Buffer {
  const file = JSON.parse(jsonBytes.toString('utf8')) as ModelFields;
  const fields: ModelFields = {};
  const tables: string[] = [];
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(file)) {
    if (!isWeightRecord(value)) {
      fields[name] = value;
      continue;
    }
    tables.push(name);
    const keys = Object.keys(value);
    const part = Buffer.alloc(4 + keys.length * 12);
    part.writeUInt32LE(keys.length, 0);
    keys.forEach((key, k) => {
      part.writeInt32LE(Number(key), 4 + k * 4);
      part.writeDoubleLE(value[key]!, 4 + keys.length * 4 + k * 8);
    });
    parts.push(part);
  }
  const header = Buffer.from(JSON.stringify({ source: sourceDigest(jsonBytes), fields, tables } satisfies Header), 'utf8');
  const start = Buffer.alloc(MAGIC.length + 4);
  start.write(MAGIC, 0, 'latin1');
  start.writeUInt32LE(header.length, MAGIC.length);
  return gzipSync(Buffer.concat([start, header, ...parts]), { level: 9 });
}

/**
 * A binary model file read back: its fields with the weight records as `WeightTable`s; null when `source` is given
 * and the file was made from another JSON (its weights are then not read).
 */
export function decodeQuotesModel(bytes: Buffer, path: string, source?: string): ModelFields | null {
  let raw: Buffer;
  try {
    raw = gunzipSync(bytes);
  } catch (error) {
    throw new PresslensError('model-error', `${path}: not a presslens quotes model (${(error as Error).message})`);
  }
  if (raw.length < MAGIC.length + 4 || raw.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new PresslensError('model-error', `${path}: not a presslens quotes model`);
  const headerLength = raw.readUInt32LE(MAGIC.length);
  let offset = MAGIC.length + 4;
  const header = JSON.parse(raw.toString('utf8', offset, offset + headerLength)) as Header;
  offset += headerLength;
  if (source !== undefined && header.source !== source) return null;
  const fields: ModelFields = { ...header.fields };
  for (const name of header.tables) {
    const count = offset + 4 <= raw.length ? raw.readUInt32LE(offset) : -1;
    if (count < 0 || offset + 4 + count * 12 > raw.length) throw new PresslensError('model-error', `${path}: weight table "${name}" cut short`);
    offset += 4;
    // Copied into typed arrays of their own (aligned), not read number by number.
    const keys = new Int32Array(count);
    const keyBytes = Buffer.from(keys.buffer);
    raw.copy(keyBytes, 0, offset, offset + count * 4);
    offset += count * 4;
    const values = new Float64Array(count);
    const valueBytes = Buffer.from(values.buffer);
    raw.copy(valueBytes, 0, offset, offset + count * 8);
    offset += count * 8;
    if (endianness() === 'BE') {
      keyBytes.swap32();
      valueBytes.swap64();
    }
    fields[name] = WeightTable.fromArrays(keys, values);
  }
  if (offset !== raw.length) throw new PresslensError('model-error', `${path}: ${raw.length - offset} bytes after the last weight table`);
  return fields;
}

/**
 * The model file `name` (e.g. "frames") of `dir`: its binary form when there is one made from the JSON as it is
 * now, else the JSON itself; null when there is no JSON.
 */
export function readQuotesModel(dir: string, name: string): ModelFields | null {
  const jsonPath = join(dir, `${name}.json`);
  if (!existsSync(jsonPath)) return null;
  const jsonBytes = readFileSync(jsonPath);
  const binPath = join(dir, `${name}.bin.gz`);
  const binary = existsSync(binPath) ? decodeQuotesModel(readFileSync(binPath), binPath, sourceDigest(jsonBytes)) : null;
  return binary ?? JSON.parse(jsonBytes.toString('utf8')) as ModelFields;
}

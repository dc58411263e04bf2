/**
 * The quotes stage's learned weights in a binary form. The trainers write JSON (`{ "hash": weight, … }` records,
 * models/quotes/*.json); reading one at a worker's start meant `JSON.parse` of ~140,000 numbers and a string key
 * turned back into a number for every weight (~0.2 s of CPU a worker). `scripts/convert-quotes-models.mjs` writes
 * beside each JSON file a `.bin.gz` (the model-file container of src/core/model-file.ts, shared with the framing
 * model): the file's other fields as JSON, then each weight record as two arrays (the hashes as 32-bit integers,
 * the weights as float64: exactly the numbers `JSON.parse` gives), read straight into a `WeightTable`. The binary
 * form records the SHA-1 of the JSON it was made from: when the JSON has changed since (a retraining without the
 * converter run), the stage reads the JSON, and a test fails until the converter runs.
 *
 * Container meta `{ source, fields, tables }`; per table (in the order of `tables`) the arrays `NAME:hashes` (i32)
 * and `NAME:weights` (f64).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeModelFile, encodeModelFile, type ModelArray } from '../../core/model-file.js';
import { WeightTable } from './hashed.js';

/** A model file as the stage reads it: the JSON's fields, with every weight record already a `WeightTable`. */
export type ModelFields = Record<string, unknown>;

interface Meta {
  /** SHA-1 (hex) of the JSON file the binary form was made from. */
  source: string;
  /** The JSON's fields other than the weight records. */
  fields: ModelFields;
  /** Names of the fields that are weight records. */
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
  const arrays: Record<string, ModelArray> = {};
  for (const [name, value] of Object.entries(file)) {
    if (!isWeightRecord(value)) {
      fields[name] = value;
      continue;
    }
    tables.push(name);
    const keys = Object.keys(value);
    arrays[`${name}:hashes`] = Int32Array.from(keys, Number);
    arrays[`${name}:weights`] = Float64Array.from(keys, (key) => value[key]!);
  }
  return encodeModelFile({ source: sourceDigest(jsonBytes), fields, tables } satisfies Meta, arrays);
}

/**
 * A binary model file read back: its fields with the weight records as `WeightTable`s; null when `source` is given
 * and the file was made from another JSON.
 */
export function decodeQuotesModel(bytes: Buffer, path: string, source?: string): ModelFields | null {
  const { meta, arrays } = decodeModelFile(bytes, path);
  const { source: madeFrom, fields, tables } = meta as Meta;
  if (source !== undefined && madeFrom !== source) return null;
  const read: ModelFields = { ...fields };
  for (const name of tables) read[name] = WeightTable.fromArrays(arrays[`${name}:hashes`] as Int32Array, arrays[`${name}:weights`] as Float64Array);
  return read;
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

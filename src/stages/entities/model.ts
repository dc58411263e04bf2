/**
 * The NER model at run time: a greedy left-to-right averaged perceptron over hashed features (BILOU tags over
 * PER/ORG/LOC/MISC), with the previous two tags and the document's earlier decisions about the same word
 * as features. Weights live in one Float32Array of (2^bits rows × classes); the file stores the non-zero rows
 * as 16-bit integers (one scale per model), gzipped. Format and training: docs/models/ner.md.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PresslensError } from '../../core/errors.js';
import { dynamicFeatures, FeatureExtractor, type TokenView } from './features.js';
import { Gazetteer, type GazetteerData } from './gazetteer.js';

export const TYPES = ['PER', 'ORG', 'LOC', 'MISC'] as const;
export type CoarseType = (typeof TYPES)[number];
/** Position of a token in a name: Begin, Inside, Last, Unit (a one-token name) — BILOU. */
export const enum Part { B = 0, I = 1, L = 2, U = 3 }
const PARTS = 4;
/** Class c: 0 = O; 1 + 4k + part = that part of a TYPES[k] name. */
export const CLASS_COUNT = 1 + PARTS * TYPES.length;
export const MAGIC = 'PLNER2';

export function classOf(type: number, part: Part): number {
  return 1 + PARTS * type + part;
}
export function typeOfClass(c: number): number {
  return c === 0 ? -1 : Math.floor((c - 1) / PARTS);
}
export function partOfClass(c: number): Part {
  return ((c - 1) % PARTS) as Part;
}

export interface ModelMeta {
  version: string;
  bits: number;
  trainedOn: string[];
  trainedAt: string;
}

export interface Chunk {
  /** First token (inclusive) and last token (exclusive). */
  from: number;
  to: number;
  type: CoarseType;
}

const DYNAMIC_MAX = 8;

/** Scores of every class for one token: the sum of the weight rows of its features. */
export function scoreToken(
  weights: Float32Array, mask: number, features: Uint32Array, from: number, to: number,
  dynamic: Uint32Array, dynamicCount: number, scores: Float32Array,
): void {
  scores.fill(0);
  for (let f = from; f < to; f++) {
    const row = (features[f]! & mask) * CLASS_COUNT;
    for (let c = 0; c < CLASS_COUNT; c++) scores[c]! += weights[row + c]!;
  }
  for (let f = 0; f < dynamicCount; f++) {
    const row = (dynamic[f]! & mask) * CLASS_COUNT;
    for (let c = 0; c < CLASS_COUNT; c++) scores[c]! += weights[row + c]!;
  }
}

/**
 * Greedy decoding of one document. `choose` turns the scores into the class kept (at run time the arg-max;
 * in training the arg-max after a perceptron update). History: for each folded word, the type it was given
 * most recently earlier in the document — the non-local "extended prediction history" feature.
 */
export function decodeDocument(
  extractor: FeatureExtractor, view: TokenView, weights: Float32Array, bits: number,
  choose: (token: number, scores: Float32Array, features: Uint32Array, from: number, to: number, dynamic: Uint32Array, dynamicCount: number) => number,
  checkpoint?: (token: number) => void,
): Uint8Array {
  const mask = (1 << bits) - 1;
  const { features, offsets, lowers, shapes } = extractor.extract(view);
  const n = view.words.length;
  const tags = new Uint8Array(n);
  const scores = new Float32Array(CLASS_COUNT);
  const dynamic = new Uint32Array(DYNAMIC_MAX);
  const history = new Map<number, number>();
  let prev = 0;
  let prev2 = 0;
  for (let i = 0; i < n; i++) {
    if (checkpoint && (i & 4095) === 0) checkpoint(i);
    if (view.lineStart[i]) {
      prev = CLASS_COUNT; // a line start: no previous tag
      prev2 = CLASS_COUNT;
    }
    const seen = history.get(lowers[i]!) ?? 0;
    const dynamicCount = dynamicFeatures(prev, prev2, lowers[i]!, shapes[i]!, seen, dynamic);
    scoreToken(weights, mask, features, offsets[i]!, offsets[i + 1]!, dynamic, dynamicCount, scores);
    const c = choose(i, scores, features, offsets[i]!, offsets[i + 1]!, dynamic, dynamicCount);
    tags[i] = c;
    if (c !== 0) history.set(lowers[i]!, typeOfClass(c) + 1);
    prev2 = prev;
    prev = c;
  }
  return tags;
}

export function argmax(scores: Float32Array): number {
  let best = 0;
  for (let c = 1; c < scores.length; c++) if (scores[c]! > scores[best]!) best = c;
  return best;
}

/**
 * Chunks from BILOU tags, forgiving like conlleval: a name opens at B or U (or at an I/L that does not continue
 * a name of its type) and closes after L or U, at O, at a change of type, or at a line start.
 */
export function chunksOf(tags: ArrayLike<number>, lineStart?: readonly boolean[]): Chunk[] {
  const chunks: Chunk[] = [];
  let open: Chunk | null = null;
  const close = (at: number) => {
    if (open) {
      open.to = at;
      chunks.push(open);
      open = null;
    }
  };
  for (let i = 0; i < tags.length; i++) {
    const c = tags[i]!;
    const type = typeOfClass(c);
    if (type < 0) {
      close(i);
      continue;
    }
    const part = partOfClass(c);
    const continues = open !== null && (open as Chunk).type === TYPES[type] && (part === Part.I || part === Part.L) && !lineStart?.[i];
    if (!continues) {
      close(i);
      open = { from: i, to: i + 1, type: TYPES[type]! };
    }
    if (part === Part.L || part === Part.U) close(i + 1);
  }
  close(tags.length);
  return chunks;
}

export class NerModel {
  private readonly mask: number;
  private readonly extractor: FeatureExtractor;

  constructor(readonly meta: ModelMeta, readonly weights: Float32Array, readonly gazetteer: Gazetteer) {
    this.mask = (1 << meta.bits) - 1;
    this.extractor = new FeatureExtractor(gazetteer);
    if (weights.length !== (this.mask + 1) * CLASS_COUNT) {
      throw new PresslensError('model-error', `NER model: weight table has ${weights.length} entries, expected ${(this.mask + 1) * CLASS_COUNT}`);
    }
  }

  tag(view: TokenView, checkpoint?: (token: number) => void): Chunk[] {
    const tags = decodeDocument(this.extractor, view, this.weights, this.meta.bits, (_i, scores) => argmax(scores), checkpoint);
    return chunksOf(tags, view.lineStart);
  }

  static load(modelPath: string, gazetteerPath: string): NerModel {
    let raw: Buffer;
    let gazetteer: GazetteerData;
    try {
      raw = gunzipSync(readFileSync(modelPath));
      gazetteer = JSON.parse(readFileSync(gazetteerPath, 'utf8')) as GazetteerData;
    } catch (error) {
      throw new PresslensError('model-error', `cannot load the NER model from ${modelPath}: ${(error as Error).message}`);
    }
    const { meta, weights } = decodeWeights(raw, modelPath);
    return new NerModel(meta, weights, new Gazetteer(gazetteer));
  }
}

/** File layout (before gzip): MAGIC, u32 meta length, meta JSON, f32 scale, u32 row count, u32 rows[], i16 values[rows × classes]. */
export function encodeWeights(meta: ModelMeta, weights: Float32Array): Buffer {
  const rows: number[] = [];
  let maxAbs = 0;
  for (let r = 0; r < weights.length / CLASS_COUNT; r++) {
    let any = false;
    for (let c = 0; c < CLASS_COUNT; c++) {
      const w = weights[r * CLASS_COUNT + c]!;
      if (w !== 0) any = true;
      if (Math.abs(w) > maxAbs) maxAbs = Math.abs(w);
    }
    if (any) rows.push(r);
  }
  const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
  const metaBytes = Buffer.from(JSON.stringify(meta), 'utf8');
  const header = Buffer.alloc(MAGIC.length + 4);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(metaBytes.length, MAGIC.length);
  const body = Buffer.alloc(8 + rows.length * 4 + rows.length * CLASS_COUNT * 2);
  body.writeFloatLE(scale, 0);
  body.writeUInt32LE(rows.length, 4);
  let offset = 8;
  for (const r of rows) {
    body.writeUInt32LE(r, offset);
    offset += 4;
  }
  for (const r of rows) {
    for (let c = 0; c < CLASS_COUNT; c++) {
      body.writeInt16LE(Math.round(weights[r * CLASS_COUNT + c]! / scale), offset);
      offset += 2;
    }
  }
  return gzipSync(Buffer.concat([header, metaBytes, body]), { level: 9 });
}

function decodeWeights(raw: Buffer, path: string): { meta: ModelMeta; weights: Float32Array } {
  if (raw.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new PresslensError('model-error', `${path}: not a presslens NER model`);
  const metaLength = raw.readUInt32LE(MAGIC.length);
  let offset = MAGIC.length + 4;
  const meta = JSON.parse(raw.toString('utf8', offset, offset + metaLength)) as ModelMeta;
  offset += metaLength;
  const scale = raw.readFloatLE(offset);
  const rowCount = raw.readUInt32LE(offset + 4);
  offset += 8;
  const weights = new Float32Array((1 << meta.bits) * CLASS_COUNT);
  const rows = new Uint32Array(rowCount);
  for (let k = 0; k < rowCount; k++, offset += 4) rows[k] = raw.readUInt32LE(offset);
  const values = new Int16Array(raw.buffer.slice(raw.byteOffset + offset, raw.byteOffset + offset + rowCount * CLASS_COUNT * 2));
  for (let k = 0; k < rowCount; k++) {
    const base = rows[k]! * CLASS_COUNT;
    for (let c = 0; c < CLASS_COUNT; c++) weights[base + c] = values[k * CLASS_COUNT + c]! * scale;
  }
  return { meta, weights };
}

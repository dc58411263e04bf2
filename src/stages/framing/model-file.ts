/**
 * The framing model in the form the stage loads (`models/framing/model.bin.gz`), converted from the trainer's
 * JSON (`model.json.gz`, written by scripts/train-framing.mjs) by scripts/convert-framing-model.mjs. The same
 * content: the weight table as little-endian float32 (what the stage keeps anyway: the JSON's numbers went
 * through `Float32Array.from`), the feature names as one newline-separated string, everything else as JSON.
 * Parsing the JSON form took ~0.1 s of each worker's start-up and left 432k numbers and 86k strings to the
 * garbage collector; this form is read into a typed array in one copy.
 *
 * Layout after gunzip: "PLFRAME1", then u32 header length, the header (UTF-8 JSON: the file without the
 * layer's features and weights), u32 feature-text length, the feature names joined by "\n" (UTF-8), zero
 * padding to a multiple of 4, u32 weight count, the weights. Lengths are in bytes, little-endian.
 */
import { endianness } from 'node:os';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FramingModelFile, LayerFile } from './model.js';

const MAGIC = 'PLFRAME1';
const LITTLE_ENDIAN = endianness() === 'LE';

export function encodeFramingModel(file: FramingModelFile): Buffer {
  if (file.layers.length !== 1) throw new Error(`framing model ${file.version}: expected one layer, found ${file.layers.length}`);
  const [layer] = file.layers;
  if (layer.features.some((name) => name.includes('\n'))) throw new Error(`framing model ${file.version}: a feature name holds a newline`);
  const header = Buffer.from(JSON.stringify({ ...file, layers: [{ features: [], weights: [] }] }), 'utf8');
  const features = Buffer.from(layer.features.join('\n'), 'utf8');
  const padding = (4 - ((MAGIC.length + 4 + header.length + 4 + features.length) % 4)) % 4;
  const weights = layer.weights instanceof Float32Array ? layer.weights : Float32Array.from(layer.weights);
  const weightBytes = Buffer.alloc(weights.length * 4);
  for (let i = 0; i < weights.length; i++) weightBytes.writeFloatLE(weights[i]!, i * 4);
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  return gzipSync(Buffer.concat([Buffer.from(MAGIC, 'latin1'), u32(header.length), header, u32(features.length), features, Buffer.alloc(padding), u32(weights.length), weightBytes]), { level: 9 });
}

/** The model file from `encodeFramingModel`'s bytes; its layer's weights are a Float32Array. */
export function decodeFramingModel(gzipped: Buffer): FramingModelFile {
  const bytes = gunzipSync(gzipped);
  if (bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error(`not a framing model in the ${MAGIC} format`);
  let at = MAGIC.length;
  const headerLength = bytes.readUInt32LE(at);
  const file = JSON.parse(bytes.toString('utf8', at + 4, at + 4 + headerLength)) as FramingModelFile;
  at += 4 + headerLength;
  const featureLength = bytes.readUInt32LE(at);
  const featureText = bytes.toString('utf8', at + 4, at + 4 + featureLength);
  at += 4 + featureLength;
  at += (4 - (at % 4)) % 4;
  const count = bytes.readUInt32LE(at);
  at += 4;
  if (at + count * 4 !== bytes.length) throw new Error(`framing model ${file.version}: ${bytes.length - at} bytes of weights for ${count} weights`);
  // Copied into memory of its own, in one move on a little-endian machine (all that Node runs on in practice): a
  // view into the gunzipped buffer needs its offset aligned, and would keep the header and feature bytes alive.
  const weights = new Float32Array(count);
  if (LITTLE_ENDIAN) new Uint8Array(weights.buffer).set(bytes.subarray(at, at + count * 4));
  else for (let i = 0; i < count; i++) weights[i] = bytes.readFloatLE(at + i * 4);
  const layer: LayerFile = { features: featureLength ? featureText.split('\n') : [], weights };
  file.layers = [layer];
  return file;
}

/**
 * The framing model in the form the stage loads (`models/framing/model.bin.gz`), converted from the trainer's
 * JSON (`model.json.gz`, written by scripts/train-framing.mjs) by scripts/convert-framing-model.mjs. The same
 * content in the model-file container of src/core/model-file.ts (shared with the quotes models): the file without
 * its layer's features and weights as the container's meta, the feature names as one newline-separated text
 * (`features`), the weight table as float32 (`weights`: what the stage keeps anyway, the JSON's numbers went
 * through `Float32Array.from`). Parsing the JSON form took ~0.1 s of each worker's start-up and left 432k numbers
 * and 86k strings to the garbage collector; this form is read into a typed array in one copy.
 */
import { decodeModelFile, encodeModelFile } from '../../core/model-file.js';
import { PresslensError } from '../../core/errors.js';
import type { FramingModelFile, LayerFile } from './model.js';

export function encodeFramingModel(file: FramingModelFile): Buffer {
  if (file.layers.length !== 1) throw new Error(`framing model ${file.version}: expected one layer, found ${file.layers.length}`);
  const [layer] = file.layers;
  if (layer.features.some((name) => name.includes('\n'))) throw new Error(`framing model ${file.version}: a feature name holds a newline`);
  const weights = layer.weights instanceof Float32Array ? layer.weights : Float32Array.from(layer.weights);
  return encodeModelFile({ ...file, layers: [{ features: [], weights: [] }] }, { features: layer.features.join('\n'), weights });
}

/** The model file from `encodeFramingModel`'s bytes; its layer's weights are a Float32Array. `label` names it in errors. */
export function decodeFramingModel(gzipped: Buffer, label = 'framing model'): FramingModelFile {
  const { meta, arrays } = decodeModelFile(gzipped, label);
  const file = meta as FramingModelFile;
  const { features, weights } = arrays;
  if (typeof features !== 'string' || !(weights instanceof Float32Array)) throw new PresslensError('model-error', `${label}: not a framing model (no features and float32 weights)`);
  const layer: LayerFile = { features: features ? features.split('\n') : [], weights };
  file.layers = [layer];
  return file;
}

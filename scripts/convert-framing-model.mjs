#!/usr/bin/env node
// Converts the framing model as scripts/train-framing.mjs writes it (models/framing/model.json.gz) into the form
// the stage loads (models/framing/model.bin.gz, see src/stages/framing/model-file.ts), and checks that the
// conversion reads back as the same model. Run after every training (after npm run build).
// Usage: node scripts/convert-framing-model.mjs [IN.json.gz [OUT.bin.gz]]
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const { encodeFramingModel, decodeFramingModel } = await import('../dist/stages/framing/model-file.js');
const input = process.argv[2] ?? fileURLToPath(new URL('../models/framing/model.json.gz', import.meta.url));
const output = process.argv[3] ?? input.replace(/\.json\.gz$/, '.bin.gz');
if (output === input) throw new Error(`${input}: expected a .json.gz file`);

const file = JSON.parse(gunzipSync(readFileSync(input)).toString('utf8'));
const bytes = encodeFramingModel(file);
const back = decodeFramingModel(bytes);
const [layer] = file.layers;
const [backLayer] = back.layers;
const same = JSON.stringify({ ...file, layers: [] }) === JSON.stringify({ ...back, layers: [] })
  && layer.features.length === backLayer.features.length && layer.features.every((name, i) => name === backLayer.features[i])
  && layer.weights.length === backLayer.weights.length && layer.weights.every((w, i) => Math.fround(w) === backLayer.weights[i]);
if (!same) throw new Error(`${output}: the converted model does not read back as ${input}`);
writeFileSync(output, bytes);
console.log(`wrote ${output} (${file.version}: ${layer.features.length} features, ${bytes.length} bytes) from ${input}`);

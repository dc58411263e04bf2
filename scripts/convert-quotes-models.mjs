#!/usr/bin/env node
// Writes the binary form of the quotes stage's weight files (models/quotes/NAME.json → NAME.bin.gz, see
// src/stages/quotes/model-file.ts) and checks that each reads back as its JSON. Files without a weight record
// (cues.json) are left as they are. Run after every training of a quotes model (after npm run build); until
// then the stage reads the changed JSON itself (slower to start) and a test fails.
// Usage: node scripts/convert-quotes-models.mjs [DIR]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const { encodeQuotesModel, decodeQuotesModel } = await import('../dist/stages/quotes/model-file.js');
const { WeightTable } = await import('../dist/stages/quotes/hashed.js');
const dir = process.argv[2] ?? fileURLToPath(new URL('../models/quotes/', import.meta.url));

for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
  const jsonBytes = readFileSync(join(dir, name));
  const file = JSON.parse(jsonBytes.toString('utf8'));
  const bytes = encodeQuotesModel(jsonBytes);
  const output = join(dir, name.replace(/\.json$/, '.bin.gz'));
  const back = decodeQuotesModel(bytes, output);
  const tables = Object.keys(back).filter((key) => back[key] instanceof WeightTable);
  if (!tables.length) continue;
  for (const [key, value] of Object.entries(file)) {
    const read = back[key];
    const same = read instanceof WeightTable
      ? read.size === Object.keys(value).length && Object.entries(value).every(([hash, weight]) => read.get(Number(hash)) === weight)
      : JSON.stringify(read) === JSON.stringify(value);
    if (!same) throw new Error(`${output}: "${key}" does not read back as in ${name}`);
  }
  writeFileSync(output, bytes);
  console.log(`wrote ${output} (${tables.map((t) => `${t}: ${back[t].size} weights`).join(', ')}; ${bytes.length} bytes) from ${name}`);
}

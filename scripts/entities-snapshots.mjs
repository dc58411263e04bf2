#!/usr/bin/env node
// Writes the entities stage's output (entities, references, its messages) on every test/fixtures/entities/*.txt
// to *.entities.json beside it; src/stages/entities/snapshots.test.ts checks the stage still gives exactly that.
// Run only when a change of output is intended (after `npm run build`), and review the diff.
// Usage: node scripts/entities-snapshots.mjs [--root DIR]   (DIR: a built presslens checkout; default this one)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const here = resolve(new URL('..', import.meta.url).pathname);
const { values } = parseArgs({ options: { root: { type: 'string', default: here } } });
const { createPipeline } = await import(pathToFileURL(join(resolve(values.root), 'dist/core/pipeline.js')).href);
const { entitiesSnapshot } = await import(pathToFileURL(join(here, 'dist/stages/entities/snapshot.js')).href);
const dir = join(here, 'test/fixtures/entities');
const pipeline = createPipeline();
for (const name of readdirSync(dir).filter((n) => n.endsWith('.txt')).sort()) {
  const article = pipeline.analyze({ text: readFileSync(join(dir, name), 'utf8') });
  writeFileSync(join(dir, name.replace(/\.txt$/, '.entities.json')), JSON.stringify(entitiesSnapshot(article), null, 1) + '\n');
  console.log(`${name}: ${article.entities.length} entities`);
}

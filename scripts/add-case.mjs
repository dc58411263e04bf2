#!/usr/bin/env node
// Adds a golden case: node scripts/add-case.mjs NAME FILE [--verbatim] [--url URL]
// Copies FILE to test/cases/NAME/input.(html|txt), writes options.json when options are given, and writes
// expected.json from the BUILT pipeline (run `npm run build` first). Review expected.json before committing.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { CASES_DIR, formatExpected, readCase } from '../test/golden-cases.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { verbatim: { type: 'boolean', default: false }, url: { type: 'string' } } });
const [name, file] = positionals;
if (!name || !file || !/^[a-z0-9][a-z0-9-]*$/.test(name)) {
  console.error('usage: node scripts/add-case.mjs NAME FILE [--verbatim] [--url URL]   (NAME: lower-case letters, digits, dashes)');
  process.exit(2);
}
const dir = join(CASES_DIR, name);
if (existsSync(dir)) {
  console.error(`add-case: test/cases/${name} exists already`);
  process.exit(2);
}
const extension = extname(file).toLowerCase();
const kind = extension === '.html' || extension === '.htm' ? 'html' : extension === '.txt' ? 'txt' : null;
if (!kind) {
  console.error(`add-case: ${file}: give an .html, .htm or .txt file`);
  process.exit(2);
}
const { createPipeline } = await import('../dist/core/pipeline.js').catch(() => {
  console.error('add-case: dist/ is missing; run npm run build first');
  process.exit(2);
});
mkdirSync(dir, { recursive: true });
copyFileSync(file, join(dir, `input.${kind}`));
const options = {};
if (values.verbatim) options.verbatim = true;
if (values.url) options.url = values.url;
if (Object.keys(options).length) writeFileSync(join(dir, 'options.json'), JSON.stringify(options, null, 2) + '\n');
const { input, expectedPath } = readCase(name);
const article = createPipeline({ extractOnly: true }).analyze(input);
writeFileSync(expectedPath, formatExpected(article));
console.log(`added test/cases/${name}: ${article.blocks.length} blocks, title ${JSON.stringify(article.title)}`);

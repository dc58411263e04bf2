// Golden cases (Readability.js test-pages style): test/cases/<name>/input.(html|txt), optional options.json,
// and expected.json — the Article JSON of extraction minus the fields that later stages produce.
// Shared by test/golden.test.ts (compares) and scripts/add-case.mjs (writes a new case).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CASES_DIR = fileURLToPath(new URL('./cases/', import.meta.url));

/**
 * Fields produced after extraction (sentences, entities, quotes, framing, extensions) change whenever a
 * later stage improves; golden cases pin extraction only: metadata, text, blocks and extraction messages.
 */
const KEPT_FIELDS = ['schema', 'id', 'url', 'title', 'standfirst', 'authors', 'publishedAt', 'siteName', 'language', 'categories', 'text', 'blocks'];

export function goldenProjection(article) {
  const kept = Object.fromEntries(KEPT_FIELDS.map((key) => [key, article[key]]));
  kept.messages = article.messages.filter((m) => m.ruleId.startsWith('extract/'));
  return kept;
}

export function listCases() {
  return readdirSync(CASES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/** The case's input for the pipeline, and options.json (`verbatim`, `url`, `limits`). */
export function readCase(name) {
  const dir = join(CASES_DIR, name);
  const optionsPath = join(dir, 'options.json');
  const options = existsSync(optionsPath) ? JSON.parse(readFileSync(optionsPath, 'utf8')) : {};
  const input = { id: name, label: name };
  if (options.url) input.url = options.url;
  if (existsSync(join(dir, 'input.html'))) input.html = readFileSync(join(dir, 'input.html'));
  else if (existsSync(join(dir, 'input.txt'))) {
    input.text = readFileSync(join(dir, 'input.txt'), 'utf8');
    input.verbatim = options.verbatim === true;
  } else throw new Error(`test/cases/${name}: no input.html or input.txt`);
  const expectedPath = join(dir, 'expected.json');
  return { dir, input, options, expectedPath, expected: existsSync(expectedPath) ? JSON.parse(readFileSync(expectedPath, 'utf8')) : null };
}

export function formatExpected(article) {
  return JSON.stringify(goldenProjection(article), null, 2) + '\n';
}

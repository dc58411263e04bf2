// Property-based fuzzing of extraction and the pipeline over random and mutated HTML and text: nothing throws
// but PresslensError, output validates against the schema, every span lies inside the text, limits hold.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ArticleJson } from '../src/core/article.js';
import { PresslensError } from '../src/core/errors.js';
import type { AnalyzeInput } from '../src/core/input.js';
import { createPipeline } from '../src/core/pipeline.js';
import { articleProblems } from '../src/test-support/schema.js';
import { CASES_DIR, listCases } from './golden-cases.mjs';

const LIMITS = { maxInputBytes: 60_000, maxHtmlDepth: 40, timeLimitMs: 0, maxTextChars: 4_000 };
const pipeline = createPipeline({ limits: LIMITS });
const RUNS = { numRuns: 60, seed: Number(process.env['FUZZ_SEED'] ?? 20261125) };

const casesOf = (file: string) => listCases().flatMap((name) => {
  try {
    return [readFileSync(join(CASES_DIR, name, file), 'utf8')];
  } catch {
    return [];
  }
});
const htmlSeeds = casesOf('input.html');
const textSeeds = casesOf('input.txt');

/** Analyses one input and checks every property; returns the article (or null after a PresslensError). */
function check(input: AnalyzeInput): ArticleJson | null {
  let article: ArticleJson;
  try {
    article = pipeline.analyze(input);
  } catch (error) {
    if (!(error instanceof PresslensError)) throw error;
    expect(error.message).not.toContain('\n');
    return null;
  }
  expect(articleProblems(article)).toEqual([]);
  expect(article.text.length).toBeLessThanOrEqual(input.verbatim ? Infinity : LIMITS.maxTextChars);
  let previousEnd = 0;
  for (const block of article.blocks) {
    expect(block.start).toBeGreaterThanOrEqual(previousEnd);
    previousEnd = block.end;
  }
  if (input.verbatim) expect(article.text).toBe(input.text);
  else expect(article.text).not.toMatch(/\n{3}|^\s|\s$/);
  return article;
}

// ---- generators ----
const TAGS = ['p', 'div', 'article', 'main', 'section', 'nav', 'header', 'footer', 'aside', 'span', 'a', 'b', 'em', 'h1', 'h2', 'h3', 'ul', 'ol', 'li', 'blockquote', 'table', 'tr', 'td', 'script', 'style', 'time', 'figure', 'figcaption', 'br', 'img', 'meta', 'title', 'template', 'svg', 'form', 'button'];
const CLASSES = ['content', 'article-body', 'share', 'cookie-banner', 'related', 'byline', 'newsletter', 'comments', 'ad', 'story', 'x'];
const WORDS = ['The', 'harbour', 'council', 'said', 'on', 'Tuesday', '.', ',', '“', '”', 'Share this', 'Read more', 'By Jane Doe', '12 March 2024', '&amp;', '&#x27;', '&nbsp;', '<', '>', '\u00a0', '\u2028', '😀', 'é', '\t', '\n'];

const wordsText = fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 30 }).map((w) => w.join(' '));
const attributes = fc.array(fc.oneof(
  fc.constantFrom(...CLASSES).map((c) => ` class="${c}"`),
  fc.constant(' id="main"'),
  fc.constant(' itemprop="articleBody"'),
  fc.constant(' hidden'),
  fc.string({ maxLength: 10 }).map((s) => ` data-x="${s.replace(/"/g, '')}"`),
), { maxLength: 3 }).map((a) => a.join(''));

const { node } = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    wordsText,
    fc.tuple(fc.constantFrom(...TAGS), attributes, fc.array(tie('node'), { maxLength: 4 }), fc.boolean())
      .map(([tag, attrs, children, close]) => `<${tag}${attrs}>${children.join('')}${close ? `</${tag}>` : ''}`),
  ),
}));
const randomPage = fc.tuple(fc.boolean(), node).map(([doctype, body]) => `${doctype ? '<!doctype html><html><head><title>T</title></head><body>' : ''}${body}`);
const deepPage = fc.tuple(fc.integer({ min: 0, max: 3_000 }), fc.constantFrom('div', 'b', 'li', 'blockquote', 'section'), wordsText)
  .map(([depth, tag, text]) => `<body>${`<${tag}>`.repeat(depth)}<p>${text}</p>${`</${tag}>`.repeat(depth)}</body>`);

/** Edits a seed document: cut, duplicate, insert junk, truncate. */
const mutated = (seeds: string[]) => fc.tuple(
  fc.constantFrom(...seeds),
  fc.array(fc.tuple(fc.nat(), fc.nat({ max: 400 }), fc.nat({ max: 3 }), fc.string({ maxLength: 20 })), { minLength: 1, maxLength: 6 }),
).map(([seed, edits]) => edits.reduce((doc, [at, length, kind, junk]) => {
  const i = doc.length ? at % doc.length : 0;
  if (kind === 0) return doc.slice(0, i) + doc.slice(i + length);
  if (kind === 1) return doc.slice(0, i) + doc.slice(i, i + length).repeat(2) + doc.slice(i);
  if (kind === 2) return doc.slice(0, i) + junk + doc.slice(i);
  return doc.slice(0, i);
}, seed));

const LINES = ['Back to top button', 'Share this', 'Advertisement', 'Read more: Something else', 'By Jane Doe and Sam Lee', 'Published: 3 May 2024', 'IraqIranMiddle EastPalestine', 'News › Local', '- a list item', '1. numbered', 'Tags: a, b', '© 2024 Gazette', 'What happens next', 'A full sentence about the harbour.', '“A quoted line,” she said.'];
const randomText = fc.array(fc.oneof(fc.constantFrom(...LINES), wordsText), { minLength: 1, maxLength: 25 })
  .chain((lines) => fc.array(fc.constantFrom('\n', '\n\n', '\r\n', '\n \n'), { minLength: lines.length, maxLength: lines.length })
    .map((breaks) => lines.map((line, i) => line + breaks[i]).join('')));

describe('fuzz (fast-check)', () => {
  it('random HTML trees', () => fc.assert(fc.property(randomPage, (html) => void check({ html, label: 'fuzz.html' })), RUNS));
  it('deeply nested HTML', () => fc.assert(fc.property(deepPage, (html) => void check({ html, label: 'deep.html' })), { ...RUNS, numRuns: 15 }));
  it('mutated golden HTML pages', () => fc.assert(fc.property(mutated(htmlSeeds), (html) => void check({ html, label: 'mutated.html' })), RUNS));
  it('random HTML bytes', () => fc.assert(fc.property(fc.uint8Array({ maxLength: 2_000 }), (bytes) => void check({ html: bytes, label: 'bytes.html' })), RUNS));
  it('random scraped text', () => fc.assert(fc.property(randomText, (text) => void check({ text, label: 'fuzz.txt' })), RUNS));
  it('mutated golden texts, plain and verbatim', () => fc.assert(fc.property(mutated(textSeeds), fc.boolean(), (text, verbatim) => void check({ text, verbatim, label: 'mutated.txt' })), RUNS));
  it('inputs over the size limit fail with too-large', () => {
    expect(() => pipeline.analyze({ text: 'word '.repeat(LIMITS.maxInputBytes), label: 'big.txt' })).toThrow(PresslensError);
  });
});

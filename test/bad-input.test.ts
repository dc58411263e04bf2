// Bad input: each gets a clear one-line error naming the input (or sensible output with a message), and a
// batch goes on past it. All the bad files run in ONE batch, interleaved with good ones, in this order; each
// test then checks its own input's output line and stderr line. Limits are in docs/LIMITS.md.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ArticleJson } from '../src/core/article.js';
import { CLI, runCli } from '../src/test-support/cli.js';
import { articleProblems } from '../src/test-support/schema.js';
import { jsonLines } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'presslens-bad-'));
const write = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const GOOD_TEXT = 'Quay lights\n\nThe quay lights were switched on at dusk.\n\nCrowds watched from the wall.';
const DEPTH = 10_000;

/** A 50 MB page, written in pieces so the test itself stays small in memory. */
function writeHugePage(): string {
  const path = join(dir, 'huge.html');
  const fd = openSync(path, 'w');
  const chunk = Buffer.from('<div><p>' + 'The harbour wall was repaired again. '.repeat(270) + '</p></div>\n');
  writeSync(fd, '<!doctype html><html><body>');
  for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) writeSync(fd, chunk);
  writeSync(fd, '</body></html>');
  closeSync(fd);
  return path;
}

const inputs: Record<string, () => string> = {
  empty: () => write('empty.html', ''),
  blank: () => write('blank.txt', '  \n\n \t\n'),
  png: () => write('photo.html', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)])),
  pdf: () => write('report.txt', '%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'),
  latin: () => write('latin.txt', iconv.encode('Café reopens on the quay\n\nThe café served crème brûlée to the first customers, who paid £3 each. Its owner said the terrace would open in May, when the weather is kinder to the tables outside.', 'windows-1252')),
  huge: writeHugePage,
  deep: () => write('deep.html', `<html><body>${'<div>'.repeat(DEPTH)}<p>Deep inside the page.</p>${'</div>'.repeat(DEPTH)}<p>The harbour opened at noon after the storm had passed.</p></body></html>`),
  deepInline: () => write('deep-inline.html', `<html><body><p>${'<b><i>'.repeat(DEPTH / 2)}Bold words${'</i></b>'.repeat(DEPTH / 2)}</p></body></html>`),
  deepUnclosed: () => write('deep-unclosed.html', `<html><body>${'<ul><li>item '.repeat(DEPTH)}</body></html>`),
  noBody: () => write('no-body.html', '<html><head><title>Bus times</title></head><p>The 12 bus will stop at the quay from Monday.</p></html>'),
  truncated: () => write('truncated.html', '<html><body><article><p>Dredging starts next month in the inner harbour.</p><p>It will take six we'),
  nav: () => write('nav.html', '<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><footer><a href="/about">About us</a></footer></body></html>'),
  debris: () => write('debris.txt', 'Share this\n\nAdvertisement\n\nBack to top button\n\n© 2024 The Gazette'),
  missing: () => join(dir, 'missing.txt'),
};

let paths: Record<string, string>;
let status: number | null;
let outputs: Record<string, Record<string, unknown>>;
let goodOutputs: Record<string, unknown>[];
let errorLines: string[];

beforeAll(() => {
  paths = Object.fromEntries(Object.entries(inputs).map(([name, make]) => [name, make()]));
  // A good file after every bad one: each must still be analysed.
  const order = Object.keys(inputs).flatMap((name, i) => [name, `good-${i}`]);
  for (const name of order) if (name.startsWith('good-')) paths[name] = write(`${name}.txt`, GOOD_TEXT);
  const result = runCli(['analyze', ...order.map((name) => paths[name]!), '--format', 'jsonl', '--jobs', '2']);
  status = result.status;
  const lines = jsonLines(result.stdout);
  expect(lines).toHaveLength(order.length);
  outputs = Object.fromEntries(order.map((name, i) => [name, lines[i]!]));
  goodOutputs = order.filter((name) => name.startsWith('good-')).map((name) => outputs[name]!);
  errorLines = result.stderr.split('\n').filter(Boolean);
});

/** The stderr lines that name this input. */
const linesAbout = (name: string) => errorLines.filter((line) => line.startsWith(`presslens: ${paths[name]}: `));

function expectOneLineError(name: string, code: string, message: RegExp) {
  expect(outputs[name]!['error']).toMatchObject({ code });
  const lines = linesAbout(name);
  expect(lines).toHaveLength(1);
  expect(lines[0]!.slice(`presslens: ${paths[name]}: `.length)).toMatch(new RegExp(`^${message.source}$`));
}

function expectArticle(name: string): ArticleJson {
  const article = outputs[name] as unknown as ArticleJson;
  expect(article['error']).toBeUndefined();
  expect(linesAbout(name)).toEqual([]);
  expect(articleProblems(article)).toEqual([]);
  return article;
}

describe('bad input, in one batch', () => {
  it('the batch goes on: every good file after a bad one is analysed, and the exit code is 1', () => {
    expect(status).toBe(1);
    for (const article of goodOutputs) expect(article['text']).toContain('quay lights were switched on');
    expect(errorLines.every((line) => /^presslens: \S+: .+$/.test(line))).toBe(true);
  });

  it('an empty or blank file', () => {
    expectOneLineError('empty', 'empty-input', /input is empty/);
    expectOneLineError('blank', 'empty-input', /input is empty/);
  });

  it('a binary file, whatever its name', () => {
    expectOneLineError('png', 'binary-input', /input is binary, not HTML or text/);
    expectOneLineError('pdf', 'binary-input', /input is binary, not HTML or text/);
  });

  it('invalid UTF-8 is decoded with a detected charset, with a warning in the article', () => {
    const article = expectArticle('latin');
    expect(article.title).toBe('Café reopens on the quay');
    expect(article.text).toContain('crème brûlée');
    expect(article.messages).toContainEqual({
      level: 'warning', ruleId: 'input/charset-detected',
      message: expect.stringMatching(new RegExp(`^${paths['latin']}: not valid UTF-8; decoded as (windows-1252|iso-8859-1) \\(detected\\)$`)),
    });
  });

  it('a 50 MB page is refused by size', () => {
    expectOneLineError('huge', 'too-large', /input is \d{8} bytes, over the limit of 20971520/);
  });

  it('10,000-deep nesting does not overflow the stack', () => {
    for (const name of ['deep', 'deepInline', 'deepUnclosed']) expectArticle(name);
    expect(errorLines.join('\n')).not.toMatch(/call stack|RangeError/);
  });

  it('HTML without a body, and truncated HTML, still give their text', () => {
    expect(expectArticle('noBody').text).toContain('The 12 bus will stop at the quay from Monday.');
    expect(expectArticle('truncated').text).toContain('Dredging starts next month in the inner harbour.');
  });

  it('a page that is all navigation, or a text that is all debris, gives an empty text and a warning', () => {
    for (const name of ['nav', 'debris']) {
      const article = expectArticle(name);
      expect(article.text).toBe('');
      expect(article.messages).toContainEqual(expect.objectContaining({ level: 'warning', ruleId: 'extract/no-content' }));
    }
  });

  it('a missing file names the file', () => {
    expectOneLineError('missing', 'not-found', /no such file or directory/);
  });
});

describe('bad input with limits of its own', () => {
  it('memory stays bounded on a 50 MB page: it is never loaded whole', () => {
    // Peak memory of a run on the 50 MB page vs on a small one.
    const wrapper = write('measure.mjs', `import { main } from ${JSON.stringify(pathToFileURL(join(CLI, '../run.js')).href)};
import { processIo } from ${JSON.stringify(pathToFileURL(join(CLI, '../io.js')).href)};
process.exitCode = await main(process.argv.slice(2), processIo());
process.stderr.write('maxrss ' + process.resourceUsage().maxRSS + '\\n');`);
    const peakKb = (file: string) => {
      const run = spawnSync(process.execPath, [wrapper, 'analyze', file, '--format', 'jsonl'], { encoding: 'utf8' });
      return Number(/maxrss (\d+)/.exec(run.stderr)![1]);
    };
    const grownMb = (peakKb(paths['huge']!) - peakKb(paths['good-0']!)) / 1024;
    expect(grownMb).toBeLessThan(25);
  });

  it('a document over the time limit fails with a timeout naming it, and the batch goes on', () => {
    const long = write('long.txt', 'A paragraph about the tide tables and the harbour.\n\n'.repeat(40_000));
    const file = runCli(['analyze', long, long, '--time-limit', '1', '--format', 'jsonl', '--jobs', '1']);
    expect(file.status).toBe(1);
    expect(jsonLines(file.stdout).map((o) => (o['error'] as { code: string }).code)).toEqual(['timeout', 'timeout']);
    expect(file.stderr).toMatch(new RegExp(`^presslens: ${long}: time limit of 1 ms exceeded during \\S`, 'm'));
    const lines = [JSON.stringify({ id: 'slow-1', text: 'x '.repeat(1_000_000) }), JSON.stringify({ id: 'bad' })].join('\n');
    const jsonl = runCli(['analyze', '--input-format', 'jsonl', '--time-limit', '1', '--jobs', '1'], lines);
    expect(jsonLines(jsonl.stdout).map((o) => o['id'])).toEqual(['slow-1', 'bad']);
    expect(jsonl.stderr).toMatch(/^presslens: slow-1: time limit of 1 ms exceeded during /m);
  });

  it('stdin over the size limit', () => {
    const result = runCli(['analyze', '--max-bytes', '100'], 'A sentence about the harbour. '.repeat(10));
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('presslens: stdin: input is 300 bytes, over the limit of 100\n');
  });
});

// Bad input: each gets a clear one-line error naming the input (or sensible output with a message),
// and a batch goes on past it. Limits are in docs/LIMITS.md.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from '../src/test-support/cli.js';
import { articleProblems } from '../src/test-support/schema.js';
import { jsonLines } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'presslens-bad-'));
const write = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const good = write('good.txt', 'Quay lights\n\nThe quay lights were switched on at dusk.\n\nCrowds watched from the wall.');

/** Runs a batch of the bad input followed by a good one: the bad one fails alone, the good one is analysed. */
function batch(bad: string, ...extra: string[]) {
  const result = runCli(['analyze', bad, good, '--format', 'jsonl', '--jobs', '1', ...extra]);
  const out = jsonLines(result.stdout);
  expect(out).toHaveLength(2);
  expect(out[1]!['text']).toContain('quay lights were switched on');
  return { result, bad: out[0]!, errorLines: result.stderr.split('\n').filter(Boolean) };
}

function expectOneLineError(run: ReturnType<typeof batch>, path: string, code: string, message: RegExp) {
  expect(run.result.status).toBe(1);
  expect(run.bad['error']).toMatchObject({ code });
  expect(run.errorLines).toHaveLength(1);
  expect(run.errorLines[0]).toMatch(new RegExp(`^presslens: ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: ${message.source}$`));
}

describe('bad input', () => {
  it('an empty file', () => {
    const path = write('empty.html', '');
    expectOneLineError(batch(path), path, 'empty-input', /input is empty/);
    const blank = write('blank.txt', '  \n\n \t\n');
    expectOneLineError(batch(blank), blank, 'empty-input', /input is empty/);
  });

  it('a binary file, whatever its name', () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
    const path = write('photo.html', png);
    expectOneLineError(batch(path), path, 'binary-input', /input is binary, not HTML or text/);
    const pdf = write('report.txt', '%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
    expectOneLineError(batch(pdf), pdf, 'binary-input', /input is binary, not HTML or text/);
  });

  it('invalid UTF-8 is decoded with a detected charset, with a warning in the article', () => {
    const path = write('latin.txt', iconv.encode('Café reopens on the quay\n\nThe café served crème brûlée to the first customers, who paid £3 each. Its owner said the terrace would open in May, when the weather is kinder to the tables outside.', 'windows-1252'));
    const run = batch(path);
    expect(run.result.status).toBe(0);
    expect(articleProblems(run.bad as never)).toEqual([]);
    expect(run.bad['title']).toBe('Café reopens on the quay');
    expect(run.bad['text']).toContain('crème brûlée');
    expect(run.bad['messages']).toContainEqual({ level: 'warning', ruleId: 'input/charset-detected', message: expect.stringMatching(new RegExp(`^${path}: not valid UTF-8; decoded as (windows-1252|iso-8859-1) \\(detected\\)$`)) });
  });

  it('a 50 MB page is refused by size before it is read, and memory stays bounded', () => {
    const big = join(dir, 'huge.html');
    const fd = openSync(big, 'w');
    const chunk = Buffer.from('<div><p>' + 'The harbour wall was repaired again. '.repeat(270) + '</p></div>\n');
    writeSync(fd, '<!doctype html><html><body>');
    for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) writeSync(fd, chunk);
    writeSync(fd, '</body></html>');
    closeSync(fd);
    expectOneLineError(batch(big), big, 'too-large', /input is \d{8} bytes, over the limit of 20971520/);

    // Peak memory of a run on the 50 MB page vs on a small one: the big file must never be loaded whole.
    const wrapper = write('measure.mjs', `import { main } from ${JSON.stringify(pathToFileURL(join(CLI, '../run.js')).href)};
import { processIo } from ${JSON.stringify(pathToFileURL(join(CLI, '../io.js')).href)};
process.exitCode = await main(process.argv.slice(2), processIo());
process.stderr.write('maxrss ' + process.resourceUsage().maxRSS + '\\n');`);
    const peakKb = (file: string) => {
      const run = spawnSync(process.execPath, [wrapper, 'analyze', file, '--format', 'jsonl'], { encoding: 'utf8' });
      return Number(/maxrss (\d+)/.exec(run.stderr)![1]);
    };
    const grownMb = (peakKb(big) - peakKb(good)) / 1024;
    expect(grownMb).toBeLessThan(25);
  });

  it('10,000-deep nesting does not overflow the stack', () => {
    const depth = 10_000;
    const nested = write('deep.html', `<html><body>${'<div>'.repeat(depth)}<p>Deep inside the page.</p>${'</div>'.repeat(depth)}<p>The harbour opened at noon after the storm had passed.</p></body></html>`);
    const inline = write('deep-inline.html', `<html><body><p>${'<b><i>'.repeat(depth / 2)}Bold words${'</i></b>'.repeat(depth / 2)}</p></body></html>`);
    const unclosed = write('deep-unclosed.html', `<html><body>${'<ul><li>item '.repeat(depth)}</body></html>`);
    for (const path of [nested, inline, unclosed]) {
      const run = batch(path);
      expect(run.result.stderr).not.toMatch(/call stack|RangeError/);
      expect(run.result.status).toBe(0);
      expect(articleProblems(run.bad as never)).toEqual([]);
    }
  });

  it('HTML without a body, and truncated HTML, still give their text', () => {
    const noBody = write('no-body.html', '<html><head><title>Bus times</title></head><p>The 12 bus will stop at the quay from Monday.</p></html>');
    expect(batch(noBody).bad['text']).toContain('The 12 bus will stop at the quay from Monday.');
    const truncated = write('truncated.html', '<html><body><article><p>Dredging starts next month in the inner harbour.</p><p>It will take six we');
    const run = batch(truncated);
    expect(run.result.status).toBe(0);
    expect(run.bad['text']).toContain('Dredging starts next month in the inner harbour.');
  });

  it('a page that is all navigation, or a text that is all debris, gives an empty text and a warning', () => {
    const nav = write('nav.html', '<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><footer><a href="/about">About us</a></footer></body></html>');
    const debris = write('debris.txt', 'Share this\n\nAdvertisement\n\nBack to top button\n\n© 2024 The Gazette');
    for (const path of [nav, debris]) {
      const run = batch(path);
      expect(run.result.status).toBe(0);
      expect(run.bad['text']).toBe('');
      expect(run.bad['messages']).toContainEqual(expect.objectContaining({ level: 'warning', ruleId: 'extract/no-content' }));
    }
  });

  it('a document over the time limit fails with a timeout naming it, and the batch goes on', () => {
    const long = write('long.txt', 'A paragraph about the tide tables and the harbour.\n\n'.repeat(40_000));
    const lines = [JSON.stringify({ id: 'slow-1', text: 'x '.repeat(1_000_000) }), JSON.stringify({ id: 'bad' })].join('\n');
    const file = runCli(['analyze', long, long, '--time-limit', '1', '--format', 'jsonl']);
    expect(file.status).toBe(1);
    expect(jsonLines(file.stdout).map((o) => (o['error'] as { code: string }).code)).toEqual(['timeout', 'timeout']);
    expect(file.stderr).toMatch(new RegExp(`^presslens: ${long}: time limit of 1 ms exceeded during \\S`, 'm'));
    const jsonl = runCli(['analyze', '--input-format', 'jsonl', '--time-limit', '1'], lines);
    expect(jsonLines(jsonl.stdout).map((o) => o['id'])).toEqual(['slow-1', 'bad']);
  });

  it('stdin over the size limit', () => {
    const result = runCli(['analyze', '--max-bytes', '100'], 'A sentence about the harbour. '.repeat(10));
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('presslens: stdin: input is 300 bytes, over the limit of 100\n');
  });

  it('a missing file names the file', () => {
    const path = join(dir, 'missing.txt');
    expectOneLineError(batch(path), path, 'not-found', /no such file or directory/);
  });
});

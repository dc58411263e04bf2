import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-support/cli.js';
import { articleProblems } from '../test-support/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'presslens-cli-'));
const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body><nav><a href="/">Home</a></nav><article><h1>${title}</h1>${body}</article></body></html>`;

describe('presslens analyze', () => {
  it('reads JSONL and writes one article per line in input order, with error objects for bad lines', () => {
    const lines = [
      JSON.stringify({ id: 'one', text: 'The council met on Tuesday. It voted.' }),
      '{not json',
      JSON.stringify({ id: 'two', html: page('Flood warning', '<p>The river rose overnight and the mayor called for calm.</p>') }),
      JSON.stringify({ id: 'both', html: '<p>x</p>', text: 'x' }),
      JSON.stringify({ id: 'three', text: 'Exact  text\n', verbatim: true }),
    ].join('\n');
    const result = runCli(['analyze', '--input-format', 'jsonl', '--format', 'jsonl'], lines);
    expect(result.status).toBe(1);
    const out = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['one', 'stdin:2', 'two', 'both', 'three']);
    expect(out[1].error.code).toBe('invalid-json');
    expect(out[3].error.message).toMatch(/both: give exactly one of "html" and "text"/);
    expect(out[4].text).toBe('Exact  text\n');
    for (const article of [out[0], out[2], out[4]]) expect(articleProblems(article)).toEqual([]);
    expect(result.stderr).toMatch(/^presslens: stdin:2: not valid JSON$/m);
  });

  it('reads a directory of files, sorted, and goes on past a bad file', () => {
    const folder = join(dir, 'batch');
    mkdirSync(folder);
    writeFileSync(join(folder, 'b.html'), page('Second', '<p>A paragraph about the harbour and its new ferry line, opened today.</p>'));
    writeFileSync(join(folder, 'a.txt'), 'A plain text article.\n\nWith two paragraphs.');
    writeFileSync(join(folder, 'c.txt'), '');
    writeFileSync(join(folder, 'ignored.md'), '# not read');
    const result = runCli(['analyze', folder, '--format', 'jsonl']);
    expect(result.status).toBe(1);
    const out = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(3);
    expect(out[0].text).toContain('A plain text article.');
    expect(out[1].text).toContain('new ferry line');
    expect(out[2].error.code).toBe('empty-input');
    expect(result.stderr).toContain(`presslens: ${join(folder, 'c.txt')}: input is empty`);
  });

  it('reads stdin when given no input and writes one JSON object', () => {
    const result = runCli(['analyze', '--format', 'json'], 'Just one sentence here.');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).text).toBe('Just one sentence here.');
  });

  it('writes a text report and a self-contained html page', () => {
    const file = join(dir, 'report.txt');
    writeFileSync(file, 'A short report. <script>alert(1)</script>');
    const text = runCli(['analyze', file, '--format', 'text']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('## Text');
    const html = runCli(['analyze', file, '--format', 'html']);
    expect(html.stdout).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.stdout).not.toContain('<script>');
  });

  it('exits 2 with usage errors', () => {
    expect(runCli(['analyze', '--format', 'yaml']).status).toBe(2);
    expect(runCli(['frobnicate']).status).toBe(2);
    expect(runCli(['analyze', '--bogus']).status).toBe(2);
  });
});

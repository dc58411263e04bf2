// Output formats, batches on worker threads, ordering, the progress bar on a terminal and silence in pipes.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { analyzeCommand } from '../src/cli/analyze-command.js';
import { runCli } from '../src/test-support/cli.js';
import { articleProblems } from '../src/test-support/schema.js';
import { CASES_DIR } from './golden-cases.mjs';
import { jsonLines } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'presslens-batch-'));
const story = (n: number) => `Harbour story number ${n}\n\nThe harbour board met for the ${n}th time this year.\n\nIt agreed to repaint the lighthouse.`;

describe('output formats', () => {
  const file = join(dir, 'hostile.txt');
  writeFileSync(file, 'Council & <b>friends</b> vote on the "pier"\n\nA summary with <img src=x onerror=alert(1)> in it.\n\nThe vote was <script>alert(1)</script> close.\n\nIt passed.');

  it('json: one pretty object for one input, an array for several', () => {
    const one = runCli(['analyze', file, '--format', 'json']);
    expect(one.status).toBe(0);
    const article = JSON.parse(one.stdout);
    expect(article.title).toBe('Council & <b>friends</b> vote on the "pier"');
    expect(articleProblems(article)).toEqual([]);
    const two = runCli(['analyze', file, file, '--format', 'json']);
    expect(JSON.parse(two.stdout)).toHaveLength(2);
  });

  it('jsonl is the default for several inputs into a pipe', () => {
    const out = runCli(['analyze', file, file]);
    expect(jsonLines(out.stdout)).toHaveLength(2);
  });

  it('text: a readable report with metadata, blocks and the text', () => {
    const out = runCli(['analyze', file, '--format', 'text']);
    expect(out.stdout).toMatch(/^# Council & <b>friends<\/b> vote on the "pier"$/m);
    expect(out.stdout).toMatch(/^size +\d+ words, 3 blocks, \d+ sentences$/m);
    expect(out.stdout).toContain('## Text');
    const list = runCli(['analyze', join(CASES_DIR, 'text-list/input.txt'), '--format', 'text']).stdout;
    expect(list).toMatch(/^### What changes$/m);
    expect(list).toMatch(/^• Food waste goes in the small green caddy\.$/m);
    expect(runCli(['analyze', join(CASES_DIR, 'text-list/input.txt'), '--format', 'html']).stdout).toMatch(/<ul><li class="list-item">Food waste/);
  });

  it('html: a self-contained page, no script, every piece of content escaped', () => {
    const out = runCli(['analyze', file, '--format', 'html']).stdout;
    const tags = new Set([...out.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase()));
    expect([...tags].filter((t) => !['html', 'head', 'meta', 'title', 'style', 'body', 'h1', 'h2', 'p', 'blockquote', 'ul', 'li', 'mark', 'article', 'section'].includes(t))).toEqual([]);
    expect(out).toContain('Council &amp; &lt;b&gt;friends&lt;/b&gt; vote on the &quot;pier&quot;');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).not.toMatch(/<[^>]*\b(src|href)\s*=/i);
    expect(out).toContain("Content-Security-Policy\" content=\"default-src 'none'");
    const batch = runCli(['analyze', file, join(CASES_DIR, 'text-list/input.txt'), '--format', 'html']).stdout;
    expect(batch.match(/<!doctype html>/g)).toHaveLength(1);
    expect(batch.match(/<article>/g)).toHaveLength(2);
    expect(batch.trimEnd()).toMatch(/<\/article>\n<\/body><\/html>$/);
  });
});

describe('--verbatim', () => {
  it('keeps a text file byte for byte: no title, debris or heading handling', () => {
    const raw = 'IraqIranMiddle East\r\n\r\nHeadline here\r\n\r\n  Body  text.\r\n\r\nBack to top button\r\n';
    const file = join(dir, 'verbatim.txt');
    writeFileSync(file, raw);
    const article = JSON.parse(runCli(['analyze', file, '--verbatim', '--format', 'json']).stdout);
    expect(article.text).toBe(raw);
    expect(article.title).toBeNull();
    expect(article.categories).toEqual([]);
    expect(articleProblems(article)).toEqual([]);
  });
});

describe('batches', () => {
  it('keeps JSONL output in input order on several worker threads, with error objects for bad lines', () => {
    const big = 'A long paragraph about the harbour and its boats, written many times over. '.repeat(4_000);
    const lines = [
      JSON.stringify({ id: 'big', text: big }),
      JSON.stringify({ id: 'small-1', text: story(1) }),
      '[1, 2]',
      JSON.stringify({ id: 'no-body' }),
      JSON.stringify({ id: 'small-2', html: '<p>The lighthouse was repainted white and red.</p>' }),
      JSON.stringify({ id: 'verbatim', text: story(3), verbatim: true }),
    ].join('\n');
    const result = runCli(['analyze', '--input-format', 'jsonl', '--format', 'jsonl', '--jobs', '2'], lines);
    expect(result.status).toBe(1);
    const out = jsonLines(result.stdout);
    expect(out.map((o) => o['id'])).toEqual(['big', 'small-1', 'stdin:3', 'no-body', 'small-2', 'verbatim']);
    expect(out[2]!['error']).toEqual({ code: 'invalid-input', message: 'stdin:3: a line must be a JSON object' });
    expect(out[3]!['error']).toMatchObject({ code: 'invalid-input' });
    expect(out[5]!['text']).toBe(story(3));
    expect(result.stderr.trim().split('\n')).toEqual([
      'presslens: stdin:3: a line must be a JSON object',
      'presslens: stdin:4: no-body: give one of "html" or "text" (or a "url" to fetch)',
    ]);
  });

  it('says nothing on stderr in a pipe when every input succeeds', () => {
    const folder = join(dir, 'quiet');
    mkdirSync(folder);
    for (let n = 0; n < 6; n++) writeFileSync(join(folder, `story-${n}.txt`), story(n));
    const result = runCli(['analyze', folder]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(jsonLines(result.stdout).map((o) => o['title'])).toEqual([0, 1, 2, 3, 4, 5].map((n) => `Harbour story number ${n}`));
  });

  it('shows a progress bar with rate and ETA on a terminal, and prints errors above it', async () => {
    const folder = join(dir, 'tty');
    mkdirSync(folder);
    for (let n = 0; n < 3; n++) writeFileSync(join(folder, `story-${n}.txt`), story(n));
    writeFileSync(join(folder, 'story-9.txt'), '');
    let err = '';
    const stderr = Object.assign(new Writable({ write(chunk, _enc, done) { err += String(chunk); done(); } }), { isTTY: true, columns: 120 });
    const stdout = new PassThrough();
    stdout.resume();
    const code = await analyzeCommand([folder, '--jobs', '1', '--format', 'jsonl'], {
      stdin: new PassThrough(), stdout, stderr, stdoutIsTTY: false, stderrIsTTY: true,
    });
    expect(code).toBe(1);
    expect(err).toMatch(/analysing .* 0\/4 · 0\.0 docs\/s · ETA/);
    expect(err).toMatch(/analysing .* 4\/4 · \d+\.\d docs\/s · ETA \S+/);
    expect(err).toContain(`\r\x1b[2Kpresslens: ${join(folder, 'story-9.txt')}: input is empty\n`);
  });

  it('stays silent on a terminal with --no-progress', async () => {
    let err = '';
    const stderr = Object.assign(new Writable({ write(chunk, _enc, done) { err += String(chunk); done(); } }), { isTTY: true });
    const stdout = new PassThrough();
    stdout.resume();
    const file = join(dir, 'one.txt');
    writeFileSync(file, story(1));
    await analyzeCommand([file, file, '--jobs', '1', '--no-progress'], { stdin: new PassThrough(), stdout, stderr, stdoutIsTTY: false, stderrIsTTY: true });
    expect(err).toBe('');
  });
});

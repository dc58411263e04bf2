import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-support/cli.js';
import { countSegments, sameMetadata, shingleOverlap, shingleScores } from './eval-extraction-metrics.js';

const BODY = [
  'The tide mill at Westerby reopened on Saturday after a restoration that took volunteers six years to finish.',
  'Visitors can watch the wheel turn twice a day, when the tide leaves the mill pond through the old sluice gate.',
];
const PAGE = `<html><head><title>Tide mill reopens | Westerby Echo</title><meta property="og:site_name" content="Westerby Echo">
<meta property="article:published_time" content="2022-06-04T09:00:00Z"><meta name="author" content="Rosa Pell"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><h1>Tide mill reopens</h1>
${BODY.map((p) => `<p>${p}</p>`).join('')}<footer>Copyright Westerby Echo Ltd</footer></body></html>`;

function fixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'presslens-eval-'));
  writeFileSync(join(dir, 'mill.html'), PAGE);
  writeFileSync(join(dir, 'mill2.html.gz'), gzipSync(PAGE));
  writeFileSync(join(dir, 'segments.json'), JSON.stringify({
    'https://echo.example/mill': {
      file: 'mill.html', with: ['reopened on Saturday', 'through the old sluice gate'], without: ['Copyright Westerby', 'Home News'],
      title: 'Tide mill reopens', author: 'Rosa Pell', date: '2022-06-04',
    },
  }));
  writeFileSync(join(dir, 'zyte.json'), JSON.stringify({ mill2: { articleBody: BODY.join('\n') } }));
  writeFileSync(join(dir, 'missing.json'), JSON.stringify({ nowhere: { articleBody: 'text' } }));
  return dir;
}

describe('eval extraction metrics', () => {
  it('counts segments after collapsing whitespace', () => {
    expect(countSegments('one  two\nthree four', ['two three', 'five'], ['four', 'six'])).toEqual({ tp: 1, fp: 1, fn: 1, tn: 1 });
  });

  it('scores word 4-gram shingles per page and averages pages', () => {
    expect(shingleOverlap('a b c d e', 'a b c d e')).toEqual([1, 0, 0]);
    const [tp, fp, fn] = shingleOverlap('a b c d e', 'a b c d x');
    expect(tp).toBeCloseTo(1 / 3);
    expect(fp).toBeCloseTo(1 / 3);
    expect(fn).toBeCloseTo(1 / 3);
    expect(shingleScores([[1, 0, 0], [0.5, 0.5, 0]])).toEqual({ precision: 0.75, recall: 1, f1: (2 * 0.75) / 1.75 });
  });

  it('compares metadata loosely', () => {
    expect(sameMetadata.author('Rosa Pell; Tom Ash', ['tom ash', 'Rosa  Pell'])).toBe(true);
    expect(sameMetadata.date('2022-6-4', '2022-06-04T23:00:00-05:00')).toBe(true);
    expect(sameMetadata.title('Tide Mill', 'Tide mill reopens')).toBe(false);
  });
});

describe('presslens eval extraction', () => {
  const dir = fixture();

  it('scores trafilatura-style segment gold with metadata', () => {
    const run = runCli(['eval', 'extraction', '--gold', join(dir, 'segments.json'), '--pages', dir, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.style).toBe('segments');
    expect(result.text).toMatchObject({ tp: 2, fp: 0, fn: 0, tn: 2, f1: 1 });
    expect(result.metadata).toEqual({
      title: { correct: 1, n: 1, accuracy: 1 }, author: { correct: 1, n: 1, accuracy: 1 }, date: { correct: 1, n: 1, accuracy: 1 },
    });
  });

  it('scores Zyte-style articleBody gold from gzipped pages, as a text report', () => {
    const run = runCli(['eval', 'extraction', '--gold', join(dir, 'zyte.json'), '--pages', dir]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/1 pages, shingles gold/);
    expect(run.stdout).toMatch(/text +P 1\.000 R 1\.000 F1 1\.000/);
  });

  it('reports a missing page by name, scores it as empty and exits 1', () => {
    const run = runCli(['eval', 'extraction', '--gold', join(dir, 'missing.json'), '--pages', dir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/nowhere\.html: page not found for gold entry "nowhere"/);
    expect(run.stdout).toMatch(/F1 0\.000/);
  });

  it('rejects unknown gold formats and missing options with a usage error', () => {
    writeFileSync(join(dir, 'odd.json'), JSON.stringify({ a: { body: 'x' } }));
    const odd = runCli(['eval', 'extraction', '--gold', join(dir, 'odd.json'), '--pages', dir]);
    expect(odd.status).toBe(1);
    expect(odd.stderr).toMatch(/odd\.json: unknown gold format/);
    expect(runCli(['eval', 'extraction']).status).toBe(2);
    expect(runCli(['eval', 'sentiment']).stderr).toMatch(/unknown eval subcommand "sentiment"/);
  });
});

describe('options before the command', () => {
  it('are passed to the command', () => {
    const input = `${JSON.stringify({ id: 'mill', html: PAGE })}\n`;
    const run = runCli(['--extract-only', 'analyze', '--input-format', 'jsonl', '--format', 'jsonl'], input);
    expect(run.status).toBe(0);
    const article = JSON.parse(run.stdout.trim());
    expect(article.id).toBe('mill');
    expect(article.text).toBe(BODY.join('\n\n'));
    expect(article.title).toBe('Tide mill reopens');
  });
});

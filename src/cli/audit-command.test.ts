import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-support/cli.js';
import { parseDelimited } from './audit-command.js';

describe('parseDelimited', () => {
  it('reads quoted fields with doubled quotes, separators and newlines inside', () => {
    expect(parseDelimited('a;b\n"x ""y"";z";"two\nlines"\n', ';')).toEqual([['a', 'b'], ['x "y";z', 'two\nlines']]);
  });
});

describe('presslens audit', () => {
  // A tiny fictional BABE-shaped file: same layout and columns, invented sentences.
  const dir = mkdtempSync(join(tmpdir(), 'presslens-audit-'));
  mkdirSync(join(dir, 'data'));
  const rows = [
    ['The savage regime slaughtered protesters, a brutal massacre.', 'left', 'Biased'],
    ['Radical left thugs and illegal aliens are destroying the country.', 'right', 'Biased'],
    ['The council approved the budget on Tuesday.', 'left', 'Non-biased'],
    ['The senator will visit the plant next week.', 'right', 'Non-biased'],
    ['Results were not agreed on.', 'center', 'No agreement'],
  ];
  writeFileSync(join(dir, 'data', 'final_labels_SG2.csv'), '\uFEFFtext;news_link;outlet;topic;type;label_bias;label_opinion;biased_words\n' +
    rows.map(([text, type, label]) => `"${text}";https://example.test;Example;topic;${type};${label};x;[]`).join('\n') + '\n');

  it('reports flag rates by leaning and the pass criteria', () => {
    const result = runCli(['audit', '--data', dir, '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    // the biased sentences hold lexicon terms (savage, regime, slaughtered, thugs, illegal aliens): always flagged
    expect(report.biased).toMatchObject({ flagged: 2, sentences: 2, rate: 1 });
    expect(report.unbiased.sentences).toBe(2);
    expect(report.unbiasedByLeaning.left.sentences).toBe(1);
    expect(report.unbiasedByLeaning.right.sentences).toBe(1);
    expect(report.leaningGapPoints).toBeCloseTo(100 * Math.abs(report.unbiasedByLeaning.left.rate - report.unbiasedByLeaning.right.rate), 6);
    expect(report.sentences).toBe(5);
  });

  it('explains a missing data folder', () => {
    const result = runCli(['audit', '--data', join(dir, 'nowhere')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/nowhere: no final_labels_SG2\.csv/);
  });
});

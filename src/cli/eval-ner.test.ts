import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'presslens-eval-ner-'));
// A small fictional CoNLL file (IOB2): two documents, names the shipped model is expected to find.
const GOLD = `-DOCSTART- -X- O O

President O
Lena B-PER
Varga I-PER
flew O
to O
Vienna B-LOC
on O
Tuesday O
. O

-DOCSTART- -X- O O

The O
United B-ORG
Nations I-ORG
said O
Germany B-LOC
and O
France B-LOC
agreed O
. O
`;

describe('presslens eval ner', () => {
  const file = join(dir, 'gold.conll');
  writeFileSync(file, GOLD);

  it('scores entities against CoNLL gold, overall and per type', () => {
    const result = runCli(['eval', 'ner', '--conll', file]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${file}: 2 documents, 5 gold entities (CoNLL types)`);
    expect(result.stdout).toMatch(/^overall +P \d\.\d{4} +R \d\.\d{4} +F1 \d\.\d{4}/m);
    expect(result.stdout).toMatch(/^LOC .*\(tp 3 fp 0 fn 0\)$/m);
  });

  it('writes JSON with counts that add up', () => {
    const result = runCli(['eval', 'ner', '--conll', file, '--format', 'json']);
    const report = JSON.parse(result.stdout) as { documents: number; overall: { tp: number; fn: number }; perType: Record<string, { tp: number; fn: number }> };
    expect(report.documents).toBe(2);
    expect(report.overall.tp + report.overall.fn).toBe(5);
    expect(Object.values(report.perType).reduce((n, s) => n + s.tp, 0)).toBe(report.overall.tp);
  });

  it('names the file and the problem for bad input, and exits 2 on usage errors', () => {
    const bad = join(dir, 'bad.conll');
    writeFileSync(bad, 'Lena PERSON\n');
    const malformed = runCli(['eval', 'ner', '--conll', bad]);
    expect(malformed.status).toBe(1);
    expect(malformed.stderr).toContain(`${bad}: line 1: "PERSON" is not an IOB/IOBES tag`);
    expect(runCli(['eval', 'ner', '--conll', join(dir, 'missing.conll')]).stderr).toMatch(/missing\.conll: cannot read \(ENOENT\)/);
    expect(runCli(['eval', 'ner']).status).toBe(2);
    expect(runCli(['eval', 'sentiment']).status).toBe(2);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-support/cli.js';
import { readBratRelations } from './eval-quotes.js';

// A fictional two-relation article annotated by hand in brat standoff (offsets in code points).
const TEXT = '“The harbour stays open,” Mara Quist said.\n\nThe council said that fees would rise.\n';
function span(fragment: string, from = 0): string {
  const start = [...TEXT.slice(0, TEXT.indexOf(fragment, from))].length;
  return `${start} ${start + [...fragment].length}`;
}
const ANN = [
  `T1\tContent ${span('“The harbour stays open,”')}\t“The harbour stays open,”`,
  `T2\tSource ${span('Mara Quist')}\tMara Quist`,
  `T3\tCue ${span('said')}\tsaid`,
  `T4\tAttribution ${span('said')}\tsaid`,
  'E1\tAttribution:T4 Content:T1 Source:T2 Cue:T3',
  `T5\tSource ${span('The council')}\tThe council`,
  `T6\tCue ${span('said', 45)}\tsaid`,
  `T7\tContent ${span('that fees would rise')}\tthat fees would rise`,
  `T8\tAttribution ${span('said', 45)}\tsaid`,
  'E2\tAttribution:T8 Content:T7 Source:T5 Cue:T6',
  '',
].join('\n');

describe('presslens eval quotes', () => {
  it('reads brat attribution events into source, cue and content spans', () => {
    const relations = readBratRelations(ANN, TEXT);
    expect(relations.map((r) => r.sources.map(([s, e]) => TEXT.slice(s, e)))).toEqual([['Mara Quist'], ['The council']]);
    expect(relations[1]!.contents.map(([s, e]) => TEXT.slice(s, e))).toEqual(['that fees would rise']);
  });

  it('scores a brat folder and reports exact, overlap and speaker figures', () => {
    const dir = mkdtempSync(join(tmpdir(), 'presslens-brat-'));
    writeFileSync(join(dir, 'harbour.txt'), TEXT);
    writeFileSync(join(dir, 'harbour.ann'), ANN);
    const result = runCli(['eval', 'quotes', '--brat', dir, '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const scores = JSON.parse(result.stdout);
    expect(scores.documents).toBe(1);
    expect(scores.goldQuotes).toBe(2);
    expect(scores.exact.content.f1).toBe(1);
    expect(scores.exact.source.f1).toBe(1);
    expect(scores.exact.cue.f1).toBe(1);
    expect(scores.speaker.accuracy).toBe(1);
  });

  it('refuses a missing folder with a usage error', () => {
    const result = runCli(['eval', 'quotes', '--brat', '/nonexistent/presslens-gold']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/\/nonexistent\/presslens-gold: not a directory/);
  });
});

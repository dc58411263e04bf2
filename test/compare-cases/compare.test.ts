import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { ArticleJson } from '../../src/core/article.js';
import { compareArticles, type CoverageDiff, type Evidence } from '../../src/compare/index.js';
import { runCli } from '../../src/test-support/cli.js';
import { AMBERLOW_CASE, agency, localPaper, teldranOutlet, wireCopy } from './amberlow-rockets.js';
import { buildArticle, type CaseArticle } from './build.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/coverage-diff.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

/** Schema problems plus every evidence span checked against its article's text. */
function diffProblems(diff: CoverageDiff, articles: ArticleJson[]): string[] {
  const problems = validate(diff) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  const texts = new Map(articles.map((a) => [a.id, a.text]));
  const check = (e: Evidence) => {
    if (texts.get(e.articleId)?.slice(e.start, e.end) !== e.text) problems.push(`evidence ${e.articleId}:${e.start}-${e.end} does not match ${JSON.stringify(e.text)}`);
  };
  diff.entities.forEach((x) => x.evidence.forEach(check));
  diff.speakers.forEach((x) => x.evidence.forEach(check));
  diff.quotes.forEach((x) => x.occurrences.forEach(check));
  diff.numbers.forEach((x) => x.claims.forEach(check));
  diff.framing.forEach((x) => x.uses.forEach(check));
  return problems;
}

const ids = { local: localPaper.id, teldran: teldranOutlet.id, agency: agency.id, copy: wireCopy.id };

describe('coverage diff of the Amberlow case (analyses with entities, quotes and framing)', () => {
  const articles = AMBERLOW_CASE.map((c) => buildArticle(c));
  const diff = compareArticles(articles);

  it('validates against schema/coverage-diff.schema.json with every evidence span inside its article', () => {
    expect(diffProblems(diff, articles)).toEqual([]);
    expect(diff.articles.map((a) => [a.outlet, a.entitiesFrom, a.quotesFrom])).toEqual([
      ['Amberlow Evening Post', 'analysis', 'analysis'], ['Voice of Teldra', 'analysis', 'analysis'],
      ['Northgate Wire', 'analysis', 'analysis'], ['Meridian Daily', 'analysis', 'analysis'],
    ]);
    expect(diff.notes).toEqual([]);
  });

  it('groups the agency text and its copy as one wire story', () => {
    expect(diff.wireGroups).toEqual([{ articleIds: [ids.agency, ids.copy], similarity: expect.any(Number) }]);
  });

  it('shows which entities each outlet names and omits, counting name matches in text as inclusion', () => {
    const entity = (name: string) => diff.entities.find((e) => e.name === name)!;
    expect(entity('Pavel Dorn')).toMatchObject({ type: 'PERSON', includedBy: [ids.local], omittedBy: [ids.teldran, ids.agency, ids.copy] });
    expect(entity('Osk').omittedBy).toEqual([ids.local]);
    expect(entity('Kessel Hills Front').omittedBy).toEqual([ids.local]);
    expect(entity('Amberlow').omittedBy).toEqual([]);
  });

  it('shows whose voices are heard where', () => {
    const speaker = (name: string) => diff.speakers.find((s) => s.name === name)!;
    expect(speaker('Rami Telek')).toMatchObject({
      quotedBy: [{ articleId: ids.teldran, quotes: 1 }, { articleId: ids.agency, quotes: 1 }, { articleId: ids.copy, quotes: 1 }],
      absentFrom: [ids.local],
    });
    expect(speaker('Pavel Dorn')).toMatchObject({ quotedBy: [{ articleId: ids.local, quotes: 1 }], mentionedOnlyBy: [] });
  });

  it('matches the same quote trimmed differently, and lists exclusive quotes', () => {
    const marken = diff.quotes.find((g) => g.speaker === 'Ilse Marken')!;
    expect(marken).toMatchObject({ status: 'shared', articleIds: [ids.local, ids.agency, ids.copy], omittedBy: [ids.teldran] });
    expect(marken.occurrences[0]!.text).toContain('and it will be answered');
    expect(marken.occurrences[1]!.text).not.toContain('answered');
    const telek = diff.quotes.find((g) => g.speaker === 'Rami Telek')!;
    expect(telek.articleIds).toEqual([ids.teldran, ids.agency, ids.copy]);
    expect(diff.quotes.filter((g) => g.status === 'exclusive').map((g) => g.speaker).sort()).toEqual(['Hana Selby', 'Oren Vasko', 'Pavel Dorn']);
  });

  it('aligns figures and flags the ones that conflict', () => {
    const row = (key: string, text: string) => diff.numbers.find((n) => n.key === key && n.claims.some((c) => c.text === text))!;
    expect(row('rocket|launch', '100 rockets')).toMatchObject({ status: 'conflicting', flagged: true });
    expect(row('people|injury', '23')).toMatchObject({ status: 'conflicting', articleIds: [ids.local, ids.agency, ids.copy] });
    const osk = row('people|death', 'nine villagers');
    expect(osk.status).toBe('conflicting');
    expect(osk.claims.map((c) => c.text).sort()).toEqual(['nine villagers', 'seven people', 'seven people']);
    expect(row('people|death', 'four civilians')).toMatchObject({ status: 'consistent', omittedBy: [ids.teldran] });
  });

  it('shows different words for the same referent, with the framing findings attached', () => {
    const byGroup = (id: string) => diff.framing.find((f) => f.groupId === id)!;
    const regime = byGroup('governing-authority');
    expect(regime.terms).toEqual([
      { term: 'regime', connotation: expect.any(String), articleIds: [ids.local] },
      { term: 'government', connotation: 'descriptive', articleIds: [ids.agency, ids.copy] },
    ]);
    expect(regime.uses.find((u) => u.term === 'regime')).toMatchObject({ articleId: ids.local, technique: 'Loaded_Language', voice: 'outlet' });
    const fighters = byGroup('armed-group-members');
    expect(fighters.terms.map((t) => [t.term, t.articleIds])).toEqual(expect.arrayContaining([
      ['terrorists', [ids.local]], ['resistance fighters', [ids.teldran]], ['militants', [ids.agency, ids.copy]],
    ]));
    // "Our fighters" is inside Telek's quote: reported in the quoted voice.
    expect(fighters.uses.find((u) => u.term === 'fighters')).toMatchObject({ voice: 'quoted' });
    const death = byGroup('violent-death');
    expect(death.terms.map((t) => t.term).sort()).toEqual(['killed', 'martyred']);
    expect(death.inOutletVoice).toBe(true);
  });
});

describe('coverage diff without entity, quote or framing annotations (today\'s analyze output)', () => {
  const articles = AMBERLOW_CASE.map((c) => buildArticle(c, false));
  const diff = compareArticles(articles);

  it('falls back to capitalised names and quotation marks, says so, and still finds the differences', () => {
    expect(diffProblems(diff, articles)).toEqual([]);
    expect(diff.articles.every((a) => a.entitiesFrom === 'fallback' && a.quotesFrom === 'fallback')).toBe(true);
    expect(diff.notes.join(' ')).toMatch(/capitalised names used instead/);
    expect(diff.entities.find((e) => e.name === 'Pavel Dorn')).toMatchObject({ type: null, includedBy: [ids.local] });
    expect(diff.speakers.find((s) => s.name === 'Rami Telek')!.quotedBy.map((q) => q.articleId)).toEqual([ids.teldran, ids.agency, ids.copy]);
    expect(diff.quotes.find((g) => g.speaker === 'Ilse Marken')!.status).toBe('shared');
    expect(diff.numbers.find((n) => n.key === 'rocket|launch')!.status).toBe('conflicting');
    expect(diff.framing.map((f) => f.groupId).sort()).toEqual(['armed-group-members', 'governing-authority', 'violent-death']);
  });
});

describe('framing differences found from framing findings alone', () => {
  const junta: CaseArticle = {
    id: 'one', siteName: 'The Evening Lantern', url: 'https://lantern.example/a', title: 'Council of officers takes power', publishedAt: '2031-07-01T10:00:00Z',
    body: 'The <<junta|Name_Calling,Labeling|military council>> in Brevland closed the airport on Sunday.',
  };
  const council: CaseArticle = {
    id: 'two', siteName: 'Kestria Today', url: 'https://kestria-today.example/b', title: 'Brevland airport closed', publishedAt: '2031-07-01T11:00:00Z',
    body: 'The military council in Brevland closed the airport on Sunday, officials said.',
  };
  const quotedOnly: CaseArticle = {
    id: 'three', siteName: 'Riverside Herald', url: 'https://riverside.example/c', title: 'Airport shut', publishedAt: '2031-07-01T12:00:00Z',
    body: 'A Brevland pilot said "{{q1:the <<junta|Name_Calling,Labeling|military council>> stole our jobs}}" as the military council closed the airport.',
    quotes: { q1: { kind: 'direct', speaker: null } },
  };

  it('pairs a finding\'s words with its alternative used by another outlet', () => {
    const articles = [junta, council].map((c) => buildArticle(c));
    const diff = compareArticles(articles);
    expect(diffProblems(diff, articles)).toEqual([]);
    expect(diff.framing).toEqual([expect.objectContaining({
      referent: 'military council', groupId: null, source: 'findings', inOutletVoice: true,
      terms: [{ term: 'junta', connotation: 'Name_Calling,Labeling', articleIds: ['one'] }, { term: 'military council', connotation: 'the plainer alternative', articleIds: ['two'] }],
    })]);
  });

  it('says when the loaded word is only inside a quote', () => {
    const articles = [council, quotedOnly].map((c) => buildArticle(c));
    const [difference] = compareArticles(articles).framing;
    expect(difference!.uses.find((u) => u.term === 'junta')).toMatchObject({ voice: 'quoted', articleId: 'three' });
    expect(difference!.inOutletVoice).toBe(false);
  });
});

describe('presslens compare', () => {
  const dir = mkdtempSync(join(tmpdir(), 'presslens-compare-'));
  const files = AMBERLOW_CASE.map((c) => {
    const article = buildArticle(c);
    writeFileSync(join(dir, `${c.id}.json`), JSON.stringify(article));
    writeFileSync(join(dir, `${c.id}.txt`), article.text);
    return c.id;
  });

  it('compares analyses and writes JSON that validates', () => {
    const articles = files.map((id) => JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')) as ArticleJson);
    const result = runCli(['compare', ...files.map((id) => join(dir, `${id}.json`)), '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const diff = JSON.parse(result.stdout) as CoverageDiff;
    expect(diffProblems(diff, articles)).toEqual([]);
    expect(diff.speakers.find((s) => s.name === 'Rami Telek')!.absentFrom).toEqual([ids.local]);
  });

  it('analyses raw text files first, and writes a text report', () => {
    const result = runCli(['compare', ...files.map((id) => join(dir, `${id}.txt`)), '--format', 'text']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('# Coverage of 4 articles');
    expect(result.stdout).toMatch(/! conflicting · rocket \(launch\): A "100 rockets"/);
    expect(result.stdout).toContain('wire copies: C D');
  });

  it('clusters mixed inputs into stories with --cluster', () => {
    const other = join(dir, 'other.txt');
    writeFileSync(other, 'The Harbour Gazette reports that the Tarva ferry line reopened in Pellgate after repairs to the quay.');
    const result = runCli(['compare', '--cluster', ...files.map((id) => join(dir, `${id}.json`)), other, '--format', 'json']);
    expect(result.status).toBe(0);
    const diffs = JSON.parse(result.stdout) as CoverageDiff[];
    expect(diffs.every((d) => validate(d))).toBe(true);
    const story = diffs.find((d) => d.articles.some((a) => a.id === ids.agency))!;
    expect(story.articles.map((a) => a.id)).toEqual(expect.arrayContaining([ids.agency, ids.copy]));
    expect(diffs.flatMap((d) => d.articles.map((a) => a.id))).not.toContain('other.txt');
    expect(result.stderr).toMatch(/articles? had no other coverage of the same story/);
  });

  it('reports a bad input, compares the rest and exits 1; usage errors exit 2', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ id: 'x', text: 'not an analysis' }));
    const result = runCli(['compare', bad, join(dir, `${files[0]}.json`), join(dir, `${files[1]}.json`), '--format', 'json']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`presslens: ${bad}: not a presslens analysis`);
    expect(JSON.parse(result.stdout).articles).toHaveLength(2);
    expect(runCli(['compare']).status).toBe(2);
    expect(runCli(['compare', bad, '--format', 'html']).status).toBe(2);
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../core/pipeline.js';
import { articleProblems } from '../../test-support/schema.js';
import { GAZETTEER_PATH, MODEL_PATH } from './index.js';
import { NerModel } from './model.js';

// A fictional report, written for these tests.
const ARTICLE = [
  'The secretary-general of the Northern Rivers Authority (NRA), Sheikh Tarek al-Mansouri, met Foreign Minister Lena Varga in Vienna on Tuesday.',
  '“We will reopen the Danube crossings,” Mansouri said after the meeting with Varga at the Hofburg Palace.',
  'The NRA said German and Austrian engineers would inspect the dams near Linz.',
].join('\n\n');

const pipeline = createPipeline();
const names = (text: string, article = pipeline.analyze({ text })) =>
  article.entities.map((e) => ({ type: e.type, name: e.name, mentions: e.mentions.map((m) => article.text.slice(m.start, m.end)) }));

describe('the shipped NER model', () => {
  it('is a compact file that loads', () => {
    expect(statSync(MODEL_PATH).size).toBeLessThan(20 * 1024 * 1024);
    const model = NerModel.load(MODEL_PATH, GAZETTEER_PATH);
    expect(model.meta.trainedOn).toContain('conll2003');
  });

  it('refuses a file that is not a model, naming it', () => {
    expect(() => NerModel.load(GAZETTEER_PATH, GAZETTEER_PATH)).toThrowError(/cannot load the NER model from .*gazetteer\.json/);
  });
});

describe('entities stage', () => {
  const article = pipeline.analyze({ text: ARTICLE });
  const entities = names(ARTICLE, article);

  it('finds people without their titles and groups their short names', () => {
    const person = entities.find((e) => e.name === 'Tarek al-Mansouri');
    expect(person).toMatchObject({ type: 'PERSON', mentions: ['Tarek al-Mansouri', 'Mansouri'] });
    expect(entities.find((e) => e.name === 'Lena Varga')?.mentions).toEqual(['Lena Varga', 'Varga']);
  });

  it('types places, nationalities and organisations in the contract’s types', () => {
    expect(entities.find((e) => e.name === 'Vienna')?.type).toBe('GPE');
    expect(entities.find((e) => e.name === 'German')?.type).toBe('NORP');
    expect(entities.find((e) => e.name === 'Northern Rivers Authority')).toMatchObject({ type: 'ORG', mentions: ['Northern Rivers Authority', 'NRA', 'NRA'] });
  });

  it('never puts dates among entities, and validates against the schema', () => {
    expect(entities.some((e) => e.mentions.includes('Tuesday'))).toBe(false);
    expect(articleProblems(article)).toEqual([]);
    expect(article.entities.every((e) => e.provenance?.model?.startsWith('ner-perceptron'))).toBe(true);
  });

  it('links an unambiguous pronoun to its person in the references extension', () => {
    const text = 'Lena Varga arrived in Vienna. She said the talks would go on.';
    const result = pipeline.analyze({ text });
    const refs = result['references'] as { start: number; end: number; entityId: string; kind: string }[];
    const varga = result.entities.find((e) => e.name === 'Lena Varga')!;
    expect(refs).toContainEqual({ start: text.indexOf('She'), end: text.indexOf('She') + 3, entityId: varga.id, kind: 'pronoun' });
  });
});

describe('references extension', () => {
  type Ref = { start: number; end: number; entityId: string; kind: string };
  const refsOf = (text: string) => {
    const result = pipeline.analyze({ text });
    const byId = new Map(result.entities.map((e) => [e.id, e.name]));
    return (result['references'] as Ref[]).map((r) => [text.slice(r.start, r.end), byId.get(r.entityId)]);
  };

  it('links a role nominal to the person it was said of, and a pronoun after it to the same person', () => {
    const text = 'Maria Lindqvist, spokeswoman for the Harbour Council, met Tomas Berg on Monday. ' +
      'Berg said the ferries would run. Later the spokeswoman repeated the plan, and she thanked the crews.';
    expect(refsOf(text)).toEqual(expect.arrayContaining([['the spokeswoman', 'Maria Lindqvist'], ['she', 'Maria Lindqvist']]));
  });

  it('links nothing when two people are equally near', () => {
    expect(refsOf('Maria Lindqvist met Tomas Berg in Vienna. He said nothing.')).toEqual([]);
  });
});

describe('entities stage on bad input', () => {
  it('handles one very long sentence in bounded time without crashing', () => {
    const text = Array.from({ length: 4000 }, (_, i) => `Lena Varga met ${i % 2 ? 'Tomas' : 'Anna'} Berg in Vienna and`).join(' ') + ' left.';
    const result = pipeline.analyze({ text });
    expect(result.entities.length).toBeGreaterThan(0);
    expect(articleProblems(result)).toEqual([]);
  });

  it('warns about text in capitals and still returns valid output', () => {
    const result = pipeline.analyze({ text: ARTICLE.toUpperCase() });
    expect(result.messages.some((m) => m.ruleId === 'entities.all-caps')).toBe(true);
    expect(articleProblems(result)).toEqual([]);
  });

  it('says when the text is not English, sets language, and recognises nothing', () => {
    const german = 'Die Bundesregierung hat am Mittwoch beschlossen, die Steuern für kleine Unternehmen zu senken. ' +
      'Der Sprecher sagte, dass die Entscheidung nach langen Verhandlungen mit den Ländern getroffen worden sei, und die Opposition kritisierte den Plan als unzureichend.';
    const result = pipeline.analyze({ text: german });
    expect(result.language).toBe('de');
    expect(result.entities).toEqual([]);
    expect(result.messages.find((m) => m.ruleId === 'entities.language')?.message).toMatch(/looks like de .*not English/);
  });

  it('accepts empty-looking and symbol-only text', () => {
    expect(pipeline.analyze({ text: '— — — ! ? …' }).entities).toEqual([]);
  });
});

const SEED = sharedPath('fixtures/seed/000_c2b7df70bbd86754.txt');
if (!SEED) console.warn('entities seed test skipped: ../shared (the project\'s shared data) is not beside this repository');

describe.skipIf(!SEED)('seed article (needs ../shared)', () => {
  it('finds at least 30 of the 32 gold entities with all their mentions grouped (seed-check)', () => {
    const text = readFileSync(SEED!, 'utf8');
    const result = pipeline.analyze({ text, label: SEED! });
    const check = spawnSync(process.execPath, [sharedPath('eval/seed-check.mjs')!, '-'], { input: JSON.stringify(result), encoding: 'utf8' });
    const found = /entities (\d+)\/(\d+)/.exec(check.stdout);
    expect(found, check.stdout + check.stderr).not.toBeNull();
    expect(Number(found![1])).toBeGreaterThanOrEqual(30);
    expect(/dates (\d+)\/(\d+)/.exec(check.stdout)?.[1]).toBe('5');
  });
});

/** A file of the shared data folder: ../shared beside the repository (or beside its worktree folder). */
function sharedPath(relative: string): string | null {
  for (const base of ['../../../../shared/', '../../../../../shared/']) {
    const path = fileURLToPath(new URL(base + relative, import.meta.url));
    if (existsSync(path)) return path;
  }
  return null;
}

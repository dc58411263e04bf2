import { describe, expect, it } from 'vitest';
import type { EntityType } from '../../core/article.js';
import aliasData from './aliases.json' with { type: 'json' };
import { AliasTable, groupMentions, nameKey, type AliasEntry, type Mention } from './canonical.js';

const aliases = new AliasTable(aliasData.entries as AliasEntry[]);

/** Mentions of the given surface forms, found left to right in the text. */
function mentionsOf(text: string, forms: [string, EntityType][]): Mention[] {
  let from = 0;
  return forms.map(([form, type]) => {
    const start = text.indexOf(form, from);
    if (start < 0) throw new Error(`${form} not in text`);
    from = start + form.length;
    return { start, end: start + form.length, type };
  });
}

function grouped(text: string, forms: [string, EntityType][]) {
  return groupMentions(text, mentionsOf(text, forms), aliases).map((e) => ({ type: e.type, name: e.name, mentions: e.mentions.map((m) => text.slice(m.start, m.end)) }));
}

describe('nameKey', () => {
  it('folds apostrophes, case and the article al-/el-', () => {
    expect(nameKey('al-Ka’abi')).toBe(nameKey("Al-Ka'abi"));
    expect(nameKey('el-Kaʿabi')).toBe(nameKey("Ka'abi"));
    expect(nameKey('U.S.')).toBe('us');
  });
});

describe('groupMentions', () => {
  it('joins surnames and short forms to the one full name that contains them', () => {
    const text = 'Commander Tarek al-Mansouri met Abu Karim al-Saadi. Mansouri said Abu Saadi agreed.';
    expect(grouped(text, [['Tarek al-Mansouri', 'PERSON'], ['Abu Karim al-Saadi', 'PERSON'], ['Mansouri', 'PERSON'], ['Abu Saadi', 'PERSON']])).toEqual([
      { type: 'PERSON', name: 'Tarek al-Mansouri', mentions: ['Tarek al-Mansouri', 'Mansouri'] },
      { type: 'PERSON', name: 'Abu Karim al-Saadi', mentions: ['Abu Karim al-Saadi', 'Abu Saadi'] },
    ]);
  });

  it('keeps a surname apart when two full names share it', () => {
    const text = 'Lena Varga and Tomas Varga spoke. Varga left.';
    const groups = grouped(text, [['Lena Varga', 'PERSON'], ['Tomas Varga', 'PERSON'], ['Varga', 'PERSON']]);
    expect(groups).toHaveLength(3);
  });

  it('groups "or" appositives and acronym definitions, and later uses of the acronym', () => {
    const text = 'the Hashd al-Sha’abi or Popular Mobilization Units (PMU) said. The PMU denied it.';
    const groups = grouped(text, [['Hashd al-Sha’abi', 'ORG'], ['Popular Mobilization Units', 'ORG'], ['PMU', 'ORG'], ['PMU', 'ORG']]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.mentions).toHaveLength(4);
    expect(groups[0]!.name).toBe('Popular Mobilization Forces');
  });

  it('defines an unknown acronym from the name before it', () => {
    const text = 'the Northern Rivers Authority (NRA) said. The NRA will act.';
    const groups = grouped(text, [['Northern Rivers Authority', 'ORG'], ['NRA', 'ORG'], ['NRA', 'ORG']]);
    expect(groups).toEqual([{ type: 'ORG', name: 'Northern Rivers Authority', mentions: ['Northern Rivers Authority', 'NRA', 'NRA'] }]);
  });

  it('names aliases by the alias table, whatever side uses them', () => {
    const text = 'Rockets hit al-Quds. Jerusalem was tense. Daesh and ISIS were named.';
    expect(grouped(text, [['al-Quds', 'GPE'], ['Jerusalem', 'GPE'], ['Daesh', 'ORG'], ['ISIS', 'ORG']])).toEqual([
      { type: 'GPE', name: 'Jerusalem', mentions: ['al-Quds', 'Jerusalem'] },
      { type: 'ORG', name: 'Islamic State', mentions: ['Daesh', 'ISIS'] },
    ]);
  });

  it('folds plural demonyms and keeps a place and its short form together', () => {
    const text = 'Palestinians and a Palestinian group in the Gaza Strip; Gaza was quiet.';
    const groups = grouped(text, [['Palestinians', 'NORP'], ['Palestinian', 'NORP'], ['Gaza Strip', 'LOC'], ['Gaza', 'LOC']]);
    expect(groups.map((g) => g.mentions)).toEqual([['Palestinians', 'Palestinian'], ['Gaza Strip', 'Gaza']]);
  });
});

describe('alias table data', () => {
  it('gives every entry a source, a contract type and a name among its aliases', () => {
    const types = new Set(['PERSON', 'ORG', 'GPE', 'LOC', 'FAC', 'NORP', 'EVENT', 'WORK', 'PRODUCT', 'LAW', 'MISC']);
    for (const entry of aliasData.entries) {
      expect(entry.source.length, entry.name).toBeGreaterThan(5);
      expect(types.has(entry.type), entry.name).toBe(true);
      expect(entry.aliases.length, entry.name).toBeGreaterThan(0);
    }
  });
});

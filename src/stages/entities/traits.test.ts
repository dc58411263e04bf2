import { describe, expect, it } from 'vitest';
import { tokenize } from '../tokenize/index.js';
import aliasData from './aliases.json' with { type: 'json' };
import { AliasTable, type AliasEntry } from './canonical.js';
import { WordTable } from '../../core/word-table.js';
import { Trait, traitsOfWord, WordTraits } from './traits.js';
import { tokenView } from './view.js';

const aliases = new AliasTable(aliasData.entries as AliasEntry[]);
const has = (word: string, trait: Trait) => (traitsOfWord(word, aliases) & trait) !== 0;

describe('word traits', () => {
  it('tells capitals, Arabic name parts and punctuation apart', () => {
    expect(has('Karim', Trait.TitleCase) && has('Karim', Trait.Capitalised)).toBe(true);
    expect(has('UN', Trait.TitleCase) || !has('UN', Trait.UpperCase)).toBe(false);
    expect(has('al-Haddad', Trait.ArticleName) && has('al-Haddad', Trait.PatronymicStart)).toBe(true);
    expect(has('Abu', Trait.Kunya) && has('bin', Trait.NameParticle) && !has('Bin', Trait.NameParticle)).toBe(true);
    expect(has('?', Trait.SentenceEnd) && !has('?', Trait.HasLetterOrDigit) && has('’s', Trait.Possessive)).toBe(true);
    expect(has('Aviv-occupied', Trait.CompoundModifier) && has('resistance', Trait.LowerWord) && !has('Resistance', Trait.LowerWord)).toBe(true);
    expect(has('Daesh', Trait.AliasStart) && has('the', Trait.AliasNameWord) && !has('Selm', Trait.AliasStart)).toBe(true);
  });

  it('gives each token the traits of its form, only for views interned in its own table', () => {
    const forms = new WordTable({ folding: 'exact', maxWords: 1000, describe: () => null });
    const traits = new WordTraits(forms, aliases);
    const text = 'Abu Karim met Daesh envoys. Abu Karim left.';
    const words = traits.of(tokenView(text, tokenize(text, []), forms));
    expect([...words.traits].map((bits, i) => [words.words[i], bits])).toEqual(words.words.map((w) => [w, traitsOfWord(w, aliases)]));
    expect(words.forms[0]).toBe(words.forms[6]);
    const elsewhere = tokenView(text, tokenize(text, []), new WordTable({ folding: 'exact', maxWords: 1000, describe: () => null }));
    expect(() => traits.of(elsewhere)).toThrowError(/interned in its own form table/);
  });
});

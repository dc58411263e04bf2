/**
 * What the rules after the model ask of a single word (is it capitalised, a kunya, punctuation ending a
 * sentence, the start of an alias name …), as bits computed once per form and cached by form id across
 * documents, so the passes over every token of a document test bits instead of running regular expressions.
 */
import type { AliasTable } from './canonical.js';
import type { TokenView } from './features.js';
import { grow } from '../../core/grow.js';
import type { WordTable } from '../../core/word-table.js';

export const enum Trait {
  /** Starts with a capital letter. */
  Capitalised = 1 << 0,
  /** A capital then a lower-case letter ("Karim", not "UN"). */
  TitleCase = 1 << 1,
  /** The Arabic article before a capitalised name: "al-Haddad", "el-Sisi". */
  ArticleName = 1 << 2,
  HasLetter = 1 << 3,
  HasLetterOrDigit = 1 << 4,
  /** The clitic "'s" standing alone. */
  Possessive = 1 << 5,
  /** Unchanged when written in capitals (no lower-case letter). */
  UpperCase = 1 << 6,
  /** The first word of some name in the alias table (`AliasTable.mayStartWith`). */
  AliasStart = 1 << 7,
  /** Opens an Arabic name: Abu, Umm, Abd, Bin, Ibn. */
  Kunya = 1 << 8,
  /** A lower-case particle inside an Arabic name: bin, ibn, bint, al, el. */
  NameParticle = 1 << 9,
  /** Continues a person's name the model cut: "al-Ka’abi", "bin", "ibn", "bint". */
  PatronymicStart = 1 << 10,
  /** May continue an alias-table name: capitalised, or a particle such as "of", "the", "al-". */
  AliasNameWord = 1 << 11,
  /** ".", "!" or "?" alone. */
  SentenceEnd = 1 << 12,
  /** A capitalised compound modifier: "Aviv-occupied", "U.S.-backed". */
  CompoundModifier = 1 << 13,
  /** Lower-case letters and hyphens only: a common noun that may tell a name's type. */
  LowerWord = 1 << 14,
}

/** Set in the cache once a form's traits are computed (the traits themselves may be 0). */
const KNOWN = 1 << 15;
const KUNYA = new Set(['Abu', 'Umm', 'Abd', 'Bin', 'Ibn']);

/** A document's tokens as the rules see them: surface, line starts, interned form and traits of each token. */
export interface TokenWords {
  readonly words: readonly string[];
  readonly lineStart: readonly boolean[];
  /** Form id of each token: equal ids, equal words. */
  readonly forms: Int32Array;
  readonly traits: Uint16Array;
}

export function traitsOfWord(word: string, aliases: AliasTable): number {
  let bits = 0;
  if (/^\p{Lu}/u.test(word)) bits |= Trait.Capitalised;
  if (/^\p{Lu}\p{Ll}/u.test(word)) bits |= Trait.TitleCase;
  if (/^(?:al|el)-\p{Lu}/u.test(word)) bits |= Trait.ArticleName;
  if (/\p{L}/u.test(word)) bits |= Trait.HasLetter;
  if (/\p{L}|\d/u.test(word)) bits |= Trait.HasLetterOrDigit;
  if (/^['’]s$/i.test(word)) bits |= Trait.Possessive;
  if (word === word.toUpperCase()) bits |= Trait.UpperCase;
  if (aliases.mayStartWith(word)) bits |= Trait.AliasStart;
  if (KUNYA.has(word)) bits |= Trait.Kunya;
  if (/^(?:bin|ibn|bint|al|el)$/.test(word)) bits |= Trait.NameParticle;
  if (/^(?:(?:al|el)-\p{Lu}|bin$|ibn$|bint$)/u.test(word)) bits |= Trait.PatronymicStart;
  if (/^\p{Lu}|^(?:al|el|bin|ibn|of|the|and|de|du)(?:$|-)/u.test(word)) bits |= Trait.AliasNameWord;
  if (/^[.!?]$/.test(word)) bits |= Trait.SentenceEnd;
  if (/^\p{Lu}[\p{L}.]*-\p{Ll}+$/u.test(word)) bits |= Trait.CompoundModifier;
  if (/^\p{Ll}[\p{Ll}-]*$/u.test(word)) bits |= Trait.LowerWord;
  return bits;
}

/** Traits per form of one form table, computed on a form's first sight. */
export class WordTraits {
  private cache = new Uint16Array(1024);
  private generation: number;

  constructor(private readonly forms: WordTable<unknown>, private readonly aliases: AliasTable) {
    this.generation = forms.generation;
  }

  /** The view's tokens with their forms and traits; the view must have been made by `tokenView` over this table. */
  of(view: TokenView): TokenWords {
    const interned = view.forms;
    if (!interned || interned.table !== this.forms || interned.generation !== this.forms.generation) {
      throw new Error('WordTraits.of needs a view whose forms were interned in its own form table (tokenView)');
    }
    if (this.generation !== this.forms.generation) {
      this.cache.fill(0);
      this.generation = this.forms.generation;
    }
    if (this.cache.length < this.forms.size) this.cache = grow(this.cache, this.forms.size - 1);
    const { ids } = interned;
    const traits = new Uint16Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const form = ids[i]!;
      let bits = this.cache[form]!;
      if (!bits) {
        bits = traitsOfWord(view.words[i]!, this.aliases) | KNOWN;
        this.cache[form] = bits;
      }
      traits[i] = bits ^ KNOWN;
    }
    return { words: view.words, lineStart: view.lineStart, forms: ids, traits };
  }
}

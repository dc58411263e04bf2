import { describe, expect, it } from 'vitest';
import { WordTable } from '../../core/word-table.js';
import { TOKEN_FORMS, TOKEN_FORMS_KEPT, tokenIds } from './forms.js';
import { tokenize, type TokenTable } from './index.js';

const TEXT = 'The Harbour Board’s chair said the harbour would reopen; the BOARD said so too, and the chair agreed.';
const directIds = (table: WordTable<unknown>, text: string, tokens: TokenTable) =>
  Array.from({ length: tokens.count }, (_, i) => table.idOfSpan(text, tokens.start[i]!, tokens.end[i]!));

describe('token forms shared by the stages', () => {
  it('gives every token its exact surface in TOKEN_FORMS', () => {
    const tokens = tokenize(TEXT, []);
    expect(tokens.formGeneration).toBe(TOKEN_FORMS.generation);
    for (let i = 0; i < tokens.count; i++) expect(TOKEN_FORMS.word(tokens.form[i]!)).toBe(TEXT.slice(tokens.start[i], tokens.end[i]));
  });

  it('maps tokens to the ids a stage table gives their text, after it restarts too', () => {
    const lower = new WordTable<null>({ folding: 'lower', maxWords: 5, describe: () => null });
    const other = new WordTable<null>({ folding: 'lower', maxWords: 1000, describe: () => null });
    const first = tokenize(TEXT, []);
    const ids = [...tokenIds(lower, TEXT, first)];
    expect(ids).toEqual(directIds(other, TEXT, first)); // a fresh table numbers words in order of first sighting
    expect(lower.word(ids[1]!)).toBe('harbour');
    expect(ids[1]).toBe(ids[7]); // "Harbour", "harbour": one lower-cased word
    lower.restartIfFull(); // past 5 words: a new generation, ids from 0 again
    const second = 'And the chair left.';
    const secondTokens = tokenize(second, []);
    const fresh = new WordTable<null>({ folding: 'lower', maxWords: 1000, describe: () => null });
    expect([...tokenIds(lower, second, secondTokens)]).toEqual(directIds(fresh, second, secondTokens));
  });

  it('looks tokens up by their text when their forms are from before TOKEN_FORMS restarted', () => {
    const early = tokenize(TEXT, []);
    // More distinct words than TOKEN_FORMS keeps: the next tokenize restarts it.
    const many = Array.from({ length: TOKEN_FORMS_KEPT + 1 }, (_, k) => `w${k}`).join(' ');
    tokenize(many, []);
    tokenize('x', []);
    expect(early.formGeneration).not.toBe(TOKEN_FORMS.generation);
    const table = new WordTable<null>({ folding: 'exact', maxWords: 1000, describe: () => null });
    const reference = new WordTable<null>({ folding: 'exact', maxWords: 1000, describe: () => null });
    expect([...tokenIds(table, TEXT, early)]).toEqual(directIds(reference, TEXT, early));
  });
});

import { grow } from '../../core/grow.js';
import { WordTable } from '../../core/word-table.js';
import type { TokenTable } from './index.js';

/**
 * Every token surface (exact) that `tokenize` has met in this thread, kept across articles: each token's id is
 * in `TokenTable.form`. The stages that intern tokens in tables of their own (the recogniser's forms, framing's
 * and quotes' lower-cased words) find their ids through it (`tokenIds`), so a token's characters are hashed
 * once per article instead of once per stage. Past TOKEN_FORMS_KEPT forms it restarts (as the stages' own tables:
 * a long-running worker's memory stays bounded).
 */
export const TOKEN_FORMS_KEPT = 200_000;
export const TOKEN_FORMS = new WordTable<null>({ folding: 'exact', maxWords: TOKEN_FORMS_KEPT, describe: () => null });

const stageForms = new WeakMap<WordTable<unknown>, StageForms>();

/**
 * Per token, its id in a stage's own WordTable (`table.idOfSpan` of the token's text): through the token's shared
 * form id, which maps to the stage's id after the form's first sighting. Call the table's `restartIfFull` before,
 * never while its ids are in use.
 */
export function tokenIds(table: WordTable<unknown>, text: string, tokens: TokenTable): Int32Array {
  let forms = stageForms.get(table);
  if (!forms) stageForms.set(table, (forms = new StageForms(table)));
  return forms.ids(text, tokens);
}

/**
 * The map from shared form ids (TOKEN_FORMS) to a stage table's ids, filled as forms are met. Either table
 * restarting (a new generation) empties it.
 */
class StageForms {
  /** shared form id → the stage's id + 1 (0: not met yet) */
  private stageIdOf = new Int32Array(4096);
  private sharedGeneration = -1;
  private stageGeneration = -1;

  constructor(private readonly table: WordTable<unknown>) {}

  ids(text: string, tokens: TokenTable): Int32Array {
    const { count, start, end, form } = tokens;
    const table = this.table;
    const ids = new Int32Array(count);
    if (tokens.formGeneration !== TOKEN_FORMS.generation) {
      // Tokens from before the shared table restarted (a caller that tokenised many texts first): their form ids
      // are stale, so each token is looked up by its characters.
      for (let i = 0; i < count; i++) ids[i] = table.idOfSpan(text, start[i]!, end[i]!);
      return ids;
    }
    if (this.sharedGeneration !== TOKEN_FORMS.generation || this.stageGeneration !== table.generation) {
      this.stageIdOf.fill(0);
      this.sharedGeneration = TOKEN_FORMS.generation;
      this.stageGeneration = table.generation;
    }
    if (this.stageIdOf.length < TOKEN_FORMS.size) this.stageIdOf = grow(this.stageIdOf, TOKEN_FORMS.size - 1);
    const stageIdOf = this.stageIdOf;
    for (let i = 0; i < count; i++) {
      const shared = form[i]!;
      let id = stageIdOf[shared]! - 1;
      if (id < 0) stageIdOf[shared] = (id = table.idOfSpan(text, start[i]!, end[i]!)) + 1;
      ids[i] = id;
    }
    return ids;
  }
}

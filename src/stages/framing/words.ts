import { WordTable as SharedWordTable } from '../../core/word-table.js';
import type { WordLists } from './features.js';

/**
 * The framing stage's word table (core/word-table.ts, kept across articles): each distinct lower-cased word
 * (’ folded to ') gets an id, and per id its word-list classes, so that the model's caches can be plain arrays
 * indexed by id. When the table outgrows `maxWords` it is emptied between articles and `generation` changes
 * (caches keyed by id must then be dropped).
 */
export class WordTable extends SharedWordTable<number> {
  constructor(lists: WordLists, maxWords = 200_000) {
    super({ folding: 'lower', maxWords, describe: (word) => lists.classOf.get(word) ?? 0 });
  }

  /** Empties the table if it has outgrown its limit; call between articles. */
  trim(): void {
    this.restartIfFull();
  }

  /** word-list bit mask of a word id (see WORD_CLASSES) */
  classOf(id: number): number {
    return this.info(id);
  }

  /** The id of the word text[start, end), lower-cased. */
  intern(text: string, start: number, end: number): number {
    return this.idOfSpan(text, start, end);
  }
}

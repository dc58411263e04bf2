/**
 * Interned words, kept across documents: every distinct word gets a small integer id, and what a stage derives
 * from a word (`describe`: features, word-list classes …) is computed once, on first sight. Tokens are looked up
 * straight from the article text by their offsets, so a word seen before costs no string: a hash of its
 * characters (FNV-1a), open addressing, then a character comparison with the stored word. When the table
 * outgrows `maxWords` it is emptied between documents and `generation` changes (caches indexed by id must then
 * be dropped).
 */

/**
 * How a span of text becomes a word: `exact` keeps the surface as written; `lower` lower-cases it and folds the
 * typographic apostrophe ’ to ' (plain-ASCII spans are folded while hashing, so a known word costs no string;
 * other spans go through toLowerCase).
 */
export type Folding = 'exact' | 'lower';

export interface WordTableOptions<Info> {
  folding: Folding;
  /** Words kept between documents; past this the table restarts (`restartIfFull`). */
  maxWords: number;
  /** What the owner keeps per word, computed when the word is first seen. */
  describe: (word: string, id: number) => Info;
  /** Called when the table restarts, so that the owner drops what it keeps per id. */
  onRestart?: () => void;
}

const EMPTY = -1;
const SEED = 0x811c9dc5 | 0;
const INITIAL_SLOTS = 4096;
const RIGHT_SINGLE_QUOTE = 0x2019;
const APOSTROPHE = 39;

export class WordTable<Info> {
  generation = 0;
  private entries: string[] = [];
  private infos: Info[] = [];
  /**
   * Open addressing on the word's hash: pairs (hash, id), id EMPTY where free. The hash sits beside the id so
   * that a probe reads one place in memory before it compares the word.
   */
  private slots = new Int32Array(2 * INITIAL_SLOTS).fill(EMPTY);
  private readonly lowerCase: boolean;

  constructor(private readonly options: WordTableOptions<Info>) {
    this.lowerCase = options.folding === 'lower';
  }

  get size(): number {
    return this.entries.length;
  }

  /** Every word by id (a new array after each restart). */
  get words(): string[] {
    return this.entries;
  }

  word(id: number): string {
    return this.entries[id]!;
  }

  info(id: number): Info {
    return this.infos[id]!;
  }

  /** Empties the table when it has grown past `maxWords`; call between documents, never while ids are in use. */
  restartIfFull(): void {
    if (this.entries.length <= this.options.maxWords) return;
    this.entries = [];
    this.infos = [];
    this.slots.fill(EMPTY);
    this.generation++;
    this.options.onRestart?.();
  }

  /** The id of the word text[start, end) (folded), without making a string unless the word is new. */
  idOfSpan(text: string, start: number, end: number): number {
    let hash = SEED;
    if (this.lowerCase) {
      for (let k = start; k < end; k++) {
        let code = text.charCodeAt(k);
        if (code >= 65 && code <= 90) code += 32;
        else if (code === RIGHT_SINGLE_QUOTE) code = APOSTROPHE;
        else if (code > 127) return this.idOfFolded(foldLower(text.slice(start, end)));
        hash = Math.imul(hash ^ code, 0x01000193);
      }
    } else {
      for (let k = start; k < end; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 0x01000193);
    }
    const slots = this.slots;
    const mask = slots.length / 2 - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = slots[2 * slot + 1]!;
      if (id === EMPTY) return this.add(this.lowerCase ? foldLower(text.slice(start, end)) : text.slice(start, end), hash, slot);
      if (slots[2 * slot] === hash && this.sameWord(this.entries[id]!, text, start, end)) return id;
    }
  }

  /** The id of a word given as a string (folded here). */
  idOf(word: string): number {
    return this.idOfSpan(word, 0, word.length);
  }

  /** The id of a word already folded (the non-ASCII path of `lower`). */
  private idOfFolded(word: string): number {
    let hash = SEED;
    for (let k = 0; k < word.length; k++) hash = Math.imul(hash ^ word.charCodeAt(k), 0x01000193);
    const slots = this.slots;
    const mask = slots.length / 2 - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = slots[2 * slot + 1]!;
      if (id === EMPTY) return this.add(word, hash, slot);
      if (slots[2 * slot] === hash && this.entries[id] === word) return id;
    }
  }

  /** Whether `word` is text[start, end), folded as the table folds (only plain-ASCII spans get here folded). */
  private sameWord(word: string, text: string, start: number, end: number): boolean {
    if (word.length !== end - start) return false;
    if (this.lowerCase) {
      for (let k = 0; k < word.length; k++) {
        let code = text.charCodeAt(start + k);
        if (code >= 65 && code <= 90) code += 32;
        else if (code === RIGHT_SINGLE_QUOTE) code = APOSTROPHE;
        if (code !== word.charCodeAt(k)) return false;
      }
      return true;
    }
    for (let k = 0; k < word.length; k++) if (word.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
    return true;
  }

  private add(word: string, hash: number, slot: number): number {
    const id = this.entries.length;
    this.entries.push(word);
    this.infos.push(this.options.describe(word, id));
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = id;
    // At most half full: probes stay short.
    if (this.entries.length * 4 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(EMPTY);
    const mask = this.slots.length / 2 - 1;
    for (let k = 0; k < old.length; k += 2) {
      if (old[k + 1] === EMPTY) continue;
      let slot = old[k]! & mask;
      while (this.slots[2 * slot + 1] !== EMPTY) slot = (slot + 1) & mask;
      this.slots[2 * slot] = old[k]!;
      this.slots[2 * slot + 1] = old[k + 1]!;
    }
  }
}

function foldLower(word: string): string {
  const lower = word.toLowerCase();
  return lower.includes('’') ? lower.replace(/’/g, "'") : lower;
}

/**
 * Interned words, kept across documents: every distinct word gets a small integer id, and what a stage derives
 * from a word (`describe`: features, word-list classes …) is computed once, on first sight. Tokens are looked up
 * straight from the article text by their offsets, so a word seen before costs no string: a hash of its
 * characters (FNV-1a), open addressing, then a character comparison with the stored word's characters, which
 * are kept packed in one array (a few hundred KB that stay in cache, where the strings would be scattered over
 * the heap). When the table outgrows `maxWords` it is emptied between documents and `generation` changes (caches
 * indexed by id must then be dropped).
 */
import { grow } from './grow.js';
import { FNV_OFFSET, FNV_PRIME } from './fnv.js';

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
/** A slot: the word's hash, its id (EMPTY where free), where its characters start in `chars`, its length. */
const SLOT = 4;
const SEED = FNV_OFFSET | 0;
const INITIAL_SLOTS = 4096;
const RIGHT_SINGLE_QUOTE = 0x2019;
const APOSTROPHE = 39;

export class WordTable<Info> {
  generation = 0;
  private entries: string[] = [];
  private infos: Info[] = [];
  /** Open addressing on the word's hash (`SLOT` numbers each): a probe reads one place before it compares characters. */
  private slots = new Int32Array(SLOT * INITIAL_SLOTS).fill(EMPTY);
  /** The characters of every word (folded), one after the other. */
  private chars = new Uint16Array(1 << 16);
  private charCount = 0;
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
    this.charCount = 0;
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
        hash = Math.imul(hash ^ code, FNV_PRIME);
      }
    } else {
      for (let k = start; k < end; k++) hash = Math.imul(hash ^ text.charCodeAt(k), FNV_PRIME);
    }
    const slots = this.slots;
    const mask = slots.length / SLOT - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = SLOT * slot;
      const id = slots[at + 1]!;
      if (id === EMPTY) return this.add(this.lowerCase ? foldLower(text.slice(start, end)) : text.slice(start, end), hash, slot);
      if (slots[at] === hash && slots[at + 3] === end - start && this.sameChars(slots[at + 2]!, text, start, end)) return id;
    }
  }

  /** The id of a word given as a string (folded here). */
  idOf(word: string): number {
    return this.idOfSpan(word, 0, word.length);
  }

  /** The id of a word already folded (the non-ASCII path of `lower`). */
  private idOfFolded(word: string): number {
    let hash = SEED;
    for (let k = 0; k < word.length; k++) hash = Math.imul(hash ^ word.charCodeAt(k), FNV_PRIME);
    const slots = this.slots;
    const mask = slots.length / SLOT - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = slots[SLOT * slot + 1]!;
      if (id === EMPTY) return this.add(word, hash, slot);
      if (slots[SLOT * slot] === hash && this.entries[id] === word) return id;
    }
  }

  /**
   * Whether the word whose characters start at chars[from] is text[start, end) folded as the table folds (only
   * plain-ASCII spans get here when folding), the lengths being equal.
   */
  private sameChars(from: number, text: string, start: number, end: number): boolean {
    const chars = this.chars;
    if (this.lowerCase) {
      for (let k = start, c = from; k < end; k++, c++) {
        let code = text.charCodeAt(k);
        if (code >= 65 && code <= 90) code += 32;
        else if (code === RIGHT_SINGLE_QUOTE) code = APOSTROPHE;
        if (code !== chars[c]) return false;
      }
      return true;
    }
    for (let k = start, c = from; k < end; k++, c++) if (text.charCodeAt(k) !== chars[c]) return false;
    return true;
  }

  private add(word: string, hash: number, slot: number): number {
    const id = this.entries.length;
    this.entries.push(word);
    this.infos.push(this.options.describe(word, id));
    if (this.charCount + word.length > this.chars.length) this.chars = grow(this.chars, this.charCount + word.length);
    for (let k = 0; k < word.length; k++) this.chars[this.charCount + k] = word.charCodeAt(k);
    const at = SLOT * slot;
    this.slots[at] = hash;
    this.slots[at + 1] = id;
    this.slots[at + 2] = this.charCount;
    this.slots[at + 3] = word.length;
    this.charCount += word.length;
    // At most half full: probes stay short.
    if (this.entries.length * 2 * SLOT > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(EMPTY);
    const mask = this.slots.length / SLOT - 1;
    for (let k = 0; k < old.length; k += SLOT) {
      if (old[k + 1] === EMPTY) continue;
      let slot = old[k]! & mask;
      while (this.slots[SLOT * slot + 1] !== EMPTY) slot = (slot + 1) & mask;
      this.slots.set(old.subarray(k, k + SLOT), SLOT * slot);
    }
  }
}

function foldLower(word: string): string {
  const lower = word.toLowerCase();
  return lower.includes('’') ? lower.replace(/’/g, "'") : lower;
}

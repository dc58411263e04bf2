import type { WordLists } from './features.js';

/** FNV-1a step over one character code. */
const step = (hash: number, code: number) => Math.imul(hash ^ code, 0x01000193);
const SEED = 0x811c9dc5 | 0;

/**
 * The framing stage's word table, kept across articles: each distinct lower-cased word (’ folded to ') gets
 * an id, and per id its word-list classes, so that the model's caches can be plain arrays indexed by id.
 * Plain-ASCII tokens are hashed and compared straight from the article text, so that a known word costs no
 * string; other tokens go through toLowerCase. When the table outgrows `maxWords` it is emptied between
 * articles and `generation` changes (caches keyed by id must then be dropped).
 */
export class WordTable {
  words: string[] = [];
  generation = 0;
  private classes = new Uint16Array(1024);
  private hashes = new Int32Array(1024);
  /** open addressing: word id + 1, 0 = empty */
  private slots = new Int32Array(4096);

  constructor(private readonly lists: WordLists, private readonly maxWords = 200_000) {}

  /** Empties the table if it has outgrown its limit; call between articles. */
  trim(): void {
    if (this.words.length <= this.maxWords) return;
    this.words = [];
    this.slots = new Int32Array(4096);
    this.generation++;
  }

  /** word-list bit mask of a word id (see WORD_CLASSES) */
  classOf(id: number): number {
    return this.classes[id]!;
  }

  /** The id of the word text[start, end), lower-cased. */
  intern(text: string, start: number, end: number): number {
    let hash = SEED;
    for (let k = start; k < end; k++) {
      let c = text.charCodeAt(k);
      if (c >= 65 && c <= 90) c += 32;
      else if (c === 0x2019) c = 39;
      else if (c > 127) return this.internWord(fold(text.slice(start, end)));
      hash = step(hash, c);
    }
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot]! - 1;
      if (id < 0) return this.add(fold(text.slice(start, end)), hash, slot);
      if (this.hashes[id] === hash && sameWord(this.words[id]!, text, start, end)) return id;
    }
  }

  private internWord(word: string): number {
    let hash = SEED;
    for (let k = 0; k < word.length; k++) hash = step(hash, word.charCodeAt(k));
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot]! - 1;
      if (id < 0) return this.add(word, hash, slot);
      if (this.hashes[id] === hash && this.words[id] === word) return id;
    }
  }

  private add(word: string, hash: number, slot: number): number {
    const id = this.words.length;
    if (id === this.hashes.length) {
      this.hashes = grow(this.hashes, id * 2);
      this.classes = grow(this.classes, id * 2);
    }
    this.words.push(word);
    this.hashes[id] = hash;
    this.classes[id] = this.lists.classOf.get(word) ?? 0;
    this.slots[slot] = id + 1;
    if (this.words.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    const mask = this.slots.length - 1;
    for (let id = 0; id < this.words.length; id++) {
      let slot = this.hashes[id]! & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = id + 1;
    }
  }
}

const fold = (word: string) => {
  const lower = word.toLowerCase();
  return lower.includes('’') ? lower.replace(/’/g, "'") : lower;
};

/** Whether `word` is text[start, end) lower-cased (ASCII letters, ’ as '). */
function sameWord(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let k = 0; k < word.length; k++) {
    let c = text.charCodeAt(start + k);
    if (c >= 65 && c <= 90) c += 32;
    else if (c === 0x2019) c = 39;
    if (c !== word.charCodeAt(k)) return false;
  }
  return true;
}

function grow<T extends Int32Array | Uint16Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(length);
  bigger.set(array);
  return bigger;
}

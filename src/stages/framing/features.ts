import { PairSlots } from '../../core/pair-slots.js';
import { bucket } from '../../core/bucket.js';
import type { TokenTable } from '../tokenize/index.js';
import type { WordTable } from './words.js';

/**
 * Token features of the framing model, shared by the stage and by scripts/train-framing.mjs (which imports
 * the built module) so that training and inference can never drift apart.
 *
 * Per token: its word and its neighbours' (±2), neighbour bigrams, suffix and shape, word-list classes of
 * the token and its neighbours (subjectivity, polarity, bias, hedges, the curated lexicon's kinds), and
 * context: the clause unit's punctuation, its density of subjective words, quotation, title line, and the
 * article's overall density of subjective words (propaganda clusters by article).
 */

/** Word-list classes, one bit each. The lists ship inside the model file (see docs/models/framing.md). */
export const WORD_CLASSES = ['strong', 'weak', 'negative', 'positive', 'bias', 'hedge', 'report', 'factive'] as const;
export type WordClass = (typeof WORD_CLASSES)[number];

export interface WordLists {
  /** lower-case word → bit mask over WORD_CLASSES */
  classOf: Map<string, number>;
}

export function compileWordLists(lists: Partial<Record<WordClass, string[]>>): WordLists {
  const classOf = new Map<string, number>();
  WORD_CLASSES.forEach((name, bit) => {
    for (const word of lists[name] ?? []) classOf.set(word, (classOf.get(word) ?? 0) | (1 << bit));
  });
  return { classOf };
}

/** What the feature extractor needs to know about one article, computed once per article. */
export interface TokenContext {
  count: number;
  /** per token, its lower-cased word (’ folded to ') */
  lower: string[];
  /** per token, its word's id in the stage's WordTable, and the table's words and generation */
  wordId: Int32Array;
  words: readonly string[];
  generation: number;
  /** word-list bit mask per token */
  classes: Uint16Array;
  /** curated-lexicon kind per token ('' when none) */
  lexiconKind: string[];
  /** clause unit per token: a sentence, cut again at newlines (PTC-style texts put one sentence per line) */
  unit: Int32Array;
  unitFirst: number[];
  /** per token: 1 when inside quotation marks */
  quoted: Uint8Array;
  /**
   * per token, how often the article repeats it (see repetitionCodes): the code of its word's repeats, then
   * of the bigram it starts; 0 when not repeated
   */
  wordRepeat: Uint8Array;
  bigramRepeat: Uint8Array;
}

const STRONG = 1 << WORD_CLASSES.indexOf('strong');
const NEGATIVE = 1 << WORD_CLASSES.indexOf('negative');
const POSITIVE = 1 << WORD_CLASSES.indexOf('positive');
const BIAS = 1 << WORD_CLASSES.indexOf('bias');
const EMOTIVE = STRONG | NEGATIVE | POSITIVE | BIAS;
/** Word-list classes that judge (the bias list also holds plain identity words: "man", "muslim", "immigrant"). */
export const EVALUATIVE = STRONG | NEGATIVE | POSITIVE;

export function tokenContext(
  text: string,
  tokens: TokenTable,
  lower: string[],
  wordId: Int32Array,
  table: WordTable,
  lexiconKind: string[],
  quoted: Uint8Array,
): TokenContext {
  const { count, start, end, sentence } = tokens;
  const classes = new Uint16Array(count);
  const unit = new Int32Array(count);
  const unitFirst: number[] = [];
  let currentUnit = -1;
  for (let i = 0; i < count; i++) {
    classes[i] = table.classOf(wordId[i]!);
    const newUnit = i === 0 || sentence[i] !== sentence[i - 1] || hasNewline(text, end[i - 1]!, start[i]!);
    if (newUnit) {
      currentUnit++;
      unitFirst.push(i);
    }
    unit[i] = currentUnit;
  }
  unitFirst.push(count);
  const { wordRepeat, bigramRepeat } = repetitionCodes(lower, wordId, unit, table.words.length);
  return { count, lower, wordId, words: table.words, generation: table.generation, classes, lexiconKind, unit, unitFirst, quoted, wordRepeat, bigramRepeat };
}

/** Scratch per word id for repetitionCodes, all zeros between calls: the article's count of the word, and how many of its tokens were passed. */
let wordCounts = new Int32Array(1 << 14);
let wordsSeen = new Int32Array(1 << 14);

/** Buckets of repeat counts (edges [3, 5, 8] for words, [3, 5] for bigrams), tabled up to a count past the last edge. */
const REPEATS_TABLED = 8;
const WORD_REPEATS = Uint8Array.from({ length: REPEATS_TABLED + 1 }, (_, n) => bucket(n, [3, 5, 8]));
const BIGRAM_REPEATS = Uint8Array.from({ length: REPEATS_TABLED + 1 }, (_, n) => bucket(n, [3, 5]));

/** Words shorter than this are never counted as repeated (function words repeat in every article). */
const REPEAT_MIN_LENGTH = 4;

/**
 * PTC annotates Repetition (the third most frequent technique: a word or phrase said again and again to
 * drive it home), and loaded words are often repeated: features the two-word window cannot see. Per token:
 *  - its word's count in the article (words of REPEAT_MIN_LENGTH or more letters), bucketed, times two, plus 1
 *    when an earlier token had the word (a later occurrence);
 *  - the count of the bigram it starts (within a clause unit, either word long enough), bucketed.
 * Code 0: not repeated (or too short).
 */
export function repetitionCodes(
  lower: readonly string[],
  wordId: Int32Array,
  unit: Int32Array,
  /** above every word id (the word table's size) */
  idLimit: number,
): { wordRepeat: Uint8Array; bigramRepeat: Uint8Array } {
  const count = lower.length;
  const wordRepeat = new Uint8Array(count);
  const bigramRepeat = new Uint8Array(count);
  // Word counts by word id, in a scratch array kept across articles (zeroed again at the end): no hashing.
  if (idLimit > wordCounts.length) {
    wordCounts = new Int32Array(Math.max(idLimit, wordCounts.length * 2));
    wordsSeen = new Int32Array(wordCounts.length);
  }
  const counts = wordCounts;
  for (let i = 0; i < count; i++) counts[wordId[i]!]!++;
  // A bigram said twice has both its words said twice: only those bigrams are counted (hashed).
  const pairCounted = (i: number) =>
    i + 1 < count && unit[i] === unit[i + 1] && counts[wordId[i]!]! >= 2 && counts[wordId[i + 1]!]! >= 2 &&
    (lower[i]!.length >= REPEAT_MIN_LENGTH || lower[i + 1]!.length >= REPEAT_MIN_LENGTH);
  let pairs = 0;
  for (let i = 0; i < count; i++) if (pairCounted(i)) pairs++;
  const pairCounts = new PairCounts(pairs);
  const pairSlot = new Int32Array(count).fill(-1);
  for (let i = 0; i < count; i++) if (pairCounted(i)) pairCounts.add((pairSlot[i] = pairCounts.slot(wordId[i]!, wordId[i + 1]!)));
  const earlier = wordsSeen;
  for (let i = 0; i < count; i++) {
    const id = wordId[i]!;
    const total = counts[id]!;
    if (total >= 2 && lower[i]!.length >= REPEAT_MIN_LENGTH) wordRepeat[i] = (WORD_REPEATS[Math.min(total, REPEATS_TABLED)]! + 1) * 2 + (earlier[id]!++ > 0 ? 1 : 0);
    const pair = pairSlot[i]!;
    if (pair >= 0 && pairCounts.of(pair) >= 2) bigramRepeat[i] = BIGRAM_REPEATS[Math.min(pairCounts.of(pair), REPEATS_TABLED)]! + 1;
  }
  for (let i = 0; i < count; i++) counts[wordId[i]!] = earlier[wordId[i]!] = 0;
  return { wordRepeat, bigramRepeat };
}

/** Counts of bigrams (pairs of word ids), by slot. */
class PairCounts {
  private readonly slots: PairSlots;
  private readonly counts: Int32Array;

  constructor(expected: number) {
    this.slots = new PairSlots(expected);
    this.counts = new Int32Array(this.slots.capacity);
  }

  /** The slot of the pair (taken for it when new). */
  slot(a: number, b: number): number {
    return this.slots.take(a, b);
  }

  add(slot: number): void {
    this.counts[slot]!++;
  }

  of(slot: number): number {
    return this.counts[slot]!;
  }
}

function hasNewline(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === 10) return true;
  return false;
}

/** A token's shape: its characters as X (capital), x (small letter), d (digit) or themselves, runs collapsed, at most four symbols. */
export function shapeOf(text: string, start: number, end: number): string {
  let out = '';
  for (let k = start; k < end && out.length < 4; k++) {
    const c = text[k]!;
    const s = c >= 'A' && c <= 'Z' ? 'X' : c >= 'a' && c <= 'z' ? 'x' : c >= '0' && c <= '9' ? 'd' : c;
    if (out[out.length - 1] !== s) out += s;
  }
  return out;
}

/**
 * The shape as a small number (base 4, digits X=1, x=2, d=3; below SHAPE_CODES) when it is made of X, x and d
 * only, else -1: the common case, computed without building a string (see codeOfShape).
 */
export const SHAPE_CODES = 256;
export function shapeCode(text: string, start: number, end: number): number {
  let code = 0;
  let symbols = 0;
  let last = 0;
  for (let k = start; k < end && symbols < 4; k++) {
    const c = text.charCodeAt(k);
    const s = c >= 65 && c <= 90 ? 1 : c >= 97 && c <= 122 ? 2 : c >= 48 && c <= 57 ? 3 : 0;
    if (s === 0) return -1;
    if (s !== last) {
      code = code * 4 + s;
      symbols++;
      last = s;
    }
  }
  return code;
}

/** The number shapeCode gives the tokens whose shapeOf is `shape`, or -1 when it is not made of X, x and d. */
export function codeOfShape(shape: string): number {
  let code = 0;
  for (const symbol of shape) {
    const s = 'Xxd'.indexOf(symbol) + 1;
    if (s === 0) return -1;
    code = code * 4 + s;
  }
  return code;
}

/** Templates of the features of a token's own word (summed once per word at inference, so free per token). */
export const OWN_TEMPLATES = ['w', 's2', 's3', 's4', 'p3', 'p4', 'k', 'kc'] as const;

/** The word-clusters part of the model file (scripts/train-framing-clusters.mjs): per fine cluster its words and coarse cluster. */
export interface WordClustersFile {
  /** per fine cluster, its words (lower-cased, space-separated) */
  clusters: string[];
  /** per fine cluster, its coarse cluster */
  coarseOf: number[];
}

/**
 * Word clusters learned from unlabelled news text (distributional vectors, k-means at two granularities): a
 * word too rare in PTC to have a weight of its own shares its cluster's weights with the words it is used like.
 */
export class WordClusters {
  private readonly fineOfWord = new Map<string, number>();
  private readonly coarseOfFine: readonly number[];

  constructor(file: WordClustersFile) {
    file.clusters.forEach((words, fine) => {
      for (const word of words.split(' ')) if (word) this.fineOfWord.set(word, fine);
    });
    this.coarseOfFine = file.coarseOf;
  }

  /** the word's fine cluster, -1 when it has none */
  fine(word: string): number {
    return this.fineOfWord.get(word) ?? -1;
  }

  coarse(fine: number): number {
    return fine < 0 ? -1 : this.coarseOfFine[fine] ?? -1;
  }
}

/**
 * Names of the features of a token's own word (lower-cased): the word itself, and for longer words its
 * suffixes and prefix, which carry over to words unseen in training (-ous, -ist, anti-, over-); with word
 * clusters, its fine (`k`) and coarse (`kc`) cluster.
 */
export function wordFeatureNames(word: string, clusters?: WordClusters | null): string[] {
  const names = [featureName('w', word)];
  if (word.length > 3) names.push(featureName('s2', word.slice(-2)));
  if (word.length > 4) names.push(featureName('s3', word.slice(-3)), featureName('p3', word.slice(0, 3)));
  if (word.length > 5) names.push(featureName('s4', word.slice(-4)), featureName('p4', word.slice(0, 4)));
  const fine = clusters ? clusters.fine(word) : -1;
  if (fine >= 0) names.push(featureName('k', String(fine)), featureName('kc', String(clusters!.coarse(fine))));
  return names;
}

/** The template of a next-door neighbour's coarse cluster under each word template ('' for none). */
export const NEIGHBOUR_CLUSTER_TEMPLATES = ['', 'kp', 'kn', '', ''] as const;

/** The feature of a neighbour's word cluster under a word template, or null (no template, or a word without cluster). */
export function neighbourClusterName(template: number, word: string, clusters?: WordClusters | null): string | null {
  const name = NEIGHBOUR_CLUSTER_TEMPLATES[template];
  const fine = name && clusters ? clusters.fine(word) : -1;
  return fine >= 0 ? featureName(name!, String(clusters!.coarse(fine))) : null;
}

/**
 * A feature is a template plus one or two values; its name is `template=value` or
 * `template=value<SEP>second` (see featureName). The extractor emits the parts (token indices, small
 * integers), never joined strings, so that inference can look them up in typed arrays (FramingModel); the
 * trainer joins them into names.
 */
export const SEP = '\u0001';
export const featureName = (template: string, value: string, second?: string): string =>
  second === undefined ? template + '=' + value : template + '=' + value + SEP + second;

/** Templates whose value is a token's lower-cased word (or a sentence edge): looked up by word id. */
export const WORD_TEMPLATES = ['w', 'p', 'n', 'pp', 'nn'] as const;
export const PAIR_TEMPLATES = ['pw', 'wn'] as const;
export const enum WordTemplate { W = 0, P = 1, N = 2, PP = 3, NN = 4 }
export const enum PairTemplate { PW = 0, WN = 1 }
/** Token index stand-ins for the edges of a clause unit. */
export const BEFORE_UNIT = -1;
export const AFTER_UNIT = -2;
export const EDGE_WORDS = { [BEFORE_UNIT]: '<s>', [AFTER_UNIT]: '</s>' } as Record<number, string>;

/**
 * Where features go, given by token index or small integer. A clause unit starts with `unit()` and the
 * features all its tokens share (`shared`, summed once per unit at inference); then each token's `begin(i)`
 * and its own features.
 */
export interface FeatureSink {
  unit(): void;
  shared(template: number, value: number): void;
  begin(i: number): void;
  /**
   * the features of token i's own text: `wordFeatureNames` of its lower-cased word, `sh=` its shapeOf, and
   * `classFeatureNames('c', …)` of its word-list classes
   */
  own(token: number): void;
  /**
   * the word of a neighbouring token (or a unit edge, BEFORE_UNIT / AFTER_UNIT) under a word template, and
   * for the next-door neighbours (P, N) `classFeatureNames(NEIGHBOUR_CLASS_TEMPLATES[template], …)` of its
   * word-list classes (a unit edge has none). All of it depends on the word only: summed once per word.
   */
  word(template: WordTemplate, token: number): void;
  pair(template: PairTemplate, first: number, second: number): void;
  /** a feature with a small numeric value (0 ≤ value < CODE_RANGE) */
  code(template: number, value: number): void;
}

/** Templates whose values are small integers: looked up in one dense table (template × value). */
export const CODE_TEMPLATES = [
  'b', 'c', 'cd', 'cp', 'cn', 'near', 'x', 'u', 'pos', 'd', 'q', 'r', 'rb',
] as const;
export const CODE_RANGE = 1000;
const T = Object.fromEntries(CODE_TEMPLATES.map((name, i) => [name, i])) as Record<(typeof CODE_TEMPLATES)[number], number>;
/** Lexicon kinds as feature values (a test checks that every kind of the lexicon is listed). */
export const LEXICON_KINDS = ['', 'loaded-label', 'euphemism', 'dysphemism', 'name-calling', 'loaded', 'exaggeration', 'distancing', 'intensifier', 'hedge'];
const kindCode = (kind: string) => {
  const k = LEXICON_KINDS.indexOf(kind);
  return k < 0 ? 99 : k;
};


/** The code template of the word-list classes of a neighbour under each word template ('' for none). */
export const NEIGHBOUR_CLASS_TEMPLATES = ['', 'cp', 'cn', '', ''] as const;

/**
 * Features of a word's word-list classes (bit mask over WORD_CLASSES): under `c` (the token's own word) every
 * class, under `cp` / `cn` (the previous / next word) the five emotive and bias classes.
 */
export function classFeatureBits(template: 'c' | 'cp' | 'cn', mask: number): number[] {
  const bits: number[] = [];
  const classes = template === 'c' ? WORD_CLASSES.length : 5;
  for (let bit = 0; bit < classes; bit++) if (mask & (1 << bit)) bits.push(bit);
  return bits;
}
export const classFeatureNames = (template: 'c' | 'cp' | 'cn', mask: number): string[] =>
  classFeatureBits(template, mask).map((bit) => featureName(template, String(bit)));

/** Calls `begin(i)` then the sink's other methods for every feature of token i, token by token. */
export function forEachFeature(text: string, tokens: TokenTable, ctx: TokenContext, sink: FeatureSink): void {
  const { count, lower, classes, unit, unitFirst, quoted, lexiconKind, wordRepeat, bigramRepeat } = ctx;
  let emotiveInDoc = 0;
  for (let i = 0; i < count; i++) if (classes[i]! & EMOTIVE) emotiveInDoc++;
  const docDensity = bucket(count ? emotiveInDoc / count : 0, [0.04, 0.06, 0.08, 0.1, 0.12]);
  // emotiveBefore[k]: emotive tokens before token k (a window's count in two reads)
  const emotiveBefore = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) emotiveBefore[i + 1] = emotiveBefore[i]! + (classes[i]! & EMOTIVE ? 1 : 0);
  const units = unitFirst.length - 1;
  const unitCode = new Int32Array(units);
  const unitShort = new Int32Array(units);
  for (let u = 0; u < units; u++) {
    const from = unitFirst[u]!;
    const to = unitFirst[u + 1]!;
    let emotive = 0;
    let caps = 0;
    for (let k = from; k < to; k++) {
      if (classes[k]! & EMOTIVE) emotive++;
      if (tokens.end[k]! - tokens.start[k]! > 2 && isAllCaps(text, tokens.start[k]!, tokens.end[k]!)) caps++;
    }
    const last = lower[to - 1] ?? '';
    const end = last === '?' ? 0 : last === '!' ? 1 : last === '"' || last === '”' ? 2 : 3;
    const len = bucket(to - from, [4, 8, 15, 25, 40]);
    unitShort[u] = bucket(emotive, [1, 2, 3, 5]) * 4 + end;
    unitCode[u] = ((unitShort[u]! * 6 + len) * 2 + (caps > 1 ? 1 : 0)) * 2 + (u === 0 ? 1 : 0);
  }
  for (let i = 0; i < count; i++) {
    const u = unit[i]!;
    const from = unitFirst[u]!;
    const to = unitFirst[u + 1]!;
    if (i === from) {
      sink.unit();
      sink.shared(T.b, 0);
      sink.shared(T.u, unitCode[u]!);
      sink.shared(T.d, docDensity);
    }
    sink.begin(i);
    const prev = i > from ? i - 1 : BEFORE_UNIT;
    const next = i + 1 < to ? i + 1 : AFTER_UNIT;
    sink.own(i);
    sink.word(WordTemplate.P, prev);
    sink.word(WordTemplate.N, next);
    sink.word(WordTemplate.PP, i - 1 > from ? i - 2 : BEFORE_UNIT);
    sink.word(WordTemplate.NN, i + 2 < to ? i + 2 : AFTER_UNIT);
    sink.pair(PairTemplate.PW, prev, i);
    sink.pair(PairTemplate.WN, i, next);
    const c = classes[i]! & 0x1f;
    // The same word is annotated far more often in a propaganda-dense article: let the lists' weight vary.
    for (let bit = 0; c && bit < 5; bit++) if (c & (1 << bit)) sink.code(T.cd, bit * 10 + docDensity);
    const near = emotiveBefore[Math.min(to, i + 4)]! - emotiveBefore[Math.max(from, i - 3)]! - (c & EMOTIVE ? 1 : 0);
    sink.code(T.near, Math.min(near, 3));
    const kind = lexiconKind[i]!;
    if (kind) sink.code(T.x, kindCode(kind));
    sink.code(T.pos, (i - from < 2 ? 0 : to - i <= 2 ? 2 : 1) * 20 + unitShort[u]!);
    if (quoted[i]) sink.code(T.q, 0);
    if (wordRepeat[i]) sink.code(T.r, wordRepeat[i]!);
    // a repeated phrase covers the bigram it starts and the one it ends
    const phrase = Math.max(bigramRepeat[i]!, i > from ? bigramRepeat[i - 1]! : 0);
    if (phrase) sink.code(T.rb, phrase);
  }
}

function isAllCaps(text: string, start: number, end: number): boolean {
  let letters = 0;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) letters++;
    else if (c > 127 && text[k]!.toLowerCase() !== text[k]) letters++;
    else if (c > 127 && text[k]!.toUpperCase() !== text[k]) return false;
  }
  return letters > 0;
}

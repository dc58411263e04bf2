import { bucket } from '../../core/bucket.js';
import type { TokenView } from './token-view.js';
import { hashString, mix, template, type WeightTable } from './hashed.js';

/** Length buckets 0, 1, 2, 3, 4-6, 7-10, 11-20, 21+. */
const LENGTH_EDGES = [1, 2, 3, 4, 7, 11, 21];

const T = {
  prev: template('p'), next: template('n'), prevNext: template('pn'), nextTwo: template('nn'), rest: template('rest'),
  nextPunct: template('np'), nextCueWord: template('n-cue'), length: template('len'),
  kindNext: template('k|n'), kindLength: template('k|len'), kindEnd: template('k|sentence-end'),
  cueNext: template('cue|n'), cueLength: template('cue|len'),
};
const SENTENCE_END = template('sentence-end');
const AFTER_QUOTE = template('after-quote');
const INSIDE_QUOTE = template('inside-quote');
const NEXT2_CUE = template('next2-cue');
const NEXT_CUE = template('next-cue');
const END = hashString('<end>');
const CLAUSE_OPENERS = new Set(['that', 'to', 'whether', 'if', 'how', 'what', 'why', 'who', 'when', 'where', 'which']);
const SUBJECT_PRONOUNS = new Set(['he', 'she', 'they', 'it', 'we', 'i', 'you', 'there']);
const NOUN_DETERMINERS = new Set(['the', 'a', 'an', 'his', 'her', 'its', 'their', 'our', 'my', 'your', 'this', 'these', 'those', 'some', 'no', 'any', 'every']);
const AUXILIARIES = new Set(['is', 'are', 'was', 'were', 'will', 'would', 'could', 'should', 'can', 'may', 'might', 'must', 'has', 'have', 'had', 'does', 'did', 'do', '’s', "'s", '’re', "'re", '’ll', "'ll", 'n’t', "n't"]);
/** How many words after a content's first one may hold the verb that makes it a clause. */
const CLAUSE_REACH = 6;
const START_SHAPE = { clause: hashString('<clause>'), pronoun: hashString('<pron>'), determiner: hashString('<det>'), number: hashString('<num>'), capitalised: hashString('<Cap>'), lower: hashString('<low>') };

/**
 * Features of the cut itself, before token `end` within the sentence that ends (before its final
 * punctuation) at `limit`: words around the cut, punctuation, quote marks, the sentence end, a next cue.
 * They do not depend on where the content starts, so a document scores each cut once.
 */
export function cutFeatures(view: TokenView, end: number, limit: number, isCue: (i: number) => boolean): number[] {
  const prev = view.hash[end - 1]!;
  const next = end < limit ? view.hash[end]! : END;
  const next2 = end + 1 < limit ? view.hash[end + 1]! : END;
  const features = [mix(T.prev, prev), mix(T.next, next), mix(mix(T.prevNext, prev), next), mix(mix(T.nextTwo, next), next2), mix(T.rest, bucket(limit - end, LENGTH_EDGES))];
  if (end >= limit) features.push(SENTENCE_END);
  if (end < limit && view.isPunct(end)) features.push(mix(T.nextPunct, next));
  if (end < limit && view.inQuote[end - 1]! >= 0 && view.inQuote[end]! < 0) features.push(AFTER_QUOTE);
  if (end < limit && view.inQuote[end]! >= 0 && view.inQuote[end - 1]! >= 0) features.push(INSIDE_QUOTE);
  if (end + 1 < limit && isCue(end + 1)) features.push(NEXT2_CUE, mix(T.nextCueWord, next));
  if (end < limit && isCue(end)) features.push(NEXT_CUE);
  return features;
}

/**
 * The kind of content that starts at token `start`, as a feature part: its first word when that opens a clause
 * ("that", "to", "whether", "how" …), else its shape — a pronoun, a determiner, a capitalised word, a number,
 * another word — and whether a verb follows it closely (opensClause). Noun-phrase contents ("cited [the
 * figure] at last week's forum") end where an adjunct starts ("since", "during", "on Friday"); clauses run on past them.
 */
export function startClass(view: TokenView, start: number): number {
  const word = view.lower[start]!;
  if (CLAUSE_OPENERS.has(word)) return view.hash[start]!;
  const shape = SUBJECT_PRONOUNS.has(word) ? START_SHAPE.pronoun
    : NOUN_DETERMINERS.has(word) ? START_SHAPE.determiner
    : view.tokens.kind[start] === 1 ? START_SHAPE.number
    : view.isCapitalised(start) ? START_SHAPE.capitalised : START_SHAPE.lower;
  return opensClause(view, start) ? mix(shape, START_SHAPE.clause) : shape;
}

/**
 * Whether an auxiliary or a past-tense form follows token `start` within CLAUSE_REACH words, before any mark: the
 * content is then a clause with its subject ("the ferries would run again on Monday"), not a noun phrase.
 */
function opensClause(view: TokenView, start: number): boolean {
  const { count } = view.tokens;
  for (let t = start + 1; t < Math.min(count, start + 1 + CLAUSE_REACH); t++) {
    if (view.isPunct(t) || view.inQuote[t]! >= 0) return false;
    const word = view.lower[t]!;
    if (AUXILIARIES.has(word) || (word.length > 4 && word.endsWith('ed') && !view.isCapitalised(t))) return true;
  }
  return false;
}

/** The features of a cut before token `end` that depend on the kind of content (startClass): `kind` is its template mix. */
function kindFeatures(kind: KindTemplates, view: TokenView, start: number, end: number, limit: number): number[] {
  if (view.inQuote[start]! >= 0) return [];
  const next = end < limit ? view.hash[end]! : END;
  const features = [mix(kind.next, next), mix(kind.length, bucket(end - start, LENGTH_EDGES))];
  if (end >= limit) features.push(kind.sentenceEnd);
  return features;
}

interface KindTemplates {
  next: number;
  length: number;
  sentenceEnd: number;
}

/**
 * A content that opens with a quotation (mixed content: “armed resistance” as the only way …) has no kind: its
 * cuts are scored as before kinds (on PolNeAR train such contents end before "as" like noun phrases, which the
 * seed article's hand-made gold and the contract's mixed quotes do not follow).
 */
const NO_KIND: KindTemplates = { next: 0, length: 0, sentenceEnd: 0 };

function kindTemplates(kind: number): KindTemplates {
  return { next: mix(T.kindNext, kind), length: mix(T.kindLength, kind), sentenceEnd: mix(T.kindEnd, kind) };
}

/**
 * The features of a cut that depend on the cue word (its form hash `cue`, 0 when the frame has none): the word after
 * the cut and the content's length, for each cue — "cited [the figure] at …", "condemned [the launch] as …" end
 * where "said" runs on.
 */
function cueFeatures(cue: number, view: TokenView, start: number, end: number, limit: number): number[] {
  if (!cue) return [];
  const next = end < limit ? view.hash[end]! : END;
  return [mix(mix(T.cueNext, cue), next), mix(mix(T.cueLength, cue), bucket(end - start, LENGTH_EDGES))];
}

/** Every feature of ending content = tokens [start, end): the cut's features, the content's length, its kind and its cue. */
export function endFeatures(view: TokenView, start: number, end: number, limit: number, isCue: (i: number) => boolean, cue = 0): number[] {
  return [...cutFeatures(view, end, limit, isCue), mix(T.length, bucket(end - start, LENGTH_EDGES)), ...kindFeatures(kindTemplates(startClass(view, start)), view, start, end, limit), ...cueFeatures(cue, view, start, end, limit)];
}

/** Whether the ranker may cut before token `end` (< limit): only where the word after the cut weighs for a cut. */
export function mayCutBefore(weights: WeightTable, view: TokenView, end: number): boolean {
  return weights.get(mix(T.next, view.hash[end]!)) > 0;
}

/** Scores cuts for one document, each cut's own features summed once (a sentence holds several cues). */
export class EndScorer {
  private readonly cutScore: Float64Array;
  /** The sentence limit each cached score was computed for (-1: none yet). */
  private readonly cutLimit: Int32Array;
  private readonly lengthWeight: Float64Array;

  constructor(private readonly weights: WeightTable, private readonly view: TokenView, private readonly isCue: (i: number) => boolean) {
    this.cutScore = new Float64Array(view.tokens.count + 1);
    this.cutLimit = new Int32Array(view.tokens.count + 1).fill(-1);
    this.lengthWeight = lengthWeights(weights);
  }

  /**
   * The best end of content from token `start` in a sentence whose content limit is `limit`: among the cuts from
   * start + 2 on, the sentence end and those the model may cut before (mayCutBefore); `limit` when none scores.
   */
  bestEnd(start: number, limit: number, cue = 0): number {
    const kind = this.view.inQuote[start]! >= 0 ? NO_KIND : kindTemplates(startClass(this.view, start));
    const cueNext = cue ? mix(T.cueNext, cue) : 0;
    const cueLength = cue ? mix(T.cueLength, cue) : 0;
    const kindEnd = kind === NO_KIND ? 0 : this.weights.get(kind.sentenceEnd);
    let best = limit;
    let bestScore = -Infinity;
    for (let end = start + 2; end <= limit; end++) {
      if (end < limit && !mayCutBefore(this.weights, this.view, end)) continue;
      let score = this.score(start, end, limit, kind) + (end >= limit ? kindEnd : 0);
      if (cue) score += this.weights.get(mix(cueNext, end < limit ? this.view.hash[end]! : END)) + this.weights.get(mix(cueLength, LENGTH_BUCKET[Math.min(end - start, LONGEST_BUCKETED)]!));
      if (score > bestScore) {
        bestScore = score;
        best = end;
      }
    }
    return best;
  }

  private score(start: number, end: number, limit: number, kind: KindTemplates): number {
    if (this.cutLimit[end] !== limit) {
      this.cutScore[end] = this.weights.score(cutFeatures(this.view, end, limit, this.isCue));
      this.cutLimit[end] = limit;
    }
    const length = Math.min(end - start, LONGEST_BUCKETED);
    const next = end < limit ? this.view.hash[end]! : END;
    const own = this.cutScore[end]! + this.lengthWeight[length]!;
    return kind === NO_KIND ? own : own + this.weights.get(mix(kind.next, next)) + this.weights.get(mix(kind.length, LENGTH_BUCKET[length]!));
  }
}

const LONGEST_BUCKETED = 21;
/** The length bucket of each content length 0…21. */
const LENGTH_BUCKET = Int32Array.from({ length: LONGEST_BUCKETED + 1 }, (_, n) => bucket(n, LENGTH_EDGES));
const lengthTables = new WeakMap<WeightTable, Float64Array>();

/** The weight of each content length 0…21 (21 and more share a bucket), computed once per model. */
function lengthWeights(weights: WeightTable): Float64Array {
  let table = lengthTables.get(weights);
  if (!table) {
    table = new Float64Array(LONGEST_BUCKETED + 1);
    for (let n = 0; n <= LONGEST_BUCKETED; n++) table[n] = weights.get(mix(T.length, bucket(n, LENGTH_EDGES)));
    lengthTables.set(weights, table);
  }
  return table;
}

import { bucket } from '../../core/bucket.js';
import type { TokenView } from './token-view.js';
import { hashString, mix, template, WeightTable, type WeightRecord } from './hashed.js';
import type { QuoteLexicon } from './lexicon.js';

/**
 * The learned cue detector (models/quotes/cue-detector.json): an averaged perceptron that says whether a
 * token heads an attribution cue as PolNeAR annotates them — speech, but also belief, intention and stance
 * ("believes", "wants", "plans", "endorsed", "questioning") that the cue lexicon does not hold. It looks at the
 * word, its neighbours, its suffix and shape. Only words that were ever inside a training cue at a rate of at
 * least `minRate` are asked (one map look-up rules out the rest), so it costs little per document. What it
 * proposes becomes a reported-speech candidate that the rules frame and the frame filter judges.
 */
export interface CueDetector {
  weights: WeightTable;
  /** A token whose score reaches this is a candidate cue. */
  threshold: number;
  /** Words whose learned cue rate (models/quotes/cues.json) is below this are never asked. */
  minRate: number;
  /** The form hashes of the words that are asked (rate ≥ minRate), weighing 1: one table look-up per token. */
  asked: WeightTable;
  /** Form hash → hash of its stemOf() for every asked word, made once so that scoring a word makes no string. */
  stems?: WeightTable;
  /** Form hash → hash of its last three letters for every asked word (as `stems`: no string per scored word). */
  suffixes?: WeightTable;
  /**
   * The form hashes of words that are cues most of the time (learned rate ≥ STRONG_CUE_RATE: "said", "told",
   * "according"), weighing 1: another such cue in the sentence says whether a word stands inside someone's
   * reported content ("Trump said he *wants* a wall"), where PolNeAR never marks a second, nested cue.
   */
  strong?: WeightTable;
}

export interface CueDetectorFile {
  about: string;
  threshold: number;
  minRate: number;
  weights: WeightRecord;
}

/** The detector of a model file; `rates` are the learned cue rates that say which words it is asked about. */
export function cueDetectorFrom(file: CueDetectorFile, rates: ReadonlyMap<string, number>): CueDetector {
  const asked = new Set<string>();
  for (const [form, rate] of rates) if (rate >= file.minRate) asked.add(form);
  // A regular inflection never seen in training ("admires", "vowing") of a word that is asked ("admired",
  // "vowed") is asked too: the detector scores it by its stem and neighbours. PolNeAR dev: 146 missed gold
  // cues were words never seen in train; training sees the same gate, so frequent non-cue kin get weights.
  for (const form of [...asked]) {
    const stem = stemOf(form);
    for (const ending of INFLECTIONS) if (!rates.has(stem + ending)) asked.add(stem + ending);
  }
  return {
    weights: WeightTable.fromRecord(file.weights), threshold: file.threshold, minRate: file.minRate,
    asked: WeightTable.ofForms(asked),
    stems: new WeightTable([...asked].map((form) => [hashString(form), hashString(stemOf(form))] as const)),
    suffixes: new WeightTable([...asked].map((form) => [hashString(form), hashString(suffixOf(form))] as const)),
    strong: WeightTable.ofForms([...rates].filter(([, rate]) => rate >= STRONG_CUE_RATE).map(([form]) => form)),
  };
}

/** Without learned rates no word is a sure cue. */
const NO_STRONG_CUES = new WeightTable([]);
/** The learned cue rate from which a word counts as a sure cue for the sentence-context features. */
const STRONG_CUE_RATE = 0.5;
/** How far the sentence-context features look either side of the word, in tokens. */
const CONTEXT_REACH = 20;

/** Endings that rebuild a word's regular inflections from its stemOf() ("believ" + "es", "ed", "ing", "e"). */
const INFLECTIONS = ['', 'e', 's', 'es', 'd', 'ed', 'ing'];

const T = {
  word: template('w'), prev: template('p'), next: template('n'), prev2: template('p2'), next2: template('n2'),
  prevWord: template('pw'), wordNext: template('wn'), wordNext2: template('wn2'), suffix: template('suf'), prevShape: template('ps'),
  nextShape: template('ns'), position: template('pos'), rest: template('rest'), stem: template('stem'),
  subject: template('subj'), subjectShape: template('subj-shape'),
  strongAround: template('strong-around'), wordStrongAround: template('w|strong-around'), quoteThatAhead: template('quote-that-ahead'),
  wordSubjectShape: template('w|subj-shape'),
};
const FLAG = { bias: template('bias'), lexicon: template('lexicon'), capitalised: template('cap'), sentenceStart: template('sentence-start') };
const EDGE = { start: hashString('<s>'), end: hashString('</s>') };
const THAT = hashString('that');
const SHAPE = { number: hashString('num'), capitalised: hashString('Cap'), lower: hashString('low'), quoted: hashString('quoted') };

/** Position buckets 0, 1, 2, 3, 4-6, 7-12, 13-25, 26+. */
const POSITION_EDGES = [1, 2, 3, 4, 7, 13, 26];

function shape(view: TokenView, i: number): number {
  if (view.inQuote[i]! >= 0) return SHAPE.quoted;
  if (view.isPunct(i)) return view.hash[i]!;
  if (view.tokens.kind[i] === 1) return SHAPE.number;
  return view.isCapitalised(i) ? SHAPE.capitalised : SHAPE.lower;
}

/**
 * The word before the verb group of token i, past its auxiliaries and adverbs ("*He* has also repeatedly
 * wanted"): who holds the stance, when the word is a cue. first - 1 at the sentence start.
 */
function subjectBefore(view: TokenView, lexicon: QuoteLexicon, i: number, first: number): number {
  let j = i - 1;
  while (j >= first && (lexicon.cueModifiers.has(view.lower[j]!) || lexicon.adverbs.has(view.lower[j]!) || endsInLy(view, j))) j--;
  return j;
}

/**
 * A lower-case word of more than four letters ending in "-ly" ("publicly", "quickly", but also "family", "rally"):
 * the shape the detector's features take for a manner adverb, as trained (span-conventions.ts isLyAdverb is the
 * stricter test of an adverb, with its exceptions).
 */
export function endsInLy(view: TokenView, i: number): boolean {
  const form = view.lower[i]!;
  return form.length > 4 && form.endsWith('ly') && !view.isCapitalised(i);
}

/**
 * A crude stem shared by a word's regular inflections ("wants", "wanted", "wanting" → "want"; "believes",
 * "believed", "believe" → "believ"), so a form seen rarely in training is scored like its kin.
 */
export function stemOf(form: string): string {
  const stripped = form.replace(/(?:ing|ed|es|s|d)$/u, '');
  const stem = stripped.length >= 3 ? stripped : form;
  return stem.length > 3 && stem.endsWith('e') ? stem.slice(0, -1) : stem;
}

/** Features of token i in the sentence tokens [first, end). */
export function cueTokenFeatures(view: TokenView, lexicon: QuoteLexicon, i: number, first: number, end: number): number[] {
  const { hash, lower } = view;
  const word = hash[i]!;
  const prev = i > first ? hash[i - 1]! : EDGE.start;
  const prev2 = i - 1 > first ? hash[i - 2]! : EDGE.start;
  const next = i + 1 < end ? hash[i + 1]! : EDGE.end;
  const next2 = i + 2 < end ? hash[i + 2]! : EDGE.end;
  const form = lower[i]!;
  const subject = subjectBefore(view, lexicon, i, first);
  const subjectShape = subject >= first ? shape(view, subject) : EDGE.start;
  const detector = lexicon.cueDetector;
  // Sentence context: a sure cue before or after the word (its distance), quoted words or a "that" ahead.
  const strong = detector?.strong ?? NO_STRONG_CUES;
  const before = strongCueBefore(view, strong, i, first);
  const ahead = aheadScratch;
  scanAhead(view, strong, i, end, ahead);
  const features = [
    FLAG.bias, mix(T.word, word), mix(T.prev, prev), mix(T.next, next), mix(T.prev2, prev2), mix(T.next2, next2),
    mix(mix(T.prevWord, prev), word), mix(mix(T.wordNext, word), next), mix(mix(T.wordNext2, word), next2),
    mix(T.suffix, detector?.suffixes?.get(word) || hashString(suffixOf(form))),
    mix(T.prevShape, i > first ? shape(view, i - 1) : EDGE.start), mix(T.nextShape, i + 1 < end ? shape(view, i + 1) : EDGE.end),
    mix(T.position, bucket(i - first, POSITION_EDGES)), mix(T.rest, bucket(end - i, POSITION_EDGES)),
    mix(T.stem, detector?.stems?.get(word) || hashString(stemOf(form))),
    mix(T.subject, subject >= first ? hash[subject]! : EDGE.start), mix(T.subjectShape, subjectShape),
    // Four features for the context, each a pair (fewer weight look-ups per scored word than one per part).
    mix(T.strongAround, before * 8 + ahead[0]!), mix(mix(T.wordStrongAround, word), (before > 0 ? 2 : 0) + (ahead[0]! > 0 ? 1 : 0)),
    mix(T.quoteThatAhead, ahead[1]! * 8 + ahead[2]!),
    mix(mix(T.wordSubjectShape, word), subjectShape),
  ];
  if (lexicon.cueForms.has(form)) features.push(FLAG.lexicon);
  if (i === first) features.push(FLAG.sentenceStart);
  else if (view.isCapitalised(i)) features.push(FLAG.capitalised);
  return features;
}

/** The last three letters of a word (the whole of a shorter one). */
function suffixOf(form: string): string {
  return form.length > 3 ? form.slice(-3) : form;
}

/** Buckets of the distance to a sure cue (0: none within reach): 1, 2, 3-4, 5-8, 9+. */
function distanceBucket(distance: number): number {
  return distance <= 2 ? distance : distance <= 4 ? 3 : distance <= 8 ? 4 : 5;
}

/** How far back the nearest sure cue of the sentence stands (bucketed; 0 when none within reach). */
function strongCueBefore(view: TokenView, strong: WeightTable, i: number, first: number): number {
  for (let j = i - 1; j >= first && j >= i - CONTEXT_REACH; j--) if (strong.get(view.hash[j]!) > 0) return distanceBucket(i - j);
  return 0;
}

/**
 * What lies ahead of token i in its sentence, bucketed by distance (0: none within reach), in one pass: the
 * nearest sure cue, the first quoted word ("called the plan “a disaster”") and a "that" past the next word within
 * 8 tokens ("told reporters on Monday that"). Written to `ahead` as [sure cue, quote, that].
 */
function scanAhead(view: TokenView, strong: WeightTable, i: number, end: number, ahead: Int32Array): void {
  ahead.fill(0);
  const last = Math.min(end - 1, i + CONTEXT_REACH);
  for (let j = i + 1; j <= last; j++) {
    const hash = view.hash[j]!;
    if (ahead[0] === 0 && strong.get(hash) > 0) ahead[0] = distanceBucket(j - i);
    if (ahead[1] === 0 && view.inQuote[j]! >= 0) ahead[1] = distanceBucket(j - i);
    if (ahead[2] === 0 && hash === THAT && j >= i + 2 && j <= i + 8) ahead[2] = distanceBucket(j - i);
  }
}
/** scanAhead's output, reused: scoring a word allocates nothing but its feature list. */
const aheadScratch = new Int32Array(3);

/** Whether the detector is asked about token i at all: a word whose learned cue rate reaches `minRate`. */
export function detectorAsks(detector: Pick<CueDetector, 'asked'>, view: TokenView, i: number): boolean {
  return view.tokens.kind[i] === 0 && detector.asked.get(view.hash[i]!) > 0;
}

/**
 * How much lower a word right before "that" may score and still be proposed ("believes that", "hoped that"): on a
 * held-out tenth of PolNeAR train (detector trained on the rest), 13 of the 21 asked words before "that" scoring in
 * [-3, 0) head a gold cue, against 124 of 326 for the other words in that band.
 */
const THAT_CLAUSE_ALLOWANCE = 3;

/** The score the word at token i needs to become a candidate cue. */
export function candidateThreshold(detector: Pick<CueDetector, 'threshold'>, view: TokenView, i: number): number {
  return view.lower[i + 1] === 'that' ? detector.threshold - THAT_CLAUSE_ALLOWANCE : detector.threshold;
}

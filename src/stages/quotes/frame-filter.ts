import { bucket } from '../../core/bucket.js';
import type { TokenView } from './token-view.js';
import { cueTokenFeatures, detectorAsks, type CueDetector } from './cue-detector.js';
import { hashString, mix, template, WeightTable, type WeightRecord } from './hashed.js';
import type { QuoteLexicon } from './lexicon.js';

/** A word-token range [from, to). */
export interface TokenRange {
  from: number;
  to: number;
}

/** One reported-speech candidate as the rules built it: cue, source (if any) and content tokens. */
export interface FrameCandidate {
  cue: TokenRange;
  source: TokenRange | null;
  content: [number, number];
  rule: string;
  /** Whether only the learned cue detector, not the lexicon, proposed the cue. */
  detected: boolean;
  /** The sentence's first token and its content limit (before the final punctuation). */
  sentenceFirst: number;
  sentenceEnd: number;
}

/**
 * The learned frame filter (models/quotes/frames.json): averaged-perceptron weights that accept or reject a
 * reported-speech candidate, plus how far candidate cues reach beyond the lexicon (rates of
 * models/quotes/cues.json): the rules over-generate, the filter keeps what PolNeAR's annotators would mark.
 */
export interface FrameModel {
  weights: WeightTable;
  /** A candidate scoring below this is dropped… */
  threshold: number;
  /** …and one whose cue only the cue detector proposed, below this (its candidates are less often right). */
  detectedThreshold: number;
  /** Candidate cues: lexicon forms with a learned rate ≥ minRate, other forms with a rate ≥ addRate. */
  minRate: number;
  addRate: number;
}

export interface FrameModelFile {
  about: string;
  threshold: number;
  detectedThreshold?: number;
  minRate: number;
  addRate: number;
  weights: WeightRecord;
}

export function frameModelFrom(file: FrameModelFile): FrameModel {
  return { weights: WeightTable.fromRecord(file.weights), threshold: file.threshold, detectedThreshold: file.detectedThreshold ?? file.threshold, minRate: file.minRate, addRate: file.addRate };
}

/** Buckets of lengths and positions in tokens: 0, 1, 2, 3-4, 5-8, 9-16, 17-32, 33+. */
const TOKEN_COUNT_EDGES = [1, 2, 3, 5, 9, 17, 33];

/** The learned cue rate in tenths (0-9), 10 when the form has none. */
function rateBucket(rate: number | undefined): number {
  return rate === undefined ? 10 : Math.min(9, Math.floor(rate * 10));
}

const T = {
  rule: template('r'), cue: template('c'), cueRule: template('c|r'), rate: template('rate'), rateRule: template('rate|r'),
  prev: template('p'), next: template('n'), prevCue: template('p|c'), cueNext: template('c|n'), cuePosition: template('cpos'),
  cuePhrase: template('cue'), source: template('s'), sourceRule: template('s|r'), sourceHead: template('sh'), sourceFirst: template('sf'),
  sourceLength: template('slen'), sourceCue: template('s|c'), contentFirst: template('cf'), cueContentFirst: template('c|cf'),
  detector: template('det'), contentLast: template('cl'), contentLength: template('clen'), contentLengthRule: template('clen|r'),
};
const FLAG = {
  bias: template('bias'), detected: template('cue-detected'), ruled: template('cue-ruled'), lexicon: template('lex=lex'), learned: template('lex=learned'), cueCapitalised: template('cue-capitalised'),
  toEnd: template('content-to-end'), cut: template('content-cut'), after: template('content-after'), before: template('content-before'),
  allQuoted: template('content-all-quoted'), partQuoted: template('content-part-quoted'),
};
const EDGE = { start: hashString('<s>'), end: hashString('</s>') };
const SOURCE_CLASS = Object.fromEntries(['pronoun', 'relative', 'first-person', 'vague', 'role', 'group', 'name', 'punct', 'other', 'none'].map((c) => [c, hashString(c)]));
const ruleHashes = new Map<string, number>();

function ruleHash(rule: string): number {
  let hash = ruleHashes.get(rule);
  if (hash === undefined) ruleHashes.set(rule, (hash = hashString(rule)));
  return hash;
}

/** The cue detector's score of the cue word in coarse signed steps (log scale; 9: not asked). */
function detectorBucket(view: TokenView, lexicon: QuoteLexicon, detector: CueDetector, frame: FrameCandidate): number {
  const at = frame.cue.from;
  if (!detectorAsks(detector, view, at)) return 9;
  const score = detector.weights.score(cueTokenFeatures(view, lexicon, at, frame.sentenceFirst, frame.sentenceEnd));
  return Math.max(-6, Math.min(6, Math.sign(score) * Math.round(Math.log2(1 + Math.abs(score)))));
}

/** What kind of word heads the source: a pronoun, a role or group noun, a vague noun, a name, or other. */
function sourceClass(view: TokenView, lexicon: QuoteLexicon, source: TokenRange): string {
  const head = view.lower[source.to - 1]!;
  if (lexicon.personPronouns.has(head) || lexicon.groupPronouns.has(head)) return 'pronoun';
  if (lexicon.relativePronouns.has(head)) return 'relative';
  if (lexicon.firstPersonPronouns.has(head)) return 'first-person';
  if (lexicon.vagueHeads.has(head)) return 'vague';
  if (lexicon.personNominals.has(head)) return 'role';
  if (lexicon.groupNominals.has(head)) return 'group';
  if (view.isCapitalised(source.to - 1)) return 'name';
  return view.isPunct(source.to - 1) ? 'punct' : 'other';
}

/**
 * Features of one candidate: the cue word and its neighbours, its learned cue rate, the rule that built the
 * frame, what heads the source, how the content starts and ends and how long it is. Computed only for
 * candidates (a few per sentence), never per token.
 */
export function frameFeatures(view: TokenView, lexicon: QuoteLexicon, frame: FrameCandidate): number[] {
  const { cue, source, content } = frame;
  const { hash } = view;
  const rule = ruleHash(frame.rule);
  const word = hash[cue.from]!;
  const before = cue.from > frame.sentenceFirst ? hash[cue.from - 1]! : EDGE.start;
  const after = cue.to < frame.sentenceEnd ? hash[cue.to]! : EDGE.end;
  const rate = rateBucket(lexicon.learnedCueRate?.get(view.lower[cue.from]!));
  const features = [
    FLAG.bias, mix(T.rule, rule), mix(T.cue, word), mix(mix(T.cueRule, word), rule), mix(T.rate, rate), mix(mix(T.rateRule, rate), rule),
    lexicon.cueForms.has(view.lower[cue.from]!) ? FLAG.lexicon : FLAG.learned,
    frame.detected ? FLAG.detected : FLAG.ruled,
    mix(T.prev, before), mix(T.next, after), mix(mix(T.prevCue, before), word), mix(mix(T.cueNext, word), after),
    mix(T.cuePosition, bucket(cue.from - frame.sentenceFirst, TOKEN_COUNT_EDGES)),
  ];
  if (lexicon.cueDetector) features.push(mix(T.detector, detectorBucket(view, lexicon, lexicon.cueDetector, frame)));
  if (cue.to - cue.from > 1) {
    let phrase = T.cuePhrase;
    for (let t = cue.from; t < cue.to; t++) phrase = mix(phrase, hash[t]!);
    features.push(phrase);
  }
  if (view.isCapitalised(cue.from) && cue.from > frame.sentenceFirst) features.push(FLAG.cueCapitalised);
  if (source) {
    const cls = SOURCE_CLASS[sourceClass(view, lexicon, source)]!;
    features.push(mix(T.source, cls), mix(mix(T.sourceRule, cls), rule), mix(T.sourceHead, hash[source.to - 1]!), mix(T.sourceFirst, hash[source.from]!), mix(T.sourceLength, bucket(source.to - source.from, TOKEN_COUNT_EDGES)), mix(mix(T.sourceCue, cls), word));
  } else {
    features.push(mix(T.source, SOURCE_CLASS.none!), mix(mix(T.sourceCue, SOURCE_CLASS.none!), word));
  }
  const [from, to] = content;
  const first = from < view.tokens.count ? hash[from]! : EDGE.end;
  const length = bucket(to - from, TOKEN_COUNT_EDGES);
  features.push(
    mix(T.contentFirst, first), mix(mix(T.cueContentFirst, word), first), mix(T.contentLast, to > 0 ? hash[to - 1]! : EDGE.start), mix(T.contentLength, length),
    mix(mix(T.contentLengthRule, length), rule),
    to >= frame.sentenceEnd ? FLAG.toEnd : FLAG.cut,
    from > cue.from ? FLAG.after : FLAG.before,
  );
  let quoted = 0;
  for (let t = from; t < to; t++) if (view.inQuote[t]! >= 0) quoted++;
  if (quoted) features.push(quoted === to - from ? FLAG.allQuoted : FLAG.partQuoted);
  return features;
}

import type { TokenView } from './attribution.js';
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
  weights: ReadonlyMap<string, number>;
  /** A candidate scoring below this is dropped. */
  threshold: number;
  /** Candidate cues: lexicon forms with a learned rate ≥ minRate, other forms with a rate ≥ addRate. */
  minRate: number;
  addRate: number;
}

export interface FrameModelFile {
  about: string;
  threshold: number;
  minRate: number;
  addRate: number;
  weights: Record<string, number>;
}

export function frameModelFrom(file: FrameModelFile): FrameModel {
  return { weights: new Map(Object.entries(file.weights)), threshold: file.threshold, minRate: file.minRate, addRate: file.addRate };
}

function lengthBucket(n: number): string {
  return n <= 2 ? String(n) : n <= 4 ? '3-4' : n <= 8 ? '5-8' : n <= 16 ? '9-16' : n <= 32 ? '17-32' : '33+';
}

function rateBucket(rate: number | undefined): string {
  return rate === undefined ? 'none' : String(Math.min(9, Math.floor(rate * 10)));
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
export function frameFeatures(view: TokenView, lexicon: QuoteLexicon, frame: FrameCandidate): string[] {
  const { cue, source, content, rule } = frame;
  const lower = view.lower;
  const word = lower[cue.from]!;
  const before = cue.from > frame.sentenceFirst ? lower[cue.from - 1]! : '<s>';
  const after = cue.to < frame.sentenceEnd ? lower[cue.to]! : '</s>';
  const rate = rateBucket(lexicon.learnedCueRate?.get(word));
  const inLexicon = lexicon.cueForms.has(word) ? 'lex' : 'learned';
  const features = [
    'bias', `r=${rule}`, `c=${word}`, `c|r=${word}|${rule}`, `rate=${rate}`, `rate|r=${rate}|${rule}`, `lex=${inLexicon}`,
    `p=${before}`, `n=${after}`, `p|c=${before}|${word}`, `c|n=${word}|${after}`,
    `cpos=${lengthBucket(cue.from - frame.sentenceFirst)}`,
  ];
  if (cue.to - cue.from > 1) features.push(`cue=${lower.slice(cue.from, cue.to).join(' ')}`);
  if (view.isCapitalised(cue.from) && cue.from > frame.sentenceFirst) features.push('cue-capitalised');
  if (source) {
    const cls = sourceClass(view, lexicon, source);
    features.push(`s=${cls}`, `s|r=${cls}|${rule}`, `sh=${lower[source.to - 1]}`, `sf=${lower[source.from]}`, `slen=${lengthBucket(source.to - source.from)}`, `s|c=${cls}|${word}`);
  } else {
    features.push('s=none', `s|c=none|${word}`);
  }
  const [from, to] = content;
  const first = lower[from] ?? '</s>';
  features.push(
    `cf=${first}`, `c|cf=${word}|${first}`, `cl=${lower[to - 1] ?? '<s>'}`, `clen=${lengthBucket(to - from)}`,
    `clen|r=${lengthBucket(to - from)}|${rule}`,
    to >= frame.sentenceEnd ? 'content-to-end' : 'content-cut',
    from > cue.from ? 'content-after' : 'content-before',
  );
  let quoted = 0;
  for (let t = from; t < to; t++) if (view.inQuote[t]! >= 0) quoted++;
  if (quoted) features.push(quoted === to - from ? 'content-all-quoted' : 'content-part-quoted');
  return features;
}

import type { QuoteKind, Span } from '../../core/article.js';
import type { Deadline } from '../../core/deadline.js';
import { isAbbreviationDot, type QuoteLexicon } from './lexicon.js';
import type { QuotedSpan } from './marks.js';
import { EndScorer } from './content-end.js';
import { CONTENT_REACH, sourceWindowStart, StartScorer } from './boundaries.js';
import { candidateThreshold, cueTokenFeatures, detectorAsks } from './cue-detector.js';
import { frameFeatures, type FrameCandidate } from './frame-filter.js';
import { WeightTable } from './hashed.js';
import { contentBeforeUsedCue, hearsayFrameAt, leadingPart, openerBeforeAccording, raisingFrameAt, RECOVERED, recoveredFrame, type FrameTools } from './recall-frames.js';
import { isSpeakerAside, SpanConventions, type CueAndContent } from './span-conventions.js';
import { APPOSITIVE_REACH, AUXILIARIES, BE_FORMS, CLAUSE_END, DETERMINERS, EXPLETIVES, isShouted, OPEN_MARK, partyLabelEnd, partyLabelStart, SIGNATURE_DASH, spacedDashStart, SUBJECT_PRONOUNS, type CueMatch, SpeakerPhrases } from './speaker-phrases.js';
import type { TokenView } from './token-view.js';

/** One attribution found in the text: content, cue and speaker mention (token ranges are [from, to)). */
export interface Attribution {
  kind: QuoteKind;
  start: number;
  end: number;
  cue: Span | null;
  mention: Span | null;
  /** The quoted span this attribution is about (direct quotes), for continuation and voice. */
  quoted: QuotedSpan | null;
  /** Why it was found: the rule id (provenance). */
  rule: string;
  /** The direct quote whose relation this content part belongs to: the part goes when that quote is taken into reported speech. */
  partOf?: QuotedSpan;
}

const CLOSE_MARK = /^(?:[”»’"']|'')$/;
const MAX_CONTENT = 120;
// Quotation marks that may close a nested quote just before the outer closing mark.
const NESTED_CLOSE = /['’"”]/u;
// How many words an adjunct after a direct quote's attribution may hold before ", adding …" ("said of the union").
const ADJUNCT_REACH = 6;
// How many words a name before a colon that introduces a quote may hold ("Frank Lund and Jim Holm: “…”").
const NAME_WORDS = 7;
// A quote with no cue continues the last cued quote of its own paragraph or the next one.
const CONTINUATION_PARAGRAPHS = 1;
// After a comma, these start a clause that PolNeAR leaves out of the reported content.
const CONTENT_STOPS = new Set(['while', 'however', 'although', 'though', 'whereas', 'according', 'said', 'says', 'adding', 'saying', 'but', 'which', 'who', 'even']);
// A form of "be" before a participle cue makes it passive ("was nominated", "is expected"), contracted too ("she’s").
const PASSIVE_AUXILIARIES = new Set([...BE_FORMS, '’s', "'s", '’re', "'re"]);
const NEGATIONS = new Set(['not', 'n’t', "n't"]);
const LIST_JOINERS = new Set(['and', 'or', ',', '&']);
/** Pronouns that stand as an object after a verb ("calling him a …", "making it clear"). */
const OBJECT_PRONOUNS = new Set(['him', 'her', 'it', 'them', 'us', 'me', 'you']);

/** Source and content token ranges around a cue; `rest` is a second content span on the cue's other side. */
interface Frame {
  source: CueMatch | null;
  content: [number, number];
  rest?: [number, number];
  rule: string;
  /** The relative pronoun (or the subject after it) that speaks for a cue coordinated inside a relative clause (relativeSubject). */
  relative?: CueMatch;
  /** The agent of a passive cue named by a "by" phrase after it (passiveAgent), the source once the cue is annotated. */
  agent?: CueMatch;
  /** Where the span conventions move the cue's particles and the content start, when the content-end ranker was asked (contentAfter). */
  particles?: CueAndContent;
  /** The subject of a seem/appear cue, which speaks for no one (annotatedCue): a content part when it is no expletive. */
  raisedSubject?: CueMatch;
}


/** Thresholds on the learned cue rate: a lexicon form below minRate is no cue, another form at addRate or more is one. */
interface CueRates {
  minRate: number;
  addRate: number;
}

export interface FinderOptions {
  /**
   * Training: called with every reported-speech candidate the rules build from the frame model's wider set
   * of cues (or `candidateRates`), none filtered, so the filter learns from what the stage would propose.
   */
  recordFrame?: (frame: FrameCandidate, features: number[]) => void;
  candidateRates?: CueRates;
}

/**
 * Finds attributions: direct quotes with their cue and speaker mention, then reported speech per sentence
 * (source – cue – content in any of the orders news prose uses), folding quoted fragments inside reported
 * speech into mixed quotes. Linear in the number of tokens: every search is bounded by a sentence or a
 * fixed window.
 */
export class AttributionFinder {
  /** Per document: a coordinated cue ("… and warns") → the source of the cue it is coordinated with. */
  private sharedSource = new Map<number, CueMatch>();
  /** Per document: a frame's speaker phrase as the rules read it → as annotated, for the cues that share it. */
  private annotatedSources = new Map<CueMatch, CueMatch | null>();
  /** Per document: the speaker phrases before their cues of each sentence's reported-speech frames, as annotated. */
  private clauseSpeakers = new Map<number, CueMatch[]>();
  /** Per document: speaker mentions of direct quotes read as a participle cue's sentence subject ("…, saying, “…”"). */
  private subjectMentions: Span[] = [];

  /** PolNeAR's boundary conventions, applied to the spans of accepted frames. */
  private readonly conventions = new SpanConventions();
  /** The readers of speaker phrases, on the same lexicon and conventions. */
  private readonly phrases: SpeakerPhrases;

  /** Cue thresholds for reported-speech candidates when a frame filter (or a recorder) decides; else null. */
  private readonly candidateRates: CueRates | null;
  /** Words that may start a candidate cue under `candidateRates`. */
  private readonly candidateStarts: ReadonlySet<string>;
  /**
   * The hashes of the forms of `lexicon.cueStarts` and `candidateStarts` (hashed.ts, as TokenView.hash): most
   * tokens start no cue, and one look-up of their hash in a compact table says so sooner than the string sets.
   */
  private readonly cueStartHashes: WeightTable;
  private readonly candidateStartHashes: WeightTable;

  constructor(private readonly lexicon: QuoteLexicon, private readonly options: FinderOptions = {}) {
    const rates = options.candidateRates ?? lexicon.frameModel ?? null;
    // Rates no wider than the lexicon's add no candidates: skip the second look-up per token.
    this.candidateRates = rates && (rates.minRate < lexicon.minRate || rates.addRate < lexicon.addRate) ? rates : null;
    const starts = new Set(lexicon.cueStarts);
    const addRate = this.candidateRates?.addRate ?? Number.POSITIVE_INFINITY;
    for (const [form, rate] of lexicon.learnedCueRate ?? []) {
      // Auxiliaries and prepositions are often inside cue spans ("has said", "talked about") but never head one.
      if (rate >= addRate && form.length > 1 && !lexicon.cueModifiers.has(form) && !lexicon.clauseBoundaries.has(form)) starts.add(form);
    }
    this.candidateStarts = starts;
    this.cueStartHashes = WeightTable.ofForms(lexicon.cueStarts);
    this.candidateStartHashes = WeightTable.ofForms(starts);
    this.phrases = new SpeakerPhrases(lexicon, this.conventions);
  }

  find(view: TokenView, sentenceCount: number, deadline: Deadline): Attribution[] {
    const usedCue = new Uint8Array(view.tokens.count);
    this.sharedSource = new Map();
    this.annotatedSources = new Map();
    this.clauseSpeakers = new Map();
    this.subjectMentions = [];
    const direct = this.attributeDirectQuotes(view, usedCue);
    const absorbed = new Set<QuotedSpan>();
    const reported: Attribution[] = [];
    for (let s = 0; s < sentenceCount; s++) {
      if ((s & 255) === 0) deadline.check('quotes: reported speech');
      reported.push(...this.reportedSpeech(view, s, usedCue, absorbed));
    }
    // "Trump on Tuesday attacked …, saying, “…”": as for reported speech (sameSubject), the quote's participle shares
    // its clause's speaker phrase; the mention is changed in place, so the continuations that carry it follow.
    for (const mention of this.subjectMentions) {
      const subject = { from: view.tokenAt(mention.start), to: view.tokenAt(mention.end) };
      const shared = sameSubject(this.clauseSpeakers.get(view.tokens.sentence[subject.from]!) ?? [], subject);
      if (shared !== subject) Object.assign(mention, view.span(shared.from, shared.to));
    }
    const kept = direct.filter((a) => {
      const quote = a.quoted ?? a.partOf;
      return !quote || !absorbed.has(quote);
    });
    const all = [...kept, ...reported];
    // A transcript turn's name stands inside its quotation, and so does the name its continuations carry.
    const turns = new Set(all.filter((a) => a.rule === 'quotes/transcript-turn').map((a) => a.mention));
    for (const a of all) if (a.mention && !turns.has(a.mention)) a.mention = this.speakerMention(view, a.mention);
    return all.sort((a, b) => a.start - b.start || a.end - b.end);
  }

  /**
   * A speaker phrase as PolNeAR marks one: without the quotation marks or dash it opens with ("” Rubio said",
   * "— Cruz called"), and none when its words open inside a quotation or it is a verb, not a noun phrase — a
   * lone "-ed" or "-ing" word ("faced", "saying") or an "-ing" word before its object ("commenting on …",
   * "abandoning his …"; not "fundraising documents"). PolNeAR train: 6 sources more right, 39 fewer wrong.
   * Nor when it ends with a verb form or a function word (below).
   */
  private speakerMention(view: TokenView, mention: Span): Span | null {
    const start = view.tokenAt(mention.start);
    const to = view.tokenAt(mention.end);
    let from = start;
    while (from < to && (OPEN_MARK.test(view.lower[from]!) || CLOSE_MARK.test(view.lower[from]!) || SIGNATURE_DASH.test(view.lower[from]!))) from++;
    if (from >= to || view.inQuote[from]! >= 0) return null;
    from = this.pastSentenceAdverb(view, from, to);
    // "Despite Trump's continued …", "there are fears …": nor one that opens with a word no noun phrase opens with.
    if (this.lexicon.nonSpeakerOpeners.has(view.lower[from]!)) return null;
    // "Cruz faced criticism", "a court document filed by …": a phrase that ends with a verb form ("those polled"
    // and an appositive aside) is no speaker as the rules cut it. PolNeAR train: 0 right, 30 wrong.
    const last = view.lower[to - 1]!;
    if (to - from > 1 && !view.isCapitalised(to - 1) && /^\p{Ll}{3,}ed$/u.test(last) && !this.lexicon.respondentParticiples.has(last) && this.phrases.commaBefore(view, from, to) === to) return null;
    // "the spokesman for", "Trump and": nor one that ends with an article, preposition or conjunction (`openEndings`);
    // "said Jon Berg, the author of “…”": the name before such an appositive is the speaker.
    if (to - from > 1 && this.lexicon.openEndings.has(last) && !view.isCapitalised(to - 1)) {
      const comma = this.phrases.commaBefore(view, from + 1, to);
      return comma < to ? view.span(from, comma) : null;
    }
    const first = view.lower[from]!;
    const pronoun = to - from > 1 ? this.phrases.pronounSpeaker(view, from) : null;
    if (pronoun) return view.span(pronoun.from, pronoun.from === from ? pronoun.to : to);
    // "Then she added", "the way they say", "2010 she said": a subject pronoun ends its phrase and takes no words
    // before it but a list ("Bush and he"); "I" is also a numeral ("Survey I").
    if (to - from > 1 && view.lower[to - 1] !== 'i' && (SUBJECT_PRONOUNS.has(view.lower[to - 1]!) || view.lower[to - 1] === 'it') && !LIST_JOINERS.has(view.lower[to - 2]!)) return view.span(to - 1, to);
    if (!view.isCapitalised(from) && /^\p{Ll}{3,}(?:ed|ing)$/u.test(first)) {
      if (to - from === 1) return null;
      const next = view.lower[from + 1]!;
      if (first.endsWith('ing') && (DETERMINERS.has(next) || OBJECT_PRONOUNS.has(next) || this.lexicon.clauseBoundaries.has(next) || view.isCapitalised(from + 1))) return null;
    }
    return from === start ? mention : { start: view.tokens.start[from]!, end: mention.end };
  }

  /**
   * "Still, Tad Devine, a senior adviser, said", "Earlier Tuesday, his campaign manager said", "Now Sembler, who …,
   * has agreed", "ultimately Prager thinks": a sentence adverb (`adverbs`, with a time word after it) before a comma
   * or a name opens the clause, not the speaker phrase: the first token of the phrase after it, else `from`.
   */
  private pastSentenceAdverb(view: TokenView, from: number, to: number): number {
    const word = view.lower[from]!;
    // Not any "-ly" word: "Jolly, who was elected …" is a name.
    if (!this.lexicon.adverbs.has(word) || AUXILIARIES.has(word) || NEGATIONS.has(word)) return from;
    let next = from + 1;
    while (next < to && this.lexicon.timeWords.has(view.lower[next]!)) next++;
    if (view.lower[next] === ',') return next + 1 < to ? next + 1 : from;
    if (!view.isCapitalised(next) || view.isPunct(next)) return from;
    // Before a name with no comma: not in a headline in title case ("Just Leaked: …").
    let titleCase = true;
    for (let t = from; t < to && titleCase; t++) titleCase = view.isCapitalised(t) || view.isPunct(t);
    return next < to && !titleCase ? next : from;
  }

  /** Per document: the content-end scorer (its cache of cut scores). */
  private endScorer: EndScorer | null = null;
  private endScorerView: TokenView | null = null;

  /** The phrase readers and content boundaries that recall-frames.ts builds its frames with. */
  private readonly tools: FrameTools = {
    nounPhraseLeft: (view, k, first) => this.phrases.nounPhraseLeft(view, k, first),
    nounPhraseRight: (view, i) => this.phrases.nounPhraseRight(view, i),
    contentStart: (view, cue, end) => this.contentStart(view, cue, end),
    contentEnd: (view, from, end, source) => this.contentEnd(view, from, end, source),
    betweenSourceAndCue: (view, i) => this.betweenSourceAndCue(view, i),
    sentenceSubject: (view, i) => this.phrases.sentenceSubject(view, i),
    subjectPhrase: (view, start, limit) => this.phrases.subjectPhrase(view, start, limit),
  };

  /** Per document: the end of the cue starting at each token (0 = not computed, -1 = none), strict and candidate. */
  private cueEnds = new Int32Array(0);
  private candidateEnds = new Int32Array(0);
  private cueView: TokenView | null = null;

  /** The cue starting at token i (a single form or a multiword cue such as "according to"), or null. */
  cueAt(view: TokenView, i: number): CueMatch | null {
    return this.cachedCue(view, i, false);
  }

  private cachedCue(view: TokenView, i: number, candidate: boolean): CueMatch | null {
    if (this.cueView !== view) {
      this.cueView = view;
      this.cueEnds = new Int32Array(view.tokens.count);
      this.candidateEnds = new Int32Array(view.tokens.count);
    }
    if (i < 0 || i >= view.tokens.count) return null;
    const ends = candidate ? this.candidateEnds : this.cueEnds;
    let to = ends[i]!;
    if (to === 0) {
      const found = candidate ? this.findCueAt(view, i, this.candidateRates!, this.candidateStarts, this.candidateStartHashes) : this.findCueAt(view, i, this.lexicon, this.lexicon.cueStarts, this.cueStartHashes);
      to = found?.to ?? -1;
      ends[i] = to;
    }
    return to > 0 ? { from: i, to } : null;
  }

  private findCueAt(view: TokenView, i: number, rates: CueRates, starts: ReadonlySet<string>, startHashes: WeightTable): CueMatch | null {
    if (startHashes.get(view.hash[i]!) === 0) return null; // most words
    const word = view.lower[i]!;
    if (!starts.has(word)) return null; // a form whose hash a cue start's shares
    const rests = this.lexicon.multiword.get(word);
    if (rests) {
      for (const rest of rests) {
        if (rest.every((w, k) => view.lower[i + 1 + k] === w)) return { from: i, to: i + 1 + rest.length };
      }
    }
    if (word === ':') return this.isHeadlineColon(view, i) ? { from: i, to: i + 1 } : null;
    const rate = this.lexicon.learnedCueRate?.get(word);
    const inLexicon = this.lexicon.cueForms.has(word);
    if (!inLexicon && (rate === undefined || rate < rates.addRate)) return null; // most words: no cue
    if (!mayHeadCue(view, this.lexicon, i)) return null;
    // A lexicon verb that is rarely a cue still is one when it takes a that-clause ("reports indicating that …").
    const minRate = view.lower[i + 1] === 'that' ? rates.minRate / 4 : rates.minRate;
    if (inLexicon && rate !== undefined && rate < minRate) return null;
    return { from: i, to: this.withParticles(view, i) };
  }

  /** Where a cue headed by token i ends: after the learned particles that follow it ("referring to", "called for"). */
  private withParticles(view: TokenView, i: number): number {
    let to = i + 1;
    while (to < view.tokens.count && to - i < 3 && view.inQuote[to]! < 0 && this.lexicon.particles.has(`${view.lower[to - 1]} ${view.lower[to]}`)) to++;
    return to;
  }

  /**
   * A cue the learned detector finds at token i of the sentence tokens [first, end) beyond the lexicon
   * ("believes", "plans", "endorsed"); null without the detector or when it says no.
   */
  private detectedCueAt(view: TokenView, i: number, first: number, end: number): CueMatch | null {
    const detector = this.lexicon.cueDetector;
    if (!detector || !detectorAsks(detector, view, i) || this.lexicon.cueModifiers.has(view.lower[i]!) || !mayHeadCue(view, this.lexicon, i)) return null;
    if (detector.weights.score(cueTokenFeatures(view, this.lexicon, i, first, end)) < candidateThreshold(detector, view, i)) return null;
    return { from: i, to: this.withParticles(view, i) };
  }

  /**
   * "Iraqi resistance ‘ready for military cooperation’": in a headline (a sentence with no closing
   * punctuation that ends with the quote) the words before the quote name who said it.
   */
  private headlineSpeaker(view: TokenView, openToken: number, closeToken: number): CueMatch | null {
    const s = view.tokens.sentence[openToken]!;
    if (s < 0) return null;
    const first = view.tokens.sentenceFirst[s]!;
    const last = view.tokens.sentenceFirst[s + 1]!;
    if (closeToken < last || openToken - first > 6 || openToken === first) return null;
    // A headline is a paragraph of its own ("But “Trump’s candidacy is …”" inside a paragraph is the outlet's
    // sentence: PolNeAR train, 1 of 16 such speakers right).
    if (!startsLine(view.text, view.tokens.start[first]!) || !endsLine(view.text, view.tokens.end[closeToken - 1]!)) return null;
    for (let t = first; t < openToken; t++) if (view.isPunct(t) || view.inQuote[t]! >= 0) return null;
    return { from: first, to: openToken };
  }

  /** "John McCain: Populist Anger …": a headline's speaker, a colon, then what they said. */
  private isHeadlineColon(view: TokenView, i: number): boolean {
    const s = view.tokens.sentence[i]!;
    if (s < 0) return false;
    const first = view.tokens.sentenceFirst[s]!;
    if (i === first || i - first > 5 || view.inQuote[i]! >= 0 || i + 2 >= view.tokens.sentenceFirst[s + 1]!) return false;
    if (this.lexicon.headlineLabels.has(view.lower[i - 1]!)) return false;
    let shouting = true;
    for (let t = first; t < i; t++) {
      const word = view.text.slice(view.tokens.start[t]!, view.tokens.end[t]!);
      if (word.length > 1 && word !== word.toUpperCase()) shouting = false;
      if (!view.isCapitalised(t) && !(t === i - 1 && this.lexicon.groupNominals.has(view.lower[t]!)) && view.lower[t] !== '.') return false;
    }
    return !shouting; // "FIX IS IN: …" is a kicker, not a speaker
  }

  /** The cue as annotated: with its auxiliaries and adverbs ("has also said") and a colon that introduces the quote. */
  private cueSpan(view: TokenView, cue: CueMatch): Span {
    let from = cue.from;
    const sentence = view.tokens.sentence[cue.from];
    while (from > 0 && view.tokens.sentence[from - 1] === sentence && this.isCueModifier(view, from - 1)) from--;
    const to = view.lower[cue.to] === ':' ? cue.to + 1 : this.conventions.cueEnd(view, cue.from, cue.to);
    return view.span(from, to);
  }

  /** An auxiliary, negation or manner adverb that belongs to the cue ("has also said", "openly ridiculed"). */
  private isCueModifier(view: TokenView, i: number): boolean {
    const word = view.lower[i]!;
    if (this.lexicon.cueModifiers.has(word) || this.lexicon.cliticAuxiliaries.has(word)) return true;
    if (this.lexicon.cliticIs.has(word)) {
      const next = view.lower[i + 1] ?? '';
      if (this.conventions.isPossessive(view, this.lexicon, i)) return false;
      return /^\p{Ll}+(?:ing|ed|en)$/u.test(next) || this.lexicon.cueModifiers.has(next) || this.lexicon.adverbs.has(next) || next === 'according';
    }
    return /^\p{Ll}+ly$/u.test(word) && !view.isCapitalised(i);
  }

  /** What may stand between a speaker and the cue: cue modifiers and time adverbs ("he later said"). */
  private betweenSourceAndCue(view: TokenView, i: number): boolean {
    return this.isCueModifier(view, i) || this.lexicon.adverbs.has(view.lower[i]!);
  }

  /**
   * Whether a form of "be" stands before the cue at token `cueFrom`, past adverbs and a negation ("is expected", "is
   * widely expected", "was not expected"): the cue is then a passive.
   */
  private followsBe(view: TokenView, cueFrom: number, first: number): boolean {
    let k = cueFrom - 1;
    while (k > first && (NEGATIONS.has(view.lower[k]!) || (!AUXILIARIES.has(view.lower[k]!) && this.betweenSourceAndCue(view, k)))) k--;
    return k >= first && BE_FORMS.has(view.lower[k]!);
  }

  private sentenceStart(view: TokenView, i: number): boolean {
    const s = view.tokens.sentence[i]!;
    return s >= 0 && view.tokens.sentenceFirst[s] === i;
  }

  private attributeDirectQuotes(view: TokenView, usedCue: Uint8Array): Attribution[] {
    const out: Attribution[] = [];
    let previous: { attribution: Attribution; endToken: number } | null = null;
    // The last direct quote with a cue: a quote with none that follows it closely continues its words.
    let lastCued: Attribution | null = null;
    for (const q of view.quoted) {
      const openToken = view.tokenAt(q.open);
      const closeToken = view.tokenAt(q.close);
      const base = { kind: 'direct' as const, start: q.start, end: q.end, quoted: q };
      const initial = clauseInitial(view, openToken);
      const turn = initial ? transcriptTurn(view, openToken, q) : null;
      if (turn) {
        const attribution = { ...base, start: turn.contentStart, cue: turn.cue, mention: turn.speaker, rule: 'quotes/transcript-turn' };
        out.push(attribution);
        previous = null;
        lastCued = attribution;
        continue;
      }
      const signed = initial || startsLine(view.text, q.open) ? this.dashSignature(view, closeToken, q) : null;
      if (signed) {
        const attribution = { ...base, cue: view.span(closeToken, closeToken + 1), mention: view.span(signed.from, signed.to), rule: 'quotes/dash-signature' };
        out.push(attribution);
        previous = null;
        lastCued = attribution;
        continue;
      }
      const after = initial ? this.afterQuote(view, closeToken, q) : this.closingAttribution(view, closeToken, q);
      if (after) {
        // A quote inside a sentence leaves its cue to the reported speech around it, which takes the quote in whole.
        if (initial) for (let i = after.cue.from; i < after.cue.to; i++) usedCue[i] = 1;
        const cue = { from: after.cue.from, to: this.conventions.cueThroughMedium(view, after.cue.to) };
        const lead = initial ? -1 : this.clauseLead(view, openToken);
        const content = lead >= 0 ? { kind: 'mixed' as const, start: view.tokens.start[lead]! } : {};
        const attribution = { ...base, ...content, cue: this.cueSpan(view, cue), mention: after.mention, rule: 'quotes/direct-after' };
        if (after.mention) {
          const speaker = { from: view.tokenAt(after.mention.start), to: view.tokenAt(after.mention.end) };
          // “…,” X said and warned …: the coordinated cue has the same speaker.
          if (view.lower[after.cue.to] === 'and') this.sharedSource.set(after.cue.to + 1, speaker);
          // “…,” the mayor said, adding that …: so has a participle cue after a comma.
          // (A speaker named after the cue may end with that comma: "said Dana Holm, 44, of Sandvik, adding …".)
          // So after a short adjunct: "“…,” the mayor said of the union, adding …".
          let tail = view.lower[after.endToken - 1] === ',' ? after.endToken - 1 : after.endToken;
          for (const reach = tail + ADJUNCT_REACH; tail < Math.min(reach, view.tokens.count) && !view.isPunct(tail) && view.inQuote[tail]! < 0;) tail++;
          if (view.lower[tail] === ',' && view.lower[tail + 1]?.endsWith('ing') && view.tokens.sentence[tail + 1] === view.tokens.sentence[tail]) this.sharedSource.set(tail + 1, speaker);
        }
        out.push(attribution);
        previous = { attribution, endToken: after.endToken };
        lastCued = attribution;
        continue;
      }
      // “A,” said X, “B.”: the second part shares the attribution that sits between the two.
      let k = openToken - 1;
      while (k >= 0 && view.lower[k] === ',') k--;
      if (previous && k < openToken - 1 && k === previous.endToken - 1) {
        out.push({ ...base, cue: previous.attribution.cue, mention: previous.attribution.mention, rule: 'quotes/direct-interrupted' });
        continue;
      }
      const before = reachesClauseEnd(view, closeToken) ? this.beforeQuote(view, openToken, usedCue) ?? this.colonSpeaker(view, openToken) : null;
      if (before) {
        for (let i = before.cue.from; i < before.cue.to; i++) usedCue[i] = 1;
        // "said that “…”", "called him “a total stiff”": PolNeAR's content takes in the words between the cue and
        // the mark, which makes the quote a mixed one.
        const lead = this.leadBeforeQuote(view, before.cue, openToken);
        const content = lead >= 0 ? { kind: 'mixed' as const, start: view.tokens.start[lead]!, end: q.close } : {};
        const attribution = { ...base, ...content, cue: this.cueSpan(view, before.cue), mention: before.mention, rule: 'quotes/direct-before' };
        out.push(attribution);
        const opener = this.openerBeforeSpeaker(view, before, openToken, q) ?? this.relativeBeforeSpeaker(view, before, openToken, closeToken);
        if (opener) out.push({ ...opener, cue: attribution.cue, mention: attribution.mention, rule: 'quotes/direct-before', partOf: q });
        previous = { attribution, endToken: closeToken };
        lastCued = attribution;
        continue;
      }
      // No cue: speaker inferred later (continuation of the previous speaker, or the next one for a heading).
      previous = null;
      // A short quoted phrase inside the outlet's own sentence is a title or a scare quote, not a quotation
      // of anyone: it is left to the framing stage.
      if (!initial && wordCount(view.text.slice(q.start, q.end)) <= 3) continue;
      // So is a title in title case (“Make Your Kid a Millionaire,” “The Morning Show”): 66 of the 174 cue-less
      // embedded quotes the stage took on PolNeAR train with no gold content there.
      if (!initial && isTitleCase(view, this.lexicon.titleFunctionWords, openToken + 1, closeToken - 1)) continue;
      const headlineSpeaker = initial ? null : this.headlineSpeaker(view, openToken, closeToken);
      if (headlineSpeaker) {
        out.push({ ...base, cue: null, mention: view.span(headlineSpeaker.from, headlineSpeaker.to), rule: 'quotes/headline-quote' });
        continue;
      }
      if (!initial) {
        const lead = this.clauseLead(view, openToken);
        const content = lead >= 0 ? { kind: 'mixed' as const, start: view.tokens.start[lead]! } : {};
        out.push({ ...base, ...content, cue: null, mention: null, rule: 'quotes/direct-embedded' });
        continue;
      }
      // “A,” X said. “B.” — and a quote in the next paragraph — carry on the same attribution (PolNeAR
      // annotates them as one relation: one cue, one source, several content spans).
      const carried = lastCued?.quoted && withinParagraphs(view.text, lastCued.quoted.close, q.open, CONTINUATION_PARAGRAPHS) ? lastCued : null;
      const continuation = { ...base, cue: carried?.cue ?? null, mention: carried?.mention ?? null, rule: 'quotes/direct-continuation' };
      out.push(continuation);
      lastCued = carried ? continuation : null;
    }
    return out;
  }

  /**
   * “…” ― Carla Sanchez: a quote signed with a dash and a name that ends its line (readers' comments, epigraphs,
   * testimonial lists). The dash is the cue; the name is the speaker.
   */
  private dashSignature(view: TokenView, t: number, q: QuotedSpan): CueMatch | null {
    if (t + 1 >= view.tokens.count || !SIGNATURE_DASH.test(view.lower[t]!) || view.text.slice(q.close, view.tokens.start[t]).includes('\n')) return null;
    if (!view.isCapitalised(t + 1) || view.text.slice(view.tokens.end[t]!, view.tokens.start[t + 1]).includes('\n')) return null;
    const name = this.phrases.nounPhraseRight(view, t + 1);
    if (!name) return null;
    for (let i = name.from; i < name.to; i++) if (!view.isCapitalised(i) && !isAbbreviationDot(view, this.lexicon, i)) return null;
    const next = name.to < view.tokens.count ? view.lower[name.to]! : '';
    const lineEnds = next === '' || next === '.' || next === ',' || view.text.slice(view.tokens.end[name.to - 1]!, view.tokens.start[name.to]).includes('\n');
    return lineEnds ? name : null;
  }

  /** “…,” SOURCE CUE / “…,” CUE SOURCE after the closing mark, within the same clause. */
  private afterQuote(view: TokenView, t: number, q: QuotedSpan): { cue: CueMatch; mention: Span | null; endToken: number } | null {
    const { count } = view.tokens;
    // The comma may sit inside a nested quote that closes with this one: “… those 5,000 people,’” Merkley said.
    let inside = q.end - 1;
    while (inside > q.start && NESTED_CLOSE.test(view.text[inside]!)) inside--;
    const lastInside = view.text[inside];
    if (t < count && view.lower[t] === ',') t++;
    else if (!lastInside || !/[,?!—–-]/u.test(lastInside)) return null;
    let limit = Math.min(count, t + 10);
    let commas = 0;
    for (let i = t; i < limit; i++) {
      const abbreviation = i > t && isAbbreviationDot(view, this.lexicon, i);
      if (abbreviation) continue; // "Mr. Rubin said"
      const label = partyLabelEnd(view, i);
      if (label > 0) { // “…,” Rep. Gwen Moore (D-Wis.) said
        limit = Math.min(count, limit + label - i);
        i = label - 1;
        continue;
      }
      if (view.inQuote[i]! >= 0 || CLAUSE_END.test(view.lower[i]!) || OPEN_MARK.test(view.lower[i]!)) return null;
      if (view.lower[i] === ',' && i > t) {
        // “…,” NAME, role, CUE: one appositive between two commas, then the cue.
        if (++commas > 2) return null;
        if (commas === 1) limit = Math.min(count, i + APPOSITIVE_REACH);
        continue;
      }
      const cue = this.cueAt(view, i);
      if (!cue) continue;
      if (commas === 1) return null;
      if (i > t) {
        let sourceEnd = i;
        while (sourceEnd > t && this.betweenSourceAndCue(view, sourceEnd - 1)) sourceEnd--;
        if (sourceEnd === t) return { cue, mention: null, endToken: cue.to };
        return { cue, mention: view.span(t, sourceEnd), endToken: cue.to };
      }
      const source = this.phrases.withAppositive(view, this.phrases.nounPhraseRight(view, cue.to));
      return { cue, mention: source ? view.span(source.from, source.to) : null, endToken: source ? source.to : cue.to };
    }
    return null;
  }

  /**
   * “…,” SOURCE CUE after a quote inside a sentence ("But ‘it will not be easy,’ said Dana Holm."): read only when the
   * attribution ends the sentence, also with a short adjunct after its cue ("…,” Holm told reporters.", "…,” Holm wrote
   * in a memo.").
   */
  private closingAttribution(view: TokenView, t: number, q: QuotedSpan): { cue: CueMatch; mention: Span | null; endToken: number } | null {
    const after = this.afterQuote(view, t, q);
    if (!after) return null;
    let end = after.endToken;
    const sentence = view.tokens.sentence[t];
    // Only for a quote the stage would keep without its attribution: short quoted phrases and titles stay framing's.
    const quotation = after.mention && wordCount(view.text.slice(q.start, q.end)) > 3 && !isTitleCase(view, this.lexicon.titleFunctionWords, view.tokenAt(q.open) + 1, t - 1);
    if (quotation) while (end < view.tokens.count && end - after.endToken < ADJUNCT_REACH && view.tokens.sentence[end] === sentence && !view.isPunct(end) && view.inQuote[end]! < 0 && !this.lexicon.cueForms.has(view.lower[end]!)) end++;
    return end >= view.tokens.count || CLAUSE_END.test(view.lower[end]!) || view.tokens.sentence[end] !== sentence ? after : null;
  }

  /**
   * SOURCE CUE [,|:|that] “…” before the opening mark, possibly with an addressee or adjuncts between
   * ("told his supporters, “…”", "said on Twitter on Monday, “…”"), within the sentence.
   */
  private beforeQuote(view: TokenView, openToken: number, usedCue: Uint8Array): { cue: CueMatch; mention: Span | null } | null {
    let k = openToken - 1;
    while (k >= 0 && (view.lower[k] === ',' || view.lower[k] === ':' || view.lower[k] === 'that')) k--;
    if (k < 0 || view.inQuote[k]! >= 0) return null;
    const sentence = view.tokens.sentence[openToken]!;
    if (sentence >= 0 && view.tokens.sentence[k] !== sentence && view.lower[openToken - 1] !== ':') return null;
    const s = view.tokens.sentence[k]!;
    const first = s >= 0 ? view.tokens.sentenceFirst[s]! : Math.max(0, k - 14);
    // Only a comma or colon before the mark lets the cue stand further back; else the cue must touch it.
    const reach = view.lower[openToken - 1] === ',' || view.lower[openToken - 1] === ':' ? 14 : 1;
    for (let from = k; from >= Math.max(first, k - reach); from--) {
      if (view.inQuote[from]! >= 0 || CLAUSE_END.test(view.lower[from]!)) return null;
      if (usedCue[from]) return null;
      const cue = this.cueAt(view, from);
      if (!cue || cue.to > k + 1) continue;
      // "Wallace then asked, “…”", "Mats Olsen, president of the union, said: “…”": the rules for a speaker before
      // its cue; not for a participle ("…, saying, “…”": the sentence's subject) nor a passive ("was labeled “…”").
      const participle = view.lower[from]!.endsWith('ing');
      const ruled = participle || this.followsBe(view, from, first) ? this.phrases.nounPhraseLeft(view, from - 1, first) : this.sourceLeft(view, from - 1, first);
      const subject = !ruled && participle ? this.phrases.participleSubject(view, from) : null;
      const source = ruled ?? subject ?? (from === first ? this.phrases.nounPhraseRight(view, cue.to) : null); // "Said Dorothy Poynter, “…”"
      if (!source && from !== k) return null;
      const mention = source ? view.span(source.from, source.to) : null;
      if (subject && mention) this.subjectMentions.push(mention);
      return { cue, mention };
    }
    return null;
  }

  /**
   * "An economic downturn, he said, “could be a good time to borrow …”": a quotation that goes on in lower case after
   * "OPENER, SPEAKER CUE," continues the opener's sentence, so the opener — from the sentence start to the comma
   * before the speaker, with no quoted words — is a content part of the same relation (PolNeAR train: 17 of 25 such
   * openers a gold content part; with a capital after the mark too, 34 of 84). Its span, or null.
   */
  private openerBeforeSpeaker(view: TokenView, before: { cue: CueMatch; mention: Span | null }, openToken: number, q: QuotedSpan): Pick<Attribution, 'kind' | 'start' | 'end' | 'quoted'> | null {
    if (before.cue.to !== openToken - 1 || view.lower[openToken - 1] !== ',' || !/^\p{Ll}/u.test(view.text.slice(q.start, q.start + 1))) return null;
    const left = before.mention ? view.tokenAt(before.mention.start) : before.cue.from;
    if (left > before.cue.from || left < 1 || view.lower[left - 1] !== ',') return null;
    const s = view.tokens.sentence[left]!;
    if (s < 0) return null;
    const first = view.tokens.sentenceFirst[s]!;
    for (let t = first; t < left - 1; t++) if (view.inQuote[t]! >= 0) return null;
    const span = trimContent(view, first, left - 1);
    return span ? { kind: 'indirect', ...span, quoted: null } : oneWordContent(view, [first, left - 1]);
  }

  /**
   * "the server, which he described as “like an open orchid”", "what it calls “sensible laws”": a relative word that
   * opens the clause of a quote's attribution is a content part of its own, as for reported speech (leadingPart).
   */
  private relativeBeforeSpeaker(view: TokenView, before: { cue: CueMatch; mention: Span | null }, openToken: number, closeToken: number): Pick<Attribution, 'kind' | 'start' | 'end' | 'quoted'> | null {
    const s = view.tokens.sentence[before.cue.from]!;
    if (s < 0) return null;
    const source = before.mention ? { from: view.tokenAt(before.mention.start), to: view.tokenAt(before.mention.end) } : null;
    const frame = { source, content: [openToken, closeToken] as [number, number], rule: 'quotes/direct-before' };
    const lead = leadingPart(view, this.tools, frame, before.cue, view.tokens.sentenceFirst[s]!);
    return lead ? oneWordContent(view, [lead.from, lead.to]) : null;
  }

  /**
   * Where the content of a quote whose cue (tokens `cue`) stands before its opening mark at `openToken` starts when
   * words stand between them, else -1: at a "that" before the mark ("said that “…”", "said that, “…”": train 87 of
   * 89 such contents), or at the cue's end when only words stand between ("called him “a total stiff”", "says Holm
   * “has a record …”": train 33 such contents start at the cue's end, 6 at the mark).
   */
  private leadBeforeQuote(view: TokenView, cue: CueMatch, openToken: number): number {
    const cueEnd = this.conventions.cueEnd(view, cue.from, cue.to);
    if (cueEnd >= openToken) return -1;
    const that = thatBeforeQuote(view, openToken);
    if (that >= 0) return that;
    for (let t = cueEnd; t < openToken; t++) if (view.isPunct(t) || view.inQuote[t]! >= 0) return -1;
    return cueEnd;
  }

  /**
   * Where the words before a quote that opens inside its clause start, when a word stands just before the opening
   * mark ("The pier “was never safe,” she said", "Lind groused that the board “…”"): at the last "that", after the
   * last cue word, or after the last comma, dash, colon or semicolon outside quotation marks in the sentence, else
   * at its first token; -1 when a mark or a cue stands just before the opening one, or the words are all in capitals.
   */
  private clauseLead(view: TokenView, openToken: number): number {
    if (openToken === 0 || view.isPunct(openToken - 1) || view.inQuote[openToken - 1]! >= 0) return -1;
    const s = view.tokens.sentence[openToken]!;
    const first = s >= 0 ? view.tokens.sentenceFirst[s]! : 0;
    let lead = first;
    for (let k = openToken - 1; k >= first; k--) {
      const word = view.lower[k]!;
      if (k > first && view.inQuote[k]! < 0 && (word === ',' || word === ';' || word === ':' || word === '—' || word === '–')) {
        lead = k + 1;
        break;
      }
      if (word === 'that') return k;
      const cue = this.cueAt(view, k);
      if (cue && cue.to <= openToken) return cue.to < openToken ? cue.to : -1;
    }
    // "HOW CHINA’S DECLINE AFFECTS THE WORLD “China’s slowdown …”": a kicker in capitals is a heading, not content.
    for (let k = lead; k < openToken; k++) if (!view.isPunct(k) && !isShouted(view, k)) return lead;
    return -1;
  }

  /**
   * "Jeffrey M. Lund: “We found that …”", "More from Lund and Holm: “…”": a name and a colon just before the opening
   * mark, with no cue word; the colon is the cue. The name opens its clause (or follows "from"), starts and ends
   * with a capital and holds only capitalised words, initials and "and".
   */
  private colonSpeaker(view: TokenView, openToken: number): { cue: CueMatch; mention: Span } | null {
    const colon = openToken - 1;
    if (colon < 1 || view.lower[colon] !== ':' || view.inQuote[colon - 1]! >= 0) return null;
    const s = view.tokens.sentence[colon]!;
    const first = s >= 0 ? view.tokens.sentenceFirst[s]! : Math.max(0, colon - 8);
    let from = colon;
    while (from - 1 >= first && colon - from < NAME_WORDS && (view.isCapitalised(from - 1) || view.lower[from - 1] === 'and' || isAbbreviationDot(view, this.lexicon, from - 1)) && view.inQuote[from - 1]! < 0) from--;
    if (from === colon || !view.isCapitalised(from) || !view.isCapitalised(colon - 1) || view.isPunct(colon - 1)) return null;
    const opens = from === first || (view.isPunct(from - 1) && view.lower[from - 1] !== ',') || view.lower[from - 1] === 'from';
    return opens ? { cue: { from: colon, to: colon + 1 }, mention: view.span(from, colon) } : null;
  }

  /** Reported speech in sentence s, for cues not already used by a direct quote. */
  private reportedSpeech(view: TokenView, s: number, usedCue: Uint8Array, absorbed: Set<QuotedSpan>): Attribution[] {
    const first = view.tokens.sentenceFirst[s]!;
    const out: Attribution[] = [];
    const end = contentLimit(view, s);
    // The contents of this sentence's frames so far, as [from, to, index in out] triples: a frame inside one of
    // them is dropped, or, when a comma or a clause opener sets it apart, ends that content (outerContentBefore).
    const contents: number[] = [];
    // The speaker phrases before their cues of this sentence's frames so far, as annotated (sameSubject); made for
    // the first one, as most sentences have none.
    let speakers: CueMatch[] | null = null;
    for (let i = first; i < end; i++) {
      if (usedCue[i] || view.inQuote[i]! >= 0) continue;
      // Like frameAt, the recovered frames reach at most MAX_CONTENT tokens from their cue (run-on text stays linear).
      const reach = [Math.max(first, i - MAX_CONTENT), Math.min(end, i + 1 + MAX_CONTENT)] as const;
      const raised = raisingFrameAt(view, this.lexicon, this.tools, i, ...reach) ?? hearsayFrameAt(view, this.lexicon, this.tools, i, ...reach);
      const ruledCue = raised?.cue ?? this.cueAt(view, i) ?? (this.candidateRates ? this.cachedCue(view, i, true) : null);
      const cue = ruledCue ?? this.detectedCueAt(view, i, first, end);
      if (!cue) continue;
      const found: Frame | null = raised ?? this.frameAt(view, cue, first, end) ?? recoveredFrame(view, this.lexicon, this.tools, cue, Math.max(first, cue.from - MAX_CONTENT), Math.min(end, cue.to + MAX_CONTENT));
      if (!found) continue;
      // A direct quote's attribution inside the content ("She said …, and when pressed, the mother replied, “…”"):
      // the content ends before that attribution's clause, or holds it whole when no comma sets it apart.
      if (overlapsUsedCue(usedCue, found.content[0], found.content[1])) found.content = contentBeforeUsedCue(view, usedCue, found.content);
      if (this.nestedInContent(view, contents, cue, found.source)) continue;
      if (!this.keepFrame(view, { cue, source: found.source, content: found.content, rule: found.rule, detected: !ruledCue, sentenceFirst: first, sentenceEnd: end })) continue;
      for (let c = cue.from; c < cue.to; c++) usedCue[c] = 1;
      this.endOuterContents(view, contents, out, cue, found.source);
      contents.push(found.content[0], found.content[1], out.length);
      const ruledSource = found.source;
      const annotated = this.annotatedCue(view, cue, found);
      // "X issued a statement saying … and said …": a coordinated cue shares its partner's speaker as annotated.
      if (ruledSource && found.rule === 'quotes/reported-coordinated' && this.annotatedSources.has(ruledSource)) found.source = this.annotatedSources.get(ruledSource)!;
      else if (ruledSource) this.annotatedSources.set(ruledSource, found.source);
      if (found.source && found.rule === 'quotes/reported-subject' && !found.relative && speakers) found.source = sameSubject(speakers, found.source);
      if (found.source && found.source.to <= cue.from) {
        if (!speakers) this.clauseSpeakers.set(s, (speakers = []));
        speakers.push(found.source);
      }
      // "met on Friday to discuss …": the cue of an infinitive of purpose holds its "to", as PolNeAR marks it.
      const spoken = found.rule === 'quotes/reported-subject' && view.lower[cue.from - 1] === 'to' ? { from: cue.from - 1, to: annotated.to } : annotated;
      // "Mr. Putin seemed most concerned with …": the subject of a seem/appear verb is a content part, as quotes/reported-raising
      // makes it where that rule applies (span-conventions.json raisingSubject).
      const subject = found.raisedSubject && (this.phrases.nounPhraseLeft(view, found.raisedSubject.to - 1, first) ?? found.raisedSubject);
      if (subject && !found.rest && found.content[0] >= annotated.to && !(subject.to - subject.from === 1 && EXPLETIVES.has(view.lower[subject.from]!))) {
        found.rest = found.content;
        found.content = [subject.from, subject.to];
      }
      // "the mine, which Mr. Clarke says …", "Many Democrats are expected to …": a leading content part of its own.
      const lead = leadingPart(view, this.tools, found, annotated, first);
      if (lead) {
        if (found.rest && found.content[1] === lead.to) found.content = found.rest;
        found.rest = [lead.from, lead.to];
      }
      // Set last: the cue's conventions would read a source after the cue as "CUE SOURCE", the leading part as no agentless passive.
      if (found.agent) found.source = found.agent;
      const mention = found.source ? view.span(found.source.from, found.source.to) : null;
      // "Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt": one relation, two content spans. Either
      // may be one word ("which", "Everyone, the inspector says, is safe", "He seems to …"), too short for a lone content.
      // A hearsay adverb is the whole cue: the auxiliaries before it belong to the clause it reports ("is | reportedly").
      const cueSpan = found.rule === 'quotes/reported-hearsay' ? view.span(spoken.from, spoken.to) : this.cueSpan(view, spoken);
      for (const part of found.rest ? [found.content, found.rest] : [found.content]) {
        const content = this.contentAttribution(view, part, absorbed) ?? (found.rest ? oneWordContent(view, part) : null);
        // Written out, not spread: a spread copies through a slow path, and the object keeps the direct quotes' shape.
        if (content) out.push({ kind: content.kind, start: content.start, end: content.end, quoted: content.quoted, cue: cueSpan, mention, rule: found.agent ? 'quotes/reported-passive' : found.rule });
      }
      i = cue.to - 1;
    }
    return out;
  }

  /** Whether the frame of `cue` and `source` lies inside one of `contents` (span-conventions.ts isNestedIn). */
  private nestedInContent(view: TokenView, contents: number[], cue: CueMatch, source: CueMatch | null): boolean {
    // Contents that end before this cue hold no later cue either: forgotten, so a run-on sentence stays linear.
    let kept = 0;
    for (let k = 0; k < contents.length; k += 3) {
      if (contents[k + 1]! <= cue.from) continue;
      contents[kept++] = contents[k]!;
      contents[kept++] = contents[k + 1]!;
      contents[kept++] = contents[k + 2]!;
    }
    contents.length = kept;
    for (let k = 0; k < contents.length; k += 3) {
      const from = contents[k]!;
      if (cue.from < from) continue;
      if (this.conventions.isNestedIn(view, this.lexicon, from, innerFirst(from, cue, source))) return true;
    }
    return false;
  }

  /**
   * "Lind spoke about the pier, when she said the ferries would stop": PolNeAR never nests attributions, so a
   * content that holds the cue of a frame kept beside it ends before that frame's clause — at the comma or clause
   * opener that sets it apart (a content with quoted words after that point is left whole).
   */
  private endOuterContents(view: TokenView, contents: number[], out: Attribution[], cue: CueMatch, source: CueMatch | null): void {
    for (let k = 0; k < contents.length; k += 3) {
      const from = contents[k]!;
      const to = contents[k + 1]!;
      const attribution = out[contents[k + 2]!];
      if (cue.from < from || cue.from >= to || !attribution) continue;
      const cut = this.conventions.clauseBreakBefore(view, this.lexicon, from, innerFirst(from, cue, source));
      if (cut <= from) continue;
      let quoted = false;
      for (let t = cut; t < to && !quoted; t++) quoted = view.inQuote[t]! >= 0;
      const span = quoted ? null : trimContent(view, view.tokenAt(attribution.start), cut);
      if (!span) continue;
      attribution.end = span.end;
      contents[k + 1] = cut;
    }
  }

  /**
   * The cue and content of an accepted frame moved to PolNeAR's conventions (span-conventions.ts); the frame
   * filter has judged the rules' own spans, which its weights were trained on. `found.content` may change.
   */
  private annotatedCue(view: TokenView, cue: CueMatch, found: Frame): CueMatch {
    if (found.relative) found.source = found.relative;
    if (found.source && found.source.to <= cue.from) found.source = this.phrases.speakerBeforeCue(view, cue, found.rule, found.source);
    if (found.source && found.rule === 'quotes/reported-subject') found.source = this.phrases.subjectPastComma(view, this.phrases.subjectPastOpener(view, found.source, cue.from), cue.from) ?? found.source;
    // "“They have a plan,” he said of the group, adding …": words that open inside a quotation are nobody's name.
    if (found.source && view.inQuote[found.source.from]! >= 0) found.source = null;
    // "It seems that …": the pronoun of a raising verb stands for no one.
    if (found.source && this.conventions.isRaisingSubject(view, found.source.to, cue.from)) {
      found.raisedSubject = found.source;
      found.source = null;
    }
    const [contentFrom, contentTo] = found.content;
    // "…, Lind said in a statement.": the medium after a cue that follows its content ends the sentence and joins the cue.
    if (contentFrom < cue.to) return { from: cue.from, to: this.conventions.cueThroughMedium(view, cue.to) };
    if (found.source && found.source.from >= cue.to) return cue;
    const moved = found.particles ?? this.conventions.cueThroughParticles(view, this.lexicon, cue.to, contentFrom, contentTo);
    found.content = [moved.contentFrom, contentTo];
    // "The town released a statement saying …": the verb and its object open the cue; the speaker ends before them.
    const verbAt = found.source && found.source.to === cue.from ? this.conventions.verbBeforeParticipleCue(view, this.lexicon, found.source.from, cue.from) : -1;
    if (verbAt > 0) found.source = { from: found.source!.from, to: verbAt };
    const from = verbAt > 0 ? verbAt : cue.from;
    return moved.cueTo === cue.to && from === cue.from ? cue : { from, to: moved.cueTo };
  }

  /** The frame filter's verdict (always yes without a model); a recorder sees every candidate and keeps it. */
  private keepFrame(view: TokenView, frame: FrameCandidate): boolean {
    const model = this.lexicon.frameModel;
    const record = this.options.recordFrame;
    if (!model && !record) return true;
    const features = frameFeatures(view, this.lexicon, frame);
    if (record) {
      record(frame, features);
      return true;
    }
    // "It is believed that …" always reports someone's view while hiding whose: the vague-attribution finding
    // rests on it, so the filter does not judge it.
    if (frame.rule === 'quotes/impersonal-passive' || RECOVERED.has(frame.rule)) return true;
    return model!.weights.score(features) >= (frame.detected ? model!.detectedThreshold : model!.threshold);
  }

  /** The reported content in tokens [from, to): indirect, mixed (quoted fragments inside) or one whole quote. */
  private contentAttribution(view: TokenView, [contentFrom, contentTo]: [number, number], absorbed: Set<QuotedSpan>): Pick<Attribution, 'kind' | 'start' | 'end' | 'quoted'> | null {
    const contentSpan = trimContent(view, contentFrom, contentTo);
    if (!contentSpan) return null;
    let kind: QuoteKind = 'indirect';
    let exactQuote: QuotedSpan | null = null;
    for (let t = contentFrom; t < contentTo; t++) {
      const index = view.inQuote[t]!;
      if (index < 0) continue;
      const q = view.quoted[index]!;
      if (q.open >= contentSpan.start - 1 && q.close <= contentSpan.end + 1 && q.start <= contentSpan.start + 1 && q.end >= contentSpan.end - 1) {
        exactQuote = q;
      } else kind = 'mixed';
      absorbed.add(q);
      while (t + 1 < contentTo && view.inQuote[t + 1] === index) t++;
    }
    if (exactQuote && kind === 'indirect') return { kind: 'direct', start: exactQuote.start, end: exactQuote.end, quoted: exactQuote };
    return { kind, ...contentSpan, quoted: exactQuote };
  }

  /** Source and content around one cue inside the sentence tokens [first, end). */
  private frameAt(view: TokenView, cue: CueMatch, sentenceFirst: number, sentenceEnd: number): Frame | null {
    const lower = view.lower;
    // Content never reaches further than MAX_CONTENT tokens from its cue: run-on "sentences" stay linear.
    const first = Math.max(sentenceFirst, cue.from - MAX_CONTENT);
    const end = Math.min(sentenceEnd, cue.to + MAX_CONTENT);
    if (lower[cue.from] === 'according') {
      const source = this.phrases.nounPhraseRight(view, cue.to) ?? this.phrases.phraseToBreak(view, cue.to, end);
      if (!source) return null;
      if (cue.from === first || lower[cue.from - 1] === 'but' || lower[cue.from - 1] === 'and') {
        // "According to a 2013 study by two economists, …": the source runs on to the comma that ends the opener
        // when only words stand between (span-conventions.ts throughClauseEnd).
        const comma = this.phrases.commaBefore(view, source.to, end);
        const opener = comma < end ? { from: source.from, to: this.conventions.throughClauseEnd(view, this.lexicon, source.to, comma) } : source;
        const afterComma = lower[opener.to] === ',' ? opener.to + 1 : opener.to;
        return { source: opener, content: [afterComma, end], rule: 'quotes/according-to-before' };
      }
      const contentTo = lower[cue.from - 1] === ',' ? cue.from - 1 : cue.from;
      // "…, according to a report from the harbour board.": the source runs to the clause end.
      const through = { from: source.from, to: this.conventions.throughClauseEnd(view, this.lexicon, source.to, this.phrases.commaBefore(view, source.to, end)) };
      const lead = this.phrases.afterDateline(view, clauseStart(view, first, contentTo), contentTo);
      // "Since last November, according to Human Rights Watch, security forces have killed …": after a short
      // opener the clause that follows is the content, the opener a part of its own (recall-frames.ts).
      const opener = openerBeforeAccording(view, lead, contentTo, through.to, end);
      if (opener) return { source: through, content: [through.to + 1, end], rest: opener, rule: 'quotes/according-to-after' };
      return { source: through, content: [lead, contentTo], rule: 'quotes/according-to-after' };
    }
    if (lower[cue.from] === ':') return { source: { from: first, to: cue.from }, content: [cue.to, end], rule: 'quotes/headline-colon' };
    if (cue.from > first && DETERMINERS.has(lower[cue.from - 1]!)) return null; // "the remarks": a noun
    if (lower[cue.to]?.endsWith('ing') && this.cueAt(view, cue.to)) return null; // "reports indicating": the subject
    // After the cue of "CONTENT, SOURCE CUE" comes the sentence end, a comma or a short adjunct ("on Monday").
    const adjunctAfter = cue.to >= end || lower[cue.to] === ',' || (this.lexicon.adjunctStarts.has(lower[cue.to]!) && end - cue.to <= 8);
    // CONTENT, SOURCE CUE [adjunct].
    if (adjunctAfter) {
      let k = cue.from - 1;
      while (k > first && this.betweenSourceAndCue(view, k)) k--;
      for (let c = k; c > first && k - c < 12; c--) {
        const commaClose = commaJustBefore(view, c + 1) && (lower[c] === ',' || view.inQuote[c]! >= 0);
        if (!commaClose) {
          const abbreviation = isAbbreviationDot(view, this.lexicon, c); // "Mr. Clarke said"
          if (view.inQuote[c]! >= 0 || (CLAUSE_END.test(lower[c]!) && !abbreviation) || lower[c] === ':') break;
          continue;
        }
        if (c === k) break;
        const contentTo = lower[c] === ',' ? c : c + 1;
        const source = this.phrases.trimSource(view, c + 1, k + 1);
        // "…,” said Ola Berg, a councillor who declined to run again.": a relative clause's cue reports what follows it.
        if (!source || this.lexicon.relativePronouns.has(view.lower[source.from]!) || this.lexicon.relativePronouns.has(view.lower[source.to - 1]!)) break;
        const shortLead = contentTo - clauseStart(view, first, contentTo) < 4;
        const parenthetical = lower[cue.to] === ',' && shortLead && end - cue.to > 2;
        if (!parenthetical && shortLead) break; // "In 2012, X pleaded …": an opener, not content
        // "Still, he said, officials have to decide …": a parenthetical attribution; the content follows it.
        if (parenthetical) {
          const lead = clauseStart(view, first, contentTo);
          const rest: [number, number] | undefined = this.isContentLead(view, lead, contentTo) ? [lead, contentTo] : undefined;
          return { source, content: [cue.to + 1, end], rest, rule: 'quotes/reported-parenthetical' };
        }
        const rest: [number, number] | undefined = lower[cue.to] === ',' && end - cue.to > 3 && !CONTENT_STOPS.has(lower[cue.to + 1]!) && !this.cueAt(view, cue.to + 1) ? [cue.to + 1, end] : undefined;
        // "…, a Chinese official said, adding that …": the participle cue after it shares the speaker, as after a direct quote.
        if (lower[cue.to] === ',' && /^\p{Ll}+ing$/u.test(lower[cue.to + 1] ?? '')) this.sharedSource.set(cue.to + 1, source);
        return { source, content: [this.phrases.afterDateline(view, clauseStart(view, first, contentTo), contentTo), contentTo], rest, rule: 'quotes/reported-after' };
      }
    }
    // "it is believed that …": an impersonal passive hides the source.
    if (this.lexicon.impersonalPassives.has(lower[cue.from]!) && /^(?:is|was|are|were|been)$/.test(lower[cue.from - 1] ?? '') && lower[cue.from - 2] === 'it' && lower[cue.to] === 'that') {
      return { source: null, ...this.contentAfter(view, cue, cue.to, end, null), rule: 'quotes/impersonal-passive' };
    }
    const shared = this.sharedSource.get(cue.from);
    // "On Thursday, Trump took a heckler in stride, saying …": a participle after a comma speaks for the
    // sentence's subject, not for the words just before the comma.
    if (!shared && cue.from > first + 1 && cue.to < end && commaJustBefore(view, cue.from) && /^\p{Ll}+ing$/u.test(lower[cue.from]!)) {
      const subject = this.phrases.sentenceSubject(view, cue.from);
      const contentFrom = subject ? this.contentStart(view, cue, end) : end;
      if (subject && contentFrom < end) {
        const speaker = this.phrases.isExpletiveBe(view, subject) ? null : subject;
        return { source: speaker, ...this.contentAfter(view, cue, contentFrom, end, speaker), rule: 'quotes/reported-subject' };
      }
    }
    const source = shared ?? this.sourceLeft(view, cue.from - 1, first);
    // "The move was first reported by MSNBC": a passive cue; the agent speaks, the subject is what was said.
    const byAt = lower[cue.to - 1] === 'by' ? cue.to - 1 : lower[cue.to] === 'by' ? cue.to : -1;
    if (source && byAt >= 0 && /^(?:is|was|were|are|been|being|be)$/.test(lower[source.to] ?? lower[cue.from - 1] ?? '')) {
      const agent = this.phrases.nounPhraseRight(view, byAt + 1);
      if (agent) return { source: agent, content: [source.from, source.to], rule: 'quotes/reported-passive' };
    }
    // "The birth is expected …", "Sanders was announced …": a passive cue with no agent names no source — also
    // when no speaker phrase is read before it ("Many in the mayor's staff of more than 100 are expected to …").
    if (!shared && cue.to < end && this.followsBe(view, cue.from, first) && /(?:ed|en|wn)$/.test(lower[cue.from]!)) {
      const contentFrom = this.contentStart(view, cue, end);
      return contentFrom < end ? { source: null, ...this.contentAfter(view, cue, contentFrom, end, null), rule: 'quotes/reported-agentless', agent: this.phrases.passiveAgent(view, cue, end) ?? undefined } : null;
    }
    if (source) {
      if (cue.to >= end) return null;
      const contentFrom = this.contentStart(view, cue, end);
      if (contentFrom >= end) return null;
      if (shared) return { source, ...this.contentAfter(view, cue, contentFrom, end, source), rule: 'quotes/reported-coordinated' };
      const speaker = this.rankedSource(view, source, first);
      return { source: speaker, ...this.contentAfter(view, cue, contentFrom, end, speaker), rule: 'quotes/reported-before' };
    }
    // "…, saying …", "… and told them that …": the cue shares the sentence's subject — also past the cue's
    // auxiliaries and adverbs ("… and has also boasted of …", "but then announced"), not a passive's ("but is
    // expected to …": no source).
    let beforeAt = cue.from - 1;
    while (beforeAt > first + 1 && this.betweenSourceAndCue(view, beforeAt) && !PASSIVE_AUXILIARIES.has(lower[beforeAt]!)) beforeAt--;
    const before = lower[beforeAt];
    const participle = lower[cue.from]!.endsWith('ing');
    // "The council met on Friday to discuss the budget": an infinitive of purpose speaks for the subject too.
    // Not after a cue or an auxiliary ("urged him to", "has to"), not a gerund after the preposition "to".
    const purpose = before === 'to' && beforeAt === cue.from - 1 && !participle && !this.cueAt(view, beforeAt - 1) && !this.lexicon.cueModifiers.has(lower[beforeAt - 1]!);
    if (beforeAt > first && cue.to < end && (purpose || before === 'and' || before === 'but' || (beforeAt === cue.from - 1 && (before === 'by' || ((before === ',' || before === '—' || before === '–') && participle))))) {
      const subject = this.phrases.sentenceSubject(view, cue.from);
      const contentFrom = this.contentStart(view, cue, end);
      // "It is too early to say …": an expletive subject speaks for nobody.
      const expletive = purpose && subject !== null && subject.to - subject.from === 1 && EXPLETIVES.has(lower[subject.from]!);
      if (subject && contentFrom < end && !expletive) {
        // "Whether it works is hard to predict": an adjective that judges the act names no speaker (toughAdjectives).
        const speaker = this.phrases.isExpletiveBe(view, subject) || (purpose && this.lexicon.toughAdjectives.has(lower[beforeAt - 1]!)) ? null : subject;
        const relative = speaker ? (purpose ? this.phrases.causedSubject(view, beforeAt, first) : null) ?? this.phrases.relativeSubject(view, subject.to, beforeAt) ?? undefined : undefined;
        return { source: speaker, ...this.contentAfter(view, cue, contentFrom, end, speaker), rule: 'quotes/reported-subject', relative };
      }
    }
    // CONTENT, said SOURCE.
    if (cue.from > first + 1 && lower[cue.from - 1] === ',') {
      const name = this.phrases.nounPhraseRight(view, cue.to);
      // "In Sandvik, the mayor, a Republican, said the plan failed": the words after the cue are a clause, the
      // reported content, not the speaker (the speaker is the phrase before the comma; the rules above missed it).
      const right = name && !this.conventions.readsAsClause(view, this.lexicon, name.from, name.to) ? this.phrases.withAppositive(view, name) : null;
      if (right && (right.to >= end || lower[right.to] === ',')) {
        return { source: right, content: [clauseStart(view, first, cue.from - 1), cue.from - 1], rule: 'quotes/reported-inverted' };
      }
    }
    return null;
  }

  /** "This campaign, he says, is …": the words before a parenthetical cue are content, unless only a connective ("Still,"). */
  private isContentLead(view: TokenView, from: number, to: number): boolean {
    if (to <= from) return false;
    const word = view.lower[from]!;
    if (to - from === 1 && (this.lexicon.adverbs.has(word) || this.lexicon.clauseBoundaries.has(word) || /ly$/u.test(word))) return false;
    return !(word === 'asked' || word.endsWith('ing'));
  }

  private contentStart(view: TokenView, cue: CueMatch, end: number): number {
    const ruled = this.ruledContentStart(view, cue, end);
    const scorer = this.startScorer(view);
    // "said that …" right after the cue: the ranker agrees with the rules there, so it is not asked (speed).
    if (!scorer || ruled >= end || (ruled === cue.to && view.lower[ruled] === 'that')) return ruled;
    return scorer.contentStart(cue.from, cue.to, Math.min(end - 1, cue.to + CONTENT_REACH), ruled);
  }

  private ruledContentStart(view: TokenView, cue: CueMatch, end: number): number {
    let i = cue.to;
    // "told reporters that …", "said on Monday that …": the content starts at "that".
    if (this.lexicon.objectCues.has(view.lower[cue.from]!) || this.lexicon.adjunctStarts.has(view.lower[i] ?? '')) {
      for (let k = i; k < Math.min(end, i + 7); k++) {
        if (view.lower[k] === 'that') return k;
        if (view.isPunct(k)) break;
      }
    }
    while (i < end && (view.lower[i] === ',' || view.lower[i] === ':')) i++;
    return i;
  }

  /**
   * Where reported content that starts at token `from` ends (the recovered frames' entry, with no cue). With the
   * learned ranker (models/quotes/content-end.json) the best-scoring cut in the sentence; without it, the
   * sentence end or the first stop (semicolon, dash, ", but", …). Either way a coordinated second cue ("pledges
   * … and warns …") ends it and shares this cue's source.
   */
  private contentEnd(view: TokenView, from: number, end: number, source: CueMatch | null): number {
    const ruled = this.ruledContentEnd(view, from, end, source);
    return ruled.coordinated || !this.lexicon.contentEnd ? ruled.end : this.rankedContentEnd(view, from, end, 0);
  }

  /**
   * The content after `cue` from token `from`, and where the span conventions move the cue's particles
   * (cueThroughParticles), decided once: the ranker learned from the content starts of the stage's output, which
   * the conventions move past a cue's particle or preposition, so it is asked from that same start, and
   * annotatedCue applies the same move. The sentence end bounds it, as the content's end is not known yet.
   */
  private contentAfter(view: TokenView, cue: CueMatch, from: number, end: number, source: CueMatch | null): Pick<Frame, 'content' | 'particles'> {
    const ruled = this.ruledContentEnd(view, from, end, source);
    if (ruled.coordinated || !this.lexicon.contentEnd) return { content: [from, ruled.end] };
    const particles = from >= cue.to ? this.conventions.cueThroughParticles(view, this.lexicon, cue.to, from, end) : undefined;
    return { content: [from, this.rankedContentEnd(view, particles?.contentFrom ?? from, end, view.hash[cue.from]!)], particles };
  }

  /** The rules' content end: the first stop, or the "and" before a coordinated cue (`coordinated`: final). */
  private ruledContentEnd(view: TokenView, from: number, end: number, source: CueMatch | null): { end: number; coordinated: boolean } {
    let heuristic = end;
    for (let i = from + 1; i < end - 1; i++) {
      if (view.inQuote[i]! >= 0) continue;
      const word = view.lower[i]!;
      if (heuristic === end && (word === ';' || word === '—' || word === '–' || word === '(')) heuristic = i;
      if (heuristic === end && word === ',' && CONTENT_STOPS.has(view.lower[i + 1]!)) heuristic = i;
      if (view.lower[i] === 'and' && this.cueAt(view, i + 1) && !this.lexicon.objectCues.has(view.lower[i - 1]!)) {
        if (source) this.sharedSource.set(i + 1, source);
        return { end: Math.min(i, heuristic), coordinated: true };
      }
    }
    return { end: heuristic, coordinated: false };
  }

  /**
   * The content-end ranker's best cut for a content from token `from` (the model is loaded), after the cue
   * whose first word has hash `cueHash` (0: no cue, the recovered frames).
   */
  private rankedContentEnd(view: TokenView, from: number, end: number, cueHash: number): number {
    if (this.endScorerView !== view) {
      this.endScorer = new EndScorer(this.lexicon.contentEnd!, view, (i) => this.cueAt(view, i) !== null);
      this.endScorerView = view;
    }
    return this.endScorer!.bestEnd(from, end, cueHash);
  }

  /** The speaker noun phrase ending at token k (skipping adverbs), or through an appositive "X, role, cue". */
  private sourceLeft(view: TokenView, k: number, first: number): CueMatch | null {
    while (k >= first && this.betweenSourceAndCue(view, k)) k--;
    k = this.skipTimeAdjunct(view, k, first);
    if (k < first) return null;
    // An aside may end with a quotation whose closing mark follows the comma: "Humphrey, who calls it a “farce,” said".
    const quotedAside = view.inQuote[k]! >= 0 && commaJustBefore(view, k + 1);
    if (view.inQuote[k]! >= 0 && !quotedAside) return null;
    if (this.lexicon.relativePronouns.has(view.lower[k]!)) return { from: k, to: k + 1 };
    if (spacedDashStart(view, k) >= 0) return this.phrases.dashedSpeaker(view, k, first);
    if (commaJustBefore(view, k + 1)) {
      // Appositive: NAME, role …, CUE
      for (let p = k - 1; p >= Math.max(first, k - 20); p--) {
        if (view.lower[p] !== ',' || view.inQuote[p]! >= 0) continue;
        // PolNeAR's source span, like the reader's, is the whole "NAME, role," (or "role, NAME,") phrase.
        const name = this.phrases.nounPhraseLeft(view, p - 1, first);
        // A name may end with its party label: "Sen. Rob Portman (R-Ohio), another incumbent, said".
        if (!name || !(view.isCapitalised(name.to - 1) || view.isCapitalised(p + 1) || view.lower[name.to - 1] === ')')) return null;
        // An aside is not part of the speaker: "Ted Cruz, who won Oklahoma," "Sanders, 69," "Clinton, meanwhile,".
        // A "who" clause is part of it unless it reports speech of its own ("Ann Lind, who has run the ferry for
        // 20 years, said": train 48 whole, 26 name alone; "…, who said …, added": 1 whole, 12 name alone).
        const isAside = isSpeakerAside(view, this.lexicon, p + 1) && !this.phrases.isDescribingClause(view, p + 1, k);
        // "Mats Olsen, president of the union, which …, said": the name before the appositive starts the speaker.
        const named = this.conventions.nameBeforeAppositive(view, this.lexicon, name.from, first);
        if (isAside) return named < name.from ? { from: named, to: p + 1 } : name;
        return quotedAside ? null : { from: named, to: k + 1 };
      }
      return null;
    }
    return this.phrases.nounPhraseLeft(view, k, first);
  }

  /** With the boundary model, where the rules' speaker phrase starts is re-chosen among the tokens within reach. */
  private rankedSource(view: TokenView, source: CueMatch, first: number): CueMatch {
    const scorer = this.startScorer(view);
    // A lone pronoun or a one-word name just before the cue ("he said"): nothing to re-choose (speed).
    if (!scorer || source.to - source.from === 1) return source;
    // "Michael Mulgrew, president of the union, said", "Sen. David Perdue (R-Ga.) said": the rules found a name
    // with its appositive (between commas or dashes) or party label, which PolNeAR annotates whole; the ranker, which sees neither pattern,
    // tends to cut the name off.
    if (view.lower[source.to - 1] === ',' || spacedDashStart(view, source.to - 1) >= 0 || partyLabelStart(view, source.to - 1) >= 0) return source;
    const from = sourceWindowStart(view, this.lexicon, source.to, first);
    if (from >= source.to) return source;
    return { from: scorer.sourceStart(from, source.to, first, source.from), to: source.to };
  }

  /** Per document: the boundary rankers' scorer (its cache of per-token scores), or null without the model. */
  private starts: { view: TokenView; scorer: StartScorer } | null = null;

  private startScorer(view: TokenView): StartScorer | null {
    const model = this.lexicon.boundaryModel;
    if (!model) return null;
    if (this.starts?.view !== view) this.starts = { view, scorer: new StartScorer(model, view, this.lexicon) };
    return this.starts.scorer;
  }

  /** "X on Tuesday said": the speaker ends before a time adjunct that ends at token k. */
  private skipTimeAdjunct(view: TokenView, k: number, first: number): number {
    if (k < first || !(this.lexicon.timeWords.has(view.lower[k]!) || view.tokens.kind[k] === 1)) return k;
    if (this.conventions.isFractionIn(view, k - 1)) return k; // "Six in 10 say": a share of people, not a date
    let j = k;
    while (j >= first && (this.lexicon.timeWords.has(view.lower[j]!) || this.lexicon.timeJoiners.has(view.lower[j]!) || view.tokens.kind[j] === 1 || view.lower[j] === ',')) j--;
    while (j >= first && this.betweenSourceAndCue(view, j)) j--;
    // "Sen. Eva Dahl (R-Iowa) on Wednesday said": a party label ends the speaker before the adjunct.
    return j >= first && (!view.isPunct(j) || partyLabelStart(view, j) > first) && !this.conventions.keepsTimeAdjunct(view, j) ? j : k;
  }

}

/**
 * "Trump on Tuesday dismissed Walker as …, arguing that …", "Khan, who is Muslim, decried …, noting …": the sentence
 * subject a participle cue speaks for is the speaker phrase of the clause's own cue when one of this sentence's
 * earlier frames read it (`speakers`, as annotated), which the subject phrase overlaps.
 */
function sameSubject(speakers: readonly CueMatch[], subject: CueMatch): CueMatch {
  for (const speaker of speakers) if (speaker.from <= subject.from && subject.from < speaker.to) return speaker;
  return subject;
}

/**
 * Whether token i may head a cue: not punctuation, an adverb, a clause word, a determiner, an auxiliary or a
 * distancing adjective ("so-called"), and
 * not capitalised inside a sentence ("Say" inside a name is no cue, but in a title-case headline
 * — "Trump Says He’s …" — it is).
 */
export function mayHeadCue(view: TokenView, lexicon: QuoteLexicon, i: number): boolean {
  const word = view.lower[i]!;
  if (view.isPunct(i) || lexicon.adverbs.has(word) || lexicon.clauseBoundaries.has(word) || DETERMINERS.has(word) || lexicon.distancingAdjectives.has(word)) return false;
  if (!view.isCapitalised(i) || i === 0) return true;
  const s = view.tokens.sentence[i]!;
  if (s >= 0 && view.tokens.sentenceFirst[s] === i) return true;
  return view.isCapitalised(i - 1) && i + 1 < view.tokens.count && view.isCapitalised(i + 1);
}

/** Where content in sentence s can end at the latest: before its final punctuation and stray marks. */
export function contentLimit(view: TokenView, s: number): number {
  const first = view.tokens.sentenceFirst[s]!;
  let end = view.tokens.sentenceFirst[s + 1]!;
  while (end > first && (CLAUSE_END.test(view.lower[end - 1]!) || (CLOSE_MARK.test(view.lower[end - 1]!) && view.inQuote[end - 1]! < 0))) end--;
  return end;
}

/** The "that" of "said that “…”" / "said that, “…”" just before the quote opening at token `openToken`, or -1. */
function thatBeforeQuote(view: TokenView, openToken: number): number {
  let k = openToken - 1;
  if (view.lower[k] === ',') k--;
  return k >= 0 && view.lower[k] === 'that' && view.tokens.sentence[k] === view.tokens.sentence[openToken] ? k : -1;
}


/** Whether the words of tokens [from, to) are a title: every word capitalised but short function words, at least two. */
function isTitleCase(view: TokenView, functionWords: Set<string>, from: number, to: number): boolean {
  let words = 0;
  for (let t = from; t < to; t++) {
    if (view.isPunct(t) || view.tokens.kind[t] === 1) continue;
    if (!view.isCapitalised(t) && !functionWords.has(view.lower[t]!)) return false;
    words++;
  }
  return words >= 2;
}

/** Whether only white space stands between the line start and offset `at`. */
function startsLine(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    if (text[i] === '\n') return true;
    if (!/\s/u.test(text[i]!)) return false;
  }
  return true;
}

/** Whether only punctuation and white space stand between offset `at` and the end of its line. */
function endsLine(text: string, at: number): boolean {
  for (let i = at; i < text.length && text[i] !== '\n'; i++) if (/[\p{L}\p{N}]/u.test(text[i]!)) return false;
  return true;
}




/** After the closing mark comes the end of the sentence, a comma or an attribution — not more of a clause. */
function reachesClauseEnd(view: TokenView, closeToken: number): boolean {
  if (closeToken >= view.tokens.count) return true;
  const next = view.lower[closeToken]!;
  return CLAUSE_END.test(next) || next === ',' || next === '—' || view.tokens.sentence[closeToken] !== view.tokens.sentence[closeToken - 1];
}

/** Whether at most `most` paragraph breaks (runs of line ends) lie between two offsets; stops counting past it. */
function withinParagraphs(text: string, from: number, to: number, most: number): boolean {
  let breaks = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) {
    if (text[i - 1] !== '\n' && ++breaks > most) return false;
  }
  return true;
}

function overlapsUsedCue(usedCue: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (usedCue[i]) return true;
  return false;
}

function wordCount(text: string): number {
  return text.split(/\s+/u).filter(Boolean).length;
}

/**
 * “WALLACE: Let’s start …”: a transcript turn inside a quote opens with the speaker's name in capitals and
 * a colon, which is the cue; what follows is the content.
 */
function transcriptTurn(view: TokenView, openToken: number, q: QuotedSpan): { speaker: Span; cue: Span; contentStart: number } | null {
  let t = openToken + 1;
  while (t < view.tokens.count && t - openToken <= 3 && view.tokens.start[t]! < q.end && view.lower[t] !== ':') {
    const word = view.text.slice(view.tokens.start[t]!, view.tokens.end[t]!);
    if (word.length < 2 || word !== word.toUpperCase() || word === word.toLowerCase()) return null;
    t++;
  }
  if (t === openToken + 1 || view.lower[t] !== ':' || t + 1 >= view.tokens.count) return null;
  const contentStart = view.tokens.start[t + 1]!;
  return contentStart < q.end ? { speaker: view.span(openToken + 1, t), cue: view.span(t, t + 1), contentStart } : null;
}

function clauseInitial(view: TokenView, openToken: number): boolean {
  if (openToken === 0) return true;
  const s = view.tokens.sentence[openToken]!;
  if (s >= 0 && view.tokens.sentenceFirst[s] === openToken) return true;
  const previous = view.lower[openToken - 1]!;
  return previous === ':' || previous === '—' || previous === '–' || view.tokens.sentence[openToken - 1] !== s;
}

/** Where the content of "CONTENT, SOURCE CUE" starts: the sentence start or after a semicolon or colon. */
function clauseStart(view: TokenView, first: number, to: number): number {
  let i = first;
  for (let k = to - 1; k > first; k--) {
    if ((view.lower[k] === ';' || view.lower[k] === ':') && view.inQuote[k]! < 0) {
      i = k + 1;
      break;
    }
  }
  while (i < to && view.isPunct(i) && !OPEN_MARK.test(view.lower[i]!)) i++;
  return i;
}

/** The first word of a frame inside a content starting at token `from`: its source when that lies inside, else its cue. */
function innerFirst(from: number, cue: CueMatch, source: CueMatch | null): number {
  return source && source.from >= from && source.from < cue.from ? source.from : cue.from;
}

/** A content part of one word outside quotation marks ("which", "Everyone"), or null. */
function oneWordContent(view: TokenView, [from, to]: [number, number]): Pick<Attribution, 'kind' | 'start' | 'end' | 'quoted'> | null {
  if (to - from !== 1 || view.isPunct(from) || view.inQuote[from]! >= 0) return null;
  const { start, end } = view.span(from, to);
  return { kind: 'indirect', start, end, quoted: null };
}

/** The character span of tokens [from, to) without a trailing comma outside quotation marks. */
function trimContent(view: TokenView, from: number, to: number): Span | null {
  while (to > from && (view.lower[to - 1] === ',' || view.lower[to - 1] === ';' || view.lower[to - 1] === ':') && view.inQuote[to - 1]! < 0) to--;
  if (to - from < 2) return null;
  return view.span(from, to);
}

/**
 * Whether a comma stands right before token i, also inside a quotation that closes there (American style: the
 * Obama claim that he “founded ISIS,” saying …).
 */
function commaJustBefore(view: TokenView, i: number): boolean {
  let k = i - 1;
  if (view.lower[k] === "'" && view.lower[k - 1] === "'") k -= 2; // a '' mark is two tokens
  else if (CLOSE_MARK.test(view.lower[k]!)) k--;
  return view.lower[k] === ',';
}

import { isAbbreviationDot, type QuoteLexicon } from './lexicon.js';
import { isSpacedAround, isSpeakerAside, LY_ADVERB, type SpanConventions } from './span-conventions.js';
import type { TokenView } from './token-view.js';

// A party-and-state label after a politician's name: (D-Wis.), (R-S.C.), (R), (I-Vt.).
const PARTY_LABEL = /^\((?:[DRI]|Dem|Rep|Ind)(?:-[A-Z][A-Za-z.]{0,5})?\)$/u;

export const OPEN_MARK = /^(?:[“„«‘"`]|''|``)$/;

// Subjects that stand for no speaker ("It is hard to say …", "There is no need to explain …").
export const EXPLETIVES = new Set(['it', 'there', 'this', 'that']);

/**
 * Prepositions whose object a speaker phrase before its cue is not ("Officials in [Minnesota] brand …", "released
 * on [Thursday] showed …", "Aides to [Clinton] say …"): PolNeAR train, `reported-before`/`direct-before` sources
 * right after one: "in" 3 right / 32 wrong, "on" 1 / 22, "to" 9 / 41, "by" 4 / 12, "at" 0 / 6 ("with" 39 / 15 and
 * "after" 85 / 13 open absolute clauses whose subject speaks, "with Trump calling …").
 */
const OBJECT_PREPOSITIONS = new Set(['in', 'on', 'to', 'by', 'at']);

// Participles that open a sentence before a cue ("Having announced …", "Being asked …"): no subject.
const PARTICIPLE_OPENERS = new Set(['having', 'being', 'getting']);

export const CLAUSE_END = /^[.;!?]$/;

// How many tokens a sentence's opener or its subject may hold (sentenceSubject).
const SUBJECT_REACH = 12;

// A dash that signs a quote with its author's name: “…” ― Carla Sanchez.
export const SIGNATURE_DASH = /^[―—–]$/u;

// How many tokens an appositive between a quote and its cue may hold (“…,” Leonard E. Burman, director of the
// Tax Policy Center and a professor at …, said).
export const APPOSITIVE_REACH = 24;

// Words that open a clause of its own after a cue ("was revealed that he bankrolled lawsuits by …").
const CLAUSE_OPENERS = new Set(['that', 'whether', 'if', 'when', 'while', 'because', 'but', 'where', 'after', 'before', 'since', 'until', 'although', 'though']);

// How many words may stand between a passive cue and the "by" of its agent ("was booed and shouted down by …").
const AGENT_REACH = 8;

export const BE_FORMS = new Set(['is', 'was', 'were', 'are', 'been', 'being', 'be']);

export const AUXILIARIES = new Set([...BE_FORMS, 'has', 'have', 'had', 'will', 'would', 'could', 'should', 'may', 'might', 'must', 'can', 'did', 'does', 'do']);

/** Pronouns that stand as a clause's subject ("which he laid out"). */
export const SUBJECT_PRONOUNS = new Set(['he', 'she', 'they', 'we', 'i', 'you']);

/** Quantifiers that open a noun phrase ("who many in the party backed") or float after a pronoun ("they all vowed"). */
const QUANTIFIERS = new Set(['many', 'some', 'most', 'few', 'several', 'all', 'both', 'each']);

const REFLEXIVES = new Set(['himself', 'herself', 'themselves', 'itself', 'myself', 'ourselves', 'yourself', 'yourselves']);

export const DETERMINERS = new Set(['the', 'a', 'an', 'his', 'her', 'its', 'their', 'our', 'my', 'your', 'this', 'these', 'those']);

/** Words after which the next word belongs to a noun phrase: determiners (not the demonstratives, which stand alone) and "of". */
const NOUN_PHRASE_OPENERS = new Set(['the', 'a', 'an', 'his', 'her', 'its', 'their', 'our', 'my', 'your', 'of']);

export interface CueMatch {
  from: number;
  to: number;
}

/** Whether token i is a word of two or more letters in capitals ("WASHINGTON"). */
export function isShouted(view: TokenView, i: number): boolean {
  const word = view.text.slice(view.tokens.start[i]!, view.tokens.end[i]!);
  return word.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase();
}

/** The token just after a party label "(D-Wis.)" that opens at token i, or -1. */
export function partyLabelEnd(view: TokenView, i: number): number {
  if (view.lower[i] !== '(' || i === 0 || !view.isCapitalised(i - 1)) return -1;
  for (let j = i + 1; j < Math.min(view.tokens.count, i + 8); j++) {
    if (view.lower[j] !== ')') continue;
    return PARTY_LABEL.test(view.text.slice(view.tokens.start[i]!, view.tokens.end[j]!)) ? j + 1 : -1;
  }
  return -1;
}

/** The token of the opening bracket of a party label "(D-Wis.)" that closes at token j, or -1. */
export function partyLabelStart(view: TokenView, j: number): number {
  if (view.lower[j] !== ')') return -1;
  for (let i = j - 1; i > Math.max(0, j - 8); i--) if (view.lower[i] === '(') return partyLabelEnd(view, i) === j + 1 ? i : -1;
  return -1;
}

/**
 * Where the dash that ends at token i starts ("—", "–", "-" or "--" written as two hyphens), when white space
 * stands on both sides of it, as around a dash that sets a part apart ("NAME — role — said"); else -1.
 */
export function spacedDashStart(view: TokenView, i: number): number {
  const { start, end } = view.tokens;
  const word = view.lower[i];
  if (word !== '—' && word !== '–' && word !== '-') return -1;
  const from = word === '-' && i > 0 && view.lower[i - 1] === '-' && end[i - 1] === start[i] ? i - 1 : i;
  return /\s/u.test(view.text[start[from]! - 1] ?? '') && /\s/u.test(view.text[end[i]!] ?? '') ? from : -1;
}

/**
 * Reads the phrases around a cue that may name its speaker: noun phrases left and right of a token, a sentence's
 * subject past its dateline and openers, appositives, relative clauses, passive agents and the subject a cue's
 * clause shares. Holds no per-document state: the finder (attribution.ts) asks it for token ranges [from, to).
 */
export class SpeakerPhrases {
  constructor(private readonly lexicon: QuoteLexicon, private readonly conventions: SpanConventions) {}

  /**
   * A speaker phrase of several words that opens with a subject pronoun or a relative pronoun ("he came away
   * convinced", "who has long opposed", "who many in the party had backed"): a pronoun takes no modifiers, so the
   * phrase is the pronoun alone — or, after an object relative pronoun, the subject that follows it (returned with
   * `from` past the pronoun: "many in the party"). Not for a list or an appositive ("he and Mr. Allen", "she, a pilot,").
   */
  pronounSpeaker(view: TokenView, from: number): CueMatch | null {
    const word = view.lower[from]!;
    const relative = this.lexicon.relativePronouns.has(word) || word === 'whom';
    if (!relative && !SUBJECT_PRONOUNS.has(word)) return null;
    const next = view.lower[from + 1]!;
    // "I. Charles McCullough" is an initial; "they all", "we both" hold a floating quantifier.
    if (next === 'and' || next === 'or' || next === ',' || next === '.' || this.lexicon.cliticIs.has(next) || (!relative && QUANTIFIERS.has(next))) return null;
    const opensNounPhrase = DETERMINERS.has(next) || SUBJECT_PRONOUNS.has(next) || QUANTIFIERS.has(next) || (view.isCapitalised(from + 1) && !view.isPunct(from + 1));
    return relative && opensNounPhrase ? { from: from + 1, to: from + 2 } : { from, to: from + 1 };
  }

  /** A speaker phrase read before its cue, as PolNeAR marks it, or null when it names no one. */
  speakerBeforeCue(view: TokenView, cue: CueMatch, rule: string, phrase: CueMatch): CueMatch | null {
    let source = phrase;
    // "The union rejected Lind’s earlier claim that …": the possessor alone speaks.
    if (this.lexicon.cliticIs.has(view.lower[source.to - 1]!) && this.conventions.isPossessive(view, this.lexicon, source.to - 1)) {
      source = { from: this.conventions.possessorStart(view, this.lexicon, source.from, source.to - 1), to: source.to };
    }
    // "It’s unclear whether …", "he’s said …": after a pronoun "’s" is "is" or "has", not a possessive.
    const trimmed = this.withoutContractedVerb(view, source);
    if (!trimmed) return null;
    source = trimmed;
    // "It is unclear whether …", "it’s not clear that …": an expletive before "is" names no one; a progressive
    // ("It is also pointing to …") still has its subject speak.
    if (this.isExpletiveBe(view, source) && !view.lower[cue.to - 1]!.endsWith('ing')) return null;
    if (rule === 'quotes/reported-before' || rule === 'quotes/direct-before') {
      const subject = this.subjectBeforeRelative(view, cue, source);
      if (subject) return subject;
    }
    if ((rule === 'quotes/reported-before' || rule === 'quotes/direct-before') && OBJECT_PREPOSITIONS.has(view.lower[source.from - 1] ?? '')) return null;
    // "Minnesota state delegate Mary Susan said …": a lower-case "state" modifies the speaker; the phrase runs left
    // over it (train: 10 sources cut after "state", none right).
    if (view.lower[source.from - 1] === 'state') {
      const left = this.nounPhraseLeft(view, source.from - 1, view.tokens.sentenceFirst[view.tokens.sentence[source.from]!]!);
      if (left) source = { from: left.from, to: source.to };
    }
    // "politicians and activists said": the speaker phrase runs left over a list its rules stopped at.
    return this.throughSpeakerList(view, source);
  }

  /**
   * "Even Republicans who have praised his candidacy warned …", "Officials who spoke with The Post said …": a speaker
   * phrase read inside a relative clause on the sentence subject (after its pronoun and its verb, with no mark before
   * the cue) is the clause's object; the cue is the main verb, and the sentence subject speaks. Null otherwise.
   */
  subjectBeforeRelative(view: TokenView, cue: CueMatch, source: CueMatch): CueMatch | null {
    // Most speaker phrases have no relative pronoun before them in their clause: the subject is not read for those.
    const first = view.tokens.sentenceFirst[view.tokens.sentence[cue.from]!]!;
    let r = source.from - 1;
    while (r >= first && !view.isPunct(r) && !this.lexicon.relativePronouns.has(view.lower[r]!) && view.lower[r] !== 'that') r--;
    if (r < first || view.isPunct(r)) return null;
    const subject = this.sentenceSubject(view, cue.from);
    if (!subject) return null;
    // "organizations that have endorsed him say": the subject phrase runs over "that", which is no noun.
    const relative = view.lower[subject.to - 1] === 'that' ? subject.to - 1 : subject.to;
    if (relative <= subject.from || relative + 1 >= source.from || !(this.lexicon.relativePronouns.has(view.lower[relative]!) || view.lower[relative] === 'that')) return null;
    for (let t = relative + 1; t < cue.from; t++) {
      const word = view.lower[t]!;
      // "voters who identify as independents do so because they cherish …", "who authorized … and who hoped …": another clause.
      if ((view.isPunct(t) && !isAbbreviationDot(view, this.lexicon, t)) || view.inQuote[t]! >= 0 || CLAUSE_OPENERS.has(word) || word === 'as' || word === 'and' || this.lexicon.relativePronouns.has(word)) return null;
    }
    // The relative clause belongs to the speaker phrase unless it reports speech ("who spoke with The Post").
    return this.isDescribingClause(view, relative, source.to) ? { from: subject.from, to: source.to } : { from: subject.from, to: relative };
  }

  /**
   * A speaker phrase the rules ended with a contracted "is"/"has" ("he’s", "it’s"; span-conventions.json
   * possessives.hostsOfIs) ends before it, and an expletive subject left alone ("It’s unclear …", "There’s broad
   * agreement …") names no one. PolNeAR train: 18 such sources, none of them right.
   */
  withoutContractedVerb(view: TokenView, source: CueMatch): CueMatch | null {
    const clitic = source.to - 1;
    if (clitic <= source.from || !this.lexicon.cliticIs.has(view.lower[clitic]!) || this.conventions.isPossessive(view, this.lexicon, clitic)) return source;
    if (clitic - source.from === 1 && EXPLETIVES.has(view.lower[source.from]!)) return null;
    return { from: source.from, to: clitic };
  }

  /**
   * A sentence subject that is an expletive followed by "is"/"was"/"’s" ("It’s a big if, but Sanders was in San
   * Diego, emphasizing …", "It was a long night, and …"): the clause is about something, the cue that shares its
   * subject has no speaker there. PolNeAR train: 12 such sources of the reported-subject rule, none right.
   */
  isExpletiveBe(view: TokenView, subject: CueMatch): boolean {
    const next = view.lower[subject.to]!;
    return subject.to - subject.from === 1 && EXPLETIVES.has(view.lower[subject.from]!) && (BE_FORMS.has(next) || this.lexicon.cliticIs.has(next));
  }

  /** A speaker phrase that starts after the "and" of a list of speakers (speakerLists), widened to the list's start. */
  throughSpeakerList(view: TokenView, source: CueMatch): CueMatch {
    const and = source.from - 1;
    if (view.lower[and] !== 'and' || !this.conventions.joinsSpeakerList(view, this.lexicon, and)) return source;
    const first = view.tokens.sentenceFirst[view.tokens.sentence[and]!]!;
    const left = this.nounPhraseLeft(view, and - 1, first);
    // "from entering the country and others": a verb inside makes the words before "and" no speaker.
    return left && !this.conventions.holdsVerb(view, this.lexicon, left.from, and) ? { from: left.from, to: source.to } : source;
  }

  /**
   * "The victory led Reince Priebus to declare …", "will force Sanders to acknowledge …": the object of a causative
   * verb (objectControlVerbs) before the "to" at token `to` is the subject of the infinitive cue — the noun phrase
   * between them, with no mark. Null when no such verb stands within SUBJECT_REACH words, or the words between are
   * no noun phrase or a reflexive.
   */
  causedSubject(view: TokenView, to: number, first: number): CueMatch | null {
    for (let v = to - 2; v >= Math.max(first, to - SUBJECT_REACH); v--) {
      if ((view.isPunct(v) && !isAbbreviationDot(view, this.lexicon, v)) || view.inQuote[v]! >= 0) return null;
      if (!this.lexicon.objectControlVerbs.has(view.lower[v]!)) continue;
      // "allow himself to address": a reflexive object is the subject itself; "left it mostly to others to …": no noun phrase.
      const object = this.nounPhraseLeft(view, to - 1, v + 1);
      return object && object.from === v + 1 && !REFLEXIVES.has(view.lower[v + 1]!) ? object : null;
    }
    return null;
  }

  /**
   * "Trump, who last week injected a new element into the race by questioning …", "the community, which supports the
   * reform and ranks it …": a cue coordinated inside a relative clause (no mark or cue word between the relative
   * pronoun, after the sentence subject, and token `before`, the word before the cue) speaks for the relative
   * pronoun — or for the subject after it: "the record, which he laid out at length but then dismissed …" gives "he".
   */
  relativeSubject(view: TokenView, subjectTo: number, before: number): CueMatch | null {
    for (let r = before; r >= subjectTo; r--) {
      const word = view.lower[r]!;
      if ((view.isPunct(r) && !isAbbreviationDot(view, this.lexicon, r)) || SIGNATURE_DASH.test(word) || view.inQuote[r]! >= 0 || (r < before && this.lexicon.cueForms.has(word))) return null;
      if (!this.lexicon.relativePronouns.has(word)) continue;
      return SUBJECT_PRONOUNS.has(view.lower[r + 1]!) ? { from: r + 1, to: r + 2 } : { from: r, to: r + 1 };
    }
    return null;
  }

  /**
   * "Clinton has been attacked on the speeches by Bernie Sanders", "was asked by host John Dickerson whether …": the
   * agent of a passive cue, a noun phrase after "by" within AGENT_REACH words of the cue with no mark, word that opens
   * a clause, participle or infinitive before it ("is expected to rule on a case brought by …" has none).
   */
  passiveAgent(view: TokenView, cue: CueMatch, end: number): CueMatch | null {
    for (let t = cue.to; t < Math.min(end - 1, cue.to + AGENT_REACH); t++) {
      const word = view.lower[t]!;
      if (word === 'by') return /^\p{Ll}+ing$/u.test(view.lower[t + 1]!) ? null : this.beforeGerund(view, this.nounPhraseRight(view, t + 1));
      if (view.inQuote[t]! >= 0 || (view.isPunct(t) && word !== '-' && !SIGNATURE_DASH.test(word)) || CLAUSE_OPENERS.has(word) || this.lexicon.relativePronouns.has(word)) return null;
      if (this.lexicon.pastTenseVerbs.has(word) || /^\p{Ll}{2,}(?:ed|en)$/u.test(word)) return null;
      if (word === 'to' && !(DETERMINERS.has(view.lower[t + 1]!) || view.tokens.kind[t + 1] === 1 || view.isCapitalised(t + 1))) return null;
    }
    return null;
  }

  /** A noun phrase without an "of" and a gerund that ends it ("the Turkish government [of attempting a coup]"). */
  beforeGerund(view: TokenView, phrase: CueMatch | null): CueMatch | null {
    if (!phrase) return null;
    for (let t = phrase.from + 1; t < phrase.to - 1; t++) if (view.lower[t] === 'of' && /^\p{Ll}+ing$/u.test(view.lower[t + 1]!)) return { from: phrase.from, to: t };
    return phrase;
  }

  /**
   * The words from token i to the next punctuation mark or quotation within the sentence tokens before `end`: the
   * source of "according to" when it is longer than a speaker phrase ("according to the Real Clear Politics
   * average of recent polls"; nounPhraseRight stops at eight words).
   */
  phraseToBreak(view: TokenView, i: number, end: number): CueMatch | null {
    let j = i;
    while (j < end && view.inQuote[j]! < 0 && (!view.isPunct(j) || (j > i && isAbbreviationDot(view, this.lexicon, j)))) j++;
    return j > i ? { from: i, to: j } : null;
  }

  /** Whether tokens [from, to) are a "who"/"whose" clause with no cue word in it ("who has run the ferry for 20 years"). */
  isDescribingClause(view: TokenView, from: number, to: number): boolean {
    if (view.lower[from] !== 'who' && view.lower[from] !== 'whose') return false;
    for (let t = from + 1; t < to; t++) if (this.lexicon.cueForms.has(view.lower[t]!) || view.lower[t] === ',' || view.inQuote[t]! >= 0) return false;
    return true;
  }

  /**
   * "The three scholars -- Mr. Tribe, Ms. Epstein and Mr. Amar -- agreed …": a speaker phrase that ends with a dash
   * is the noun phrase before the matching dash with the part between them, which PolNeAR annotates whole; when
   * that part is an aside ("Mrs. Clinton -- whose husband signed the act -- has derided …"), the noun phrase alone.
   * `k` is the closing dash.
   */
  dashedSpeaker(view: TokenView, k: number, first: number): CueMatch | null {
    const closing = spacedDashStart(view, k);
    const form = view.text.slice(view.tokens.start[closing], view.tokens.end[k]);
    for (let p = closing - 1; p > Math.max(first, k - APPOSITIVE_REACH); p--) {
      if (view.inQuote[p]! >= 0 || CLAUSE_END.test(view.lower[p]!)) return null;
      const opening = spacedDashStart(view, p);
      if (opening < 0 || view.text.slice(view.tokens.start[opening], view.tokens.end[p]) !== form) continue;
      const name = this.nounPhraseLeft(view, opening - 1, first);
      if (!name || p === closing - 1) return null;
      return isSpeakerAside(view, this.lexicon, p + 1) ? name : { from: name.from, to: k + 1 };
    }
    return null;
  }

  /** A speaker phrase without leading clause words or a dash aside ("as Joel Pollak …", "— Cruz"). */
  trimSource(view: TokenView, from: number, to: number): CueMatch | null {
    for (let i = to - 1; i > from; i--) if (view.lower[i] === '—' || view.lower[i] === '–') from = i + 1;
    while (from < to && (this.lexicon.clauseBoundaries.has(view.lower[from]!) || view.isPunct(from))) from++;
    return from < to ? { from, to } : null;
  }

  /** The noun phrase ending at token k: back to a clause boundary, punctuation or the sentence start. */
  nounPhraseLeft(view: TokenView, k: number, first = 0): CueMatch | null {
    if (k < first) return null;
    let j = k;
    let reach = 10;
    while (j >= first && k - j < reach) {
      const word = view.lower[j]!;
      if (view.inQuote[j]! >= 0) break;
      const label = partyLabelStart(view, j);
      if (label > first) { // "Sen. David Perdue (R-Ga.) said": the label is part of the name
        reach += j - label + 1;
        j = label - 1;
        continue;
      }
      if (view.isPunct(j)) {
        const abbreviation = j > first && isAbbreviationDot(view, this.lexicon, j);
        if (!abbreviation && word !== '-' && word !== '&') break;
      } else if (this.lexicon.relativePronouns.has(word)) break;
      else if (this.lexicon.clauseBoundaries.has(word) && !(j < k && j > first && this.joinsNounPhrase(view, j))) break;
      else if (this.lexicon.cueForms.has(word) && j < k && !view.isCapitalised(j)) break;
      j--;
    }
    if (j === k || k - j >= reach) return null;
    // "Having announced": no subject; a capitalised name that ends in "-ing" is one ("Ebeling said", "Xi Jinping said").
    if (j + 1 === k && /^\p{Ll}+ing$/u.test(view.lower[k]!) && (!view.isCapitalised(k) || PARTICIPLE_OPENERS.has(view.lower[k]!))) return null;
    // "Rubio has broken many promises": an auxiliary inside means a clause, and the cue word is a noun.
    for (let t = j + 2; t <= k; t++) if (this.lexicon.cueModifiers.has(view.lower[t]!) && !view.isCapitalised(t)) return null;
    return this.trimSource(view, j + 1, k + 1);
  }

  /**
   * "He began by saying, “…”": a participle cue speaks for the sentence's subject, its opening noun phrase — after
   * an opener ("On Thursday, Trump …", "But Trump …") and up to the verb ("Small groups of protesters chanted …",
   * "Clinton’s campaign manager Robby Mook said …").
   */
  sentenceSubject(view: TokenView, cueAt: number): CueMatch | null {
    const s = view.tokens.sentence[cueAt]!;
    if (s < 0) return null;
    let start = view.tokens.sentenceFirst[s]!;
    if (this.lexicon.clauseBoundaries.has(view.lower[start]!) || this.lexicon.adverbs.has(view.lower[start]!)) {
      const reach = Math.min(cueAt, start + SUBJECT_REACH);
      const comma = this.commaBefore(view, start + 1, reach);
      if (comma < reach) start = this.pastOpenerParts(view, comma + 1, cueAt);
      else if (!this.lexicon.openingPrepositions.has(view.lower[start]!)) start++; // "But Trump …"
      else return null;
    }
    return this.subjectPhrase(view, this.afterDateline(view, start, cueAt), cueAt);
  }

  /**
   * "At a rally in Portsmouth, N.H., on Tuesday, Senator …", "In June 2009, after Lind fell ill, Berg …": an opener
   * runs on over a place's state or country after its town and over parts that open with a preposition or a
   * subordinating word; the subject starts after the last of them.
   */
  pastOpenerParts(view: TokenView, start: number, cueAt: number): number {
    for (let parts = 0; parts < 3; parts++) {
      const comma = this.commaBefore(view, start, Math.min(cueAt, start + SUBJECT_REACH));
      if (comma >= cueAt || comma >= start + SUBJECT_REACH || comma === start) return start;
      if (!(this.lexicon.openingPrepositions.has(view.lower[start]!) || this.isPlaceAfterTown(view, start, comma))) return start;
      start = comma + 1;
    }
    return start;
  }

  /** Whether tokens [from, comma) are a state or country after a town and its comma ("Ames, Iowa,", "Beaumont, Tex.,"). */
  isPlaceAfterTown(view: TokenView, from: number, comma: number): boolean {
    if (comma - from > 3 || !view.isCapitalised(from - 2) || !view.isCapitalised(from)) return false;
    for (let t = from; t < comma; t++) if (!(view.isCapitalised(t) || isAbbreviationDot(view, this.lexicon, t) || view.lower[t] === '.')) return false;
    return true;
  }

  /** The sentence subject a participle cue at token `cueAt` speaks for ("Speaking in Salem, Trump …, saying, “…”"). */
  participleSubject(view: TokenView, cueAt: number): CueMatch | null {
    const subject = this.sentenceSubject(view, cueAt);
    return subject && this.subjectPastOpener(view, subject, cueAt);
  }

  /**
   * "Speaking earlier in Tampa, Trump …", "Late last month, the company …", "Amid calls to …, the mayor …": a sentence
   * subject the rules read from the sentence's first word, when the words up to the first comma open the sentence (a
   * participle, a time phrase or an opener word: span-conventions.ts opensSentence), is the phrase after that opener.
   * Applied to accepted frames, so the frame filter judges the subject it was trained on.
   */
  subjectPastOpener(view: TokenView, subject: CueMatch, cueAt: number): CueMatch {
    const start = view.tokens.sentenceFirst[view.tokens.sentence[subject.from]!]!;
    if (subject.from !== start) return subject;
    const reach = Math.min(cueAt, start + 2 * SUBJECT_REACH);
    const comma = this.commaBefore(view, start + 1, reach);
    if (comma >= reach || !this.conventions.opensSentence(view, this.lexicon, start, comma)) return subject;
    return this.subjectPhrase(view, this.afterDateline(view, this.pastOpenerParts(view, comma + 1, cueAt), cueAt), cueAt) ?? subject;
  }

  /**
   * A sentence subject (sentenceSubject) that ends before a comma, as PolNeAR reads it: after an opener ("This year,
   * he rose …") the subject is the phrase after the comma; an appositive joins it with its comma ("Christie, New
   * Jersey’s sitting governor, repeated …"); an aside stays out ("Trump, meanwhile, was …").
   */
  subjectPastComma(view: TokenView, subject: CueMatch, cueAt: number): CueMatch | null {
    if (view.lower[subject.to] !== ',' || subject.to + 1 >= cueAt) return subject;
    // "This year, he rose …": an opener, the subject follows it.
    if (this.conventions.opensSentence(view, this.lexicon, subject.from, subject.to)) return this.subjectPhrase(view, subject.to + 1, cueAt);
    // "Trump, meanwhile, was …", "Cohn, writing in …, noticed": an aside, left out.
    if (this.isSubjectAside(view, subject.to + 1)) return subject;
    let to = subject.to;
    for (let parts = 0; parts < 3; parts++) {
      let next = this.subjectPhrase(view, to + 1, cueAt);
      // "The French minister of energy, Ségolène Royal, alluded …": the appositives read so far stay.
      if (!next) return to === subject.to ? subject : { from: subject.from, to: to + 1 };
      // "Burr, a North Carolina Republican who has also embraced Trump, said": a relative clause inside the appositive.
      if (this.lexicon.relativePronouns.has(view.lower[next.to]!)) next = { from: next.from, to: this.commaBefore(view, next.to, cueAt) };
      // "Like Mr. Lind, she has …": the first part opened the sentence.
      if (view.lower[next.to] !== ',' || next.to >= cueAt) return to === subject.to ? next : { from: subject.from, to: to + 1 };
      // "Lind, the mayor, signed the deal Monday, saying …": a part with a verb is the predicate, not an appositive.
      if (this.conventions.holdsVerb(view, this.lexicon, next.from, next.to)) break;
      // "Christie, New Jersey’s sitting governor, repeated …": an appositive, part of the speaker with its comma.
      to = next.to;
      if (to + 1 >= cueAt || this.isSubjectAside(view, to + 1)) break;
    }
    return to === subject.to ? subject : { from: subject.from, to: to + 1 };
  }

  /** The first comma in tokens [from, to), else `to`. */
  commaBefore(view: TokenView, from: number, to: number): number {
    for (let t = from; t < to; t++) if (view.lower[t] === ',') return t;
    return to;
  }

  /** Whether the part after a sentence subject's comma at token i is an aside (isSpeakerAside, a "whose" clause, an -ly adverb). */
  isSubjectAside(view: TokenView, i: number): boolean {
    const word = view.lower[i]!;
    return isSpeakerAside(view, this.lexicon, i) || word === 'whose' || this.lexicon.clauseBoundaries.has(word) || LY_ADVERB.test(word);
  }

  /** The noun phrase from token `start` to the first word that ends a subject (endsSubject), before `cueAt`; a pronoun alone. */
  subjectPhrase(view: TokenView, start: number, cueAt: number): CueMatch | null {
    const word = view.lower[start]!;
    if (this.lexicon.personPronouns.has(word) || this.lexicon.groupPronouns.has(word)) return start < cueAt ? { from: start, to: start + 1 } : null;
    let to = start;
    while (to < cueAt && to - start < SUBJECT_REACH && !this.endsSubject(view, to, start)) to++;
    if (to === start || to >= cueAt || to - start >= SUBJECT_REACH) return null;
    return this.trimSource(view, start, to);
  }

  /**
   * "Washington (AFP) – Democrat Hillary Clinton has …", "DECATUR, Ill. — Sen. Ted Cruz …", "PARIS, Aug 31 (Reuters) -
   * …": a dateline — capitalised words, a place's abbreviation, a day or an agency in brackets, then a dash or a spaced
   * hyphen — is not the subject; it starts after it.
   */
  afterDateline(view: TokenView, start: number, cueAt: number): number {
    // A place in capitals ("CLEVELAND", "LA CROSSE") surely opens a dateline: then a spaced hyphen is its dash
    // ("CLEVELAND - Donald Trump …"), and a day and a state's period belong to it ("PARIS, Aug 31 (Reuters) -",
    // "LA CROSSE, Wisc. —"); not after a name ("Sanders - who digested …", "Lind, 45, — …").
    const shouted = isShouted(view, start);
    for (let t = start + 1; t < Math.min(cueAt, start + 8); t++) {
      const word = view.lower[t]!;
      if (SIGNATURE_DASH.test(word) || (shouted && (word === '-' || word === '--') && isSpacedAround(view, t))) return t + 1 < cueAt ? t + 1 : start;
      if (!(view.isCapitalised(t) || word === ',' || word === '(' || word === ')' || isAbbreviationDot(view, this.lexicon, t) || (shouted && (word === '.' || view.tokens.kind[t] === 1)))) return start;
    }
    return start;
  }

  /** Whether token t (inside a sentence's opening noun phrase that starts at `start`) is where the phrase ends. */
  endsSubject(view: TokenView, t: number, start: number): boolean {
    const word = view.lower[t]!;
    if (view.isPunct(t)) return !(isAbbreviationDot(view, this.lexicon, t) || word === '-' || word === '&');
    if (t === start || view.isCapitalised(t)) return false;
    // "The retired neurosurgeon", "The former secretary of state": after a determiner or "of" a word is the noun
    // phrase's, not its verb (unless an auxiliary or a relative pronoun).
    if (NOUN_PHRASE_OPENERS.has(view.lower[t - 1]!) && !this.lexicon.cliticAuxiliaries.has(word) && !AUXILIARIES.has(word) && !this.lexicon.relativePronouns.has(word)) return false;
    return this.lexicon.cueModifiers.has(word) || this.lexicon.cliticAuxiliaries.has(word) || this.lexicon.cueForms.has(word) || this.lexicon.relativePronouns.has(word)
      || this.lexicon.pastTenseVerbs.has(word) || this.lexicon.adverbs.has(word) || /^\p{Ll}{2,}ed$/u.test(word) || this.conventions.isLyAdverb(view, t);
  }

  /** "percent of voters", "a producer for CNN", "Jeb Bush and Marco Rubio": a word inside a speaker phrase. */
  joinsNounPhrase(view: TokenView, j: number): boolean {
    const word = view.lower[j]!;
    if (word === 'of' || word === 'for' || word === 'from') return !view.isPunct(j - 1) && !this.lexicon.cueForms.has(view.lower[j - 1]!);
    if (word === 'and') return view.isCapitalised(j - 1) && view.isCapitalised(j + 1);
    return this.conventions.isFractionIn(view, j) || this.conventions.isPlaceIn(view, this.lexicon, j); // "one in five voters", "officials in Ohio"
  }

  /** "said Robert Klein, chairman of the institute.": a name after the cue keeps its appositive to the clause end. */
  withAppositive(view: TokenView, name: CueMatch | null): CueMatch | null {
    if (!name || view.lower[name.to] !== ',' || !(view.isCapitalised(name.to - 1) || partyLabelStart(view, name.to - 1) >= 0)) return name;
    const tail = this.conventions.speakerTail(view, this.lexicon, name.to);
    if (tail > 0) return { from: name.from, to: tail };
    let j = name.to + 1;
    // "whom Mr. Obama recruited": the period of an abbreviation inside the appositive does not close it.
    while (j < view.tokens.count && j - name.to < 25 && view.inQuote[j]! < 0 && (!CLAUSE_END.test(view.lower[j]!) || isAbbreviationDot(view, this.lexicon, j)) && view.lower[j] !== ',' && !OPEN_MARK.test(view.lower[j]!)) {
      const label = partyLabelEnd(view, j);
      j = label > 0 ? label : j + 1;
    }
    const closes = j >= view.tokens.count || CLAUSE_END.test(view.lower[j]!) || view.tokens.sentence[j] !== view.tokens.sentence[name.from];
    return closes && j > name.to + 1 ? { from: name.from, to: j } : name;
  }

  /** The noun phrase starting at token i, up to punctuation or a clause word (≤ 8 tokens). */
  nounPhraseRight(view: TokenView, i: number): CueMatch | null {
    const { count } = view.tokens;
    let j = i;
    // Eight tokens, not counting the periods of abbreviations ("said Rep. Charles B. Rangel of New York").
    let reach = 8;
    while (j < count && j - i < reach) {
      const word = view.lower[j]!;
      if (view.inQuote[j]! >= 0) break;
      const label = partyLabelEnd(view, j);
      if (label > 0) { // "said Rep. Jim Clyburn (D-S.C.)"
        j = label;
        break;
      }
      if (view.isPunct(j)) {
        const abbreviation = j > i && isAbbreviationDot(view, this.lexicon, j) && j + 1 < count && view.isCapitalised(j + 1);
        if (!abbreviation && word !== '-' && word !== '&') break;
        if (abbreviation) reach++;
      } else if (j > i && this.lexicon.clauseBoundaries.has(word) && word !== 'of') break;
      j++;
    }
    return j > i && (j - i < reach || view.lower[j - 1] === ')') ? { from: i, to: j } : null;
  }
}

import data from './span-conventions.json' with { type: 'json' };
import cueData from './cues.json' with { type: 'json' };
import type { TokenView } from './token-view.js';
import { isAbbreviationDot, type QuoteLexicon } from './lexicon.js';

/** A cue and the reported content after it, as token ranges: cue [cueFrom, cueTo), content from `contentFrom`. */
export interface CueAndContent {
  cueTo: number;
  contentFrom: number;
}

/**
 * Where PolNeAR's annotators put the boundaries between source, cue and content when the rules could put them
 * in more than one place (span-conventions.json, each convention with its reason and train counts). Built once
 * per stage; every check is a set look-up on the token view's lower-case forms.
 */
export class SpanConventions {
  private readonly cuePrepositions = new Set(data.cuePrepositions.words);
  private readonly quantityWords = new Set(data.quantityWords.words);
  private readonly cueFinalWords = new Set(data.cueFinalWords.words);
  private readonly timedParticiples = new Set(data.timedParticiples.words);
  private readonly verbAfterClitic = new Set(data.possessives.verbAfter);
  private readonly cliticHosts = new Set(data.possessives.hostsOfIs.words);
  private readonly possessorDeterminers = new Set(data.possessives.possessorDeterminers.words);
  private readonly fractionNumbers = new Set(data.fractionNumbers.words);
  private readonly tailStops = new Set(data.speakerTailStops.words);
  private readonly clauseOpeners = new Set(data.nestedFrames.clauseOpeners);
  private readonly clauseVerbs = new Set(data.clauseAfterCue.words);
  private readonly cueFinalAdverbs = new Set(data.cueFinalAdverbs.words);
  private readonly notAdverbs = new Set(data.cueFinalAdverbs.notLy);
  private readonly cueParticles = new Set(data.cueParticles.words);
  private readonly sourceJoiners = new Set(data.accordingToClauseEnd.joiners);
  private readonly placePrepositions = new Set(data.placePrepositions.words);
  private readonly listDeterminers = new Set(data.speakerLists.determiners);
  private readonly sentenceOpeners = new Set(data.sentenceOpeners.words);
  private readonly mediumPrepositions = new Set(data.cueMedium.prepositions);
  private readonly mediumDeterminers = new Set(data.cueMedium.determiners);
  private readonly mediumNouns = new Set(data.cueMedium.nouns);
  private readonly raisingVerbs = new Set(data.raisingSubject.words);
  private readonly infinitiveMarkers = new Set(data.cueInfinitive.markers);
  /** The cue lexicon's verbs in their base form ("say", "complain"): what follows an infinitive "to". */
  private readonly cueLemmas = new Set([...cueData.lemmas.map(({ lemma }) => lemma), ...Object.keys(cueData.irregular)]);

  /** The end of a cue whose words are tokens [from, to): not after a determiner ("issued a" → "issued"). */
  cueEnd(view: TokenView, from: number, to: number): number {
    while (to - 1 > from && this.cueFinalWords.has(view.lower[to - 1]!)) to--;
    return to;
  }

  /**
   * "happily retweeted …", "has increasingly decried …", "called out …": a cue that ends with an adverb runs on over
   * the lower-case word after it, and an adverb particle after a cue joins it; the content starts after them.
   * `contentTo` bounds the content: at least two content tokens stay.
   */
  cueThroughAdverb(view: TokenView, lexicon: QuoteLexicon, cueTo: number, contentFrom: number, contentTo: number): CueAndContent {
    let to = cueTo;
    if (this.endsWithAdverb(view, to - 1) && this.mayJoinCue(view, lexicon, to)) to++;
    if (this.cueParticles.has(view.lower[to] ?? '') && view.lower[to + 1] !== 'to' && this.mayJoinCue(view, lexicon, to)) to++;
    if (to === cueTo || contentFrom > cueTo + 1 || to > contentTo - 2) return { cueTo, contentFrom };
    return { cueTo: to, contentFrom: Math.max(contentFrom, to) };
  }

  /**
   * Both conventions after a cue that ends before token `cueTo`, with content from `contentFrom` to `contentTo`: first a
   * final adverb or a particle, then a preposition (cueThroughAdverb, cueThroughPreposition).
   */
  cueThroughParticles(view: TokenView, lexicon: QuoteLexicon, cueTo: number, contentFrom: number, contentTo: number): CueAndContent {
    const verb = this.cueThroughAdverb(view, lexicon, cueTo, contentFrom, contentTo);
    const preposition = this.cueThroughPreposition(view, verb.cueTo, verb.contentFrom, contentTo);
    return this.cueThroughInfinitive(view, preposition.cueTo, preposition.contentFrom, contentTo);
  }

  /**
   * "went on to say …", "continued to complain that …": a cue that ends with an infinitive "to" runs on over the verb
   * after it when that is a verb of the cue lexicon in its base form ("pointed to reports that …" stays: a noun);
   * the content starts after it. At least two content tokens stay.
   */
  cueThroughInfinitive(view: TokenView, cueTo: number, contentFrom: number, contentTo: number): CueAndContent {
    if (contentFrom > cueTo + 1 || !this.infinitiveMarkers.has(view.lower[cueTo - 1]!) || cueTo + 1 > contentTo - 2 || view.isCapitalised(cueTo) || view.inQuote[cueTo]! >= 0) return { cueTo, contentFrom };
    return this.cueLemmas.has(view.lower[cueTo]!) ? { cueTo: cueTo + 1, contentFrom: Math.max(contentFrom, cueTo + 1) } : { cueTo, contentFrom };
  }

  private endsWithAdverb(view: TokenView, i: number): boolean {
    return this.cueFinalAdverbs.has(view.lower[i]!) && !view.isCapitalised(i) || this.isLyAdverb(view, i);
  }

  /** Whether token i is a lower-case "-ly" adverb ("largely", "sternly"; not "family", "early", "rally"). */
  isLyAdverb(view: TokenView, i: number): boolean {
    const word = view.lower[i]!;
    return !view.isCapitalised(i) && LY_ADVERB.test(word) && !this.notAdverbs.has(word);
  }

  /** Whether token i, just after a cue, is a plain lower-case word that may join it (no determiner, pronoun, preposition). */
  private mayJoinCue(view: TokenView, lexicon: QuoteLexicon, i: number): boolean {
    if (i >= view.tokens.count || view.isPunct(i) || view.inQuote[i]! >= 0 || view.isCapitalised(i) || view.tokens.kind[i] === 1) return false;
    const word = view.lower[i]!;
    return !(this.cueFinalWords.has(word) || this.cuePrepositions.has(word) || word === 'to' || lexicon.clauseBoundaries.has(word) || lexicon.personPronouns.has(word) || lexicon.groupPronouns.has(word) || lexicon.relativePronouns.has(word));
  }

  /**
   * "boasted about his plan", "warned of a battle": the preposition just after the cue is the cue's, and the
   * content starts after it — whether the rules started the content at the preposition or after it.
   * `contentTo` bounds the content: a preposition that would leave fewer than two content tokens stays.
   */
  cueThroughPreposition(view: TokenView, cueTo: number, contentFrom: number, contentTo: number): CueAndContent {
    const at = contentFrom === cueTo || contentFrom === cueTo + 1 ? cueTo : -1;
    if (at < 0 || at >= contentTo - 2 || view.inQuote[at]! >= 0 || !this.cuePrepositions.has(view.lower[at]!)) return { cueTo, contentFrom };
    // "pointed to as an example": a cue that already ends with its particle takes no second one.
    if (this.cuePrepositions.has(view.lower[at - 1]!) || view.lower[at - 1] === 'to') return { cueTo, contentFrom };
    // "said as much", "has said about 20 people …": the word is an adverb, not the cue's preposition.
    const next = view.lower[at + 1]!;
    if (view.tokens.kind[at + 1] === 1 || this.quantityWords.has(next)) return { cueTo, contentFrom };
    // "says on its website that …": an adjunct before the reported clause, which the content start missed.
    for (let k = at + 1; k < Math.min(contentTo, at + 7) && !view.isPunct(k); k++) if (view.lower[k] === 'that') return { cueTo, contentFrom };
    return { cueTo: at + 1, contentFrom: Math.max(contentFrom, at + 1) };
  }

  /** Whether the clause from token i opens with a cue word, past auxiliaries and adverbs ("has since called on"). */
  private reportsSpeech(view: TokenView, lexicon: QuoteLexicon, i: number): boolean {
    let t = i;
    while (t < i + 3 && (lexicon.cueModifiers.has(view.lower[t] ?? '') || lexicon.adverbs.has(view.lower[t] ?? ''))) t++;
    return lexicon.cueForms.has(view.lower[t] ?? '');
  }

  /**
   * "…,” said Dana Holm, a ferry pilot from Lindholm, who has sailed for 30 years.": a speaker named after its
   * cue keeps every comma-separated part that follows — appositives, ages, places, relative clauses — to the
   * end of the clause, but not a participle or a quotation that comes after a comma (", adding …", ", “…”"):
   * there it ends with the comma. `comma` is the token of the comma after the name; returns the end of the
   * speaker phrase (exclusive), or -1 when no clause end comes within reach.
   */
  speakerTail(view: TokenView, lexicon: QuoteLexicon, comma: number): number {
    const { count, sentence } = view.tokens;
    const reach = Math.min(count, comma + SPEAKER_TAIL_REACH);
    let j = comma;
    while (j < reach) {
      const word = view.lower[j]!;
      if (view.inQuote[j]! >= 0 || sentence[j] !== sentence[comma]) return j > comma + 1 ? j : -1;
      if (word === ',') {
        const next = view.lower[j + 1] ?? '';
        if (view.inQuote[j + 1]! >= 0 || this.tailStops.has(next) || (/^\p{Ll}+ing$/u.test(next) && next !== 'including')) return j > comma ? j + 1 : -1;
        // "said Dana Holm, who said the pier …": a relative clause that reports speech is an attribution of its own,
        // and the speaker ends before its comma.
        if (lexicon.relativePronouns.has(next) && this.reportsSpeech(view, lexicon, j + 2)) return j;
      } else if (word === '(') { // a party label or an aside in brackets is part of the name: "(D-Wis.)"
        let close = j + 1;
        while (close < Math.min(reach, j + 8) && view.lower[close] !== ')') close++;
        if (view.lower[close] === ')') j = close;
      } else if ((word === '.' && !isAbbreviationDot(view, lexicon, j)) || word === '!' || word === '?' || word === ';' || word === ':') {
        return j > comma + 1 ? j : -1;
      }
      j++;
    }
    return j >= count ? j : -1;
  }

  /**
   * "Gustav Berg, research director for Lindholm Marine, a consulting company, said": the rules find the speaker
   * phrase from the comma before the cue back to the comma before it ("research director …, a consulting
   * company,"); PolNeAR's source starts at the name before the first appositive. Given the phrase's first token
   * `from`, returns where the speaker starts: at a capitalised name of at most five words that ends just before
   * a comma at `from - 1` and starts the clause, else `from`.
   */
  nameBeforeAppositive(view: TokenView, lexicon: QuoteLexicon, from: number, first: number): number {
    if (from - 2 < first || view.lower[from - 1] !== ',' || view.inQuote[from - 2]! >= 0) return from;
    let start = from - 1;
    while (start - 1 >= first && from - 1 - start < NAME_REACH) {
      const t = start - 1;
      if (view.isCapitalised(t) || isAbbreviationDot(view, lexicon, t)) start = t;
      else break;
    }
    if (start === from - 1 || from - 1 - start >= NAME_REACH) return from;
    // The name starts the clause: the sentence start or a stop before it, and no opener ("In Sandvik, …").
    const opens = start === first || view.isPunct(start - 1);
    return opens && !lexicon.clauseBoundaries.has(view.lower[start]!) ? start : from;
  }

  /** Whether a time adjunct after token j is the speaker's ("A court document filed Thursday says"): j is a participle. */
  keepsTimeAdjunct(view: TokenView, j: number): boolean {
    const word = view.lower[j]!;
    return this.timedParticiples.has(word) || (/^\p{Ll}{2,}ed$/u.test(word) && !view.isCapitalised(j));
  }

  /**
   * "The town released a statement saying …", "Trump unleashed a series of tweets saying …": when a participle
   * cue follows a speaker phrase [from, cueFrom) that holds a verb in the past tense, PolNeAR's cue starts at
   * that verb and the speaker ends before it. Returns the verb's token, or -1.
   */
  verbBeforeParticipleCue(view: TokenView, lexicon: QuoteLexicon, from: number, cueFrom: number): number {
    if (!/^\p{Ll}+ing$/u.test(view.lower[cueFrom]!)) return -1;
    for (let t = from + 1; t < cueFrom - 1; t++) {
      const word = view.lower[t]!;
      if (view.isPunct(t) || lexicon.relativePronouns.has(word) || word === 'that') return -1;
      if (!view.isCapitalised(t) && (lexicon.pastTenseVerbs.has(word) || /^\p{Ll}{2,}ed$/u.test(word))) {
        return (lexicon.learnedCueRate?.get(word) ?? 0) < data.verbObjectCues.maxVerbCueRate ? t : -1;
      }
    }
    return -1;
  }

  /**
   * Whether the "’s" at token i is a possessive ("Lind’s earlier claim") rather than "is"/"has" ("He’s
   * claiming", "Trump’s been saying"): it follows a word that is not a pronoun, and no participle follows it.
   */
  isPossessive(view: TokenView, lexicon: QuoteLexicon, i: number): boolean {
    if (i === 0 || view.isPunct(i - 1)) return false;
    const before = view.lower[i - 1]!;
    if (lexicon.personPronouns.has(before) || lexicon.groupPronouns.has(before) || lexicon.relativePronouns.has(before) || this.cliticHosts.has(before)) return false;
    const next = view.lower[i + 1] ?? '';
    return !this.verbAfterClitic.has(next) && !/^\p{Ll}+ing$/u.test(next);
  }

  /**
   * Where the possessor before the possessive "’s" at token `clitic` starts, not before `from`: a capitalised
   * name ("Donald Trump’s", "the GOP’s") with the abbreviated titles and initials before it ("Mr. Trump’s", "Sen.
   * Ted Cruz’s"; train: 18 such possessors cut after the title, none right) or a determiner and one noun ("the
   * company’s"); else `from`.
   */
  possessorStart(view: TokenView, lexicon: QuoteLexicon, from: number, clitic: number): number {
    let start = capitalisedBefore(view, from, clitic, clitic);
    if (start === clitic && clitic - 1 > from && !view.isPunct(clitic - 1)) start = capitalisedBefore(view, from, clitic - 1, clitic); // "the company’s", "Tulsa police’s"
    if (start === clitic || clitic - start >= NAME_REACH) return from;
    while (start - 2 >= from && isAbbreviationDot(view, lexicon, start - 1) && view.isCapitalised(start - 2)) start = capitalisedBefore(view, from, start - 2, clitic);
    return start - 1 >= from && this.possessorDeterminers.has(view.lower[start - 1]!) ? start - 1 : start;
  }

  /**
   * Whether a frame whose first word (its source, else its cue) is token `innerFirst` sits inside the reported
   * content of another frame that starts at token `contentFrom`, with only words between them ("Lind said [she
   * hopes the pier opens]"): PolNeAR never annotates an attribution inside another one's content. Punctuation or
   * a clause opener between them ("…, when he expressed concern that …") makes the inner clause its own relation.
   */
  isNestedIn(view: TokenView, lexicon: QuoteLexicon, contentFrom: number, innerFirst: number): boolean {
    if (innerFirst < contentFrom) return false;
    for (let t = contentFrom; t < innerFirst; t++) if (this.breaksClause(view, lexicon, t)) return false;
    return true;
  }

  /**
   * Whether token t sets a clause apart: a punctuation mark other than an abbreviation's period ("noted that Mr. Holm
   * is expected to …" is one frame, not "that Mr" and a frame of its own: PolNeAR train content 20 fewer wrong, 4
   * more right) or a clause opener.
   */
  private breaksClause(view: TokenView, lexicon: QuoteLexicon, t: number): boolean {
    return (view.isPunct(t) && !isAbbreviationDot(view, lexicon, t)) || this.clauseOpeners.has(view.lower[t]!);
  }

  /**
   * Whether tokens [from, to) after a cue read as a clause rather than a speaker: they open with a pronoun or a
   * preposition ("he fully supports …", "by Democrats") or hold a lower-case auxiliary or past-tense verb
   * ("the plan failed", "taxes would rise").
   */
  readsAsClause(view: TokenView, lexicon: QuoteLexicon, from: number, to: number): boolean {
    const word = view.lower[from]!;
    if (lexicon.personPronouns.has(word) || lexicon.groupPronouns.has(word) || lexicon.firstPersonPronouns.has(word) || lexicon.openingPrepositions.has(word)) return true;
    for (let t = from + 1; t < to; t++) {
      const next = view.lower[t]!;
      if (!view.isCapitalised(t) && (this.clauseVerbs.has(next) || lexicon.pastTenseVerbs.has(next) || /^\p{Ll}{2,}ed$/u.test(next))) return true;
    }
    return false;
  }

  /**
   * "…, according to a report from the harbour board.": a source after "according to" at the end of its clause
   * runs on to `end` (the clause end) when only words stand between — no comma, quotation or other mark (an
   * abbreviation's period, a hyphen, a slash, an ampersand and a possessive may) — but ends before a relative clause
   * or a spaced dash. Returns the source's end.
   */
  throughClauseEnd(view: TokenView, lexicon: QuoteLexicon, to: number, end: number): number {
    if (to >= end) return to;
    for (let t = to; t < end; t++) {
      if (view.inQuote[t]! >= 0) return to;
      const word = view.lower[t]!;
      // "according to a new poll that shows …", "… the Tax Policy Center - half a point of …": a relative clause or a
      // dashed aside after the words read as the source is no part of it (a "who" clause those words hold stays:
      // "a senior adviser who requested anonymity", as PolNeAR keeps it).
      if (lexicon.relativePronouns.has(word) || word === 'that' || (word === '-' && isSpacedAround(view, t))) return t;
      if (!view.isPunct(t)) continue;
      if (!(this.sourceJoiners.has(word) || lexicon.cliticIs.has(word) || isAbbreviationDot(view, lexicon, t))) return to;
    }
    return end;
  }

  /**
   * Where a content starting at token `contentFrom` ends when a frame beside it starts at token `innerFirst`: at the
   * last punctuation mark or clause opener between them (its token), or -1 when there is none.
   */
  clauseBreakBefore(view: TokenView, lexicon: QuoteLexicon, contentFrom: number, innerFirst: number): number {
    for (let t = innerFirst - 1; t > contentFrom; t--) if (this.breaksClause(view, lexicon, t)) return t;
    return -1;
  }

  /** Whether token j is the "in" of a share such as "six in 10" or "one in five". */
  isFractionIn(view: TokenView, j: number): boolean {
    return j > 0 && view.lower[j] === 'in' && this.isNumber(view, j - 1) && this.isNumber(view, j + 1);
  }

  /**
   * Whether token j is the "in" (placePrepositions) of a speaker phrase that places its people: "officials in Ohio", "a woman in
   * Worcester" (a lower-case noun before it, not a cue word; a capitalised word after it that is no time word).
   */
  isPlaceIn(view: TokenView, lexicon: QuoteLexicon, j: number): boolean {
    if (j < 1 || j + 1 >= view.tokens.count || !this.placePrepositions.has(view.lower[j]!)) return false;
    const before = view.lower[j - 1]!;
    if (view.isPunct(j - 1) || view.isCapitalised(j - 1) || view.tokens.kind[j - 1] === 1 || lexicon.cueForms.has(before) || lexicon.personPronouns.has(before) || lexicon.groupPronouns.has(before)) return false;
    return view.isCapitalised(j + 1) && !view.isPunct(j + 1) && !lexicon.timeWords.has(view.lower[j + 1]!);
  }

  /**
   * Whether the "and" at token j joins two speakers into one phrase ("politicians and activists said", "the senator
   * and his allies intend", "he and Brafman had said") rather than two clauses ("turnout rose and officials
   * said"): a noun before it — a pronoun, a plural, or a word after a determiner — and no verb, adverb or
   * clause word after it.
   */
  joinsSpeakerList(view: TokenView, lexicon: QuoteLexicon, j: number): boolean {
    if (j < 1 || j + 1 >= view.tokens.count || view.isPunct(j - 1) || view.isPunct(j + 1) || view.tokens.kind[j - 1] === 1) return false;
    const before = view.lower[j - 1]!;
    const after = view.lower[j + 1]!;
    if (!this.mayListSpeaker(lexicon, after) || (this.listDeterminers.has(after) && (j + 2 >= view.tokens.count || view.isPunct(j + 2))) || lexicon.groupPronouns.has(after) || (lexicon.personPronouns.has(after) && !view.isCapitalised(j + 1))) return false;
    if (lexicon.personPronouns.has(before)) return true;
    if (!this.mayListSpeaker(lexicon, before)) return false;
    return view.isCapitalised(j - 1) || PLURAL.test(before) || (j >= 2 && this.listDeterminers.has(view.lower[j - 2]!));
  }

  /**
   * Whether tokens [from, to), which end before a comma at the start of a sentence, open it rather than name its
   * subject: a time phrase ("This year", "The day before"), a participle ("Speaking Sunday on …") or a word of
   * sentenceOpeners ("Like Mr. Lind").
   */
  opensSentence(view: TokenView, lexicon: QuoteLexicon, from: number, to: number): boolean {
    const first = view.lower[from]!;
    // A determiner or time joiner opens a time phrase only when every word is one ("The day before", not "The mayor").
    if ((this.sentenceOpeners.has(first) && !lexicon.timeJoiners.has(first)) || /^\p{Ll}{2,}ing$/u.test(first)) return true;
    for (let t = from; t < to; t++) {
      const word = view.lower[t]!;
      if (!(lexicon.timeWords.has(word) || lexicon.timeJoiners.has(word) || this.sentenceOpeners.has(word) || view.tokens.kind[t] === 1)) return false;
    }
    return true;
  }

  /**
   * "“…,” Lind said in a statement.": a cue that ends before "in a statement" — a preposition, a determiner and a
   * noun of cueMedium — and the sentence's end runs on over them. Returns the cue's end.
   */
  cueThroughMedium(view: TokenView, cueTo: number): number {
    const end = cueTo + 3;
    if (end >= view.tokens.count || !this.mediumPrepositions.has(view.lower[cueTo]!) || !this.mediumDeterminers.has(view.lower[cueTo + 1]!)) return cueTo;
    if (!this.mediumNouns.has(view.lower[cueTo + 2]!)) return cueTo;
    return view.lower[end] === '.' && view.tokens.sentence[end] === view.tokens.sentence[cueTo] ? end : cueTo;
  }

  /**
   * Whether a source that ends before token `to` is the subject of a raising verb at token `cueAt`, which speaks for no one:
   * "It seems …", "it appeared …", and any subject before it ("Mr. Lind seemed most concerned with …").
   */
  isRaisingSubject(view: TokenView, to: number, cueAt: number): boolean {
    return to <= cueAt && this.raisingVerbs.has(view.lower[cueAt]!);
  }

  /** Whether tokens [from, to) hold a lower-case verb form: a past tense or a word ending in -ed or -ing. */
  holdsVerb(view: TokenView, lexicon: QuoteLexicon, from: number, to: number): boolean {
    for (let t = from; t < to; t++) {
      const word = view.lower[t]!;
      if (!view.isCapitalised(t) && (lexicon.pastTenseVerbs.has(word) || /^\p{Ll}{2,}(?:ed|ing)$/u.test(word))) return true;
    }
    return false;
  }

  /** Whether a word may stand beside the "and" of a list of speakers: no verb, adverb, clause word or cue. */
  private mayListSpeaker(lexicon: QuoteLexicon, word: string): boolean {
    return !(lexicon.cueForms.has(word) || lexicon.cueModifiers.has(word) || lexicon.pastTenseVerbs.has(word) || lexicon.adverbs.has(word) || lexicon.clauseBoundaries.has(word)
      || lexicon.relativePronouns.has(word) || this.cuePrepositions.has(word) || /^\p{Ll}{2,}(?:ed|ly)$/u.test(word));
  }

  private isNumber(view: TokenView, i: number): boolean {
    return i >= 0 && i < view.tokens.count && (view.tokens.kind[i] === 1 || this.fractionNumbers.has(view.lower[i]!));
  }
}

/** Whether token t has white space on both sides ("CLEVELAND - Donald Trump", not "Raleigh-based"). */
export function isSpacedAround(view: TokenView, t: number): boolean {
  const { start, end } = view.tokens;
  return t > 0 && t + 1 < view.tokens.count && start[t]! > end[t - 1]! && start[t + 1]! > end[t]!;
}

const ASIDE_STARTS = new Set(data.speakerAsides.words);
const PART_OF_SPEAKER = new Set(data.speakerAsides.partOfSpeaker);

/**
 * Whether the part of "NAME, PART, CUE" that starts at token i is an aside the speaker phrase leaves out: a
 * relative clause, a participle, a number that is no age, an adverb or a word of speakerAsides ("Murphy, in a statement,
 * said"), but not "including" ("Proponents, including the mayors, said"). The one test for both the main rules'
 * appositives (AttributionFinder.sourceLeft) and the recovered frames' speakers (recall-frames.ts).
 */
export function isSpeakerAside(view: TokenView, lexicon: QuoteLexicon, i: number): boolean {
  const word = view.lower[i]!;
  if (PART_OF_SPEAKER.has(word)) return false;
  // An age is part of the speaker ("Dana Holm, 44, said": train 14 relations whole, 4 the name alone).
  const age = view.tokens.kind[i] === 1 && view.lower[i + 1] === ',';
  return ASIDE_STARTS.has(word) || lexicon.relativePronouns.has(word) || word.endsWith('ing') || (view.tokens.kind[i] === 1 && !age) || lexicon.adverbs.has(word);
}

/** Where the run of capitalised words that ends just before token `at` starts, not before `from` nor NAME_REACH from `clitic`. */
function capitalisedBefore(view: TokenView, from: number, at: number, clitic: number): number {
  let start = at;
  while (start - 1 >= from && clitic - start < NAME_REACH && view.isCapitalised(start - 1) && !view.isPunct(start - 1)) start--;
  return start;
}

/** A lower-case plural noun: "activists", "allies" (not "-ss", "-us", "-is": "press", "status", "analysis"). */
const PLURAL = /^\p{Ll}{2,}[^su]s$/u;
/** A lower-case word of the -ly shape of most English adverbs ("repeatedly", "happily"). */
export const LY_ADVERB = /^\p{Ll}{3,}ly$/u;

/** How many words a name before an appositive may hold ("Speaker Ola D. Ryan"). */
const NAME_REACH = 6;

/** How many tokens a speaker's tail after its name may hold (appositives and relative clauses). */
const SPEAKER_TAIL_REACH = 48;
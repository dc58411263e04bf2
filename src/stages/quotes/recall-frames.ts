import type { TokenView } from './token-view.js';
import type { TokenRange } from './frame-filter.js';
import type { QuoteLexicon } from './lexicon.js';
import recallCues from './recall-cues.json' with { type: 'json' };
import { isSpeakerAside } from './span-conventions.js';

/**
 * Reported-speech frames for cues the main rules (AttributionFinder.frameAt) find no frame for. Error
 * analysis on PolNeAR train (300 files): a fifth of the gold contents missed had their cue found and no frame
 * built, mostly in three shapes —
 * - "when asked whether …", "Asked about her own vote, …": a question put to someone, the source left out;
 * - "After saying he was nervous, the man …", "Conceding that …, he warned": a fronted participle whose
 *   speaker is the subject after the comma;
 * - "Woodrow Benford, 58, who lives outside Minneapolis, says …": a speaker phrase the main rules do not read
 *   (an aside between commas or dashes; a share such as "4 in 10 said" is read by the main rules through
 *   span-conventions.ts);
 * - "his warning that …", "Cruz’s refusal to disavow …", "her message of …": a nominal cue whose possessor is
 *   the source (PolNeAR annotates these as attributions; the main rules take a determiner before a cue word as
 *   the sign of a noun that is no cue).
 */
export interface RecoveredFrame {
  source: TokenRange | null;
  content: [number, number];
  /** A second content span (the complement of "X seemed unperturbed"). */
  rest?: [number, number];
  rule: string;
}

/** What the finder lends these rules: its phrase readers and content boundaries. */
export interface FrameTools {
  nounPhraseLeft(view: TokenView, k: number, first: number): TokenRange | null;
  nounPhraseRight(view: TokenView, i: number): TokenRange | null;
  contentStart(view: TokenView, cue: TokenRange, end: number): number;
  contentEnd(view: TokenView, from: number, end: number, source: TokenRange | null): number;
  betweenSourceAndCue(view: TokenView, i: number): boolean;
  /** The sentence's opening noun phrase, before the verb, for a cue at token i. */
  sentenceSubject(view: TokenView, i: number): TokenRange | null;
  /** The noun phrase from token `start` up to the word that ends a subject (its verb, an auxiliary, a cue word), before `limit`. */
  subjectPhrase(view: TokenView, start: number, limit: number): TokenRange | null;
}

const QUESTION_CUES = new Set(recallCues.questionCues.words);
const RAISING_VERBS = new Set(recallCues.raisingVerbs.words);
const HEARSAY_ADVERBS = new Set(recallCues.hearsayAdverbs.words);
const RELATIVE_CONTENT = new Set(recallCues.relativeContent.words);
const EXPERIENCER_PASSIVES = new Set(recallCues.experiencerPassives.words);
const RELATIVE_PREPOSITIONS = new Set(recallCues.relativeContent.prepositions);
const GAP_OPENERS = new Set(recallCues.relativeContent.gapOpeners);
// A past-tense verb opening the content: "that he said *defied* expectations".
const PAST_FORM = /^\p{Ll}{2,}ed$/u;
// What a question put to someone asks: "asked whether / who / to respond / about …".
const QUESTION_STARTS = new Set(['whether', 'if', 'what', 'who', 'whom', 'which', 'why', 'how', 'when', 'where', 'about']);
// What may stand before "asked" when its source is left out: "when asked", "after being asked", "Asked …".
const ASKED_OPENERS = new Set(['when', 'after', 'once', 'if', 'being', 'before', 'while', 'until', ',']);
// Prepositions that front a participle cue: "After saying …, the man", "In explaining why …, Clinton".
const FRONTING_PREPOSITIONS = new Set(['after', 'before', 'while', 'by', 'in', 'since', 'upon', 'when', 'without']);
const POSSESSIVE_PRONOUNS = new Set(['his', 'her', 'their', 'its', 'our', 'my']);
// Words after a nominal cue that link it to its content: "warning that", "refusal to", "assessment of".
const NOMINAL_LINKS = new Set(['that', 'to', 'of', 'for', 'on', 'about', 'against']);
const NOMINAL_SUBJECT_VERBS = new Set(recallCues.nominalSubjectVerbs.words);
const NOMINAL_CLAUSE_OPENERS = new Set(recallCues.nominalSubjectVerbs.clauseOpeners);
const NOMINAL_STOPS = new Set(recallCues.nominalSubjectVerbs.stops);
// A complement of seem/appear other than "to …" that makes it a stance: an adjective or adverb ("seemed equally
// unperturbed", "appears likely", "seemed poised"); "appeared on television", "seemed a good idea" are left out
// (on PolNeAR train, such other complements were right about half the time, "to …" three times in four).
const ADJECTIVE_LIKE = /^(?:\p{Ll}+(?:ly|ed|ous|ive|ful|able|ible|ent|ant|ic|al)|poised|ready|intent|certain|sure|open|set)$/u;
const DASH = /^[—–-]$/u;
// How far back an aside between a speaker and the cue may reach.
const ASIDE_REACH = 30;

export function recoveredFrame(view: TokenView, lexicon: QuoteLexicon, tools: FrameTools, cue: TokenRange, first: number, end: number): RecoveredFrame | null {
  if (cue.to >= end) return null;
  const word = view.lower[cue.from]!;
  if (QUESTION_CUES.has(word)) return askedFrame(view, cue, first, end);
  if (word === 'according') return null; // its frames are the main rules' ("according to X")
  if (word.endsWith('ing')) {
    const fronted = frontedFrame(view, tools, cue, first, end);
    if (fronted) return fronted;
  }
  if (cue.from === first) return null;
  const possessor = possessorBefore(view, cue.from, first);
  if (possessor) return nominalFrame(view, tools, cue, possessor, end);
  const source = looseSource(view, lexicon, tools, cue.from - 1, first);
  if (!source) return null;
  const contentFrom = tools.contentStart(view, cue, end);
  if (contentFrom >= end || (view.isPunct(contentFrom) && view.inQuote[contentFrom]! < 0)) return null;
  return { source, content: [contentFrom, tools.contentEnd(view, contentFrom, end, source)], rule: 'quotes/reported-loose-source' };
}

/**
 * "Trump’s supporters seemed equally unperturbed": a seem/appear verb at token i is the cue of an unsourced
 * attribution whose content is the complement and, unless it is "it", the subject before the verb. Asked
 * before the other cues (the main rules would take the subject as the source). Only a complement of "to" or an
 * adjective or adverb counts: "appeared on television" is no attribution. A subject whose aside ends before the verb
 * is read as a speaker's would be (subjectWithAside: PolNeAR train overlap tp / fp +8 / +3).
 */
export function raisingFrameAt(view: TokenView, lexicon: QuoteLexicon, tools: FrameTools, i: number, first: number, end: number): (RecoveredFrame & { cue: TokenRange }) | null {
  if (!RAISING_VERBS.has(view.lower[i]!) || i + 1 >= end || view.isCapitalised(i) && i !== first) return null;
  const next = view.lower[i + 1]!;
  if (view.isPunct(i + 1) || view.inQuote[i + 1]! >= 0 || (next !== 'to' && !ADJECTIVE_LIKE.test(next))) return null;
  const cue = { from: i, to: i + 1 };
  const complementEnd = tools.contentEnd(view, i + 1, end, null);
  if (complementEnd - (i + 1) < 1) return null;
  const k = pastCueAdjuncts(view, tools, i - 1, first);
  const word = k >= first ? view.lower[k]! : '';
  const subject = lexicon.relativePronouns.has(word) ? { from: k, to: k + 1 } : word === 'it' || word === 'there' ? null : word === ',' ? subjectWithAside(view, lexicon, tools, k) : tools.nounPhraseLeft(view, k, first);
  if (!subject) return { cue, source: null, content: [i + 1, complementEnd], rule: 'quotes/reported-raising' };
  return { cue, source: null, content: [subject.from, subject.to], rest: [i + 1, complementEnd], rule: 'quotes/reported-raising' };
}

/**
 * "The harbour board is reportedly weighing a sale", "Reportedly, the ferry will stop": a hearsay adverb at token i
 * is the cue of an unsourced attribution whose content is its clause — the subject with its auxiliaries before the
 * adverb, when there is one, and the predicate after it (recall-cues.json hearsayAdverbs). Not when a cue verb
 * follows ("reportedly said", "reportedly yelling:", a lexicon form or a word the learned rates add): the main rules
 * frame that verb, the adverb between its speaker and it.
 */
export function hearsayFrameAt(view: TokenView, lexicon: QuoteLexicon, tools: FrameTools, i: number, first: number, end: number): (RecoveredFrame & { cue: TokenRange }) | null {
  if (!HEARSAY_ADVERBS.has(view.lower[i]!) || view.inQuote[i]! >= 0) return null;
  let from = i + 1;
  if (from < end && view.lower[from] === ',') from++;
  if (from >= end || view.isPunct(from) || view.inQuote[from]! >= 0) return null;
  const next = view.lower[from]!;
  if (lexicon.cueForms.has(next) || (lexicon.learnedCueRate?.get(next) ?? 0) >= lexicon.addRate) return null;
  const contentEnd = tools.contentEnd(view, from, end, null);
  if (contentEnd - from < 2) return null;
  const cue = { from: i, to: i + 1 };
  const k = pastCueAdjuncts(view, tools, i - 1, first);
  const subject = k >= first && !view.isPunct(k) ? tools.nounPhraseLeft(view, k, first) : null;
  if (!subject) return { cue, source: null, content: [from, contentEnd], rule: 'quotes/reported-hearsay' };
  return { cue, source: null, content: [subject.from, i], rest: [from, contentEnd], rule: 'quotes/reported-hearsay' };
}

/**
 * "when asked whether he would …", "Asked about her own vote, …": the question is the content; no source, unless a
 * "by" names who asked ("Asked by the host whether …").
 */
function askedFrame(view: TokenView, cue: TokenRange, first: number, end: number): RecoveredFrame | null {
  const before = cue.from > first ? view.lower[cue.from - 1]! : '';
  if (cue.from > first && !ASKED_OPENERS.has(before)) return null;
  let from = cue.to;
  // "Asked on Fox News who leads the party": an adjunct may come before the question.
  for (let k = cue.to; k < Math.min(end, cue.to + 6) && !QUESTION_STARTS.has(view.lower[from]!) && view.lower[cue.to - 1] !== 'about'; k++) {
    if (view.isPunct(k)) return null;
    if (QUESTION_STARTS.has(view.lower[k]!)) from = k;
  }
  if (!QUESTION_STARTS.has(view.lower[from]!) && view.lower[cue.to - 1] !== 'about') return null;
  if (view.lower[from] === 'about' && cue.to === from) from++;
  else if (view.lower[cue.to - 1] === 'about') from = cue.to; // the cue "asked about" holds it
  const to = clauseEnd(view, from, end);
  // "Asked by Matt Lauer whether she had practiced, …": the one who asks is the source.
  const asker = view.lower[cue.to] === 'by' && from > cue.to + 1 && view.lower[from] !== 'about' ? { from: cue.to + 1, to: from } : null;
  return to - from >= 1 ? { source: asker, content: [from, to], rule: 'quotes/reported-asked' } : null;
}

/** "After saying he was nervous to ask a question, the man …": the subject after the comma is the source. */
function frontedFrame(view: TokenView, tools: FrameTools, cue: TokenRange, first: number, end: number): RecoveredFrame | null {
  const fronted = cue.from === first || (cue.from === first + 1 && FRONTING_PREPOSITIONS.has(view.lower[first]!));
  if (!fronted) return null;
  const contentFrom = tools.contentStart(view, cue, end);
  const comma = clauseEnd(view, contentFrom, end);
  if (comma >= end || view.lower[comma] !== ',' || comma - contentFrom < 1) return null;
  const phrase = tools.nounPhraseRight(view, comma + 1);
  if (!phrase || phrase.to >= end || view.isPunct(phrase.to)) return null;
  // "…, the man ended up in …", "…, Lind said that …": the subject ends before its verb.
  const subject = tools.subjectPhrase(view, phrase.from, phrase.to + 1);
  const source = subject && subject.to < phrase.to ? subject : phrase;
  return { source, content: [contentFrom, comma], rule: 'quotes/reported-fronted' };
}

/** "his warning that …": the content is what follows the noun (its "of", "to", "for" belong to the cue). */
function nominalFrame(view: TokenView, tools: FrameTools, cue: TokenRange, possessor: TokenRange, end: number): RecoveredFrame | null {
  // Without a linking word the noun rarely introduces content ("his hopes South Carolina …"); a participle after a
  // possessive is an adjective ("its continued influence", "his proposed ban").
  const linked = NOMINAL_LINKS.has(view.lower[cue.to - 1]!) || NOMINAL_LINKS.has(view.lower[cue.to]!);
  if (!linked || view.lower[cue.from]!.endsWith('ed')) return null;
  let from = cue.to;
  if (NOMINAL_LINKS.has(view.lower[from]!) && view.lower[from] !== 'that' && view.lower[from] !== 'to') from++;
  if (from >= end || view.isPunct(from)) return null;
  return { source: possessor, content: [from, beforeSubjectVerb(view, from, tools.contentEnd(view, from, end, possessor))], rule: 'quotes/reported-nominal' };
}

/**
 * "Her rulings on [same-sex marriage] have stymied …": where the content [from, to) of a nominal cue that is the
 * sentence's subject ends — before the sentence's verb (recall-cues.json nominalSubjectVerbs), unless the content is a
 * clause or a comma or relative word comes first; else `to`.
 */
function beforeSubjectVerb(view: TokenView, from: number, to: number): number {
  if (NOMINAL_CLAUSE_OPENERS.has(view.lower[from]!)) return to;
  for (let t = from + 1; t < to; t++) {
    const word = view.lower[t]!;
    if (NOMINAL_STOPS.has(word) || view.inQuote[t]! >= 0) return to;
    if (NOMINAL_SUBJECT_VERBS.has(word) && !view.isCapitalised(t)) return t;
  }
  return to;
}

/** The possessor right before a nominal cue at token `at`: "his", "their", "Trump’s", "Sen. Graham’s". */
function possessorBefore(view: TokenView, at: number, first: number): TokenRange | null {
  const before = view.lower[at - 1]!;
  if (POSSESSIVE_PRONOUNS.has(before)) return { from: at - 1, to: at };
  if ((before === '’s' || before === "'s") && at - 2 >= first && view.isCapitalised(at - 2)) {
    let from = at - 2;
    while (from > first && view.isCapitalised(from - 1) && !view.isPunct(from - 1)) from--;
    return { from, to: at };
  }
  return null;
}

/** The first comma outside quotation marks from token `from` on, or the sentence's content limit. */
function clauseEnd(view: TokenView, from: number, end: number): number {
  for (let i = from; i < end; i++) if (view.lower[i] === ',' && view.inQuote[i]! < 0) return i;
  return end;
}

/** The speaker phrase ending at token k that the main rules could not read: a subject or name before an aside. */
function looseSource(view: TokenView, lexicon: QuoteLexicon, tools: FrameTools, k: number, first: number): TokenRange | null {
  k = pastCueAdjuncts(view, tools, k, first);
  if (k < first || view.inQuote[k]! >= 0) return null;
  const closing = view.lower[k]!;
  if (closing === ',' || DASH.test(closing) || closing === ')') return subjectWithAside(view, lexicon, tools, k) ?? beforeAside(view, lexicon, tools, k, first);
  return null;
}

/**
 * "Paul Porter, a truck driver from Ava, Mo., who is a member of the Teamsters union, said", "Mr. Manafort,
 * citing …, said": the sentence's subject, then an aside that closes at token k just before the cue. As the
 * main rules do for appositives, the source is the whole "NAME, role," phrase, or the name alone when what
 * follows it is an aside (span-conventions.ts isSpeakerAside: a relative clause, a participle, an adverb, an age,
 * a word of speakerAsides such as "in" or "however").
 */
function subjectWithAside(view: TokenView, lexicon: QuoteLexicon, tools: FrameTools, k: number): TokenRange | null {
  const subject = tools.sentenceSubject(view, k);
  if (!subject || subject.to >= k) return null;
  const opening = view.lower[subject.to]!;
  // "Yet some voters who have listened to his speeches, on television or at rallies, said": a relative clause
  // runs on to the aside; the whole phrase speaks, as PolNeAR keeps a relative clause before the cue about half the time.
  if (lexicon.relativePronouns.has(opening)) return { from: subject.from, to: k + 1 };
  if (opening !== ',' && !DASH.test(opening) && opening !== '(') return null;
  return isSpeakerAside(view, lexicon, subject.to + 1) ? subject : { from: subject.from, to: k + 1 };
}

/** "NAME, 58, who lives outside Minneapolis, says": the name before the aside that closes at token k. */
function beforeAside(view: TokenView, lexicon: QuoteLexicon, tools: FrameTools, k: number, first: number): TokenRange | null {
  const dash = DASH.test(view.lower[k]!);
  for (let p = k - 1; p > first && k - p < ASIDE_REACH; p--) {
    const word = view.lower[p]!;
    if (view.inQuote[p]! >= 0 || word === '.' || word === ';' || word === ':') return null;
    if (dash ? !DASH.test(word) : word !== ',') continue;
    const name = tools.nounPhraseLeft(view, p - 1, first);
    if (!name) continue;
    const head = view.lower[name.to - 1]!;
    if (view.isCapitalised(name.to - 1) || lexicon.personNominals.has(head) || lexicon.groupNominals.has(head) || lexicon.personPronouns.has(head)) return name;
  }
  return null;
}

/**
 * A content part of its own that PolNeAR gives a frame the rules built, leading its clause: a relative word
 * (relativeLead) or the subject of an agentless passive that is not one of feeling (passiveSubject). Asked for
 * frames the filter kept, so the filter judges the frames it was trained on.
 */
export function leadingPart(view: TokenView, tools: FrameTools, frame: RecoveredFrame, cue: TokenRange, first: number): TokenRange | null {
  const relative = relativeLead(view, tools, frame, cue, first);
  if (relative >= 0) return { from: relative, to: relative + 1 };
  const word = view.lower[cue.from]!;
  const hidden = frame.rule === 'quotes/reported-agentless' && !frame.rest && !EXPERIENCER_PASSIVES.has(word);
  return hidden ? passiveSubject(view, tools, cue, first) : null;
}

/**
 * "Many Democrats are expected to follow her lead", "Rubio is seen as the safer choice", "Holm was accused of …": the
 * subject of an agentless passive is a content part of its own in PolNeAR, beside the complement, as for seem/appear
 * (raisingFrameAt) — unless the passive is one of feeling or of being asked ("were worried", "was asked", recall-cues.json
 * experiencerPassives), whose subject is who feels or answers. Not "it" or "there".
 */
function passiveSubject(view: TokenView, tools: FrameTools, cue: TokenRange, first: number): TokenRange | null {
  const k = pastCueAdjuncts(view, tools, cue.from - 1, first);
  if (k < first || view.inQuote[k]! >= 0 || view.lower[k] === 'it' || view.lower[k] === 'there') return null;
  if (view.lower[k] === ',') return passiveSubjectWithAside(view, tools, k, first);
  return tools.nounPhraseLeft(view, k, first);
}

/**
 * Token k, or the nearest token before it that is no auxiliary or adverb of the kind that stands between a source
 * and its cue ("is reportedly", "has also"); first - 1 when none is left.
 */
function pastCueAdjuncts(view: TokenView, tools: FrameTools, k: number, first: number): number {
  while (k >= first && tools.betweenSourceAndCue(view, k)) k--;
  return k;
}

/** How far back the comma that opens an aside may stand from the comma that closes it. */
const SUBJECT_ASIDE_REACH = 25;

/**
 * "Holm, then 29 years old, was named …", "The board, which has held fees flat since 2008, is expected to …": a
 * subject whose aside ends at comma `close` before the verb, read whole — the noun phrase before the aside's
 * opening comma through the aside, as PolNeAR marks the content part (unlike a speaker, whose aside subjectWithAside
 * may leave out). Null when no such comma opens it.
 */
function passiveSubjectWithAside(view: TokenView, tools: FrameTools, close: number, first: number): TokenRange | null {
  for (let k = close - 1; k > first && k >= close - SUBJECT_ASIDE_REACH; k--) {
    const word = view.lower[k]!;
    if (view.inQuote[k]! >= 0 || word === '.' || word === ';' || word === ':') return null;
    if (word !== ',') continue;
    const head = tools.nounPhraseLeft(view, k - 1, first);
    return head && head.to === k ? { from: head.from, to: close } : null;
  }
  return null;
}

/**
 * The relative word that opens the clause of a frame, when PolNeAR makes it a content part of its own: "the mine,
 * which Mr. Clarke says he keeps open" (contents "which" and "he keeps open"), "the stadium, which, Tompkins said,
 * is full", "voters, who are expected to …" (no source). Its token, or -1. The frame's part before the cue, if
 * any, must end with that word (which then replaces it). After a preposition only "what" counts ("of what he
 * called …"; "in which he said" is the setting of a statement, not its content: 0 of 40 on PolNeAR train). A "that"
 * counts only when the content lacks its subject ("a finish that he said defied expectations", lacksSubject).
 */
function relativeLead(view: TokenView, tools: FrameTools, frame: RecoveredFrame, cue: TokenRange, first: number): number {
  const { source, content, rest } = frame;
  let k = (source && source.to <= cue.from ? source.from : cue.from) - 1;
  // No source: the auxiliaries and adverbs before the cue; a source: an adverb the speaker phrase left out ("which even critics say").
  k = pastCueAdjuncts(view, tools, k, first);
  const parted = k > first && view.lower[k] === ','; // "which, Tompkins said, …"
  if (parted) k--;
  if (k < first || view.inQuote[k]! >= 0) return -1;
  const word = view.lower[k]!;
  if (word === 'that') return source && !parted && !rest && content[0] >= cue.to && lacksSubject(view, content[0]) ? k : -1;
  if (!RELATIVE_CONTENT.has(word) || (word === 'what' && !source)) return -1;
  if (k > first && RELATIVE_PREPOSITIONS.has(view.lower[k - 1]!) && word !== 'what') return -1;
  if (!parted && content[0] >= cue.to && !rest) return k;
  return content[1] === k + 1 || rest?.[1] === k + 1 ? k : -1;
}

/**
 * Whether the content from token `from` opens with a finite verb, the subject its relative clause lacks ("a finish
 * that he said *defied* expectations"): an auxiliary or modal (recall-cues.json gapOpeners) or a past-tense form.
 */
function lacksSubject(view: TokenView, from: number): boolean {
  const word = view.lower[from]!;
  return GAP_OPENERS.has(word) || (PAST_FORM.test(word) && !view.isCapitalised(from));
}

/** The longest opener before a parenthetical "according to X," after which the content follows. */
const OPENER_REACH = 4;

/**
 * "Since last November, according to Human Rights Watch, security forces have killed …", "Nationally,
 * according to the poll, …": a parenthetical "according to" after a short opener [from, to) that sets it apart
 * from the sentence start. PolNeAR takes the clause after the source (from `sourceEnd`, a comma) as the content
 * and the opener as a part of its own. The opener, or null when the frame is not of that shape.
 */
export function openerBeforeAccording(view: TokenView, from: number, to: number, sourceEnd: number, end: number): [number, number] | null {
  if (to <= from || to - from >= OPENER_REACH || view.lower[to] !== ',' || view.lower[sourceEnd] !== ',' || end - sourceEnd < 4) return null;
  for (let t = sourceEnd + 1; t < end; t++) if (view.inQuote[t]! >= 0) return null;
  return [from, to];
}

export const RECOVERED = new Set(['quotes/reported-raising', 'quotes/reported-hearsay', 'quotes/reported-nominal', 'quotes/reported-asked', 'quotes/reported-fronted', 'quotes/reported-loose-source']);

/**
 * Content tokens [from, to) that hold the cue of an attribution already made (marked in `usedCue`): cut at the
 * last comma, semicolon or dash before that cue's clause, or kept whole when none sets it apart.
 */
export function contentBeforeUsedCue(view: TokenView, usedCue: Uint8Array, [from, to]: [number, number]): [number, number] {
  let used = from;
  while (used < to && !usedCue[used]) used++;
  for (let k = used - 1; k > from + 1; k--) {
    const word = view.lower[k]!;
    if ((word === ',' || word === ';' || DASH.test(word)) && view.inQuote[k]! < 0) return [from, k];
  }
  return [from, to];
}

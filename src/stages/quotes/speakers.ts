import type { Block, Entity, Span, Speaker } from '../../core/article.js';
import type { Attribution } from './attribution.js';
import type { TokenView } from './token-view.js';
import { isAbbreviationDot, type QuoteLexicon } from './lexicon.js';

/** A reference from another stage (entities): a nominal or pronoun mention linked to an entity. */
export interface EntityReference extends Span {
  entityId: string;
  kind: string;
}

export type SpeakerClass = 'person' | 'group' | 'vague' | 'unknown';

export interface ResolvedSpeaker extends Speaker {
  class: SpeakerClass;
}

interface NameRun {
  from: number;
  to: number;
  isGroup: boolean;
}

// How many names back a pronoun may look for its antecedent when no speaker came before.
const NEAREST_RUN_WINDOW = 50;
const PREPOSITIONS = new Set(['of', 'in', 'for', 'at', 'from', 'with', 'on', 'to']);
const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'its', 'his', 'her', 'their', 'our', 'one', 'two', 'three', 'another']);

/**
 * Resolves each attribution's speaker mention to who spoke: the entity (from the entities stage) whose
 * mention it is or that a reference links it to, else the stage's own reading — a name expanded to its
 * fullest form in the article, a pronoun or role noun ("the official") to the most recent person speaker,
 * a group noun ("the ministry") to the nearest organisation name, a vague source to nobody.
 */
export class SpeakerResolver {
  private readonly runs: NameRun[];
  private readonly groupRuns: NameRun[];
  /** Longest name per family name (and kind), for expanding "Ka’abi" to "Akram al-Ka’abi". */
  private readonly longestBySurname = new Map<string, NameRun>();
  private readonly entityByToken: Int32Array;

  constructor(
    private readonly view: TokenView,
    private readonly lexicon: QuoteLexicon,
    private readonly entities: readonly Entity[],
    private readonly references: readonly EntityReference[],
    private readonly blocks: readonly Block[],
  ) {
    this.runs = this.nameRuns();
    this.groupRuns = this.runs.filter((r) => r.isGroup);
    for (const run of this.runs) {
      const key = `${run.isGroup}:${surname(view.lower[run.to - 1]!)}`;
      const best = this.longestBySurname.get(key);
      if (!best || run.to - run.from > best.to - best.from) this.longestBySurname.set(key, run);
    }
    this.entityByToken = new Int32Array(view.tokens.count).fill(-1);
    entities.forEach((entity, index) => {
      for (const m of entity.mentions) {
        for (let t = view.tokenAt(m.start); t < view.tokens.count && view.tokens.end[t]! <= m.end; t++) this.entityByToken[t] = index;
      }
    });
  }

  resolveAll(attributions: readonly Attribution[]): ResolvedSpeaker[] {
    const resolved: ResolvedSpeaker[] = [];
    let lastPerson: ResolvedSpeaker | null = null;
    let lastGroup: ResolvedSpeaker | null = null;
    let lastAny: { speaker: ResolvedSpeaker; block: number } | null = null;
    const pending: number[] = [];
    for (let i = 0; i < attributions.length; i++) {
      const a = attributions[i]!;
      const block = this.blockOf(a.start);
      let speaker: ResolvedSpeaker;
      if (a.mention) {
        speaker = this.resolveMention(a.mention, lastPerson, lastGroup);
      } else if (a.rule === 'quotes/direct-continuation' && this.isHeadingLike(block, a)) {
        speaker = { name: null, entityId: null, mention: null, class: 'unknown' };
        pending.push(i); // a quote used as a heading speaks for the section below it
      } else if (a.rule === 'quotes/direct-continuation' && lastAny && block - lastAny.block <= 1) {
        speaker = { ...lastAny.speaker };
      } else {
        speaker = { name: null, entityId: null, mention: null, class: a.rule === 'quotes/impersonal-passive' ? 'vague' : 'unknown' };
      }
      resolved.push(speaker);
      if (speaker.name) {
        for (const p of pending.splice(0)) resolved[p] = { ...speaker, mention: null };
        if (speaker.class === 'person') lastPerson = speaker;
        if (speaker.class === 'group') lastGroup = speaker;
      }
      if (speaker.name) lastAny = { speaker, block };
    }
    return resolved;
  }

  private blockOf(offset: number): number {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.blocks[mid]!.start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** A block that is nothing but the quote, with no sentence punctuation after it: a heading. */
  private isHeadingLike(block: number, a: Attribution): boolean {
    const b = this.blocks[block];
    if (!b || !a.quoted) return false;
    if (b.type === 'heading') return true;
    const rest = this.view.text.slice(b.start, a.quoted.open) + this.view.text.slice(a.quoted.close, b.end);
    return rest.trim() === '' && !/[.!?]["'”’]?\s*$/u.test(this.view.text.slice(a.quoted.start, a.quoted.end));
  }

  resolveMention(mention: Span, lastPerson: ResolvedSpeaker | null, lastGroup: ResolvedSpeaker | null): ResolvedSpeaker {
    const view = this.view;
    const from = view.tokenAt(mention.start);
    let to = from;
    // "Abu Hamza, spokesman for …,": the name before the appositive is who speaks.
    while (to < view.tokens.count && view.tokens.end[to]! <= mention.end && !(to > from && view.lower[to] === ',')) to++;
    const words = view.lower.slice(from, to);
    const head = headIndex(words, from);
    const headWord = view.lower[head]!;
    const fromEntity = this.entityFor(mention, head);
    // "the group’s Media Office": the office speaks for the group named earlier, even when it is an entity itself.
    const possessor = this.possessorIsGroup(from, to) ? (lastGroup ?? this.nearestGroupRun(from)) : null;
    if (possessor) return { name: possessor.name, entityId: possessor.entityId, mention, class: 'group' };
    if (fromEntity) return { name: fromEntity.name, entityId: fromEntity.id, mention, class: fromEntity.type === 'PERSON' ? 'person' : 'group' };
    const inherit = (target: ResolvedSpeaker | null, cls: SpeakerClass): ResolvedSpeaker =>
      target ? { name: target.name, entityId: target.entityId, mention, class: cls } : { name: null, entityId: null, mention, class: cls };
    if (to - from === 1 && this.lexicon.personPronouns.has(headWord)) return inherit(lastPerson ?? this.nearestRun(from, false), 'person');
    if (to - from === 1 && this.lexicon.groupPronouns.has(headWord)) return inherit(lastGroup ?? lastPerson, lastGroup ? 'group' : 'person');
    if (to - from === 1 && this.lexicon.relativePronouns.has(headWord)) {
      const antecedent = this.nearestRun(from, false);
      return antecedent ? { ...antecedent, mention } : inherit(null, 'unknown');
    }
    if (to - from === 1 && this.lexicon.firstPersonPronouns.has(headWord)) return inherit(null, 'unknown');
    const capitalised = [];
    for (let t = from; t < to; t++) {
      const word = view.lower[t]!;
      // "Critics say", "Some experts": capitalised only because they open the sentence.
      if (view.isCapitalised(t) && !DETERMINERS.has(word) && !this.lexicon.vagueHeads.has(word) && !this.lexicon.vagueQualifiers.has(word)) capitalised.push(t);
    }
    if (this.lexicon.vagueHeads.has(headWord) && capitalised.length === 0) return inherit(null, 'vague');
    if (this.lexicon.personNominals.has(headWord) && !view.isCapitalised(head)) return inherit(lastPerson ?? this.nearestRun(from, false), 'person');
    if (this.possessorIsGroup(from, to)) return inherit(lastGroup ?? this.nearestGroupRun(from), 'group');
    if (this.lexicon.groupNominals.has(headWord)) {
      const named = this.runInside(from, to, true);
      if (named) return { name: this.nameOf(named), entityId: null, mention, class: 'group' };
      return inherit(lastGroup ?? this.nearestGroupRun(from), 'group');
    }
    const run = this.runInside(from, to, false);
    if (run) return { name: this.expand(run), entityId: null, mention, class: run.isGroup ? 'group' : 'person' };
    return inherit(null, 'unknown');
  }

  /**
   * The entity a reference links the mention to, else the entity whose mention holds the phrase's head word:
   * in "Harbour board" or "the group’s Media Office in Palestine" a modifier names a place, not the speaker.
   */
  private entityFor(mention: Span, head: number): { id: string; name: string; type: string } | null {
    for (const r of this.references) {
      if (r.start < mention.end && r.end > mention.start) {
        const entity = this.entities.find((e) => e.id === r.entityId);
        if (entity) return entity;
      }
    }
    const index = this.entityByToken[head]!;
    return index >= 0 ? this.entities[index]! : null;
  }

  /** "the group’s Media Office": the possessor is a group noun. */
  private possessorIsGroup(from: number, to: number): boolean {
    for (let t = from; t + 1 < to; t++) {
      if (/^['’]s$/.test(this.view.lower[t + 1]!) && this.lexicon.groupNominals.has(this.view.lower[t]!)) return true;
    }
    return false;
  }

  /** Index of the first run that ends after token t (runs are sorted and do not overlap). */
  private firstRunEndingAfter(t: number): number {
    let lo = 0;
    let hi = this.runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.runs[mid]!.to <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private runInside(from: number, to: number, groupOnly: boolean): NameRun | null {
    let best: NameRun | null = null;
    for (let i = this.firstRunEndingAfter(from); i < this.runs.length && this.runs[i]!.from < to; i++) {
      const run = this.runs[i]!;
      if (groupOnly && !run.isGroup) continue;
      if (!best || run.to - run.from > best.to - best.from) best = run;
    }
    return best;
  }

  /** The nearest name of two words or more before token t (a person unless groups are asked for). */
  private nearestRun(t: number, group: boolean): ResolvedSpeaker | null {
    const stop = Math.max(0, this.firstRunEndingAfter(t) - NEAREST_RUN_WINDOW);
    for (let i = this.firstRunEndingAfter(t) - 1; i >= stop; i--) {
      const run = this.runs[i]!;
      if (run.isGroup !== group || run.to - run.from < 2) continue;
      return { name: this.expand(run), entityId: null, mention: null, class: group ? 'group' : 'person' };
    }
    return null;
  }

  /** The organisation name nearest to token t, in its own sentence, then the next two, then before it. */
  private nearestGroupRun(t: number): ResolvedSpeaker | null {
    const sentence = this.view.tokens.sentence[t]!;
    const groups = this.groupRuns;
    let lo = 0;
    let hi = groups.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.view.tokens.sentence[groups[mid]!.from]! < sentence) lo = mid + 1;
      else hi = mid;
    }
    // groups[lo] is the first group name in this sentence or later; groups[lo - 1] the last one before it.
    const next = groups[lo];
    const found = next && this.view.tokens.sentence[next.from]! <= sentence + 2 ? next : groups[lo - 1];
    return found ? { name: this.nameOf(found), entityId: null, mention: null, class: 'group' } : null;
  }

  /** "Ka’abi" → "Akram al-Ka’abi": the longest name in the article that ends with the same word. */
  private expand(run: NameRun): string {
    return this.nameOf(this.longestBySurname.get(`${run.isGroup}:${surname(this.view.lower[run.to - 1]!)}`) ?? run);
  }

  /** The run's words as written (read only for the few runs that name a speaker). */
  private nameOf(run: NameRun): string {
    return this.view.text.slice(this.view.tokens.start[run.from]!, this.view.tokens.end[run.to - 1]!);
  }

  /** Runs of capitalised words (a name), titles dropped; a run followed by a group noun names a group. */
  private nameRuns(): NameRun[] {
    const view = this.view;
    const { count } = view.tokens;
    const runs: NameRun[] = [];
    let t = 0;
    while (t < count) {
      if (!view.isCapitalised(t) || view.isPunct(t) || DETERMINERS.has(view.lower[t]!) || view.inQuote[t]! >= 0) {
        t++;
        continue;
      }
      let end = t;
      while (end < count && view.inQuote[end]! < 0 && view.tokens.sentence[end] === view.tokens.sentence[t] && ((view.isCapitalised(end) && !view.isPunct(end)) || isAbbreviationDot(view, this.lexicon, end))) end++;
      let from = t;
      while (from < end && (this.lexicon.honorifics.has(view.lower[from]!) || view.lower[from] === '.') && end - from > 1) from++;
      const sentenceStartCommon = from === view.tokens.sentenceFirst[view.tokens.sentence[from]!] && end - from === 1;
      if (from < end && !sentenceStartCommon && !isDemonymBefore(view, from, end)) {
        let next = end;
        while (next < count && next < end + 3 && !view.isPunct(next) && !view.isCapitalised(next) && !this.lexicon.groupNominals.has(view.lower[next]!)) next++;
        const isGroup = (next < count && this.lexicon.groupNominals.has(view.lower[next]!) && next - end <= 1) || this.lexicon.groupNominals.has(view.lower[end - 1]!);
        runs.push({ from, to: end, isGroup });
      }
      t = end;
    }
    return runs;
  }
}

/** A family name without its particle: al-Ka’abi and Ka’abi are the same name. */
function surname(word: string): string {
  if (!word.includes('-')) return word;
  return word.replace(/^\p{Ll}{1,3}-/u, '');
}

/** An attributive nationality or religion adjective ("Iraqi resistance", "Palestinian movements"), not a name. */
function isDemonymBefore(view: TokenView, from: number, to: number): boolean {
  if (to - from !== 1 || to >= view.tokens.count) return false;
  const word = view.text.slice(view.tokens.start[from]!, view.tokens.end[from]!);
  return /^\p{Lu}\p{Ll}+(?:i|ian|ese|ish|ic|an)$/u.test(word) && !view.isPunct(to) && !view.isCapitalised(to);
}

/** The head of a noun phrase: its last word before a preposition ("Media Office in Palestine" → Office). */
function headIndex(words: readonly string[], from: number): number {
  for (let i = 1; i < words.length; i++) if (PREPOSITIONS.has(words[i]!)) return from + i - 1;
  return from + words.length - 1;
}

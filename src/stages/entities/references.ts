/**
 * Nominal ("the Iraqi official", "the spokesman", "the ministry") and pronoun ("he", "she") references linked to
 * the entity they refer to — only when that is unambiguous: a role noun named in exactly one person's
 * appositive, or exactly one candidate entity of the right type in the recent sentences. Published as the
 * `references` extension (not as entity mentions, which NER scoring reads) for the quotes stage.
 */
import type { Article, Entity, EntityType, Span } from '../../core/article.js';
import { mapped } from '../../core/arrays.js';
import { lastAtOrBefore } from '../../core/sorted.js';

export interface Reference extends Span {
  entityId: string;
  kind: 'nominal' | 'pronoun';
}

const PERSON_ROLES = 'official|spokesman|spokeswoman|spokesperson|secretary-general|commander|leader|minister|president|chief|cleric|general|envoy|diplomat|ambassador|premier|lawmaker|senator|chairman|chairwoman|director|head';
const ORG_NOUNS = 'ministry|group|movement|organisation|organization|party|militia|company|agency|council|committee|government|army|bureau|office';
const NOMINAL = new RegExp(`\\b[Tt]he (?:(?:\\p{Lu}[\\p{L}’'-]+|former|senior|top|deputy|militant|resistance) ){0,2}(${PERSON_ROLES}|${ORG_NOUNS})\\b`, 'gu');
const PRONOUN = /\b(?:[Hh]e|[Ss]he|[Hh]im|[Hh]is|[Hh]er|[Hh]imself|[Hh]erself)\b/g;
/** How many sentences back a nominal or pronoun may reach for its only candidate. */
const WINDOW = { nominal: 6, pronoun: 2 };
const APPOSITIVE_REACH = 90;
/** …and never further back than this many characters (run-on sentences). */
const MAX_REACH_CHARS = 1500;
/** How far back mentions are counted to find the article's dominant person. */
const DOMINANCE_REACH_CHARS = 15_000;
// Case-sensitive on purpose (\p{Lu} must mean a capital: a title before the name); only the role's first letter
// may be either case ("Spokesman Abu Hamza" opening a sentence).
const ROLE_PATTERNS = PERSON_ROLES.split('|').map((role) => {
  const word = `[${role[0]!.toUpperCase()}${role[0]}]${role.slice(1)}`;
  return [role, {
    after: new RegExp(`^,\\s+(?:the |a |an )?(?:[\\p{L}’'-]+ ){0,3}${word}\\b`, 'u'),
    before: new RegExp(`\\b${word}\\b(?:[^,.;“”"]*,\\s*(?:\\p{Lu}[\\p{L}.]* )?| (?:\\p{Lu}[\\p{L}.]* )?)$`, 'u'),
  }] as const;
});

const ANY_ROLE = new RegExp(PERSON_ROLES);
/** Every role word in any case (read with matchAll, which copies it: its lastIndex stays 0). */
const ROLE_WORDS_ANY_CASE = new RegExp(PERSON_ROLES, 'gi');
const PERSON_ROLE_WORDS = new Set(PERSON_ROLES.split('|'));

/**
 * Where role words occur in a text, found in one pass: a window of text that no occurrence touches has no role
 * word in it (in any case), so the appositive patterns need not be tried there.
 */
class RoleWords {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(text: string) {
    for (const match of text.matchAll(ROLE_WORDS_ANY_CASE)) {
      this.starts.push(match.index);
      this.ends.push(match.index + match[0].length);
    }
  }

  /** Whether an occurrence overlaps text[from, to). */
  touch(from: number, to: number): boolean {
    // Occurrences do not overlap each other, so their ends increase too: the first that ends after `from`.
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid]! <= from) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.starts.length && this.starts[lo]! < to;
  }
}

/** A mention of an entity, with the sentence it is in. */
interface EntityMention extends Span {
  entity: Entity;
  sentence: number;
}

export function findReferences(article: Article, entities: Entity[]): Reference[] {
  const text = article.text;
  const sentenceStarts = mapped(article.sentences, (s) => s.start);
  const sentenceOf = (offset: number) => lastAtOrBefore(sentenceStarts, offset);
  const mentions: EntityMention[] = [];
  for (const entity of entities) {
    for (const m of entity.mentions) mentions.push({ start: m.start, end: m.end, entity, sentence: sentenceOf(m.start) });
  }
  mentions.sort((a, b) => a.start - b.start);
  /** Index of the first mention starting at or after `offset`. */
  const firstFrom = (offset: number) => {
    let lo = 0;
    let hi = mentions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (mentions[mid]!.start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const inMention = (offset: number) => {
    const k = firstFrom(offset + 1) - 1;
    return k >= 0 && mentions[k]!.end > offset;
  };

  // Role nouns in exactly one person's appositive: "Abu Hamza, spokesman for …", "The secretary-general of the
  // movement, Sheikh Akram al-Ka’abi", "spokesman Abu Hamza".
  const roleOwners = new Map<string, Set<string>>();
  const roleWords = new RoleWords(text);
  for (const m of mentions) {
    if (m.entity.type !== 'PERSON') continue;
    const beforeStart = Math.max(0, m.start - APPOSITIVE_REACH);
    // Each pattern needs its role word: most mentions have none near them and skip the 48 patterns.
    if (!roleWords.touch(beforeStart, m.start) && !roleWords.touch(m.end, m.end + APPOSITIVE_REACH)) continue;
    const after = text.slice(m.end, m.end + APPOSITIVE_REACH);
    const before = text.slice(beforeStart, m.start);
    const near = `${before.toLowerCase()} ${after.toLowerCase()}`;
    if (!ANY_ROLE.test(near)) continue;
    for (const [role, pattern] of ROLE_PATTERNS) {
      if (near.includes(role) && (pattern.after.test(after) || pattern.before.test(before))) {
        if (!roleOwners.has(role)) roleOwners.set(role, new Set());
        roleOwners.get(role)!.add(m.entity.id);
      }
    }
  }

  /**
   * The one entity of an accepted type named in the nearest sentence (this one, else the one before, … up to
   * `window` back) that names any: two candidates there make the reference ambiguous.
   */
  const onlyCandidate = (before: number, window: number, accepts: (type: EntityType) => boolean, head?: string): Entity | null => {
    const sentence = sentenceOf(before);
    const candidates = new Set<Entity>();
    let nearest = -1;
    for (let k = firstFrom(before) - 1; k >= 0 && mentions[k]!.sentence >= sentence - window && mentions[k]!.start >= before - MAX_REACH_CHARS; k--) {
      const m = mentions[k]!;
      if (!accepts(m.entity.type)) continue;
      if (head && !m.entity.name.toLowerCase().includes(head)) continue;
      if (nearest >= 0 && m.sentence < nearest) break;
      nearest = m.sentence;
      candidates.add(m.entity);
    }
    return candidates.size === 1 ? [...candidates][0]! : null;
  };

  /**
   * The clearly dominant person so far: the one named most often before `offset`, at least twice more than any
   * other (a profile of one speaker: "the Iraqi official" several paragraphs after the last "Ka’abi").
   */
  const dominantPerson = (offset: number): Entity | null => {
    const counts = new Map<Entity, number>();
    for (let k = firstFrom(offset) - 1; k >= 0 && mentions[k]!.start >= offset - DOMINANCE_REACH_CHARS; k--) {
      const m = mentions[k]!;
      if (m.entity.type === 'PERSON') counts.set(m.entity, (counts.get(m.entity) ?? 0) + 1);
    }
    const ranked = [...counts].sort((a, b) => b[1] - a[1]);
    const [first, second] = ranked;
    return first && first[1] - (second?.[1] ?? 0) >= 2 ? first[0] : null;
  };

  // Nominals and pronouns in text order; each one linked counts as a mention for the ones after it, so "he"
  // right after "The Iraqi official specified …" refers to the same person.
  const cues = [
    ...mapped([...text.matchAll(NOMINAL)], (m) => ({ start: m.index, end: m.index + m[0].length, noun: m[1]!.toLowerCase(), kind: 'nominal' as const })),
    ...mapped([...text.matchAll(PRONOUN)], (m) => ({ start: m.index, end: m.index + m[0].length, noun: '', kind: 'pronoun' as const })),
  ].sort((a, b) => a.start - b.start);
  const references: Reference[] = [];
  for (const cue of cues) {
    if (inMention(cue.start)) continue;
    let entity: Entity | null = null;
    if (cue.kind === 'pronoun') {
      entity = onlyCandidate(cue.start, WINDOW.pronoun, (t) => t === 'PERSON');
    } else if (PERSON_ROLE_WORDS.has(cue.noun)) {
      const owners = roleOwners.get(cue.noun);
      if (owners?.size === 1) entity = entities.find((e) => owners.has(e.id)) ?? null;
      // The appositive must come before the nominal refers back to it.
      if (entity && !entity.mentions.some((m) => m.start < cue.start)) entity = null;
      entity ??= onlyCandidate(cue.start, WINDOW.nominal, (t) => t === 'PERSON') ?? dominantPerson(cue.start);
    } else {
      const generic = ['group', 'movement', 'organisation', 'organization'].includes(cue.noun);
      entity = onlyCandidate(cue.start, WINDOW.nominal, (t) => t === 'ORG', generic ? undefined : cue.noun);
    }
    if (!entity) continue;
    references.push({ start: cue.start, end: cue.end, entityId: entity.id, kind: cue.kind });
    if (entity.type === 'PERSON') mentions.splice(firstFrom(cue.start), 0, { start: cue.start, end: cue.end, entity, sentence: sentenceOf(cue.start) });
  }
  return references.sort((a, b) => a.start - b.start);
}

/**
 * Groups the mentions of one article into entities and names each entity. Every surface form stays a
 * mention; only the grouping and the canonical name are decided here:
 *  - the curated alias table (aliases.json, each entry with a source) — al-Quds → Jerusalem, Daesh → Islamic State;
 *  - transliteration variants fold (’ ' ʿ, al-/Al-/el-), plural demonyms fold (Palestinians → Palestinian);
 *  - acronym definitions "Popular Mobilization Units (PMU)" and "or" appositives "Hashd al-Sha’abi or Popular
 *    Mobilization Units" join;
 *  - a short name joins the one longer name of the same type that contains its words in order and ends alike
 *    ("Ka’abi", "Abu Muhandis" → "Akram al-Ka’abi", "Abu Mahdi al-Muhandis"); ambiguous short forms stay apart.
 * The canonical name is the alias table's name when there is one, else the longest mention.
 */
import type { Entity, EntityType, Span } from '../../core/article.js';
import { mapped } from '../../core/arrays.js';
import { foldWord } from './features.js';

export interface Mention extends Span {
  type: EntityType;
}

export interface AliasEntry {
  aliases: string[];
  name: string;
  type: EntityType;
  source: string;
}

/** Folds a name for comparison: case, apostrophes, hyphen variants, the Arabic article al-/el-. */
export function nameKey(name: string): string {
  return mapped(name.split(/\s+/), (w) => foldWord(w).replace(/^(?:al|el|ul)-/, '')).join(' ').replace(/\.(?=\S)|\.$/g, '');
}

function words(key: string): string[] {
  return key.split(/[\s-]+/).filter(Boolean);
}

/** Surfaces whose key `AliasTable` remembers (names repeat across an article and across articles). */
const MAX_REMEMBERED_KEYS = 20_000;

export class AliasTable {
  private readonly byKey = new Map<string, AliasEntry>();
  private readonly keys = new Map<string, string>();
  /** Keys of the first words of all names, without a final period ("U.S. Army" starts with "us"). */
  private readonly firstWords = new Set<string>();

  constructor(entries: AliasEntry[]) {
    for (const entry of entries) {
      for (const alias of [entry.name, ...entry.aliases]) {
        const key = nameKey(alias);
        this.byKey.set(key, entry);
        this.firstWords.add(key.split(' ')[0]!.replace(/\.$/, ''));
      }
    }
  }

  /** False when no name starts with this word (one word, no spaces): saves the lookups of longer spans. */
  mayStartWith(word: string): boolean {
    return this.firstWords.has(nameKey(word));
  }

  lookup(surface: string): AliasEntry | undefined {
    return this.byKey.get(this.keyOf(surface));
  }

  /** The entry of a name already folded by `keyOf`. */
  entryOfKey(key: string): AliasEntry | undefined {
    return this.byKey.get(key);
  }

  /** `nameKey(surface)`, remembered. */
  keyOf(surface: string): string {
    let key = this.keys.get(surface);
    if (key === undefined) {
      if (this.keys.size >= MAX_REMEMBERED_KEYS) this.keys.clear();
      key = nameKey(surface);
      this.keys.set(surface, key);
    }
    return key;
  }
}

const PERSON_LIKE = new Set<EntityType>(['PERSON']);
const PLACE = new Set<EntityType>(['GPE', 'LOC', 'FAC']);
// A longer place name that is the short one plus one of these words is the same place ("Gaza" / "Gaza Strip").
const PLACE_HEADS = new Set(['strip', 'city', 'province', 'governorate', 'region', 'district', 'valley', 'island', 'islands', 'county', 'state']);

function compatible(a: EntityType, b: EntityType): boolean {
  return a === b || (PLACE.has(a) && PLACE.has(b));
}

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]!]!;
      i = this.parent[i]!;
    }
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

function initials(key: string): string {
  return mapped(words(key).filter((w) => !['of', 'the', 'and', 'for'].includes(w)), (w) => w[0]).join('');
}

export function groupMentions(text: string, mentions: Mention[], aliases: AliasTable): Entity[] {
  const surfaces = mapped(mentions, (m) => text.slice(m.start, m.end));
  const keys = mapped(surfaces, (s) => aliases.keyOf(s));
  const entries = mapped(keys, (k) => aliases.entryOfKey(k));
  const sets = new UnionFind(mentions.length);
  const demonymKey = (k: string) => k.replace(/s$/, '');

  // 1. Same folded name, same alias entry, or same demonym up to a plural s.
  const firstByKey = new Map<string, number>();
  for (let i = 0; i < mentions.length; i++) {
    const entry = entries[i];
    const key = entry ? `alias:${entry.name}` : mentions[i]!.type === 'NORP' ? `norp:${demonymKey(keys[i]!)}` : `${keys[i]}`;
    const seen = firstByKey.get(key);
    // One alias entry is one entity whatever type the model gave each form (the entry's type wins below). The
    // same name typed MISC once (the model's "unsure") and ORG elsewhere is one organisation; but a name typed
    // LOC in a dateline and ORG in a results table ("NEW YORK" the city and the team) stays two.
    const typeOf = (k: number) => mentions[k]!.type;
    const miscAndOrg = (a: EntityType, b: EntityType) => (a === 'MISC' && b === 'ORG') || (a === 'ORG' && b === 'MISC');
    if (seen !== undefined && (entry || compatible(typeOf(seen), typeOf(i)) || miscAndOrg(typeOf(seen), typeOf(i)))) sets.union(seen, i);
    else if (seen === undefined) firstByKey.set(key, i);
  }

  // 2. Acronym definitions and "or" appositives between neighbouring mentions.
  for (let i = 0; i + 1 < mentions.length; i++) {
    const a = mentions[i]!;
    const b = mentions[i + 1]!;
    const between = text.slice(a.end, b.start);
    if (/^\s*\(\s*$/.test(between) && /^\s*\)/.test(text.slice(b.end, b.end + 2))) {
      if (initials(keys[i]!) === keys[i + 1]!.replace(/[^a-z]/g, '')) sets.union(i, i + 1);
    } else if (/^\s+or\s+$/.test(between) && a.type === b.type && a.type !== 'PERSON') {
      sets.union(i, i + 1);
    }
  }
  // Steps below compare distinct names only (every mention of a name is already joined to its first one), so
  // a long article with thousands of mentions of a few dozen names stays cheap.
  const representatives = [...firstByKey.values()];
  const nameWords = new Map(mapped(representatives, (i) => [i, words(keys[i]!)] as const));

  // An acronym used elsewhere with no definition: it joins the one multi-word name whose initials it spells.
  for (const i of representatives) {
    if (!/^[A-Z.]{2,6}$/.test(surfaces[i]!) || entries[i]) continue;
    const letters = keys[i]!.replace(/[^a-z]/g, '');
    const matches = new Set<number>();
    for (const j of representatives) {
      if (j !== i && nameWords.get(j)!.length >= 2 && initials(keys[j]!) === letters && compatible(mentions[i]!.type, mentions[j]!.type)) matches.add(sets.find(j));
    }
    if (matches.size === 1) sets.union(i, [...matches][0]!);
  }

  // 3. Short forms: a name whose words all occur, in order and ending alike, in exactly one longer name.
  for (const i of representatives) {
    const short = nameWords.get(i)!;
    const candidates = new Set<number>();
    for (const j of representatives) {
      const long = nameWords.get(j)!;
      if (long.length <= short.length || !compatible(mentions[i]!.type, mentions[j]!.type)) continue;
      if (isShortFormOf(short, long, mentions[i]!.type)) candidates.add(sets.find(j));
    }
    if (candidates.size === 1) sets.union(i, [...candidates][0]!);
  }

  // 4. Collect, vote the type, name the entity.
  const groups = new Map<number, number[]>();
  for (let i = 0; i < mentions.length; i++) {
    const root = sets.find(i);
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root)!.push(i);
  }
  const entities: Entity[] = [];
  for (const members of groups.values()) {
    const entry = mapped(members, (i) => entries[i]).find((e) => e);
    const type = entry?.type ?? majorityType(mapped(members, (i) => mentions[i]!.type));
    const longest = members.reduce((best, i) => (surfaces[i]!.length > surfaces[best]!.length ? i : best), members[0]!);
    entities.push({
      id: '',
      type,
      name: entry?.name ?? surfaces[longest]!.replace(/\s+/g, ' '),
      mentions: mapped(members, (i) => ({ start: mentions[i]!.start, end: mentions[i]!.end })),
    });
  }
  entities.sort((a, b) => a.mentions[0]!.start - b.mentions[0]!.start);
  entities.forEach((e, k) => (e.id = `e${k + 1}`));
  return entities;
}

function isShortFormOf(short: string[], long: string[], type: EntityType): boolean {
  if (short[short.length - 1] !== long[long.length - 1]) {
    // Places: "Gaza" is "Gaza Strip" when the rest is a generic place word.
    return PLACE.has(type) && long.length === short.length + 1 && PLACE_HEADS.has(long[long.length - 1]!)
      && short.every((w, k) => w === long[k]);
  }
  if (!PERSON_LIKE.has(type) && short.length === 1 && type !== 'ORG') return false;
  let k = 0;
  for (const w of long) if (k < short.length && w === short[k]) k++;
  return k === short.length;
}

/** The most frequent type; MISC counts half, as the model's fallback when it is unsure. */
function majorityType(types: EntityType[]): EntityType {
  const counts = new Map<EntityType, number>();
  for (const t of types) counts.set(t, (counts.get(t) ?? 0) + (t === 'MISC' ? 0.5 : 1));
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

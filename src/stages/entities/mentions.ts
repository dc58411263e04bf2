/**
 * From the model's chunks to typed mentions: clean the chunk edges, join a name to a capitalised head word the
 * model left out ("al-Shorouq" + "Tower"), refine CoNLL's four types into the contract's (GPE, FAC, NORP,
 * EVENT, LAW), cut titles from person names, and let the alias table's longer names win over the fragments
 * the model made of them ("Palestinian" + "Islamic Jihad" → "Palestinian Islamic Jihad").
 */
import type { EntityType } from '../../core/article.js';
import { mapped } from '../../core/arrays.js';
import typeData from './types.json' with { type: 'json' };
import { nameKey, type AliasEntry, type AliasTable, type Mention } from './canonical.js';
import { foldWord } from './features.js';
import type { Gazetteer } from './gazetteer.js';
import type { Chunk, CoarseType } from './model.js';
import { Trait, type TokenWords } from './traits.js';

const words = (list: { words: string[] }) => new Set(list.words);
const FAC_HEADS = words(typeData.facilityHeads);
const LOC_HEADS = words(typeData.locationHeads);
const GROUP_WORDS = words(typeData.groupWords);
const EVENT_HEADS = words(typeData.eventHeads);
const LAW_HEADS = words(typeData.lawHeads);
const TITLES = words(typeData.personTitles);
const ORG_NOUNS = words(typeData.organisationNouns);
const PLACE_NOUNS = words(typeData.placeNouns);
const SETTLEMENT_NOUNS = words(typeData.settlementNouns);
/** Nationality and group adjectives: English, Bosnian, Scottish, Chinese, Islamic, Yugoslav, Kurdish. */
const ADJECTIVE_ENDING = /(?:an|ish|ese|ic|av|ch|i)$/i;

export interface TokenSpans {
  start: Uint32Array;
  end: Uint32Array;
  /** Sentence of each token (from the segmenter, which knows initials and abbreviations). */
  sentence: Int32Array;
}

export function chunksToMentions(text: string, view: TokenWords, tokens: TokenSpans, chunks: Chunk[], gazetteer: Gazetteer, aliases: AliasTable): Mention[] {
  const mentions: Mention[] = [];
  const cleaned = repeatNames(view, joinHeads(view, joinNameCues(view, cleanEdges(view, tokens, chunks), gazetteer)));
  for (const chunk of cleaned) {
    let from = chunk.from;
    // A nationality before an organisation noun stays a nationality ("Russian army", "Iraqi parliament").
    // Adjectives ("English league", "Bosnian government") are not names of the organisation or place that follows.
    const surfaceWords = view.words.slice(chunk.from, chunk.to).join(' ');
    const categories = gazetteer.categoriesOf(surfaceWords);
    const adjectival = categories.includes('demonym') || ADJECTIVE_ENDING.test(surfaceWords) || /-\p{Ll}+$/u.test(surfaceWords);
    const context = adjectival ? null : followingNoun(view, chunk.to);
    // A known country or city before "government" is still the country: context may make it a place, never an ORG.
    const isPlace = categories.includes('country') || categories.includes('city');
    const contextType = context && ORG_NOUNS.has(context) && !isPlace ? 'ORG' : context && (PLACE_NOUNS.has(context) || SETTLEMENT_NOUNS.has(context)) ? 'LOC' : null;
    const coarse: CoarseType = contextType ?? chunk.type;
    // Titles are not part of a person's name: "Sheikh Akram al-Ka’abi" → "Akram al-Ka’abi".
    if (coarse === 'PER') {
      while (from < chunk.to - 1 && TITLES.has(view.words[from]!.toLowerCase().replace(/\.$/, ''))) from++;
    }
    // A title-like word before a place or organisation is part of its name: "Sheikh Jarrah", "King Fahd Stadium".
    if (coarse !== 'PER' && from > 0 && !view.lineStart[from] && view.traits[from - 1]! & Trait.Capitalised && TITLES.has(view.words[from - 1]!.toLowerCase())) from--;
    const start = tokens.start[from]!;
    const end = tokens.end[chunk.to - 1]!;
    const surface = text.slice(start, end);
    // What is left of a trimmed chunk takes the alias table's type when it has one ("West Bank" is a place).
    const entry = chunk.trimmed ? aliases.lookup(surface) : undefined;
    let type = entry?.type ?? fineType(coarse, surface, gazetteer, aliases);
    if (contextType === 'LOC' && context && SETTLEMENT_NOUNS.has(context)) type = 'GPE';
    mentions.push({ start, end, type });
  }
  return withAliasNames(text, view, tokens, mentions, aliases);
}

/**
 * A chunk after cleaning; `trimmed` when words were cut from its start, so the model's type was for more. Always
 * made by `cleanChunk`, so every chunk has one shape (functions that meet several get compiled again).
 */
interface CleanChunk extends Chunk {
  trimmed: boolean;
}

function cleanChunk(from: number, to: number, type: CoarseType, trimmed: boolean): CleanChunk {
  return { from, to, type, trimmed };
}

/**
 * Drops clitics and punctuation standing apart at a chunk's edges ("’s Media Office" → "Media Office"), and
 * letterless chunks. Punctuation written onto a word stays ("Inc.", "C$", "Fla.").
 */
function cleanEdges(view: TokenWords, tokens: TokenSpans, chunks: Chunk[]): CleanChunk[] {
  const out: CleanChunk[] = [];
  const { traits } = view;
  const isJunk = (k: number) => (traits[k]! & Trait.HasLetterOrDigit) === 0 || (traits[k]! & Trait.Possessive) !== 0;
  for (const whole of chunks) for (const chunk of splitAtSentenceEnds(view, tokens, whole)) {
    let { from, to } = chunk;
    while (from < to - 1 && isJunk(from) && tokens.end[from]! < tokens.start[from + 1]!) from++;
    // A compound modifier is not part of the name after it: "Tel Aviv-occupied West Bank" → "West Bank".
    if (from < to - 1 && traits[from]! & Trait.CompoundModifier) from++;
    const bracketed = view.words.slice(from, to).includes('(');
    while (to - 1 > from && isJunk(to - 1) && !(bracketed && view.words[to - 1] === ')') && tokens.start[to - 1]! > tokens.end[to - 2]!) to--;
    if (to > from && traits.subarray(from, to).some((bits) => (bits & Trait.HasLetterOrDigit) !== 0)) out.push(cleanChunk(from, to, chunk.type, from !== chunk.from));
  }
  return out;
}

/**
 * A name never runs across the end of a sentence ("… of Daesh. Abu Muhandis …"): cut where the segmenter ends a
 * sentence (it keeps initials and abbreviations such as "M. Waugh", "St. Louis" inside one).
 */
function splitAtSentenceEnds(view: TokenWords, tokens: TokenSpans, chunk: Chunk): Chunk[] {
  const pieces: Chunk[] = [];
  let from = chunk.from;
  for (let k = chunk.from + 1; k < chunk.to - 1; k++) {
    if (view.traits[k]! & Trait.SentenceEnd && tokens.sentence[k + 1] !== tokens.sentence[k]) {
      pieces.push({ from, to: k, type: chunk.type });
      from = k + 1;
    }
  }
  // …nor ends on the period that ends its sentence ("Daesh." before "Abu Muhandis used to …").
  let to = chunk.to;
  if (to - 1 > from && view.traits[to - 1]! & Trait.SentenceEnd && to < tokens.sentence.length && tokens.sentence[to] !== tokens.sentence[to - 1]) to--;
  pieces.push({ from, to, type: chunk.type });
  return pieces;
}

/**
 * Document-level consistency: a name the model tagged somewhere is tagged wherever else it occurs untagged,
 * written the same way and capitalised ("Varga" found in one sentence, missed in another).
 */
function repeatNames(view: TokenWords, chunks: CleanChunk[]): CleanChunk[] {
  const { forms, traits } = view;
  const n = forms.length;
  // The first chunk of each spelling (a sequence of forms), found by the form of its first word.
  const known = new Map<number, CleanChunk[]>();
  const covered = new Uint8Array(n);
  let maxLength = 0;
  for (const c of chunks) {
    covered.fill(1, c.from, c.to);
    if (!(traits[c.from]! & Trait.Capitalised)) continue;
    const length = c.to - c.from;
    const sameFirst = known.get(forms[c.from]!) ?? [];
    if (sameFirst.some((k) => k.to - k.from === length && sameForms(forms, k.from, c.from, length))) continue;
    sameFirst.push(c);
    known.set(forms[c.from]!, sameFirst);
    maxLength = Math.max(maxLength, length);
  }
  if (!known.size) return chunks;
  const added: CleanChunk[] = [];
  for (let i = 0; i < n; i++) {
    if (covered[i] || !(traits[i]! & Trait.Capitalised)) continue;
    const candidates = known.get(forms[i]!);
    if (!candidates) continue;
    for (let length = Math.min(maxLength, n - i); length >= 1; length--) {
      const name = candidates.find((k) => k.to - k.from === length && sameForms(forms, k.from, i, length));
      if (!name || covered.subarray(i, i + length).some((c) => c === 1)) continue;
      // Whole words only: the neighbours must not continue a longer capitalised name.
      if (i + length < n && traits[i + length]! & Trait.Capitalised && !view.lineStart[i + length]) continue;
      added.push(cleanChunk(i, i + length, name.type, false));
      i += length - 1;
      break;
    }
  }
  return added.length ? chunks.concat(added).sort((a, b) => a.from - b.from) : chunks;
}

function sameForms(forms: Int32Array, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (forms[a + k] !== forms[b + k]) return false;
  return true;
}

/**
 * Arabic names opened by a kunya or patronymic ("Abu Mahdi al-Muhandis", "Abu Hamza") are one person's name even
 * when the model cut them into pieces of different types: the run of capitalised words (and al-/bin/ibn
 * particles) after the cue becomes one PER chunk when the model saw a person in it and the run is not a known
 * place ("Abu Dhabi").
 */
function joinNameCues(view: TokenWords, chunks: CleanChunk[], gazetteer: Gazetteer): CleanChunk[] {
  const { traits } = view;
  const n = traits.length;
  const isNamePart = (k: number) => k < n && !view.lineStart[k] && (traits[k]! & (Trait.TitleCase | Trait.ArticleName)) !== 0;
  // A person's name the model cut before its article or patronymic: "Akram" + "al-Ka’abi" is one name.
  let out: CleanChunk[] = [];
  for (const chunk of chunks) {
    const previous = out[out.length - 1];
    if (previous && previous.type === 'PER' && chunk.type === 'PER' && previous.to === chunk.from && !view.lineStart[chunk.from]
      && traits[chunk.from]! & Trait.PatronymicStart) previous.to = chunk.to;
    else out.push(cleanChunk(chunk.from, chunk.to, chunk.type, chunk.trimmed));
  }
  for (let i = 0; i < n; i++) {
    if (!(traits[i]! & Trait.Kunya) || !isNamePart(i + 1)) continue;
    let to = i + 1;
    while (isNamePart(to) || (to < n && traits[to]! & Trait.NameParticle && isNamePart(to + 1))) to++;
    if (gazetteer.categoriesOf(view.words.slice(i, to).join(' ')).length) continue;
    const overlapping = out.filter((c) => c.from < to && c.to > i);
    if (!overlapping.some((c) => c.type === 'PER') || !overlapping.every((c) => c.from >= i && c.to <= to)) continue;
    out = out.filter((c) => !overlapping.includes(c)).concat(cleanChunk(i, to, 'PER', false)).sort((a, b) => a.from - b.from);
    i = to - 1;
  }
  return out;
}

/** A capitalised facility or organisation head right after a name belongs to it: "al-Shorouq Tower", "al-Quds Brigades". */
function joinHeads(view: TokenWords, chunks: CleanChunk[]): CleanChunk[] {
  const out: CleanChunk[] = [];
  for (let k = 0; k < chunks.length; k++) {
    const { from, to, type, trimmed } = chunks[k]!;
    const chunk = cleanChunk(from, to, type, trimmed);
    const next = chunks[k + 1];
    const head = view.words[chunk.to];
    if (head && !view.lineStart[chunk.to] && view.traits[chunk.to]! & Trait.TitleCase) {
      const lower = head.toLowerCase();
      const headType: CoarseType | null = FAC_HEADS.has(lower) ? 'LOC' : ORG_NOUNS.has(lower) ? 'ORG' : null;
      if (headType && (!next || next.from > chunk.to || next.to === chunk.to + 1)) {
        if (next && next.from === chunk.to) k++;
        chunk.to++;
        chunk.type = headType;
      }
    }
    out.push(chunk);
  }
  return out;
}

/**
 * The lower-case noun right after a name ("al-Nujaba resistance movement" → "movement"), within two words, or
 * opening a parenthesis ("Ashkelon (a city to the north …)" → "city").
 */
function followingNoun(view: TokenWords, at: number): string | null {
  let k = at;
  if (view.words[k] === '(' && /^(?:a|an|the)$/.test(view.words[k + 1] ?? '')) k += 2;
  for (const limit = k + 2; k < limit && k < view.words.length; k++) {
    if (view.lineStart[k]) return null;
    const w = view.words[k]!;
    if (!(view.traits[k]! & Trait.LowerWord)) return null;
    if (ORG_NOUNS.has(w) || PLACE_NOUNS.has(w) || SETTLEMENT_NOUNS.has(w)) return w;
  }
  return null;
}

export function fineType(coarse: CoarseType, surface: string, gazetteer: Gazetteer, aliases: AliasTable): EntityType {
  if (coarse === 'PER') return 'PERSON';
  const entry = aliases.lookup(surface);
  if (entry && (coarse !== 'ORG' || entry.type === 'ORG')) return entry.type;
  const folded = mapped(surface.split(/\s+/), (word) => foldWord(word));
  const head = folded[folded.length - 1]!;
  if (coarse === 'ORG') return 'ORG';
  const categories = gazetteer.categoriesOf(surface);
  if (coarse === 'LOC') {
    if (FAC_HEADS.has(head) && folded.length > 1) return 'FAC';
    if (categories.includes('country') || categories.includes('city')) return 'GPE';
    return 'LOC';
  }
  if (categories.includes('demonym') || GROUP_WORDS.has(folded.join(' '))) return 'NORP';
  if (folded.length > 1 && EVENT_HEADS.has(head)) return 'EVENT';
  if (folded.length > 1 && LAW_HEADS.has(head)) return 'LAW';
  if (folded.length > 1 && LOC_HEADS.has(head)) return 'LOC';
  // A name the model called MISC but headed by a building word is a facility ("al-Shorouq Tower").
  if (folded.length > 1 && FAC_HEADS.has(head)) return 'FAC';
  return 'MISC';
}

/**
 * Alias-table names: one the model missed is added (e.g. "Daesh") when written with a capital and not on a line
 * in capitals (where "US" may be the pronoun); one the model cut into pieces replaces the pieces it covers.
 */
function withAliasNames(text: string, view: TokenWords, tokens: TokenSpans, mentions: Mention[], aliases: AliasTable): Mention[] {
  const sorted = [...mentions].sort((a, b) => a.start - b.start);
  const removed = new Set<Mention>();
  const added: Mention[] = [];
  let cursor = 0;
  const maxWords = 6;
  const { traits } = view;
  for (let i = 0; i < traits.length; i++) {
    if (!(traits[i]! & (Trait.Capitalised | Trait.ArticleName))) continue;
    if (!mayStartName(text, view, tokens, i, aliases)) continue;
    let best: { to: number; entry: AliasEntry } | null = null;
    for (let len = 1; len <= maxWords && i + len <= traits.length; len++) {
      const k = i + len - 1;
      if (len > 1 && view.lineStart[k]) break;
      if (!(traits[k]! & Trait.HasLetter)) continue; // a name never ends on punctuation ("Daesh." is "Daesh")
      // Every word of a name is capitalised, bar particles: "Islamic State" is a name, "Islamic state" is not.
      if (len > 1 && !(traits[k]! & Trait.AliasNameWord)) break;
      const entry = aliases.lookup(text.slice(tokens.start[i]!, tokens.end[k]!));
      if (entry) best = { to: k + 1, entry };
    }
    if (!best) continue;
    const start = tokens.start[i]!;
    const end = tokens.end[best.to - 1]!;
    const surface = text.slice(start, end);
    if (surface === surface.toUpperCase() && nameKey(surface).length < 5 && lineIsCapitals(view, i)) continue;
    while (cursor < sorted.length && sorted[cursor]!.end <= start) cursor++;
    const overlapping: Mention[] = [];
    for (let k = cursor; k < sorted.length && sorted[k]!.start < end; k++) overlapping.push(sorted[k]!);
    // The alias name wins only when it covers every overlapping model mention and is longer than each.
    if (!overlapping.every((m) => m.start >= start && m.end <= end && m.end - m.start < end - start)) continue;
    for (const m of overlapping) removed.add(m);
    added.push({ start, end, type: best.entry.type });
    i = best.to - 1;
  }
  return sorted.filter((m) => !removed.has(m)).concat(added).sort((a, b) => a.start - b.start);
}

/**
 * Whether an alias name may start at token i: the first word of any span from i (the text up to the first
 * space, cut at a token end) must be the first word of some name.
 */
function mayStartName(text: string, view: TokenWords, tokens: TokenSpans, i: number, aliases: AliasTable): boolean {
  if (view.traits[i]! & Trait.AliasStart) return true;
  // Longer first words: tokens written onto this one, up to the next space ("Daesh’s", "U.S.-backed").
  const start = tokens.start[i]!;
  let wordEnd = tokens.end[i]!;
  while (wordEnd < text.length && !/\s/.test(text[wordEnd]!)) wordEnd++;
  for (let k = i + 1; k < tokens.start.length && tokens.start[k]! < wordEnd; k++) {
    if (aliases.mayStartWith(text.slice(start, Math.min(tokens.end[k]!, wordEnd)))) return true;
  }
  return false;
}

function lineIsCapitals(view: TokenWords, i: number): boolean {
  let from = i;
  while (from > 0 && !view.lineStart[from]) from--;
  let to = i + 1;
  while (to < view.traits.length && !view.lineStart[to]) to++;
  const { letters, upper } = countCapitals(view.traits, from, to);
  return letters > 1 && upper / letters > 0.8;
}

/** Words with letters between tokens `from` and `to`, and how many of them are in capitals. */
export function countCapitals(traits: Uint16Array, from: number, to: number): { letters: number; upper: number } {
  let letters = 0;
  let upper = 0;
  for (let k = from; k < to; k++) {
    const bits = traits[k]!;
    if (!(bits & Trait.HasLetter)) continue;
    letters++;
    if (bits & Trait.UpperCase) upper++;
  }
  return { letters, upper };
}

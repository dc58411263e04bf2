/**
 * Feature extraction for the news NER model, shared by training (scripts/train-ner.ts) and run time so the
 * two can never drift apart. Every feature is a 32-bit hash of (template, value); the model maps it into a
 * fixed-size weight table. Word-intrinsic features are computed once per surface form (and the model sums
 * their weights once per form); context features are mixed from neighbours' cached hashes, so a token costs a
 * few dozen integer operations, not string building.
 */
import { grow } from '../../core/grow.js';
import { WordTable } from '../../core/word-table.js';
import type { Gazetteer } from './gazetteer.js';
import { fnv1a } from '../../core/fnv.js';

/** The document as the recogniser sees it: token surface forms plus what surrounds each token. */
export interface TokenView {
  readonly words: readonly string[];
  /** True when a line break (or the start of the text) lies between token i-1 and token i. */
  readonly lineStart: readonly boolean[];
  /** True where the segmenter starts a sentence: no name continues across it (decoding constraint only). */
  readonly sentenceStart?: readonly boolean[];
  /** The words' forms, when already interned (`tokenView`); used only by the extractor whose table made them. */
  readonly forms?: InternedForms;
}

export interface InternedForms {
  readonly table: WordTable<unknown>;
  /** The table's generation when the ids were made: a restarted table no longer knows them. */
  readonly generation: number;
  readonly ids: Int32Array;
}

/** Mixes a template id with a value hash (murmur3 finaliser), so equal values under different templates differ. */
export function mix(template: number, value: number): number {
  let h = (Math.imul(template + 1, 0x9e3779b1) ^ value) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Word shape: X for upper, x for lower, d for digit, other characters kept; runs longer than 2 squeezed. */
export function wordShape(word: string): string {
  let shape = '';
  let last = '';
  let run = 0;
  for (const ch of word) {
    const c = /\p{Lu}/u.test(ch) ? 'X' : /\p{Ll}/u.test(ch) ? 'x' : /\p{N}/u.test(ch) ? 'd' : ch;
    if (c === last) {
      run++;
      if (run >= 2) continue;
    } else run = 0;
    last = c;
    shape += c;
  }
  return shape;
}

/** Folds transliteration and typography variants so that al-Ka’abi, al-Ka'abi and Al-Kaʿabi look alike. */
export function foldWord(word: string): string {
  return word.toLowerCase().replace(/[’ʿʾ`´‘]/g, "'").replace(/[‐‑–]/g, '-');
}

// Cues that the next capitalised words are a person's name (titles) or that a token is part of an Arabic
// name; each is a feature, not a rule — the model learns how much to trust it.
const PERSON_TITLES = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'president', 'minister', 'sheikh', 'sheik', 'general', 'gen', 'lieutenant',
  'colonel', 'col', 'captain', 'capt', 'sen', 'senator', 'rep', 'judge', 'king', 'queen', 'prince', 'princess',
  'pope', 'ayatollah', 'imam', 'rabbi', 'father', 'sir', 'lord', 'lady', 'chancellor', 'premier', 'governor',
  'gov', 'mayor', 'secretary', 'spokesman', 'spokeswoman', 'commander', 'coach', 'striker', 'midfielder',
]);
const NAME_PARTICLES = new Set(['abu', 'umm', 'bin', 'ibn', 'bint', 'ben', 'van', 'von', 'de', 'del', 'da', 'di', 'le', 'la', 'al', 'el']);
const ORG_HEADS = new Set([
  'party', 'movement', 'brigades', 'brigade', 'front', 'army', 'council', 'committee', 'ministry', 'bank',
  'corp', 'inc', 'ltd', 'plc', 'co', 'group', 'union', 'association', 'agency', 'institute', 'university',
  'club', 'fc', 'united', 'city', 'bureau', 'office', 'court', 'parliament', 'assembly', 'organisation',
  'organization', 'commission', 'authority', 'company', 'news', 'times', 'post', 'units', 'forces',
]);
const LOC_HEADS = new Set(['river', 'sea', 'ocean', 'mountains', 'mount', 'lake', 'valley', 'island', 'islands', 'strip', 'bank', 'gulf', 'desert', 'peninsula', 'coast', 'bay', 'street', 'square', 'tower', 'airport', 'bridge']);

const enum T {
  Bias, Word, Lower, Shape, ShortShape, Prefix, Suffix, Flags, Gaz, GazSpan, Cue, LowerM1, LowerP1, LowerM2, LowerP2,
  ShapeM1, ShapeP1, BigramM, BigramP, Initial, CapsLine, PrevTag, Prev2Tag, PrevTagWord, PrevTagShape, History,
  DocCap, DocLower, CueM1, CueM2, HeadP1, HeadP2, GazM1, GazP1, TrigramShape, SuffixM1, SuffixP1, Skip, ShapeM2, ShapeP2,
}

/**
 * Features a token takes from one neighbour, by the neighbour's position and kind: the neighbour's words and
 * suffix (not across a line break), or its shape and cue (any neighbour). Each depends on the neighbour's form
 * alone, so the model sums their weights once per form and role.
 */
export const enum Role { M1Word, M1Shape, P1Word, P1Shape, M2Word, M2Shape, P2Word, P2Shape }
export const ROLE_COUNT = 8;

/**
 * Tokens of a document that the per-document arrays (here and in the model) hold from the start. They grow for a
 * longer document, and code V8 compiled before that meets the growth without type feedback (a function's first
 * runs collect none, so the first document's allocation left none) and is thrown away: sized for all but rare
 * documents (~14,000 words; the memory is only touched as far as documents reach).
 */
export const TOKENS_PREALLOCATED = 16_384;
/** Context features per token preallocated: 4 always, up to ~10 on a capitalised line start inside gazetteer matches. */
export const CONTEXT_PREALLOCATED = 8 * TOKENS_PREALLOCATED;

/** Forms kept between documents; past this the table restarts (so does every cache indexed by form). */
export const MAX_FORMS = 50_000;

interface FormFeatures {
  /** Word-intrinsic feature hashes (the bias included): the same for every occurrence of the form. */
  own: Uint32Array;
  /** What this form contributes to a neighbour's features, by `Role`. */
  roles: Uint32Array[];
}

/**
 * What every token needs of its form, packed per form (`FIELD_COUNT` numbers) so that a token reads one place
 * in memory: hashes of the folded word and of the shape, the fold id (`FeatureExtractor.foldIds`), the
 * gazetteer's word id (−1 when in no phrase) and `Flag`s.
 */
const enum Field { Lower, Shape, Fold, GazetteerWord, Flags }
const FIELD_COUNT = 5;
const enum Flag {
  Capitalised = 1,
  /** Starts with a lower-case letter. */
  LowerCase = 2,
  /** Has a letter, and every letter is upper case. */
  UpperCase = 4,
  HasLetter = 8,
  /** Punctuation after which a word starts a sentence or quotation (`OPENERS`). */
  Opener = 16,
}

/** The static features of one document: per token its form (word-intrinsic features) and its context features. */
export interface DocumentFeatures {
  /** Index of each token's surface form in the extractor's form table (see `FeatureExtractor.own`). */
  forms: Int32Array;
  /** Id of each token's folded spelling, the same for words that fold alike: keys the decoder's history. */
  folds: Int32Array;
  /**
   * Token i's neighbour in role r: the form at neighbours[i * ROLE_COUNT + r], or −1 when there is none (start
   * or end of text, or a line break in between for the word roles): the role's features are then `NO_NEIGHBOUR`'s.
   */
  neighbours: Int32Array;
  /** Other context features of token i: context[offsets[i]] up to context[offsets[i + 1]]. */
  context: Uint32Array;
  offsets: Uint32Array;
  lowers: Uint32Array;
  shapes: Uint32Array;
}

const NONE = fnv1a('<none>');

/** The features of each role when the neighbour is missing. */
export const NO_NEIGHBOUR: readonly Uint32Array[] = [
  [mix(T.LowerM1, NONE), mix(T.SuffixM1, NONE)], [mix(T.ShapeM1, NONE)],
  [mix(T.LowerP1, NONE), mix(T.SuffixP1, NONE)], [mix(T.ShapeP1, NONE)],
  [mix(T.LowerM2, NONE)], [mix(T.ShapeM2, NONE)],
  [mix(T.LowerP2, NONE)], [mix(T.ShapeP2, NONE)],
].map((list) => Uint32Array.from(list));

function roleFeatures(lower: number, suffix3: number, shape: number, cue: number): Uint32Array[] {
  const withCue = (template: T, list: number[]) => Uint32Array.from(cue ? [...list, mix(template, cue)] : list);
  return [
    Uint32Array.of(mix(T.LowerM1, lower), mix(T.SuffixM1, suffix3)), withCue(T.CueM1, [mix(T.ShapeM1, shape)]),
    Uint32Array.of(mix(T.LowerP1, lower), mix(T.SuffixP1, suffix3)), withCue(T.HeadP1, [mix(T.ShapeP1, shape)]),
    Uint32Array.of(mix(T.LowerM2, lower)), withCue(T.CueM2, [mix(T.ShapeM2, shape)]),
    Uint32Array.of(mix(T.LowerP2, lower)), withCue(T.HeadP2, [mix(T.ShapeP2, shape)]),
  ];
}
export class FeatureExtractor {
  /** Every form (exact surface) seen, kept across documents, with its word-intrinsic features. */
  readonly forms: WordTable<FormFeatures>;
  /** `Field`s of every form, by form id. */
  private fields = new Uint32Array(1024 * FIELD_COUNT);
  private readonly foldIds = new Map<string, number>();
  /** Context-feature hashes of each gazetteer label list, per template (GazSpan, GazM1, GazP1). */
  private readonly gazHashes = new Map<readonly string[], Uint32Array[]>();
  private readonly scratch = new DocumentScratch();
  /** Per fold id, the last document (by number) in which it was written capitalised mid-sentence, or in lower case. */
  private capitalisedIn = new Int32Array(1024);
  private lowerCaseIn = new Int32Array(1024);
  private documents = 0;

  constructor(private readonly gazetteer: Gazetteer) {
    this.forms = new WordTable({
      folding: 'exact', maxWords: MAX_FORMS, describe: (surface, form) => this.describe(surface, form), onRestart: () => this.foldIds.clear(),
    });
  }

  /** Bumped whenever the form table restarts, so caches indexed by form (the model's) know to drop theirs. */
  get generation(): number {
    return this.forms.generation;
  }

  /** Word-intrinsic feature hashes of a form index returned by `extract`. */
  own(form: number): Uint32Array {
    return this.forms.info(form).own;
  }

  /** The features a form gives a neighbour in a role; −1 (no neighbour) gives `NO_NEIGHBOUR`'s. */
  role(form: number, role: Role): Uint32Array {
    return form < 0 ? NO_NEIGHBOUR[role]! : this.forms.info(form).roles[role]!;
  }

  /** The features of a new form; its `Field`s go into `fields`. */
  private describe(surface: string, form: number): FormFeatures {
    // Typographic variants are the same word to the model (training data is mostly ASCII: 's, "; news uses ’s, “).
    const word = surface.replace(/[’‘ʼ`´]/g, "'").replace(/[“”«»]/g, '"').replace(/[‐‑–—]/g, '-');
    const lower = word.toLowerCase();
    const fold = foldWord(word);
    const shape = wordShape(word);
    const own: number[] = [mix(T.Bias, 0), mix(T.Word, fnv1a(word)), mix(T.Lower, fnv1a(fold)), mix(T.Shape, fnv1a(shape))];
    const shortShape = shape.replace(/(.)\1+/g, '$1');
    own.push(mix(T.ShortShape, fnv1a(shortShape)));
    const letters = lower.replace(/^al-|^el-/, '');
    for (let n = 1; n <= 4 && n <= letters.length; n++) {
      own.push(mix(T.Prefix + n * 64, fnv1a(letters.slice(0, n))));
      own.push(mix(T.Suffix + n * 64, fnv1a(letters.slice(-n))));
    }
    const flags: string[] = [];
    if (/^\p{Lu}+$/u.test(word) && word.length > 1) flags.push('allcaps');
    if (/^\p{Lu}\p{Ll}/u.test(word)) flags.push('title');
    if (/\d/.test(word)) flags.push('digit');
    if (/-/.test(word)) flags.push('hyphen');
    if (/\./.test(word)) flags.push('period');
    if (/^(?:al|el|Al|El)-\p{Lu}/u.test(word)) flags.push('al-name');
    if (/['’ʿ]/.test(word)) flags.push('apostrophe');
    flags.push(`len${Math.min(word.length, 8)}`);
    for (const flag of flags) own.push(mix(T.Flags, fnv1a(flag)));
    for (const category of this.gazetteer.categoriesOfWord(fold)) own.push(mix(T.Gaz, fnv1a(category)));
    let cue = 0;
    const bare = lower.replace(/\.$/, '');
    if (PERSON_TITLES.has(bare)) cue = fnv1a('title');
    else if (NAME_PARTICLES.has(bare)) cue = fnv1a('particle');
    else if (ORG_HEADS.has(bare)) cue = fnv1a('orghead');
    else if (LOC_HEADS.has(bare)) cue = fnv1a('lochead');
    if (cue) own.push(mix(T.Cue, cue));
    const hasLetter = /\p{L}/u.test(word);
    let foldId = this.foldIds.get(fold);
    if (foldId === undefined) {
      foldId = this.foldIds.size;
      this.foldIds.set(fold, foldId);
    }
    let flagBits = 0;
    if (/^\p{Lu}/u.test(word)) flagBits |= Flag.Capitalised;
    if (/^\p{Ll}/u.test(word)) flagBits |= Flag.LowerCase;
    if (hasLetter && word === word.toUpperCase() && word !== word.toLowerCase()) flagBits |= Flag.UpperCase;
    if (hasLetter) flagBits |= Flag.HasLetter;
    if (OPENERS.has(surface)) flagBits |= Flag.Opener;
    if (this.fields.length < (form + 1) * FIELD_COUNT) this.fields = grow(this.fields, (form + 1) * FIELD_COUNT - 1);
    this.fields.set([fnv1a(fold), fnv1a(shape), foldId, this.gazetteer.wordId(fold), flagBits], form * FIELD_COUNT);
    return { own: Uint32Array.from(own), roles: roleFeatures(fnv1a(fold), fnv1a(letters.slice(-3)), fnv1a(shape), cue) };
  }

  private gazFeatures(labels: readonly string[]): Uint32Array[] {
    let hashes = this.gazHashes.get(labels);
    if (!hashes) {
      // An array literal, not `.map`: one array shape whichever tier of the JIT builds it (see core/arrays.ts).
      const hashesOf = (template: T) => Uint32Array.from(labels, (g) => mix(template, fnv1a(g)));
      hashes = [hashesOf(T.GazSpan), hashesOf(T.GazM1), hashesOf(T.GazP1)];
      this.gazHashes.set(labels, hashes);
    }
    return hashes;
  }

  /** The forms of a view's words: the interned ones when this extractor made them, else looked up now. */
  private formsOf(view: TokenView): Int32Array {
    const interned = view.forms;
    if (interned && interned.table === this.forms && interned.generation === this.forms.generation) return interned.ids;
    this.forms.restartIfFull();
    return Int32Array.from(view.words, (word) => this.forms.idOf(word));
  }

  /**
   * Static features of every token of a document (everything but the previous-tag and history features,
   * which the decoder adds as it goes): the form of each token, whose word-intrinsic features are computed
   * once per form, and the context features in one flat array.
   */
  extract(view: TokenView): DocumentFeatures {
    const forms = this.formsOf(view);
    const n = forms.length;
    const { lowers, shapes, folds, gazetteerWords, flags, capsLine, offsets, neighbours } = this.scratch.take(n);
    const fields = this.fields;
    for (let i = 0; i < n; i++) {
      const at = forms[i]! * FIELD_COUNT;
      lowers[i] = fields[at + Field.Lower]!;
      shapes[i] = fields[at + Field.Shape]!;
      folds[i] = fields[at + Field.Fold]!;
      gazetteerWords[i] = fields[at + Field.GazetteerWord]! | 0;
      flags[i] = fields[at + Field.Flags]!;
    }
    const gazSpans = this.gazetteer.matchSpans(gazetteerWords);
    const lineStart = view.lineStart;
    markCapsLines(lineStart, flags, capsLine);
    const opensAfter = (i: number) => i > 0 && (flags[i - 1]! & Flag.Opener) !== 0;
    // Document-level evidence: is this word written capitalised in mid-sentence anywhere in the document, or
    // in lower case? Helps with sentence-initial words and all-caps headlines.
    const document = ++this.documents;
    if (this.capitalisedIn.length < this.foldIds.size) {
      this.capitalisedIn = grow(this.capitalisedIn, this.foldIds.size - 1);
      this.lowerCaseIn = grow(this.lowerCaseIn, this.foldIds.size - 1);
    }
    const { capitalisedIn, lowerCaseIn } = this;
    for (let i = 0; i < n; i++) {
      if (capsLine[i]) continue;
      if (flags[i]! & Flag.Capitalised && !lineStart[i] && !opensAfter(i)) capitalisedIn[folds[i]!] = document;
      else if (flags[i]! & Flag.LowerCase) lowerCaseIn[folds[i]!] = document;
    }
    const out = this.scratch.context;
    out.length = 0;
    for (let i = 0; i < n; i++) {
      offsets[i] = out.length;
      const lower = lowers[i]!;
      const shape = shapes[i]!;
      const lm1 = i > 0 && !lineStart[i] ? lowers[i - 1]! : NONE;
      const lp1 = i + 1 < n && !lineStart[i + 1] ? lowers[i + 1]! : NONE;
      const r = i * ROLE_COUNT;
      neighbours[r + Role.M1Word] = i > 0 && !lineStart[i] ? forms[i - 1]! : -1;
      neighbours[r + Role.M1Shape] = i > 0 ? forms[i - 1]! : -1;
      neighbours[r + Role.P1Word] = i + 1 < n && !lineStart[i + 1] ? forms[i + 1]! : -1;
      neighbours[r + Role.P1Shape] = i + 1 < n ? forms[i + 1]! : -1;
      neighbours[r + Role.M2Word] = i > 1 && !lineStart[i] && !lineStart[i - 1] ? forms[i - 2]! : -1;
      neighbours[r + Role.M2Shape] = i > 1 ? forms[i - 2]! : -1;
      neighbours[r + Role.P2Word] = i + 2 < n && !lineStart[i + 1] && !lineStart[i + 2] ? forms[i + 2]! : -1;
      neighbours[r + Role.P2Shape] = i + 2 < n ? forms[i + 2]! : -1;
      out.push(mix(T.BigramM, mix(lm1, lower)));
      out.push(mix(T.BigramP, mix(lower, lp1)));
      out.push(mix(T.TrigramShape, mix(mix(i > 0 ? shapes[i - 1]! : NONE, shape), i + 1 < n ? shapes[i + 1]! : NONE)));
      out.push(mix(T.Skip, mix(lm1, lp1)));
      const initial = lineStart[i] || opensAfter(i);
      if (initial) out.push(mix(T.Initial, shape));
      if (capsLine[i]) {
        out.push(mix(T.CapsLine, lower));
        out.push(mix(T.CapsLine, 1));
      }
      if ((initial || capsLine[i]) && flags[i]! & Flag.Capitalised) {
        out.push(mix(T.DocCap, capitalisedIn[folds[i]!] === document ? 1 : 0));
        out.push(mix(T.DocLower, lowerCaseIn[folds[i]!] === document ? 1 : 0));
      }
      const gaz = gazSpans[i];
      if (gaz) for (const h of this.gazFeatures(gaz)[0]!) out.push(h);
      const gm = i > 0 ? gazSpans[i - 1] : undefined;
      if (gm) for (const h of this.gazFeatures(gm)[1]!) out.push(h);
      const gp = i + 1 < n ? gazSpans[i + 1] : undefined;
      if (gp) for (const h of this.gazFeatures(gp)[2]!) out.push(h);
    }
    offsets[n] = out.length;
    return { forms, folds, neighbours, context: out.array.subarray(0, out.length), offsets, lowers, shapes };
  }
}

/**
 * The per-token arrays `extract` fills, kept from document to document (its result is read before the next call)
 * so that a document allocates none: views of the first n entries.
 */
class DocumentScratch {
  readonly context = new FeatureBuffer();
  private capacity = 0;
  private lowers!: Uint32Array;
  private shapes!: Uint32Array;
  private folds!: Int32Array;
  private gazetteerWords!: Int32Array;
  private flags!: Uint8Array;
  private capsLine!: Uint8Array;
  private offsets!: Uint32Array;
  private neighbours!: Int32Array;

  constructor() {
    this.allocate(TOKENS_PREALLOCATED);
  }

  private allocate(size: number): void {
    this.capacity = size;
    [this.lowers, this.shapes, this.offsets] = [new Uint32Array(size), new Uint32Array(size), new Uint32Array(size + 1)];
    [this.folds, this.gazetteerWords, this.neighbours] = [new Int32Array(size), new Int32Array(size), new Int32Array(size * ROLE_COUNT)];
    [this.flags, this.capsLine] = [new Uint8Array(size), new Uint8Array(size)];
  }

  take(n: number) {
    if (n > this.capacity) this.allocate(Math.max(n, 2 * this.capacity));
    return {
      lowers: this.lowers.subarray(0, n), shapes: this.shapes.subarray(0, n), folds: this.folds.subarray(0, n),
      gazetteerWords: this.gazetteerWords.subarray(0, n), flags: this.flags.subarray(0, n), capsLine: this.capsLine.subarray(0, n),
      offsets: this.offsets.subarray(0, n + 1), neighbours: this.neighbours.subarray(0, n * ROLE_COUNT),
    };
  }
}

/** A growable Uint32Array: avoids boxing hundreds of thousands of numbers per document. */
class FeatureBuffer {
  array = new Uint32Array(CONTEXT_PREALLOCATED);
  length = 0;

  push(value: number): void {
    if (this.length === this.array.length) this.array = grow(this.array, this.length);
    this.array[this.length++] = value;
  }
}

/** The dynamic features of a token given the tags already decoded (greedy left-to-right). */
export function dynamicFeatures(prevTag: number, prev2Tag: number, lower: number, shape: number, history: number, out: Uint32Array): number {
  out[0] = prevTagFeature(prevTag);
  out[1] = prevTagsFeature(prevTag, prev2Tag);
  out[2] = historyFeature(history);
  return 3 + lexicalDynamicFeatures(prevTag, lower, shape, history, out, 3);
}

// The previous tags and the history take few values (tags ≤ CLASS_COUNT, where CLASS_COUNT means "line start";
// history 0 = none, else 1 + type), so the model tabulates their weights instead of hashing per token.
export function prevTagFeature(prevTag: number): number {
  return mix(T.PrevTag, prevTag);
}
export function prevTagsFeature(prevTag: number, prev2Tag: number): number {
  return mix(T.Prev2Tag, prevTag * 64 + prev2Tag);
}
export function historyFeature(history: number): number {
  return mix(T.History, history);
}
/** The dynamic features that involve the word itself: hashed. Writes them at out[at…]; returns how many. */
export function lexicalDynamicFeatures(prevTag: number, lower: number, shape: number, history: number, out: Uint32Array, at: number): number {
  out[at] = mix(T.PrevTagWord, mix(prevTag, lower));
  out[at + 1] = mix(T.PrevTagShape, mix(prevTag, shape));
  out[at + 2] = mix(T.History + 128, mix(history, shape));
  return 3;
}

const OPENERS = new Set(['.', '!', '?', '"', '“', '‘', '”', "'", '(', '[', ':', ';', '-', '—', '–', '«']);

/** Marks (1 in `result`) tokens on lines written (almost) entirely in capitals: headlines, datelines, shouting. */
function markCapsLines(lineStart: readonly boolean[], flags: Uint8Array, result: Uint8Array): void {
  const n = flags.length;
  result.fill(0);
  let from = 0;
  while (from < n) {
    let to = from + 1;
    while (to < n && !lineStart[to]) to++;
    let upper = 0;
    let cased = 0;
    for (let i = from; i < to; i++) {
      if (!(flags[i]! & Flag.HasLetter)) continue;
      cased++;
      if (flags[i]! & Flag.UpperCase) upper++;
    }
    const caps = cased >= 2 && upper / cased > 0.8;
    if (caps) result.fill(1, from, to);
    from = to;
  }
}

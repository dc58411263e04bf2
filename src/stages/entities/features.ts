/**
 * Feature extraction for the news NER model, shared by training (scripts/train-ner.ts) and run time so the
 * two can never drift apart. Every feature is a 32-bit hash of (template, value); the model maps it into a
 * fixed-size weight table. Word-intrinsic features are cached per surface form; context features are mixed
 * from neighbours' cached hashes, so a token costs a few dozen integer operations, not string building.
 */
import type { Gazetteer } from './gazetteer.js';

/** The document as the recogniser sees it: token surface forms plus what surrounds each token. */
export interface TokenView {
  readonly words: readonly string[];
  /** True when a line break (or the start of the text) lies between token i-1 and token i. */
  readonly lineStart: readonly boolean[];
}

export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
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

interface WordInfo {
  /** Word-intrinsic feature hashes. */
  own: number[];
  lower: number;
  shape: number;
  cue: number;
  fold: string;
  /** Hash of the last three letters, for the neighbours' features. */
  suffix3: number;
  isCap: boolean;
  /** Starts with a lower-case letter. */
  isLower: boolean;
  /** Has a letter, and every letter is upper case. */
  isUpper: boolean;
  hasLetter: boolean;
}

export class FeatureExtractor {
  private readonly cache = new Map<string, WordInfo>();

  constructor(private readonly gazetteer: Gazetteer) {}

  private info(surface: string): WordInfo {
    let info = this.cache.get(surface);
    if (info) return info;
    // Typographic variants are the same word to the model (training data is mostly ASCII: 's, "; news uses ’s, “).
    const word = surface.replace(/[’‘ʼ`´]/g, "'").replace(/[“”«»]/g, '"').replace(/[‐‑–—]/g, '-');
    const lower = word.toLowerCase();
    const fold = foldWord(word);
    const shape = wordShape(word);
    const own: number[] = [mix(T.Word, fnv1a(word)), mix(T.Lower, fnv1a(fold)), mix(T.Shape, fnv1a(shape))];
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
    info = {
      own, lower: fnv1a(fold), shape: fnv1a(shape), cue, fold, suffix3: fnv1a(letters.slice(-3)), isCap: /^\p{Lu}/u.test(word), isLower: /^\p{Ll}/u.test(word),
      hasLetter, isUpper: hasLetter && word === word.toUpperCase() && word !== word.toLowerCase(),
    };
    if (this.cache.size > 200_000) this.cache.clear(); // bound memory on huge or adversarial batches
    this.cache.set(surface, info);
    return info;
  }

  /**
   * Static features of every token of a document (everything but the previous-tag and history features,
   * which the decoder adds as it goes). Returns offsets into one flat Uint32Array of feature hashes.
   */
  extract(view: TokenView): { features: Uint32Array; offsets: Uint32Array; lowers: Uint32Array; shapes: Uint32Array } {
    const n = view.words.length;
    const infos = view.words.map((w) => this.info(w));
    const gazSpans = this.gazetteer.matchSpans(infos.map((i) => i.fold));
    const capsLine = capsLines(view, infos);
    // Document-level evidence: is this word written capitalised in mid-sentence anywhere in the document, or
    // in lower case? Helps with sentence-initial words and all-caps headlines.
    const capMid = new Set<string>();
    const lowerSeen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const info = infos[i]!;
      if (capsLine[i]) continue;
      if (info.isCap && !view.lineStart[i] && !isOpener(view.words[i - 1])) capMid.add(info.fold);
      else if (info.isLower) lowerSeen.add(info.fold);
    }
    const out = new FeatureBuffer(n * 48);
    const offsets = new Uint32Array(n + 1);
    const lowers = new Uint32Array(n);
    const shapes = new Uint32Array(n);
    const NONE = fnv1a('<none>');
    for (let i = 0; i < n; i++) {
      offsets[i] = out.length;
      const info = infos[i]!;
      lowers[i] = info.lower;
      shapes[i] = info.shape;
      out.push(mix(T.Bias, 0));
      for (const f of info.own) out.push(f);
      const m1 = i > 0 ? infos[i - 1]! : null;
      const m2 = i > 1 ? infos[i - 2]! : null;
      const p1 = i + 1 < n ? infos[i + 1]! : null;
      const p2 = i + 2 < n ? infos[i + 2]! : null;
      const lm1 = m1 && !view.lineStart[i] ? m1.lower : NONE;
      const lp1 = p1 && !view.lineStart[i + 1] ? p1.lower : NONE;
      out.push(mix(T.LowerM1, lm1), mix(T.LowerP1, lp1));
      out.push(mix(T.LowerM2, m2 && !view.lineStart[i] && !view.lineStart[i - 1] ? m2.lower : NONE));
      out.push(mix(T.LowerP2, p2 && !view.lineStart[i + 1] && !view.lineStart[i + 2] ? p2.lower : NONE));
      out.push(mix(T.ShapeM1, m1 ? m1.shape : NONE), mix(T.ShapeP1, p1 ? p1.shape : NONE));
      out.push(mix(T.BigramM, mix(lm1, info.lower)), mix(T.BigramP, mix(info.lower, lp1)));
      out.push(mix(T.TrigramShape, mix(mix(m1 ? m1.shape : NONE, info.shape), p1 ? p1.shape : NONE)));
      out.push(mix(T.SuffixM1, m1 && !view.lineStart[i] ? m1.suffix3 : NONE), mix(T.SuffixP1, p1 && !view.lineStart[i + 1] ? p1.suffix3 : NONE));
      out.push(mix(T.Skip, mix(lm1, lp1)), mix(T.ShapeM2, m2 ? m2.shape : NONE), mix(T.ShapeP2, p2 ? p2.shape : NONE));
      if (m1?.cue) out.push(mix(T.CueM1, m1.cue));
      if (m2?.cue) out.push(mix(T.CueM2, m2.cue));
      if (p1?.cue) out.push(mix(T.HeadP1, p1.cue));
      if (p2?.cue) out.push(mix(T.HeadP2, p2.cue));
      const initial = view.lineStart[i] || isOpener(view.words[i - 1]);
      if (initial) out.push(mix(T.Initial, info.shape));
      if (capsLine[i]) out.push(mix(T.CapsLine, info.lower), mix(T.CapsLine, 1));
      if ((initial || capsLine[i]) && info.isCap) {
        out.push(mix(T.DocCap, capMid.has(info.fold) ? 1 : 0), mix(T.DocLower, lowerSeen.has(info.fold) ? 1 : 0));
      }
      const gaz = gazSpans[i];
      if (gaz) for (const g of gaz) out.push(mix(T.GazSpan, fnv1a(g)));
      const gm = i > 0 ? gazSpans[i - 1] : undefined;
      if (gm) for (const g of gm) out.push(mix(T.GazM1, fnv1a(g)));
      const gp = i + 1 < n ? gazSpans[i + 1] : undefined;
      if (gp) for (const g of gp) out.push(mix(T.GazP1, fnv1a(g)));
    }
    offsets[n] = out.length;
    return { features: out.array.subarray(0, out.length), offsets, lowers, shapes };
  }
}

/** A growable Uint32Array: avoids boxing hundreds of thousands of numbers per document. */
class FeatureBuffer {
  array: Uint32Array;
  length = 0;
  constructor(capacity: number) {
    this.array = new Uint32Array(Math.max(64, capacity));
  }
  push(...values: number[]): void {
    if (this.length + values.length > this.array.length) {
      const next = new Uint32Array(this.array.length * 2 + values.length);
      next.set(this.array);
      this.array = next;
    }
    for (const v of values) this.array[this.length++] = v;
  }
}

/** The dynamic features of token i given the tags already decoded (greedy left-to-right). */
export function dynamicFeatures(prevTag: number, prev2Tag: number, lower: number, shape: number, history: number, out: Uint32Array): number {
  out[0] = mix(T.PrevTag, prevTag);
  out[1] = mix(T.Prev2Tag, prevTag * 64 + prev2Tag);
  out[2] = mix(T.PrevTagWord, mix(prevTag, lower));
  out[3] = mix(T.PrevTagShape, mix(prevTag, shape));
  out[4] = mix(T.History, history);
  out[5] = mix(T.History + 128, mix(history, shape));
  return 6;
}

const OPENERS = new Set(['.', '!', '?', '"', '“', '‘', '”', "'", '(', '[', ':', ';', '-', '—', '–', '«']);
function isOpener(word: string | undefined): boolean {
  return word !== undefined && OPENERS.has(word);
}

/** Marks tokens on lines written (almost) entirely in capitals: headlines, datelines, shouting. */
function capsLines(view: TokenView, infos: readonly WordInfo[]): boolean[] {
  const n = view.words.length;
  const result = new Array<boolean>(n).fill(false);
  let from = 0;
  while (from < n) {
    let to = from + 1;
    while (to < n && !view.lineStart[to]) to++;
    let upper = 0;
    let cased = 0;
    for (let i = from; i < to; i++) {
      if (!infos[i]!.hasLetter) continue;
      cased++;
      if (infos[i]!.isUpper) upper++;
    }
    const caps = cased >= 2 && upper / cased > 0.8;
    if (caps) for (let i = from; i < to; i++) result[i] = true;
    from = to;
  }
  return result;
}

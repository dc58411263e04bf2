/**
 * The NER model at run time: a greedy left-to-right averaged perceptron over hashed features (BILOU tags over
 * PER/ORG/LOC/MISC), with the previous two tags and the document's earlier decisions about the same word
 * as features. Training fills one dense Float32Array of (2^bits hashed rows × classes); the file stores its
 * non-zero rows as 16-bit integers (one scale per model), gzipped, and run time keeps them in that compact
 * form (`WeightTable`). Format and training: docs/models/ner.md.
 */
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PresslensError } from '../../core/errors.js';
import type { Deadline } from '../../core/deadline.js';
import { grow } from '../../core/grow.js';
import {
  CONTEXT_PREALLOCATED, dynamicFeatures, FeatureExtractor, type DocumentFeatures, historyFeature, lexicalDynamicFeatures, NO_NEIGHBOUR, prevTagFeature, prevTagsFeature, ROLE_COUNT, TOKENS_PREALLOCATED, type TokenView,
} from './features.js';
import type { WordTable } from '../../core/word-table.js';
import { Gazetteer, type GazetteerFile } from './gazetteer.js';

export const TYPES = ['PER', 'ORG', 'LOC', 'MISC'] as const;
export type CoarseType = (typeof TYPES)[number];
/** Position of a token in a name: Begin, Inside, Last, Unit (a one-token name) — BILOU. */
export const enum Part { B = 0, I = 1, L = 2, U = 3 }
const PARTS = 4;
/** Class c: 0 = O; 1 + 4k + part = that part of a TYPES[k] name. */
export const CLASS_COUNT = 1 + PARTS * TYPES.length;
export const MAGIC = 'PLNER2';

export function classOf(type: number, part: Part): number {
  return 1 + PARTS * type + part;
}
export function typeOfClass(c: number): number {
  return c === 0 ? -1 : Math.floor((c - 1) / PARTS);
}
export function partOfClass(c: number): Part {
  return ((c - 1) % PARTS) as Part;
}

export interface ModelMeta {
  version: string;
  bits: number;
  trainedOn: string[];
  trainedAt: string;
}

export interface Chunk {
  /** First token (inclusive) and last token (exclusive). */
  from: number;
  to: number;
  type: CoarseType;
}

const DYNAMIC_MAX = 8;
/** Tags before a token: 0…CLASS_COUNT − 1, or CLASS_COUNT for a line start. */
const TAG_VALUES = CLASS_COUNT + 1;

/**
 * BILOU transitions: after B or I of a type only I or L of that type, or O; elsewhere only O, B or U. Decoding
 * picks the best allowed class, so a name never begins in its middle or changes type on the way (the model is
 * trained without the constraint: training with it converged to a lower score). On CoNLL testa this alone took
 * the model from F1 0.9135 to 0.9197; forbidding O inside a name as well scored 0.9178.
 */
export const ALLOWED: Uint8Array = (() => {
  const allowed = new Uint8Array(TAG_VALUES * CLASS_COUNT);
  for (let prev = 0; prev < TAG_VALUES; prev++) {
    const open = prev > 0 && prev < CLASS_COUNT && (partOfClass(prev) === Part.B || partOfClass(prev) === Part.I);
    for (let c = 0; c < CLASS_COUNT; c++) {
      const part = c === 0 ? -1 : partOfClass(c);
      const inner = part === Part.I || part === Part.L;
      const ok = c === 0 || (open ? inner === (typeOfClass(c) === typeOfClass(prev)) : !inner);
      allowed[prev * CLASS_COUNT + c] = ok ? 1 : 0;
    }
  }
  return allowed;
})();

/**
 * The class of token i at run time: the best allowed one (`bestAllowed`; none goes on across a sentence start),
 * except when the model goes on with a name the previous token closed ("Tarek" U-PER, "al-Mansouri" L-PER):
 * then the previous tag is reopened in `tags` and the model's choice kept. On CoNLL testa this repair took the
 * model from 0.9189 to 0.9201.
 */
export function decideClass(scores: ArrayLike<number>, prev: number, sentenceStart: boolean, tags: Uint8Array, i: number): number {
  const best = bestAllowed(scores, sentenceStart ? CLASS_COUNT : prev);
  if (sentenceStart || prev === 0 || prev >= CLASS_COUNT) return best;
  const top = argmax(scores);
  const topPart = partOfClass(top);
  const prevPart = partOfClass(prev);
  if (top === 0 || (topPart !== Part.I && topPart !== Part.L) || (prevPart !== Part.U && prevPart !== Part.L) || typeOfClass(top) !== typeOfClass(prev)) return best;
  tags[i - 1] = classOf(typeOfClass(prev), prevPart === Part.U ? Part.B : Part.I);
  return top;
}

/** The best class, constraints aside: what training compares with the gold class. */
export function argmax(scores: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < CLASS_COUNT; c++) if (scores[c]! > scores[best]!) best = c;
  return best;
}

/**
 * The best class allowed after `prev` (a tag, or CLASS_COUNT for a line start). Inside a name, the model's
 * wish to begin a name of the same type counts for going on with it: "Sheikh Tarek" + "al-Mansouri", which the
 * model alone calls two names, is one.
 */
export function bestAllowed(scores: ArrayLike<number>, prev: number): number {
  const allowed = ALLOWED_AFTER[prev]!;
  const row = prev * CLASS_COUNT;
  let best = -1;
  let bestScore = 0;
  for (let k = 0; k < allowed.length; k++) {
    const c = allowed[k]!;
    let score = scores[c]!;
    // Read on every call (the class itself when it has no alike): a read reached only in rare documents was
    // compiled without feedback and sent the optimised decoder back to the interpreter, hundreds of articles in.
    const alike = BEGINNING_ALIKE[row + c]!;
    const alikeScore = scores[alike >= 0 ? alike : c]!;
    if (alikeScore > score) score = alikeScore;
    if (best < 0 || score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

/** The classes `ALLOWED` after each previous tag, in increasing order. */
const ALLOWED_AFTER: readonly Uint8Array[] = Array.from({ length: TAG_VALUES }, (_, prev) =>
  Uint8Array.from({ length: CLASS_COUNT }, (_, c) => c).filter((c) => ALLOWED[prev * CLASS_COUNT + c]));

/**
 * After a previous tag that leaves a name open, for I (L) of the name's type: its B (U), whose score also counts
 * for going on with the name (`bestAllowed`); −1 elsewhere.
 */
const BEGINNING_ALIKE: Int8Array = (() => {
  const alike = new Int8Array(TAG_VALUES * CLASS_COUNT).fill(-1);
  for (let prev = 1; prev < CLASS_COUNT; prev++) {
    if (partOfClass(prev) !== Part.B && partOfClass(prev) !== Part.I) continue;
    const type = typeOfClass(prev);
    alike[prev * CLASS_COUNT + classOf(type, Part.I)] = classOf(type, Part.B);
    alike[prev * CLASS_COUNT + classOf(type, Part.L)] = classOf(type, Part.U);
  }
  return alike;
})();

/** The features of one token in a dense training table: the sum of their weight rows goes into `scores`. */
export function scoreToken(weights: Float32Array, mask: number, features: ArrayLike<number>, from: number, to: number, scores: Float32Array): void {
  for (let f = from; f < to; f++) {
    const row = (features[f]! & mask) * CLASS_COUNT;
    for (let c = 0; c < CLASS_COUNT; c++) scores[c]! += weights[row + c]!;
  }
}

/** What the training decoder hands its `choose` callback: the token's scores and every feature that made them. */
export interface TokenFeatures {
  /** The word-intrinsic features, then the features from each neighbour role. */
  lists: Uint32Array[];
  context: Uint32Array;
  from: number;
  to: number;
  dynamic: Uint32Array;
  dynamicCount: number;
}

/**
 * The decoder's memory of a document: for each folded word (by fold id), the type it was given most recently
 * (0 none, else 1 + type). Stamped by document, so nothing is cleared between documents.
 */
class DocumentHistory {
  private stamps = new Int32Array(0);
  private types = new Uint8Array(0);
  private document = 0;

  begin(folds: Int32Array): void {
    this.document++;
    let size = 0;
    for (let i = 0; i < folds.length; i++) if (folds[i]! >= size) size = folds[i]! + 1;
    if (size > this.stamps.length) {
      this.stamps = grow(this.stamps, size - 1);
      this.types = grow(this.types, size - 1);
    }
  }

  typeOf(fold: number): number {
    return this.stamps[fold] === this.document ? this.types[fold]! : 0;
  }

  set(fold: number, type: number): void {
    this.stamps[fold] = this.document;
    this.types[fold] = type;
  }
}

/**
 * Greedy decoding of one document over a dense weight table (training and its development score). `choose`
 * turns the scores into the class kept (`decideClass` as at run time; the arg-max after a perceptron update in
 * training). History (`DocumentHistory`): for each folded word, the type it was given most recently earlier in
 * the document — the non-local "extended prediction history" feature. `NerModel.tag` computes the same scores from the compact shipped table.
 */
export function decodeDocument(
  extractor: FeatureExtractor, view: TokenView, weights: Float32Array, bits: number,
  choose: (token: number, scores: Float32Array, features: TokenFeatures, prev: number, tags: Uint8Array) => number,
): Uint8Array {
  const mask = (1 << bits) - 1;
  const { forms, folds, neighbours, context, offsets, lowers, shapes } = extractor.extract(view);
  const n = view.words.length;
  const tags = new Uint8Array(n);
  const scores = new Float32Array(CLASS_COUNT);
  const features: TokenFeatures = { lists: [], context, from: 0, to: 0, dynamic: new Uint32Array(DYNAMIC_MAX), dynamicCount: 0 };
  const history = new DocumentHistory();
  history.begin(folds);
  let prev = 0;
  let prev2 = 0;
  for (let i = 0; i < n; i++) {
    if (view.lineStart[i]) {
      prev = CLASS_COUNT; // a line start: no previous tag
      prev2 = CLASS_COUNT;
    }
    features.lists = [extractor.own(forms[i]!)];
    for (let r = 0; r < ROLE_COUNT; r++) features.lists.push(extractor.role(neighbours[i * ROLE_COUNT + r]!, r));
    features.from = offsets[i]!;
    features.to = offsets[i + 1]!;
    features.dynamicCount = dynamicFeatures(prev, prev2, lowers[i]!, shapes[i]!, history.typeOf(folds[i]!), features.dynamic);
    scores.fill(0);
    for (const list of features.lists) scoreToken(weights, mask, list, 0, list.length, scores);
    scoreToken(weights, mask, context, features.from, features.to, scores);
    scoreToken(weights, mask, features.dynamic, 0, features.dynamicCount, scores);
    const c = choose(i, scores, features, prev, tags);
    tags[i] = c;
    if (c !== 0) history.set(folds[i]!, typeOfClass(c) + 1);
    prev2 = prev;
    prev = c;
  }
  return tags;
}

/**
 * The shipped weights: only the rows of features that have any (a tenth of the hashed table), as 16-bit
 * integers in row order, found through a rank bitmap: one bit per hashed row says whether it has weights, and
 * the count of rows before each 32-row block plus the set bits below the row's give its place in `values`.
 * The bitmap and counts take 2^bits / 4 bytes (256 KB for 2^20 rows), so they stay in the processor's cache and
 * a feature without weights (most context features) costs no trip to main memory. Integer scores: the arg-max
 * does not need the scale.
 */
export class WeightTable {
  /** Per 32-row block: the block's presence bits, then the number of rows with weights before the block. */
  private readonly blocks: Int32Array;
  private readonly rowMask: number;

  /** `rows`: the hashed rows that have weights, in increasing order; `values`: their weights, in that order. */
  constructor(bits: number, rows: Uint32Array, readonly values: Int16Array) {
    this.rowMask = (1 << bits) - 1;
    const blockCount = Math.max(1, (1 << bits) >>> 5);
    this.blocks = new Int32Array(blockCount * 2);
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k]!;
      this.blocks[(row >>> 5) * 2]! |= 1 << (row & 31);
    }
    let before = 0;
    for (let b = 0; b < blockCount; b++) {
      this.blocks[b * 2 + 1] = before;
      before += bitCount(this.blocks[b * 2]!);
    }
  }

  /** Offset of a feature's weights in `values`, or −1 when the feature has none. */
  offsetOf(feature: number): number {
    const row = feature & this.rowMask;
    const block = (row >>> 5) * 2;
    const presence = this.blocks[block]!;
    const bit = row & 31;
    if (((presence >>> bit) & 1) === 0) return -1;
    return (this.blocks[block + 1]! + bitCount(presence & ~(-1 << bit))) * CLASS_COUNT;
  }

  /** Adds the weights of a feature to `scores[at…]`. */
  add(feature: number, scores: Int32Array, at = 0): void {
    const offset = this.offsetOf(feature);
    if (offset < 0) return;
    const values = this.values;
    for (let c = 0; c < CLASS_COUNT; c++) scores[at + c]! += values[offset + c]!;
  }
}

/** Set bits of a 32-bit integer (SWAR population count). */
function bitCount(word: number): number {
  let x = word - ((word >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * Chunks from BILOU tags, forgiving like conlleval: a name opens at B or U (or at an I/L that does not continue
 * a name of its type) and closes after L or U, at O, at a change of type, or at a line start.
 */
export function chunksOf(tags: ArrayLike<number>, lineStart?: readonly boolean[]): Chunk[] {
  const chunks: Chunk[] = [];
  let open: Chunk | null = null;
  const close = (at: number) => {
    if (open) {
      open.to = at;
      chunks.push(open);
      open = null;
    }
  };
  for (let i = 0; i < tags.length; i++) {
    const c = tags[i]!;
    const type = typeOfClass(c);
    if (type < 0) {
      close(i);
      continue;
    }
    const part = partOfClass(c);
    const continues = open !== null && (open as Chunk).type === TYPES[type] && (part === Part.I || part === Part.L) && !lineStart?.[i];
    if (!continues) {
      close(i);
      open = { from: i, to: i + 1, type: TYPES[type]! };
    }
    if (part === Part.L || part === Part.U) close(i + 1);
  }
  close(tags.length);
  return chunks;
}

/** Neighbour positions (−1, +1, −2, +2): each gives a word role and a shape role (`Role` 2p and 2p + 1). */
const POSITIONS = ROLE_COUNT / 2;
/**
 * Per form, summed weights of its word-intrinsic features and of its dynamic features after an O tag with no
 * history (`OWN`: what most tokens take from their own form, one row), then of those dynamic features alone
 * (`QUIET`: taken back out where a token's dynamic features differ), then per position of the word and shape
 * roles together (what a neighbour on the same line gives): what nearly every token reads, kept together.
 */
const FORM_WIDTH = (2 + POSITIONS) * CLASS_COUNT;
const OWN = 0;
const QUIET = CLASS_COUNT;
const BOTH_ROLES = 2 * CLASS_COUNT;
/** Per form and position, summed weights of the shape role alone (a neighbour across a line break): rarely read. */
const SHAPE_WIDTH = POSITIONS * CLASS_COUNT;
const HISTORY_VALUES = TYPES.length + 1;

export class NerModel {
  private readonly extractor: FeatureExtractor;
  /** `FORM_WIDTH` and `SHAPE_WIDTH` summed weights per form, computed on first sight (forms are indexed by the extractor). */
  private formScores = new Int32Array(0);
  private shapeScores = new Int32Array(0);
  private formReady = new Uint8Array(0);
  private formGeneration = 0;
  /** Summed weights per position of a missing word role, and of a missing neighbour (both roles). */
  private readonly noWordScores = new Int32Array(POSITIONS * CLASS_COUNT);
  private readonly noNeighbourScores = new Int32Array(POSITIONS * CLASS_COUNT);
  /** Weights of the two previous tags (both features), and of the history value: tabulated. */
  private readonly tagScores = new Int32Array(TAG_VALUES * TAG_VALUES * CLASS_COUNT);
  private readonly historyScores = new Int32Array(HISTORY_VALUES * CLASS_COUNT);
  private readonly history = new DocumentHistory();
  /** Per token of the document being tagged, the scores of its features that do not depend on the decoding. */
  private staticScores = new Int32Array(TOKENS_PREALLOCATED * CLASS_COUNT);
  private readonly scores = new Int32Array(CLASS_COUNT);
  /** Per context feature of the document being tagged, its weights' offset in the table (−1: none). */
  private contextOffsets = new Int32Array(CONTEXT_PREALLOCATED);
  private readonly dynamic = new Uint32Array(DYNAMIC_MAX);

  constructor(readonly meta: ModelMeta, private readonly table: WeightTable, readonly gazetteer: Gazetteer) {
    this.extractor = new FeatureExtractor(gazetteer);
    for (let p = 0; p < POSITIONS; p++) {
      this.sum([NO_NEIGHBOUR[2 * p]!], this.noWordScores, p * CLASS_COUNT);
      this.sum([NO_NEIGHBOUR[2 * p]!, NO_NEIGHBOUR[2 * p + 1]!], this.noNeighbourScores, p * CLASS_COUNT);
    }
    for (let a = 0; a < TAG_VALUES; a++) {
      for (let b = 0; b < TAG_VALUES; b++) this.sum([[prevTagFeature(a), prevTagsFeature(a, b)]], this.tagScores, (a * TAG_VALUES + b) * CLASS_COUNT);
    }
    for (let h = 0; h < HISTORY_VALUES; h++) this.sum([[historyFeature(h)]], this.historyScores, h * CLASS_COUNT);
  }

  /** The forms the recogniser knows (interned across documents): `tokenView` interns a document's tokens here. */
  get forms(): WordTable<unknown> {
    return this.extractor.forms;
  }

  /** Writes the summed weights of the features in `lists` at `into[at…]`. */
  private sum(lists: readonly ArrayLike<number>[], into: Int32Array, at: number): void {
    const scores = this.scores;
    scores.fill(0);
    for (const features of lists) for (let f = 0; f < features.length; f++) this.table.add(features[f]!, scores);
    into.set(scores, at);
  }

  /**
   * Greedy decoding with the scores `decodeDocument` would compute from the dense table. The features that do
   * not depend on earlier decisions are summed for every token first, in a loop whose tokens do not wait on each
   * other (so the processor overlaps their memory reads); decoding then adds the tag and history features.
   */
  tag(view: TokenView, deadline?: Deadline): Chunk[] {
    const features = this.extractor.extract(view);
    const staticScores = this.sumStaticFeatures(features);
    this.addContextFeatures(features.context, features.offsets, staticScores);
    return chunksOf(this.decodeTags(view, features, staticScores, deadline), view.lineStart);
  }

  /**
   * The greedy decoding loop of `tag`, its tag per token. A function of its own, with nothing after the loop, for
   * the reason given at `sumStaticFeatures`; the time limit is checked on the Deadline itself (one class) rather
   * than through a callback, a new closure per document, which V8 had compiled in as the call's only target.
   */
  private decodeTags(view: TokenView, { forms, folds, lowers, shapes }: DocumentFeatures, staticScores: Int32Array, deadline?: Deadline): Uint8Array {
    const n = view.words.length;
    const { table, scores, dynamic, tagScores, historyScores, history, formScores } = this;
    const tags = new Uint8Array(n);
    history.begin(folds);
    let prev = 0;
    let prev2 = 0;
    for (let i = 0; i < n; i++) {
      if (deadline && (i & 4095) === 0) deadline.check('entity recognition');
      if (view.lineStart[i]) {
        prev = CLASS_COUNT;
        prev2 = CLASS_COUNT;
      }
      const seen = history.typeOf(folds[i]!);
      const tagRow = (prev * TAG_VALUES + prev2) * CLASS_COUNT;
      const historyRow = seen * CLASS_COUNT;
      const staticRow = i * CLASS_COUNT;
      for (let c = 0; c < CLASS_COUNT; c++) scores[c] = staticScores[staticRow + c]! + tagScores[tagRow + c]! + historyScores[historyRow + c]!;
      if (prev !== 0 || seen !== 0) {
        // The static scores hold the form's QUIET dynamic weights: swapped for this token's own.
        const quiet = forms[i]! * FORM_WIDTH + QUIET;
        for (let c = 0; c < CLASS_COUNT; c++) scores[c]! -= formScores[quiet + c]!;
        const dynamicCount = lexicalDynamicFeatures(prev, lowers[i]!, shapes[i]!, seen, dynamic, 0);
        for (let f = 0; f < dynamicCount; f++) table.add(dynamic[f]!, scores);
      }
      const best = decideClass(scores, prev, view.sentenceStart?.[i] ?? false, tags, i);
      tags[i] = best;
      if (best !== 0) history.set(folds[i]!, typeOfClass(best) + 1);
      prev2 = prev;
      prev = best;
    }
    return tags;
  }

  /**
   * Per token, the summed weights of its own and neighbour features, and of its dynamic features as they are
   * after an O tag with no history (`CLASS_COUNT` each); `addContextFeatures` adds the context features.
   * Nothing follows the loop: V8 compiles the loop on the stack (OSR) during the first document, and a call
   * after it, never run by then, was compiled in without type feedback, so that code left its optimised form
   * at that call in every later document (once an article, 599 times in 600).
   */
  private sumStaticFeatures({ forms, neighbours, lowers, shapes }: DocumentFeatures): Int32Array {
    this.prepareForms(forms, lowers, shapes);
    const n = forms.length;
    if (this.staticScores.length < n * CLASS_COUNT) this.staticScores = new Int32Array(Math.max(n, 2 * this.staticScores.length / CLASS_COUNT) * CLASS_COUNT);
    const { formScores, staticScores } = this;
    for (let i = 0; i < n; i++) {
      const at = i * CLASS_COUNT;
      const own = forms[i]! * FORM_WIDTH + OWN;
      const r = i * ROLE_COUNT;
      const m1 = neighbours[r]!;
      const p1 = neighbours[r + 2]!;
      const m2 = neighbours[r + 4]!;
      const p2 = neighbours[r + 6]!;
      if ((m1 | p1 | m2 | p2) >= 0) {
        // Mid-line (most tokens): four neighbours on the same line, every row in `formScores`, summed in one pass.
        const rowM1 = m1 * FORM_WIDTH + BOTH_ROLES;
        const rowP1 = p1 * FORM_WIDTH + BOTH_ROLES + CLASS_COUNT;
        const rowM2 = m2 * FORM_WIDTH + BOTH_ROLES + 2 * CLASS_COUNT;
        const rowP2 = p2 * FORM_WIDTH + BOTH_ROLES + 3 * CLASS_COUNT;
        for (let c = 0; c < CLASS_COUNT; c++) {
          staticScores[at + c] = formScores[own + c]!
            + formScores[rowM1 + c]! + formScores[rowP1 + c]! + formScores[rowM2 + c]! + formScores[rowP2 + c]!;
        }
      } else this.sumNeighboursAcrossLines(i, own, neighbours, staticScores);
    }
    return staticScores;
  }

  /**
   * The context features' weights, added to each token's scores. Their rows lie anywhere in the 3.7 MB weight
   * table, so most reads go to main memory: first every feature's place in the table, in a loop of its own whose
   * iterations do not wait on each other (the processor then has many reads of the rank bitmap in flight at
   * once), then the additions, likewise (a quarter less time in the stage than looking up and adding feature by
   * feature inside the loop over tokens).
   */
  private addContextFeatures(context: Uint32Array, offsets: Uint32Array, staticScores: Int32Array): void {
    const count = context.length;
    if (this.contextOffsets.length < count) this.contextOffsets = new Int32Array(Math.max(count, 2 * this.contextOffsets.length));
    const { table, contextOffsets } = this;
    for (let f = 0; f < count; f++) contextOffsets[f] = table.offsetOf(context[f]!);
    const values = table.values;
    for (let i = 0, n = offsets.length - 1; i < n; i++) {
      const at = i * CLASS_COUNT;
      for (let f = offsets[i]!, to = offsets[i + 1]!; f < to; f++) {
        const offset = contextOffsets[f]!;
        if (offset < 0) continue;
        for (let c = 0; c < CLASS_COUNT; c++) staticScores[at + c]! += values[offset + c]!;
      }
    }
  }

  /** `sumStaticFeatures` for a token with a neighbour missing or across a line break: each position apart. */
  private sumNeighboursAcrossLines(i: number, own: number, neighbours: Int32Array, staticScores: Int32Array): void {
    const { formScores, shapeScores, noWordScores, noNeighbourScores } = this;
    const at = i * CLASS_COUNT;
    for (let c = 0; c < CLASS_COUNT; c++) staticScores[at + c] = formScores[own + c]!;
    for (let p = 0, r = i * ROLE_COUNT; p < POSITIONS; p++, r += 2) {
      const sameLine = neighbours[r]!;
      const any = neighbours[r + 1]!;
      let row: number;
      let source: Int32Array;
      if (sameLine >= 0) {
        row = sameLine * FORM_WIDTH + BOTH_ROLES + p * CLASS_COUNT;
        source = formScores;
      } else if (any >= 0) {
        row = any * SHAPE_WIDTH + p * CLASS_COUNT;
        source = shapeScores;
        for (let c = 0; c < CLASS_COUNT; c++) staticScores[at + c]! += noWordScores[p * CLASS_COUNT + c]!;
      } else {
        row = p * CLASS_COUNT;
        source = noNeighbourScores;
      }
      for (let c = 0; c < CLASS_COUNT; c++) staticScores[at + c]! += source[row + c]!;
    }
  }

  /** Sums the weights of the forms first seen in this document. */
  private prepareForms(forms: Int32Array, lowers: Uint32Array, shapes: Uint32Array): void {
    if (this.formGeneration !== this.extractor.generation) {
      this.formReady.fill(0);
      this.formGeneration = this.extractor.generation;
    }
    let formCount = 0;
    for (let i = 0; i < forms.length; i++) if (forms[i]! >= formCount) formCount = forms[i]! + 1;
    if (formCount > this.formReady.length) {
      this.formReady = grow(this.formReady, formCount - 1);
      const capacity = this.formReady.length;
      this.formScores = grow(this.formScores, capacity * FORM_WIDTH - 1);
      this.shapeScores = grow(this.shapeScores, capacity * SHAPE_WIDTH - 1);
    }
    const { extractor } = this;
    for (let i = 0; i < forms.length; i++) {
      const form = forms[i]!;
      if (this.formReady[form]) continue;
      const at = form * FORM_WIDTH;
      const quietCount = lexicalDynamicFeatures(0, lowers[i]!, shapes[i]!, 0, this.dynamic, 0);
      const quiet = this.dynamic.subarray(0, quietCount);
      this.sum([extractor.own(form), quiet], this.formScores, at + OWN);
      this.sum([quiet], this.formScores, at + QUIET);
      for (let p = 0; p < POSITIONS; p++) {
        const word = extractor.role(form, 2 * p);
        const shape = extractor.role(form, 2 * p + 1);
        this.sum([word, shape], this.formScores, at + BOTH_ROLES + p * CLASS_COUNT);
        this.sum([shape], this.shapeScores, form * SHAPE_WIDTH + p * CLASS_COUNT);
      }
      this.formReady[form] = 1;
    }
  }

  static load(modelPath: string, gazetteerPath: string): NerModel {
    let raw: Buffer;
    let gazetteer: GazetteerFile;
    try {
      raw = gunzipSync(readFileSync(modelPath));
      gazetteer = JSON.parse(readFileSync(gazetteerPath, 'utf8')) as GazetteerFile;
    } catch (error) {
      throw new PresslensError('model-error', `cannot load the NER model from ${modelPath}: ${(error as Error).message}`);
    }
    return NerModel.decode(raw, modelPath, new Gazetteer(gazetteer));
  }

  /** A model from the bytes `encodeWeights` wrote (after gunzip). */
  static decode(raw: Buffer, path: string, gazetteer: Gazetteer): NerModel {
    if (raw.length < MAGIC.length + 4 || raw.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new PresslensError('model-error', `${path}: not a presslens NER model`);
    const metaLength = raw.readUInt32LE(MAGIC.length);
    let offset = MAGIC.length + 4;
    const meta = JSON.parse(raw.toString('utf8', offset, offset + metaLength)) as ModelMeta;
    offset += metaLength;
    const rowCount = raw.readUInt32LE(offset + 4);
    offset += 8;
    if (raw.length !== offset + rowCount * (4 + CLASS_COUNT * 2)) {
      throw new PresslensError('model-error', `${path}: NER model truncated or corrupt (${raw.length} bytes for ${rowCount} rows)`);
    }
    // Copied into typed arrays of their own (aligned), not read number by number: ~25 ms less at every worker's start.
    const rows = new Uint32Array(rowCount);
    const rowBytes = Buffer.from(rows.buffer);
    raw.copy(rowBytes, 0, offset, offset + rowCount * 4);
    if (endianness() === 'BE') rowBytes.swap32();
    offset += rowCount * 4;
    const rowLimit = 2 ** meta.bits;
    for (let k = 0; k < rowCount; k++) {
      if (rows[k]! >= rowLimit || (k > 0 && rows[k]! <= rows[k - 1]!)) {
        throw new PresslensError('model-error', `${path}: NER model corrupt (weight row ${rows[k]} out of order or beyond 2^${meta.bits})`);
      }
    }
    const values = new Int16Array(rowCount * CLASS_COUNT);
    const valueBytes = Buffer.from(values.buffer);
    raw.copy(valueBytes, 0, offset, offset + values.byteLength);
    if (endianness() === 'BE') valueBytes.swap16();
    return new NerModel(meta, new WeightTable(meta.bits, rows, values), gazetteer);
  }
}

/** File layout (before gzip): MAGIC, u32 meta length, meta JSON, f32 scale, u32 row count, u32 rows[], i16 values[rows × classes]. */
export function encodeWeights(meta: ModelMeta, weights: Float32Array): Buffer {
  const rows: number[] = [];
  let maxAbs = 0;
  for (let r = 0; r < weights.length / CLASS_COUNT; r++) {
    let any = false;
    for (let c = 0; c < CLASS_COUNT; c++) {
      const w = weights[r * CLASS_COUNT + c]!;
      if (w !== 0) any = true;
      if (Math.abs(w) > maxAbs) maxAbs = Math.abs(w);
    }
    if (any) rows.push(r);
  }
  const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
  const metaBytes = Buffer.from(JSON.stringify(meta), 'utf8');
  const header = Buffer.alloc(MAGIC.length + 4);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(metaBytes.length, MAGIC.length);
  const body = Buffer.alloc(8 + rows.length * 4 + rows.length * CLASS_COUNT * 2);
  body.writeFloatLE(scale, 0);
  body.writeUInt32LE(rows.length, 4);
  let offset = 8;
  for (const r of rows) {
    body.writeUInt32LE(r, offset);
    offset += 4;
  }
  for (const r of rows) {
    for (let c = 0; c < CLASS_COUNT; c++) {
      body.writeInt16LE(Math.round(weights[r * CLASS_COUNT + c]! / scale), offset);
      offset += 2;
    }
  }
  return gzipSync(Buffer.concat([header, metaBytes, body]), { level: 9 });
}

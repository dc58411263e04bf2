import { PresslensError } from '../../core/errors.js';
import { EVALUATIVE, type TokenContext } from './features.js';

/** What proposed a span (TaggedSpan.source): a word-level span, a clause unit taken whole, a threshold run. */
export const SPAN_SOURCES = ['word', 'unit', 'run'] as const;
export type SpanSource = (typeof SPAN_SOURCES)[number];
export const WORD_SPAN = 0;
export const UNIT_SPAN = 1;
export const RUN_SPAN = 2;

/** The span a scorer judges: a token range, its technique's class, and what proposed it (see TaggedSpan). */
export interface ScoredSpanInput {
  first: number;
  last: number;
  technique: string;
  source: number;
}

/**
 * Features of a proposed span, in this order (the model file names them, so that a model and this code that
 * disagree are caught at load). Probabilities enter as log-odds; `in` is P(inside some technique).
 */
export const SPAN_FEATURES = [
  'bias',
  'log tokens',
  'mean in', 'max in', 'min in',
  'mean technique', 'max technique',
  'max loaded',
  'mean other',
  'unit words',
  'unit share',
  'log unit tokens',
  'unit max in',
  'evaluative words',
  'quoted share',
  'repeated share',
  'article mean in',
  'article position',
  'first unit',
  'word spans inside',
  'inside a run',
] as const;

/** The span scorer of the model file: per source, one weight per SPAN_FEATURES name, and the log-odds bar. */
export interface SpanScorerFile {
  features: string[];
  weights: Record<SpanSource, number[]>;
  bars: Record<SpanSource, number>;
}

/** ln(p / (1 - p)), finite for p in [0, 1] */
export const logOdds = (p: number): number => Math.log(Math.max(p, 1e-4) / Math.max(1 - p, 1e-4));

/**
 * The second stage of span decoding: the decoder proposes spans (word-level spans, whole units, threshold
 * runs), and a logistic model per source over features of the whole span (its tokens' probabilities, its
 * unit's words, evaluative words, quotation, place in the article, the other proposals around it) estimates
 * the share of its characters inside annotated stretches; spans whose estimate is below their source's bar
 * are dropped. Trained by scripts/train-framing.mjs on out-of-fold proposals of the PTC fit split, bars
 * chosen there (docs/models/framing.md). Cost: a few dozen spans per article, one pass over each.
 */
export class SpanScorer {
  private readonly weights: Float64Array;
  private readonly bars: Float64Array;
  private readonly width: number;
  private readonly classIndex: Map<string, number>;
  private readonly loaded: number;
  private readonly other: number;
  private readonly row = new Float64Array(SPAN_FEATURES.length);

  constructor(file: SpanScorerFile, classes: readonly string[], version: string) {
    if (file.features.length !== SPAN_FEATURES.length || file.features.some((name, k) => name !== SPAN_FEATURES[k])) {
      throw new PresslensError('model-error', `framing model ${version}: span scorer features [${file.features.join(', ')}] differ from the code's (retrain)`);
    }
    const n = SPAN_FEATURES.length;
    this.weights = new Float64Array(SPAN_SOURCES.length * n);
    SPAN_SOURCES.forEach((source, s) => {
      const w = file.weights[source];
      if (w.length !== n) throw new PresslensError('model-error', `framing model ${version}: ${w.length} span scorer weights for ${source} spans, expected ${n}`);
      this.weights.set(w, s * n);
    });
    this.bars = Float64Array.from(SPAN_SOURCES, (source) => file.bars[source]);
    this.width = classes.length;
    this.classIndex = new Map(classes.map((c, k) => [c, k]));
    this.loaded = classes.indexOf('Loaded_Language');
    this.other = classes.indexOf('other');
  }

  /** The spans whose score reaches their source's bar (the array itself when all do). */
  keep<T extends ScoredSpanInput>(spans: T[], probs: Float32Array, ctx: TokenContext, unitEvidence: Float64Array | undefined): T[] {
    const scores = this.scores(spans, probs, ctx, unitEvidence);
    const kept: T[] = [];
    for (let k = 0; k < spans.length; k++) if (scores[k]! >= this.bars[spans[k]!.source]!) kept.push(spans[k]!);
    return kept.length === spans.length ? spans : kept;
  }

  /** Per span, its log-odds of being inside annotated stretches (see SpanScorer). */
  scores(spans: readonly ScoredSpanInput[], probs: Float32Array, ctx: TokenContext, unitEvidence: Float64Array | undefined): Float64Array {
    const out = new Float64Array(spans.length);
    if (spans.length === 0) return out;
    const article = new ArticleView(spans, probs, this.width, ctx);
    const row = this.row;
    for (let k = 0; k < spans.length; k++) {
      const span = spans[k]!;
      this.features(span, article, unitEvidence, row);
      const at = span.source * row.length;
      let z = 0;
      for (let f = 0; f < row.length; f++) z += this.weights[at + f]! * row[f]!;
      out[k] = z;
    }
    return out;
  }

  /** Per span, its feature row (SPAN_FEATURES order): for the trainer. */
  featureRows(spans: readonly ScoredSpanInput[], probs: Float32Array, ctx: TokenContext, unitEvidence: Float64Array | undefined): Float64Array[] {
    const article = new ArticleView(spans, probs, this.width, ctx);
    return spans.map((span) => {
      const row = new Float64Array(SPAN_FEATURES.length);
      this.features(span, article, unitEvidence, row);
      return row;
    });
  }

  private features(span: ScoredSpanInput, article: ArticleView, unitEvidence: Float64Array | undefined, row: Float64Array): void {
    const { probs, ctx } = article;
    const { width } = this;
    const technique = this.classIndex.get(span.technique) ?? -1;
    const { first, last } = span;
    const unit = ctx.unit[first]!;
    const unitFrom = ctx.unitFirst[unit]!;
    const unitTo = ctx.unitFirst[unit + 1]!;
    let sumIn = 0, maxIn = 0, minIn = 1, sumTechnique = 0, maxTechnique = 0, maxLoaded = 0, sumOther = 0;
    let evaluative = 0, quoted = 0, repeated = 0, wordSpanTokens = 0;
    for (let k = first; k < last; k++) {
      const inside = 1 - probs[k * width]!;
      sumIn += inside;
      if (inside > maxIn) maxIn = inside;
      if (inside < minIn) minIn = inside;
      const p = technique > 0 ? probs[k * width + technique]! : 0;
      sumTechnique += p;
      if (p > maxTechnique) maxTechnique = p;
      if (this.loaded > 0 && probs[k * width + this.loaded]! > maxLoaded) maxLoaded = probs[k * width + this.loaded]!;
      if (this.other > 0) sumOther += probs[k * width + this.other]!;
      if (ctx.classes[k]! & EVALUATIVE || ctx.lexiconKind[k]) evaluative++;
      quoted += ctx.quoted[k]!;
      if (ctx.wordRepeat[k]) repeated++;
      wordSpanTokens += article.wordSpanTokens[k]!;
    }
    let unitMax = 0;
    for (let k = unitFrom; k < unitTo; k++) unitMax = Math.max(unitMax, 1 - probs[k * width]!);
    const n = last - first;
    const units = ctx.unitFirst.length - 1;
    let f = 0;
    row[f++] = 1;
    row[f++] = Math.log(n);
    row[f++] = logOdds(sumIn / n);
    row[f++] = logOdds(maxIn);
    row[f++] = logOdds(minIn);
    row[f++] = logOdds(sumTechnique / n);
    row[f++] = logOdds(maxTechnique);
    row[f++] = logOdds(maxLoaded);
    row[f++] = logOdds(sumOther / n);
    row[f++] = unitEvidence?.[unit] ?? 0;
    row[f++] = n / Math.max(1, unitTo - unitFrom);
    row[f++] = Math.log(Math.max(1, unitTo - unitFrom));
    row[f++] = logOdds(unitMax);
    row[f++] = Math.log1p(evaluative);
    row[f++] = quoted / n;
    row[f++] = repeated / n;
    row[f++] = article.meanInside;
    row[f++] = units > 1 ? unit / (units - 1) : 0;
    row[f++] = unit === 0 ? 1 : 0;
    row[f++] = span.source === WORD_SPAN ? 0 : Math.log1p(wordSpanTokens);
    let inRun = 0;
    if (span.source === WORD_SPAN) for (let k = first; k < last; k++) inRun = Math.max(inRun, article.runTokens[k]!);
    row[f++] = inRun;
  }
}

/** Per article, what every span's features read: the article's mean P(inside), which tokens the proposals cover. */
class ArticleView {
  readonly meanInside: number;
  readonly wordSpanTokens: Uint8Array;
  readonly runTokens: Uint8Array;

  constructor(spans: readonly ScoredSpanInput[], readonly probs: Float32Array, width: number, readonly ctx: TokenContext) {
    let sum = 0;
    for (let k = 0; k < ctx.count; k++) sum += 1 - probs[k * width]!;
    this.meanInside = logOdds(ctx.count ? sum / ctx.count : 0);
    this.wordSpanTokens = new Uint8Array(ctx.count);
    this.runTokens = new Uint8Array(ctx.count);
    for (const span of spans) (span.source === WORD_SPAN ? this.wordSpanTokens : this.runTokens).fill(1, span.first, span.last);
  }
}

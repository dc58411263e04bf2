import { PresslensError } from '../../core/errors.js';
import type { TokenTable } from '../tokenize/index.js';
import { EVALUATIVE, type TokenContext } from './features.js';

/** The context network's part of the model file (see ContextNet); weights row-major, rounded. */
export interface ContextNetFile {
  /** tokens read on each side of the token */
  window: number;
  hidden: number;
  /** hidden × contextInputCount(window, classes) */
  inputWeights: number[];
  hiddenBias: number[];
  /** classes × hidden */
  outputWeights: number[];
  outputBias: number[];
}

/** Class scores are clipped to ±CLIP and divided by it: inputs of the order of one. */
const CLIP = 8;
const PUNCT = 2;

/** Inputs per token: per window position its class scores and a same-unit bit, then unit, token and article figures. */
export function contextInputCount(window: number, classes: number): number {
  return (2 * window + 1) * (classes - 1) + 2 * window + UNIT_INPUTS + TOKEN_INPUTS + ARTICLE_INPUTS;
}
const UNIT_INPUTS = 5;
const TOKEN_INPUTS = 4;
const ARTICLE_INPUTS = 2;

/**
 * The network's inputs for every token (count × contextInputCount), from the token layer's probabilities
 * (count × classes, class 0 "outside"): what the layer said of the token and of its neighbours (ln P(c) / P(outside)
 * for each technique class, so that rare words' strong scores pass through unchanged), whether each neighbour is
 * in the same clause unit, the unit's words evidence (UnitWords log-odds), length, strongest and mean P(inside),
 * the token's place in its unit, whether it is punctuation, evaluative, a lexicon term or quoted, and the article's
 * mean P(inside) and P(loaded). Shared by the stage and scripts/train-framing.mjs.
 */
export function contextInputs(probs: Float32Array, classes: number, tokens: TokenTable, ctx: TokenContext, window: number, unitEvidence?: Float64Array): Float32Array {
  const { count } = ctx;
  const scores = classes - 1;
  const stride = contextInputCount(window, classes);
  const logits = new Float32Array(count * scores);
  let articleInside = 0;
  let articleLoaded = 0;
  for (let i = 0; i < count; i++) {
    const outside = Math.log(Math.max(probs[i * classes]!, 1e-9));
    for (let c = 1; c < classes; c++) {
      const z = Math.log(Math.max(probs[i * classes + c]!, 1e-9)) - outside;
      logits[i * scores + c - 1] = Math.max(-CLIP, Math.min(CLIP, z)) / CLIP;
    }
    articleInside += 1 - probs[i * classes]!;
    articleLoaded += probs[i * classes + 1]!;
  }
  articleInside /= Math.max(1, count);
  articleLoaded /= Math.max(1, count);
  const out = new Float32Array(count * stride);
  const units = ctx.unitFirst.length - 1;
  for (let u = 0; u < units; u++) {
    const from = ctx.unitFirst[u]!;
    const to = ctx.unitFirst[u + 1]!;
    let strongest = 0;
    let mean = 0;
    for (let k = from; k < to; k++) {
      const inside = 1 - probs[k * classes]!;
      strongest = Math.max(strongest, inside);
      mean += inside;
    }
    mean /= to - from;
    const evidence = (unitEvidence?.[u] ?? 0) / 4;
    const length = Math.log((to - from) / 10);
    for (let i = from; i < to; i++) {
      let at = i * stride;
      for (let d = -window; d <= window; d++) {
        const j = i + d;
        if (j >= 0 && j < count) for (let c = 0; c < scores; c++) out[at + c] = logits[j * scores + c]!;
        at += scores;
        if (d !== 0) out[at++] = j >= 0 && j < count && ctx.unit[j] === u ? 1 : 0;
      }
      out[at++] = evidence;
      out[at++] = length;
      out[at++] = strongest;
      out[at++] = mean;
      out[at++] = (i - from) / (to - from);
      out[at++] = tokens.kind[i] === PUNCT ? 1 : 0;
      out[at++] = ctx.classes[i]! & EVALUATIVE ? 1 : 0;
      out[at++] = ctx.lexiconKind[i] ? 1 : 0;
      out[at++] = ctx.quoted[i]!;
      out[at++] = articleInside;
      out[at++] = articleLoaded;
    }
  }
  return out;
}

/**
 * A small network over a window of the token layer's class probabilities and unit-level figures (one hidden
 * tanh layer), whose output is added to the token layer's log-probabilities: a correction the linear layer
 * cannot make (it sees features one at a time, not "a strong word in a plain sentence" or "between two
 * annotated tokens"). Trained by scripts/train-framing.mjs on the PTC fit split's out-of-fold probabilities.
 */
export class ContextNet {
  readonly window: number;
  private readonly hidden: number;
  private readonly inputs: number;
  private readonly inputWeights: Float32Array;
  private readonly hiddenBias: Float32Array;
  private readonly outputWeights: Float32Array;
  private readonly outputBias: Float32Array;

  constructor(file: ContextNetFile, private readonly classes: number) {
    this.window = file.window;
    this.hidden = file.hidden;
    this.inputs = contextInputCount(file.window, classes);
    if (file.inputWeights.length !== this.hidden * this.inputs || file.outputWeights.length !== classes * this.hidden) {
      throw new PresslensError('model-error', `framing context network: weights do not fit ${this.inputs} inputs, ${this.hidden} hidden units, ${classes} classes (retrain)`);
    }
    this.inputWeights = Float32Array.from(file.inputWeights);
    this.hiddenBias = Float32Array.from(file.hiddenBias);
    this.outputWeights = Float32Array.from(file.outputWeights);
    this.outputBias = Float32Array.from(file.outputBias);
  }

  /** The token layer's probabilities (count × classes) corrected, as new probabilities. */
  apply(probs: Float32Array, tokens: TokenTable, ctx: TokenContext, unitEvidence?: Float64Array): Float32Array {
    const { classes, hidden, inputs, inputWeights, hiddenBias, outputWeights, outputBias } = this;
    const x = contextInputs(probs, classes, tokens, ctx, this.window, unitEvidence);
    const out = new Float32Array(ctx.count * classes);
    const h = new Float32Array(hidden);
    for (let i = 0; i < ctx.count; i++) {
      const at = i * inputs;
      for (let j = 0; j < hidden; j++) {
        let sum = hiddenBias[j]!;
        const row = j * inputs;
        for (let k = 0; k < inputs; k++) sum += inputWeights[row + k]! * x[at + k]!;
        h[j] = Math.tanh(sum);
      }
      let max = -Infinity;
      for (let c = 0; c < classes; c++) {
        let z = Math.log(Math.max(probs[i * classes + c]!, 1e-9)) + outputBias[c]!;
        for (let j = 0; j < hidden; j++) z += outputWeights[c * hidden + j]! * h[j]!;
        out[i * classes + c] = z;
        max = Math.max(max, z);
      }
      let total = 0;
      for (let c = 0; c < classes; c++) total += out[i * classes + c] = Math.exp(out[i * classes + c]! - max);
      for (let c = 0; c < classes; c++) out[i * classes + c]! /= total;
    }
    return out;
  }
}

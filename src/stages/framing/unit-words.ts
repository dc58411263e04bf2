import { grow } from '../../core/grow.js';
import type { TokenContext } from './features.js';

/** The unit-words part of the model file: a logistic model's bias and word weights (see UnitWords). */
export interface UnitWordsFile {
  bias: number;
  /** lower-cased word → weight; words absent weigh 0 */
  words: Record<string, number>;
}

/**
 * Evidence that a clause unit holds an annotated stretch, from all of its words at once: the log-odds of a
 * bag-of-words logistic model trained by scripts/train-framing.mjs on the PTC fit split's units (a unit is
 * positive when at least a fifth of its characters are inside some gold span). The token model sees two words
 * either side; this sees the whole sentence ("so-called … again … disaster"), and it decides, together with
 * the strongest token, which units the decoder takes whole (DecodeSettings.unitWordWeight).
 * Per token one array read: weights are cached by the WordTable id of the word, per table generation.
 */
export class UnitWords {
  private readonly weightOf: Map<string, number>;
  private readonly bias: number;
  /** by word id: its weight, NaN while not looked up */
  private cache = new Float32Array(0);
  private generation = -1;

  constructor(file: UnitWordsFile) {
    this.bias = file.bias;
    this.weightOf = new Map(Object.entries(file.words));
  }

  /** Per clause unit of ctx, the model's log-odds (bias + the weights of its tokens' words, repeats counted). */
  scores(ctx: TokenContext): Float64Array {
    if (ctx.generation !== this.generation || ctx.words.length > this.cache.length) {
      if (ctx.generation !== this.generation) this.cache = new Float32Array(0);
      const looked = this.cache.length;
      this.cache = grow(this.cache, ctx.words.length).fill(NaN, looked);
      this.generation = ctx.generation;
    }
    const { cache, weightOf } = this;
    const units = ctx.unitFirst.length - 1;
    const out = new Float64Array(units);
    for (let u = 0; u < units; u++) {
      let sum = this.bias;
      for (let k = ctx.unitFirst[u]!; k < ctx.unitFirst[u + 1]!; k++) {
        const id = ctx.wordId[k]!;
        let weight = cache[id]!;
        if (weight !== weight) cache[id] = weight = weightOf.get(ctx.words[id]!) ?? 0;
        sum += weight;
      }
      out[u] = sum;
    }
    return out;
  }
}

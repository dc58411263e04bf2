import type { FramingFinding } from '../../core/article.js';

/**
 * Techniques that describe sourcing or hedging, not loaded wording, and contested terms (a side's own name for
 * itself or its usual neutral wording, which the other side contests: reported with the style guide's
 * alternative, but not a flag — see docs/NEUTRALITY.md); they are left out of the rates.
 */
export const NOT_LOADED = new Set(['Hedge', 'Intensifier', 'Vague_Attribution', 'Contested_Term']);

/**
 * The model's spans are decoded for recall (SI scoring rewards covering the annotated stretches); their
 * `confidence` is calibrated on PTC: the share of a span's characters that were inside a gold span of its
 * technique, for out-of-fold spans of that raw confidence (scripts/train-framing.mjs, `calibration` in the
 * model file). As a flag for the reader a model finding counts when it is more likely right than not, by that
 * PTC measure; the bar was not chosen on the audit (docs/NEUTRALITY.md). Lexicon and rule findings always count.
 */
export const MODEL_FLAG_CONFIDENCE = 0.5;

export function isLoadedFlag(f: FramingFinding): boolean {
  if (NOT_LOADED.has(f.technique)) return false;
  return f.kind !== 'model' || (f.confidence ?? 0) >= MODEL_FLAG_CONFIDENCE;
}

export interface VoiceRate {
  findings: number;
  per1000Words: number;
}

/** The `framingSummary` extension: loaded findings per 1,000 words, in the outlet's voice and in quotes. */
export interface FramingSummary {
  words: number;
  outlet: VoiceRate;
  quoted: VoiceRate;
}

export function framingSummary(findings: readonly FramingFinding[], words: number): FramingSummary {
  const count = { outlet: 0, quoted: 0 };
  for (const f of findings) if (isLoadedFlag(f)) count[f.voice]++;
  const rate = (n: number): VoiceRate => ({ findings: n, per1000Words: words ? Math.round((n * 10000) / words) / 10 : 0 });
  return { words, outlet: rate(count.outlet), quoted: rate(count.quoted) };
}

import type { FramingFinding } from '../../core/article.js';

/**
 * Techniques that describe sourcing or hedging, not loaded wording, and contested terms (a side's own name for
 * itself or its usual neutral wording, which the other side contests: reported with the style guide's
 * alternative, but not a flag — see docs/NEUTRALITY.md); they are left out of the rates.
 */
export const NOT_LOADED = new Set(['Hedge', 'Intensifier', 'Vague_Attribution', 'Contested_Term']);

/**
 * The model's spans are decoded for recall (SI scoring rewards covering the annotated stretches), and its
 * probabilities are those of PTC, a propaganda-heavy corpus where far more text is annotated than in ordinary
 * news: as a flag for the reader only findings with confidence ≥ 0.7 count. (At 0.5 the one-layer model of
 * 2026-11-25 failed the BABE audit: biased/unbiased 1.74×, left–right gap 3.6 points; see docs/NEUTRALITY.md.)
 * Lexicon and rule findings always count.
 */
export const MODEL_FLAG_CONFIDENCE = 0.7;

/**
 * The model's Name_Calling,Labeling class is reported but never a flag: trained on PTC, it also tags plain
 * descriptors of people and groups (on BABE's unbiased sentences its most frequent finding was "a black man"),
 * so as a flag it would count identity, not wording. The curated lexicon's name-calling entries still count.
 */
const MODEL_NOT_FLAGS = new Set(['Name_Calling,Labeling']);

export function isLoadedFlag(f: FramingFinding): boolean {
  if (NOT_LOADED.has(f.technique)) return false;
  if (f.kind !== 'model') return true;
  return !MODEL_NOT_FLAGS.has(f.technique) && (f.confidence ?? 0) >= MODEL_FLAG_CONFIDENCE;
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

/**
 * Explicit limits on what one document may cost. Documented in docs/LIMITS.md; every one can be changed
 * through PipelineOptions (library) or a command-line flag.
 */
export interface Limits {
  /** Largest input accepted, in bytes (HTML or text, before decoding). */
  maxInputBytes: number;
  /** Element depth beyond which HTML nesting is flattened (children are kept, structure is not). */
  maxHtmlDepth: number;
  /** Wall-clock budget for analysing one document, in milliseconds; 0 disables it. */
  timeLimitMs: number;
  /** Largest clean text kept after extraction, in UTF-16 code units; longer text is cut at a block end. */
  maxTextChars: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxInputBytes: 20 * 1024 * 1024,
  maxHtmlDepth: 256,
  timeLimitMs: 30_000,
  maxTextChars: 2_000_000,
});

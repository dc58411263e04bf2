/**
 * presslens as a library:
 *
 *   import { analyze } from 'presslens';
 *   const article = analyze({ html, url });
 *
 * `createPipeline` builds a reusable pipeline (models loaded once); `analyze` uses a shared default one.
 */
import type { ArticleJson } from './core/article.js';
import type { AnalyzeInput } from './core/input.js';
import { createPipeline, type Pipeline } from './core/pipeline.js';

export * from './core/article.js';
export type { AnalyzeInput } from './core/input.js';
export { PresslensError, type ErrorCode } from './core/errors.js';
export { DEFAULT_LIMITS, type Limits } from './core/limits.js';
export { createPipeline, type Pipeline, type PipelineOptions } from './core/pipeline.js';

let defaultPipeline: Pipeline | null = null;

/** Analyse one document with the default pipeline (built on first use). */
export function analyze(input: AnalyzeInput | string): ArticleJson {
  defaultPipeline ??= createPipeline();
  return defaultPipeline.analyze(typeof input === 'string' ? { text: input } : input);
}

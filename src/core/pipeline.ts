import type { StageFactory } from './stage.js';
import { buildPipeline, EXTRACT_ONLY_STAGES, type Pipeline, type PipelineOptions } from './pipeline-builder.js';
import { createQuotesStage } from '../stages/quotes/index.js';
import { createEntitiesStage } from '../stages/entities/index.js';
import { createDatesStage } from '../stages/dates/index.js';
import { createFramingStage } from '../stages/framing/index.js';

export { PresslensError } from './errors.js';
export type { Pipeline, PipelineOptions } from './pipeline-builder.js';

/** The analysis stages after extraction, in order. Later issues append their stages here. */
export const ANALYSIS_STAGES: readonly StageFactory[] = [...EXTRACT_ONLY_STAGES, createEntitiesStage, createDatesStage, createQuotesStage, createFramingStage];

/**
 * Builds the pipeline once — models loaded, lexicons compiled — and returns a function that runs it per
 * document. `extractOnly` stops after extraction and sentence segmentation.
 */
export function createPipeline(options: PipelineOptions = {}): Pipeline {
  return buildPipeline(options, options.extractOnly ? EXTRACT_ONLY_STAGES : ANALYSIS_STAGES);
}

import type { Pipeline, PipelineOptions } from './pipeline-builder.js';

/**
 * `createPipeline`, with the stages' modules imported only when the pipeline is built, and only those that
 * will run: an extract-only process (a batch that measures extraction, each of its worker threads) then starts
 * without loading the models and libraries of the later stages, which take longer to import than a hundred
 * pages take to extract; and a batch's main thread, which hands every document to worker threads, loads none.
 */
export async function loadPipeline(options: PipelineOptions): Promise<Pipeline> {
  if (options.extractOnly) {
    const { buildPipeline, EXTRACT_ONLY_STAGES } = await import('./pipeline-builder.js');
    return buildPipeline(options, EXTRACT_ONLY_STAGES);
  }
  const { createPipeline } = await import('./pipeline.js');
  return createPipeline(options);
}

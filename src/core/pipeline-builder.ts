import { Article } from './article.js';
import { Deadline } from './deadline.js';
import { contentId } from './hash.js';
import type { AnalyzeInput } from './input.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import type { ArticleJson } from './article.js';
import type { Stage, StageFactory } from './stage.js';
import { createExtractor } from '../stages/extract/index.js';
import { createSegmentStage } from '../stages/segment/index.js';

export interface PipelineOptions {
  limits?: Partial<Limits>;
  /** Stop after extraction (and sentence segmentation): used to measure extraction alone. */
  extractOnly?: boolean;
}

export interface Pipeline {
  readonly limits: Limits;
  /** Analyse one document. Throws PresslensError for input that cannot be analysed. */
  analyze(input: AnalyzeInput): ArticleJson;
}

/** The stages an extract-only pipeline runs after extraction: sentences, which every Article carries. */
export const EXTRACT_ONLY_STAGES: readonly StageFactory[] = [createSegmentStage];

/**
 * Builds a pipeline over the given analysis stages once — models loaded, lexicons compiled — and returns a
 * function that runs it per document (unified's "freeze": set up once, run many).
 */
export function buildPipeline(options: PipelineOptions, factories: readonly StageFactory[]): Pipeline {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const extractor = createExtractor(limits);
  const stages: Stage[] = factories.map((factory) => factory({ limits }));
  return {
    limits,
    analyze(input) {
      const label = input.label ?? input.id ?? 'input';
      const deadline = new Deadline(limits.timeLimitMs, label);
      const extracted = extractor.extract(input, deadline);
      const id = input.id ?? contentId(input.html ?? input.text ?? '');
      const article = new Article({ id, ...extracted });
      for (const stage of stages) {
        deadline.check(stage.name);
        stage.run(article, deadline);
      }
      deadline.check('output');
      return article.toJSON();
    },
  };
}

import type { Article } from './article.js';
import type { Deadline } from './deadline.js';
import type { Limits } from './limits.js';

/** Options every stage factory receives when the pipeline is built. */
export interface StageOptions {
  limits: Limits;
}

/**
 * A pipeline stage after set-up: its models and patterns are loaded by the factory, once; `run` is called
 * per document and only adds annotations to the article (never changes its text).
 */
export interface Stage {
  readonly name: string;
  run(article: Article, deadline: Deadline): void;
}

export type StageFactory = (options: StageOptions) => Stage;

import type { ArticleMeta, Block, Message } from '../../core/article.js';

/** What extraction hands to the rest of the pipeline: the clean text with its blocks, and metadata. */
export interface Extracted {
  text: string;
  blocks: Block[];
  meta: ArticleMeta;
  messages: Message[];
}

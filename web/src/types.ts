// The UI speaks the server's JSON shapes; the types come from the server's own source (type-only imports).
export type { ArticleJson, Entity, FramingFinding, Quote, Sentence, Span, Voice, EntityType } from '../../src/core/article.js';
export type {
  ArticleSummary, Comparison, EntityDetail, EntitySummary, OutletProfile, Page, QuoteRecord, SearchHit, SentenceGroup, TextSnippet,
} from '../../src/server/corpus.js';
export type { Problem } from '../../src/server/problem.js';
export type { ArticleRef, CoverageDiff, Evidence } from '../../src/compare/diff/types.js';

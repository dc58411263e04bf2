/**
 * Compare coverage across outlets: story clustering (IncrementalClusterer) and the coverage diff
 * (compareArticles). Both work on ArticleJson (or the subset they need), so the store and the UI can call
 * them on stored analyses. See docs/COMPARE.md.
 */
export { IncrementalClusterer, DEFAULT_CLUSTERER_OPTIONS } from './cluster/clusterer.js';
export type { ClusterAssignment, ClusterDocument, ClustererOptions, ClustererSnapshot, ClusterSummary } from './cluster/clusterer.js';
export { pairwiseScores, type PairwiseScores } from './cluster/pairwise.js';
export { compareArticles, WIRE_COPY_SIMILARITY } from './diff/index.js';
export * from './diff/types.js';
export type { ComparableArticle } from './diff/prepare.js';
export { extractClaims } from './diff/numbers.js';
export { renderCoverageText } from './render-text.js';

/**
 * Runs the clusterer over a generated labelled stream and scores it pairwise. Used by the test (small set)
 * and by scripts/bench-cluster.mjs (100k articles, timed).
 */
import { IncrementalClusterer, type ClustererOptions } from '../cluster/clusterer.js';
import { pairwiseScores, type PairwiseScores } from '../cluster/pairwise.js';
import { storyStream, type StreamOptions } from './stories.js';

export interface ClusteringRun {
  articles: number;
  stories: number;
  clusters: number;
  scores: PairwiseScores;
  /** Wire copies placed in the same wire group as their source. */
  wireCopiesGrouped: number;
  wireCopies: number;
  /** Pairwise scores of wire groups against the generator's copy relation. */
  wireScores: PairwiseScores;
  /** Time spent in `add` alone, in milliseconds. */
  addMs: number;
}

export function evaluateClustering(stream: Partial<StreamOptions>, options: Partial<ClustererOptions> & { withEntities?: boolean } = {}): ClusteringRun {
  const { withEntities = false, ...clustererOptions } = options;
  const clusterer = new IncrementalClusterer(clustererOptions);
  const gold = new Map<string, string>();
  const predicted = new Map<string, string>();
  const wireGroups = new Map<string, string>();
  const stories = new Set<string>();
  const goldWire = new Map<string, string>();
  let wireCopies = 0;
  let wireCopiesGrouped = 0;
  let addMs = 0;
  for (const article of storyStream(stream)) {
    const doc = {
      id: article.id, title: article.title, text: article.text, publishedAt: article.publishedAt,
      entities: withEntities ? article.entities : undefined,
    };
    const started = performance.now();
    const placed = clusterer.place(doc);
    addMs += performance.now() - started;
    gold.set(article.id, article.storyId);
    predicted.set(article.id, placed.clusterId);
    wireGroups.set(article.id, placed.wireGroupId);
    stories.add(article.storyId);
    goldWire.set(article.id, article.copyOf ?? article.id);
    if (article.copyOf) {
      wireCopies++;
      if (wireGroups.get(article.copyOf) === placed.wireGroupId) wireCopiesGrouped++;
    }
  }
  return {
    articles: gold.size, stories: stories.size, clusters: clusterer.clusterCount,
    scores: pairwiseScores(gold, predicted), wireScores: pairwiseScores(goldWire, wireGroups), wireCopies, wireCopiesGrouped, addMs,
  };
}

// Story clustering on hand-written rewrites (test/compare-cases/rewrite-set.ts): real-style coverage of one
// story by several outlets in their own words, with same-town and same-type distractors. The scores are
// printed and documented in docs/COMPARE.md ("Hand-written rewrites").
import { describe, expect, it } from 'vitest';
import { IncrementalClusterer } from '../../src/compare/cluster/clusterer.js';
import { pairwiseScores } from '../../src/compare/cluster/pairwise.js';
import { REWRITE_SET } from './rewrite-set.js';

function cluster(withEntities: boolean) {
  const clusterer = new IncrementalClusterer();
  const gold = new Map<string, string>();
  const predicted = new Map<string, string>();
  for (const article of [...REWRITE_SET].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt))) {
    const entities = withEntities ? article.entities.map((name) => ({ name })) : undefined;
    predicted.set(article.id, clusterer.add({ ...article, entities }));
    gold.set(article.id, article.story);
  }
  return pairwiseScores(gold, predicted);
}

describe('clustering hand-written rewrites', () => {
  it.each([
    { withEntities: true, least: 0.85 },
    { withEntities: false, least: 0.75 },
  ])('entities from the analysis: $withEntities', ({ withEntities, least }) => {
    const scores = cluster(withEntities);
    console.info(`rewrites (${withEntities ? 'entities' : 'capitalised-name fallback'}): P ${scores.precision.toFixed(3)} R ${scores.recall.toFixed(3)} F1 ${scores.f1.toFixed(3)}`);
    // No distractor (same town, same mayor, same kind of event) may join a story.
    expect(scores.precision).toBe(1);
    expect(scores.f1).toBeGreaterThanOrEqual(least);
  });
});

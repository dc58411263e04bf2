/**
 * Pairwise clustering scores: every pair of articles is a decision (same story or not). Counted from the
 * contingency table of gold × predicted labels, so it is linear in the number of articles.
 */
export interface PairwiseScores {
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

export function pairwiseScores(gold: ReadonlyMap<string, string>, predicted: ReadonlyMap<string, string>): PairwiseScores {
  const cells = new Map<string, number>();
  const goldSizes = new Map<string, number>();
  const predictedSizes = new Map<string, number>();
  for (const [id, goldLabel] of gold) {
    const predictedLabel = predicted.get(id) ?? `missing:${id}`;
    const cell = `${goldLabel}\u0000${predictedLabel}`;
    cells.set(cell, (cells.get(cell) ?? 0) + 1);
    goldSizes.set(goldLabel, (goldSizes.get(goldLabel) ?? 0) + 1);
    predictedSizes.set(predictedLabel, (predictedSizes.get(predictedLabel) ?? 0) + 1);
  }
  const sum = (map: Map<string, number>) => [...map.values()].reduce((total, n) => total + pairs(n), 0);
  const correctPairs = sum(cells);
  const truePairs = sum(goldSizes);
  const predictedPairs = sum(predictedSizes);
  const precision = predictedPairs ? correctPairs / predictedPairs : 1;
  const recall = truePairs ? correctPairs / truePairs : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, truePairs, predictedPairs, correctPairs };
}

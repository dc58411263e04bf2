/**
 * A number as a small bucket index for a learned feature: how many of the ascending `edges` are at or below
 * it. With edges [1, 2, 3, 4, 7, 11]: 0 → 0, 1 → 1, 2 → 2, 3 → 3, 4–6 → 4, 7–10 → 5, 11 and more → 6.
 * The edges are part of a trained model: changing them means retraining it.
 */
export function bucket(value: number, edges: readonly number[]): number {
  let b = 0;
  while (b < edges.length && value >= edges[b]!) b++;
  return b;
}

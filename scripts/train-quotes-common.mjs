// Shared by the quotes stage's training scripts (scripts/train-quotes*.mjs): brat offsets and the averaged perceptron.

/** Added to every training's seed (`--seed`): 0 gives the shipped files; another value measures how much they owe to the draw. */
let seedOffset = 0;
export function setSeedOffset(offset) {
  seedOffset = offset;
}

/**
 * Trains weights over string features. `correction(example, weights)` returns the updates a wrong decision
 * calls for ([features, delta] pairs; empty when the decision was right). Examples are visited in a seeded
 * shuffle, so training is reproducible; the returned weights are averaged over every step and rounded.
 */
export function averagedPerceptron(set, epochs, seed, correction) {
  const weights = new Map();
  const totals = new Map(); // running sums for averaging
  let step = 1;
  const add = (f, delta) => {
    weights.set(f, (weights.get(f) ?? 0) + delta);
    totals.set(f, (totals.get(f) ?? 0) + step * delta);
  };
  const order = set.map((_, i) => i);
  seed += seedOffset;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const j = seed % (i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const k of order) {
      for (const [features, delta] of correction(set[k], weights)) for (const f of features) add(f, delta);
      step++;
    }
  }
  const averaged = new Map();
  for (const [f, w] of weights) {
    const value = w - totals.get(f) / step;
    if (Math.abs(value) >= 0.001) averaged.set(f, Math.round(value * 1000) / 1000);
  }
  return averaged;
}

export function scoreFeatures(weights, features) {
  let sum = 0;
  for (const f of features) sum += weights.get(f) ?? 0;
  return sum;
}

/** Spans of one role in a brat file, as [[start, end], …] fragments per span in code units (brat counts code points). */
export function bratRoleSpans(ann, text, role) {
  const toUnits = [];
  let unit = 0;
  for (const ch of text) { toUnits.push(unit); unit += ch.length; }
  toUnits.push(unit);
  const pattern = new RegExp(`^T\\d+\\t${role} ([\\d ;]+)\\t`);
  const spans = [];
  for (const line of ann.split('\n')) {
    const m = pattern.exec(line);
    if (m) spans.push(m[1].split(';').map((f) => f.trim().split(/\s+/).map((n) => toUnits[Number(n)])));
  }
  return spans;
}

// Trains the quotes stage's content-end ranker (models/quotes/content-end.json): an averaged perceptron that picks
// where reported content ends ("X said that A, B and C, while …") among the cuts of the sentence, trained on the
// stage's own `reported-before` and `reported-coordinated` frames whose content start matches a gold start — those
// of lexicon cues and those of the cue detector's (held-out tenth of train, lexicon frames: 0.836 of 602 contents
// end right when trained on lexicon frames alone, 0.847 with the detector's frames too; detector frames 0.770).
// The examples start where the stage's output content starts — after the span conventions moved it past a cue's
// particle or preposition —, which is where the stage asks the ranker from (AttributionFinder.contentEnd).
// Called by scripts/train-quotes.mjs (step 3); alone, it retrains only this file, from the learned files that
// step 3 sees (cues.json, cue-detector.json; no boundary rankers, no frame filter, no content-end ranker):
//   npm run build && nice -n 10 node scripts/train-quotes-end.mjs --data ../shared/bench/quotes/polnear [--epochs 6] [--out FILE]
// Reads only the `train` compartment.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { createPipeline } from '../dist/core/pipeline.js';
import { Deadline } from '../dist/core/deadline.js';
import { tokenize } from '../dist/stages/tokenize/index.js';
import { loadQuoteLexicon } from '../dist/stages/quotes/lexicon.js';
import { AttributionFinder, contentLimit, mayHeadCue } from '../dist/stages/quotes/attribution.js';
import { TokenView } from '../dist/stages/quotes/token-view.js';
import { detectorAsks } from '../dist/stages/quotes/cue-detector.js';
import { findQuotedSpans } from '../dist/stages/quotes/marks.js';
import { endFeatures } from '../dist/stages/quotes/content-end.js';
import { goldContents, trimmed } from './train-quotes-frames.mjs';
import { averagedPerceptron } from './train-quotes-common.mjs';

/**
 * Writes `out` from the annotation `files` of `split`. `pipeline` gives each article's sentences and blocks;
 * `lexicon` is the quotes lexicon whose finder builds the frames (without a content-end ranker: its examples must
 * not depend on the ranker being trained).
 */
export function trainContentEnd({ split, files, pipeline, lexicon, out, epochs }) {
  const finder = new AttributionFinder(lexicon);
  const examples = [];
  for (const [index, file] of files.entries()) {
    const article = file.replace(/_[^_]+\.ann$/, '');
    const text = readFileSync(join(split, 'text', `${article}.txt`), 'utf8');
    const json = pipeline.analyze({ id: article, text, verbatim: true });
    const view = new TokenView(text, tokenize(text, json.sentences), findQuotedSpans(text, json.blocks));
    const gold = goldContents(readFileSync(join(split, 'attributions', file), 'utf8'), text);
    for (const a of finder.find(view, json.sentences.length, Deadline.none())) {
      if (a.rule !== 'quotes/reported-before' && a.rule !== 'quotes/reported-coordinated') continue;
      if (!a.cue) continue;
      const from = view.tokenAt(a.start);
      const sentence = view.tokens.sentence[from];
      if (sentence < 0) continue;
      const limit = contentLimit(view, sentence);
      const [start] = trimmed(text, a.start, a.end);
      const match = gold.find(([s]) => s === start);
      if (!match) continue;
      // The cue word the stage asks the ranker with (AttributionFinder.contentAfter): the lexicon cue heading the
      // span, else the word the cue detector proposed (the first word of the span it may propose).
      const cueTo = view.tokenAt(a.cue.end);
      let head = view.tokenAt(a.cue.start);
      while (head < cueTo && !finder.cueAt(view, head)) head++;
      if (head >= cueTo) head = detectedHead(view, lexicon, view.tokenAt(a.cue.start), cueTo);
      if (head < 0) continue;
      const cue = view.hash[head];
      const good = new Set();
      for (let e = from + 2; e <= limit; e++) if (trimmed(text, a.start, view.tokens.end[e - 1])[1] === match[1]) good.add(e);
      if (good.size) examples.push({ view, from, limit, good, cue, heldOut: index % 10 === 0, isCue: (i) => finder.cueAt(view, i) !== null });
    }
  }
  const heldOut = examples.filter((x) => x.heldOut);
  const fold = train(examples.filter((x) => !x.heldOut), epochs);
  console.log(`content-end: ${examples.length} examples; held-out tenth of train: sentence-end baseline ${baseline(heldOut).toFixed(3)}, ranker ${accuracy(heldOut, fold).toFixed(3)} (${heldOut.length} examples)`);
  const weights = train(examples, epochs);
  writeFileSync(out, JSON.stringify({
    about: `Averaged-perceptron weights ranking where reported content ends, trained on ${examples.length} frames of PolNeAR train (${files.length} annotation files), ${epochs} epochs. Written by scripts/train-quotes-end.mjs.`,
    weights: Object.fromEntries([...weights].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
  }) + '\n');
  console.log(`${out}: ${weights.size} weights`);
}

/** The first token of [from, to) that the cue detector may propose as a cue (AttributionFinder.detectedCueAt's gate), or -1. */
function detectedHead(view, lexicon, from, to) {
  for (let t = from; t < to; t++) {
    if (lexicon.cueDetector && detectorAsks(lexicon.cueDetector, view, t) && !lexicon.cueModifiers.has(view.lower[t]) && mayHeadCue(view, lexicon, t)) return t;
  }
  return -1;
}

/** Averaged perceptron over candidate cuts: on a wrong pick, reward the gold cut's features, punish the pick's. */
function train(set, epochs) {
  return averagedPerceptron(set, epochs, 7, (example, weights) => {
    const { best, featuresOf } = rank(example, weights);
    return example.good.has(best) ? [] : [[featuresOf([...example.good][0]), 1], [featuresOf(best), -1]];
  });
}

function rank(example, weights) {
  const { view, from, limit, isCue, cue } = example;
  const cache = new Map();
  const featuresOf = (e) => {
    if (!cache.has(e)) cache.set(e, endFeatures(view, from, e, limit, isCue, cue));
    return cache.get(e);
  };
  let best = limit;
  let bestScore = -Infinity;
  for (let e = from + 2; e <= limit; e++) {
    let score = 0;
    for (const f of featuresOf(e)) score += weights.get(f) ?? 0;
    if (score > bestScore) { bestScore = score; best = e; }
  }
  return { best, featuresOf };
}

const accuracy = (set, weights) => set.filter((x) => x.good.has(rank(x, weights).best)).length / (set.length || 1);
const baseline = (set) => set.filter((x) => x.good.has(x.limit)).length / (set.length || 1);

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { data: { type: 'string' }, out: { type: 'string', default: 'models/quotes/content-end.json' }, epochs: { type: 'string', default: '6' } } });
  if (!values.data) {
    console.error('usage: node scripts/train-quotes-end.mjs --data PATH/TO/polnear [--epochs 6] [--out FILE]');
    process.exit(2);
  }
  const root = readdirSync(values.data).includes('metadata.tsv') ? values.data : join(values.data, 'data');
  const split = join(root, 'train');
  const files = readdirSync(join(split, 'attributions')).filter((f) => f.endsWith('.ann')).sort();
  // The learned files step 3 of train-quotes.mjs sees: the cue rates and the cue detector, nothing trained after them.
  const models = mkdtempSync(join(tmpdir(), 'presslens-quotes-end-'));
  for (const name of ['cues.json', 'cue-detector.json']) if (existsSync(join('models/quotes', name))) copyFileSync(join('models/quotes', name), join(models, name));
  try {
    trainContentEnd({ split, files, pipeline: createPipeline({ limits: { timeLimitMs: 0 } }), lexicon: loadQuoteLexicon(models), out: values.out, epochs: Number(values.epochs) });
  } finally {
    rmSync(models, { recursive: true, force: true });
  }
}

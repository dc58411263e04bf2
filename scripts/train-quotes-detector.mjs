// Part 2 of `npm run train:quotes` (called by scripts/train-quotes.mjs): models/quotes/cue-detector.json, the
// learned cue detector. Every word of PolNeAR train outside quotation marks whose learned cue rate reaches
// --detector-min-rate is an example; it is positive when it heads a gold Cue span (the span's first word that is
// not an auxiliary, adverb, determiner or punctuation: "has also *said*", "*according* to"). Binary averaged
// perceptron over the word, its neighbours, suffix and shape (src/stages/quotes/cue-detector.ts); a word scoring
// --detector-threshold or more is a candidate cue (the frame filter judges what it proposes). Precision and
// recall are printed for a held-out tenth of the articles. Returns out-of-fold detectors (each trained without
// a fifth of the articles) for the frame filter's training. Only PolNeAR train is read.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenize } from '../dist/stages/tokenize/index.js';
import { loadQuoteLexicon } from '../dist/stages/quotes/lexicon.js';
import { contentLimit, mayHeadCue } from '../dist/stages/quotes/attribution.js';
import { TokenView } from '../dist/stages/quotes/token-view.js';
import { cueTokenFeatures, cueDetectorFrom, detectorAsks, endsInLy } from '../dist/stages/quotes/cue-detector.js';
import { findQuotedSpans } from '../dist/stages/quotes/marks.js';
import { averagedPerceptron, bratRoleSpans, scoreFeatures } from './train-quotes-common.mjs';

/** Article folds for the out-of-fold detectors that the frame filter is trained with. */
const FOLDS = 5;

// Words a gold cue span may open with before its verb: "’s spoken out against", "it’s assumed", "there’s a sense".
const CUE_OPENERS = new Set(['it', 'there']);
/** Whether token t only leads into the cue word after it: a manner adverb, a contracted auxiliary, "it", "there". */
function leadsCue(view, lexicon, t) {
  const form = view.lower[t];
  if (lexicon.cliticAuxiliaries.has(form) || lexicon.cliticIs.has(form) || CUE_OPENERS.has(form)) return true;
  return endsInLy(view, t) && !lexicon.cueForms.has(form);
}

/**
 * The token heading the gold cue span [s, e): its first word that is not an auxiliary, adverb, determiner or
 * punctuation — nor a manner adverb, contracted auxiliary or "it" before another word ("apparently *believed*",
 * "he’s *spoken* out", "it’s *assumed*"), as the stage reads a cue's span (its verb, with what leads into it).
 * PolNeAR train: 400 gold cues open with an "-ly" adverb, about 150 with "’s", "it" or "there". -1 when none.
 */
export function cueHead(view, lexicon, s, e) {
  const { start, end, count } = view.tokens;
  const mayHead = (t) => view.tokens.kind[t] === 0 && !lexicon.cueModifiers.has(view.lower[t]) && mayHeadCue(view, lexicon, t) && !(leadsCue(view, lexicon, t) && t + 1 < count && end[t + 1] <= e);
  let i = view.tokenAt(s);
  while (i < count && end[i] <= e && !mayHead(i)) i++;
  return i < count && start[i] < e ? i : -1;
}

/** Token indices heading a gold cue span. */
function goldHeads(view, lexicon, ann, text) {
  const heads = new Set();
  for (const frags of bratRoleSpans(ann, text, 'Cue')) {
    const [s, e] = frags.sort((a, b) => a[0] - b[0])[0];
    const head = cueHead(view, lexicon, s, e);
    if (head >= 0) heads.add(head);
  }
  return heads;
}

export function trainDetector({ split, files, pipeline, out, epochs, minRate, threshold }) {
  const shipped = loadQuoteLexicon();
  // Which words are asked, as the stage decides it (the weights do not matter here); its tables (stems, sure
  // cues) make the features, whatever detector file is on disk now.
  const gate = cueDetectorFrom({ threshold: 0, minRate, weights: {} }, shipped.learnedCueRate ?? new Map());
  const lexicon = { ...shipped, cueDetector: gate };
  const examples = [];
  let heads = 0, reachable = 0;
  for (const [index, file] of files.entries()) {
    const article = file.replace(/_[^_]+\.ann$/, '');
    const text = readFileSync(join(split, 'text', `${article}.txt`), 'utf8');
    const json = pipeline.analyze({ id: article, text, verbatim: true });
    const view = new TokenView(text, tokenize(text, json.sentences), findQuotedSpans(text, json.blocks));
    const gold = goldHeads(view, lexicon, readFileSync(join(split, 'attributions', file), 'utf8'), text);
    heads += gold.size;
    for (let s = 0; s < json.sentences.length; s++) {
      const first = view.tokens.sentenceFirst[s];
      const end = contentLimit(view, s);
      for (let i = first; i < end; i++) {
        if (view.inQuote[i] >= 0 || !detectorAsks(gate, view, i) || lexicon.cueModifiers.has(view.lower[i]) || !mayHeadCue(view, lexicon, i)) continue;
        const label = gold.has(i);
        if (label) reachable++;
        examples.push({ features: cueTokenFeatures(view, lexicon, i, first, end), label, heldOut: index % 10 === 0, fold: index % FOLDS });
      }
    }
  }
  const train = (set) => averagedPerceptron(set, epochs, 17, ({ features, label }, weights) => ((scoreFeatures(weights, features) >= 0) === label ? [] : [[features, label ? 1 : -1]]));
  const heldOut = examples.filter((x) => x.heldOut);
  const fold = train(examples.filter((x) => !x.heldOut));
  let tp = 0, fp = 0, fn = 0;
  for (const x of heldOut) {
    const yes = scoreFeatures(fold, x.features) >= threshold;
    if (yes && x.label) tp++;
    else if (yes) fp++;
    else if (x.label) fn++;
  }
  const best = { precision: tp / (tp + fp || 1), recall: tp / (tp + fn || 1) };
  console.log(`cue detector: ${examples.length} words asked (${examples.filter((x) => x.label).length} head a gold cue; ${reachable} of ${heads} gold cue heads are asked); held-out tenth: threshold ${threshold.toFixed(3)} P ${best.precision.toFixed(3)} R ${best.recall.toFixed(3)}`);
  const weights = train(examples);
  writeFileSync(out, JSON.stringify({
    about: `Averaged-perceptron weights saying whether a word heads an attribution cue, trained on ${examples.length} words of PolNeAR train (${files.length} annotation files), ${epochs} epochs; words whose learned cue rate is below minRate are not asked; threshold ${threshold} (tuned on PolNeAR dev with the frame filter behind it). Written by scripts/train-quotes-detector.mjs.`,
    threshold: Math.round(threshold * 1000) / 1000,
    minRate,
    weights: Object.fromEntries([...weights].sort((a, b) => a[0] - b[0])),
  }) + '\n');
  console.log(`${out}: ${weights.size} weights`);
  // Out-of-fold detectors, for training the frame filter on detector scores as unseen text gets them: scored on
  // the articles it was trained on, the detector is surer than on new text, and a filter trained on those
  // scores trusted them too much.
  const detectors = [];
  for (let k = 0; k < FOLDS; k++) {
    const foldWeights = Object.fromEntries(train(examples.filter((x) => x.fold !== k)));
    detectors.push(cueDetectorFrom({ threshold, minRate, weights: foldWeights }, lexicon.learnedCueRate ?? new Map()));
  }
  return { detectorOf: (fileIndex) => detectors[fileIndex % FOLDS] };
}

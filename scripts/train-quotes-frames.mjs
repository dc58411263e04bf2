// Parts 3 and 4 of `npm run train:quotes` (called by scripts/train-quotes.mjs), both on the stage's own
// reported-speech candidates over PolNeAR train:
// 3. models/quotes/boundaries.json: rankers of where the speaker phrase before a cue starts and where the
//    content after it starts (averaged perceptron over the tokens within reach; examples whose gold boundary
//    is within reach).
// 4. models/quotes/frames.json, the frame filter:
// The stage's rules propose reported-speech frames (cue, source, content) from a wider set of cues than the
// lexicon alone (every form whose learned cue rate reaches --candidate-add-rate); an averaged perceptron learns
// which of them PolNeAR's annotators marked: a candidate is positive when its content overlaps a gold content
// by more than 0.3 of the longer span (the harness's matching rule). Only PolNeAR train is read.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenize } from '../dist/stages/tokenize/index.js';
import { loadQuoteLexicon } from '../dist/stages/quotes/lexicon.js';
import { AttributionFinder } from '../dist/stages/quotes/attribution.js';
import { TokenView } from '../dist/stages/quotes/token-view.js';
import { findQuotedSpans } from '../dist/stages/quotes/marks.js';
import { CONTENT_REACH, contentCueFeatures, contentStartOwnFeatures, sourcePhraseFeatures, sourceStartOwnFeatures, sourceWindowStart } from '../dist/stages/quotes/boundaries.js';
import { Deadline } from '../dist/core/deadline.js';
import { averagedPerceptron, bratRoleSpans, scoreFeatures } from './train-quotes-common.mjs';

const MATCH = 0.3;
const QUOTE_MARKS = /["'`´“”„‟‘’‚‛«»‹›\s]/u;

/** The span [s, e) without the quotation marks and white space at its edges. */
export function trimmed(text, s, e) {
  while (s < e && QUOTE_MARKS.test(text[s])) s++;
  while (e > s && QUOTE_MARKS.test(text[e - 1])) e--;
  return [s, e];
}

/** Gold content spans of one brat file (code points → code units; line-broken pieces joined; marks trimmed). */
export function goldContents(ann, text) {
  const out = [];
  for (const frags of bratRoleSpans(ann, text, 'Content')) {
    frags.sort((a, b) => a[0] - b[0]);
    const joined = [];
    for (const f of frags) {
      const last = joined[joined.length - 1];
      if (last && text.slice(last[1], f[0]).trim() === '') last[1] = f[1];
      else joined.push([...f]);
    }
    for (const [s, e] of joined) out.push(trimmed(text, s, e));
  }
  return out;
}

/** Gold source spans of one brat file, whitespace-trimmed (fragments taken as one span). */
function goldSources(ann, text) {
  const out = [];
  for (const frags of bratRoleSpans(ann, text, 'Source')) {
    let s = Math.min(...frags.map((f) => f[0])), e = Math.max(...frags.map((f) => f[1]));
    while (s < e && /\s/u.test(text[s])) s++;
    while (e > s && /\s/u.test(text[e - 1])) e--;
    if (e > s) out.push([s, e]);
  }
  return out;
}

function matchesGold([s, e], gold) {
  for (const [gs, ge] of gold) {
    const overlap = Math.min(e, ge) - Math.max(s, gs);
    if (overlap > 0 && overlap / Math.max(e - s, ge - gs) > MATCH) return true;
  }
  return false;
}

/**
 * Runs the stage's finder (models as they are on disk now; the cue detector out of fold when `outOfFold` is
 * given) over every training file and hands each reported-speech candidate to `visit(frame, features, doc)`; doc = {text, view, ann, heldOut} (a tenth of
 * the articles is held out for the printed report).
 */
function eachCandidate({ split, files, pipeline, candidateRates, outOfFold }, visit) {
  const shipped = loadQuoteLexicon();
  for (const [index, file] of files.entries()) {
    // The cue detector that did not see this article (when given): its candidates and scores as on new text.
    const lexicon = outOfFold ? { ...shipped, cueDetector: outOfFold.detectorOf(index) } : shipped;
    const article = file.replace(/_[^_]+\.ann$/, '');
    const text = readFileSync(join(split, 'text', `${article}.txt`), 'utf8');
    const json = pipeline.analyze({ id: article, text, verbatim: true });
    const view = new TokenView(text, tokenize(text, json.sentences), findQuotedSpans(text, json.blocks));
    const doc = { text, view, lexicon, ann: readFileSync(join(split, 'attributions', file), 'utf8'), heldOut: index % 10 === 0 };
    const finder = new AttributionFinder(lexicon, { candidateRates, recordFrame: (frame, features) => visit(frame, features, doc) });
    finder.find(view, json.sentences.length, Deadline.none());
  }
}

/** Frame-filter examples: {features, label, heldOut}. */
function collect(options) {
  const examples = [];
  let goldOf = null;
  eachCandidate(options, (frame, features, doc) => {
    if (goldOf?.doc !== doc) goldOf = { doc, gold: goldContents(doc.ann, doc.text) };
    const [from, to] = frame.content;
    if (to <= from) return;
    const span = trimmed(doc.text, doc.view.tokens.start[from], doc.view.tokens.end[to - 1]);
    examples.push({ features, label: matchesGold(span, goldOf.gold), detected: frame.detected, heldOut: doc.heldOut });
  });
  return examples;
}

const CONTENT_START_RULES = new Set(['quotes/reported-before', 'quotes/reported-coordinated', 'quotes/reported-agentless', 'quotes/reported-subject']);

/** Ranking examples for the two start rankers: {featuresOf(start), from, to, ruled, good:Set, heldOut}. */
function collectBoundaries(options) {
  const source = [], content = [];
  let goldOf = null;
  eachCandidate(options, (frame, _features, doc) => {
    // Trained on the lexicon's cues only: the detector's many more varied candidates made the rankers worse there.
    if (frame.detected) return;
    if (goldOf?.doc !== doc) goldOf = { doc, sources: goldSources(doc.ann, doc.text), contents: goldContents(doc.ann, doc.text) };
    const { view, text, lexicon, heldOut } = doc;
    const { start, end } = view.tokens;
    const cache = (f) => { const m = new Map(); return (s) => (m.has(s) ? m.get(s) : (m.set(s, f(s)), m.get(s))); };
    if (frame.rule === 'quotes/reported-before' && frame.source) {
      const to = frame.source.to;
      const gold = goldOf.sources.find(([, e]) => e === end[to - 1]);
      const from = sourceWindowStart(view, lexicon, to, frame.sentenceFirst);
      const good = new Set();
      if (gold) for (let s = from; s < to; s++) if (start[s] === gold[0]) good.add(s);
      if (good.size) source.push({ from, to, ruled: frame.source.from, good, heldOut, featuresOf: cache((s) => [...sourceStartOwnFeatures(view, lexicon, s, frame.sentenceFirst), ...sourcePhraseFeatures(view, s, to)]) });
    }
    if (CONTENT_START_RULES.has(frame.rule) && frame.content[1] > frame.content[0]) {
      const { cue } = frame;
      const to = Math.min(frame.sentenceEnd - 1, cue.to + CONTENT_REACH);
      const ours = [start[frame.content[0]], end[frame.content[1] - 1]];
      const gold = goldOf.contents.find(([s, e]) => s < ours[1] && e > ours[0] && s >= start[cue.to] && s < end[Math.max(cue.to, to - 1)]);
      const good = new Set();
      if (gold) for (let s = cue.to; s < to; s++) if (trimmed(text, start[s], end[frame.sentenceEnd - 1])[0] === gold[0]) good.add(s);
      if (good.size) content.push({ from: cue.to, to, ruled: frame.content[0], good, heldOut, featuresOf: cache((s) => [...contentStartOwnFeatures(view, s), ...contentCueFeatures(view, s, cue.from, cue.to)]) });
    }
  });
  return { source, content };
}

function rankStart(example, weights) {
  let best = example.ruled, bestScore = -Infinity;
  for (let s = example.from; s < example.to; s++) {
    const value = scoreFeatures(weights, example.featuresOf(s));
    if (value > bestScore) { bestScore = value; best = s; }
  }
  return best;
}

function trainRanker(set, epochs) {
  return averagedPerceptron(set, epochs, 13, (example, weights) => {
    const best = rankStart(example, weights);
    return example.good.has(best) ? [] : [[example.featuresOf([...example.good][0]), 1], [example.featuresOf(best), -1]];
  });
}

export function trainBoundaries({ split, files, pipeline, out, epochs, candidateRates }) {
  const sets = collectBoundaries({ split, files, pipeline, candidateRates });
  const weights = {};
  for (const [name, set] of Object.entries(sets)) {
    const heldOut = set.filter((x) => x.heldOut);
    const fold = trainRanker(set.filter((x) => !x.heldOut), epochs);
    const share = (pick) => (heldOut.filter((x) => x.good.has(pick(x))).length / (heldOut.length || 1)).toFixed(3);
    console.log(`${name} start: ${set.length} examples; held-out tenth (${heldOut.length}): rules ${share((x) => x.ruled)}, ranker ${share((x) => rankStart(x, fold))}`);
    weights[name] = Object.fromEntries([...trainRanker(set, epochs)].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  }
  writeFileSync(out, JSON.stringify({
    about: `Averaged-perceptron weights ranking where a speaker phrase (before its cue) and reported content (after it) start, trained on the stage's candidates over PolNeAR train (${files.length} annotation files), ${epochs} epochs. Written by scripts/train-quotes-frames.mjs.`,
    ...weights,
  }) + '\n');
  console.log(`${out}: ${Object.keys(weights.source).length} + ${Object.keys(weights.content).length} weights`);
}

/** Binary: a wrong verdict moves every feature of the candidate towards its label. */
function train(set, epochs) {
  return averagedPerceptron(set, epochs, 11, ({ features, label }, weights) => ((score(weights, features) >= 0) === label ? [] : [[features, label ? 1 : -1]]));
}

const score = scoreFeatures;

function report(set, accept) {
  let tp = 0, fp = 0, fn = 0;
  for (const x of set) {
    const yes = accept(x);
    if (yes && x.label) tp++;
    else if (yes) fp++;
    else if (x.label) fn++;
  }
  const p = tp / (tp + fp || 1), r = tp / (tp + fn || 1);
  return `P ${p.toFixed(3)} R ${r.toFixed(3)} F1 ${((2 * p * r) / (p + r || 1)).toFixed(3)}`;
}

export function trainFrames({ split, files, pipeline, out, epochs, threshold, detectedThreshold, candidateRates, outOfFold }) {
  const examples = collect({ split, files, pipeline, candidateRates, outOfFold });
  const heldOut = examples.filter((x) => x.heldOut);
  const fold = train(examples.filter((x) => !x.heldOut), epochs);
  const accept = (x) => score(fold, x.features) >= (x.detected ? detectedThreshold : threshold);
  console.log(`frames: ${examples.length} candidates (${examples.filter((x) => x.label).length} match gold); held-out tenth (${heldOut.length}): accept all ${report(heldOut, () => true)}, filter ${report(heldOut, accept)}`);
  for (const detected of [false, true]) {
    const part = heldOut.filter((x) => x.detected === detected);
    console.log(`  cues ${detected ? 'only the detector proposed' : 'of the lexicon'} (${part.length}): accept all ${report(part, () => true)}, filter ${report(part, accept)}`);
  }
  // What each band of filter scores adds among the detector's candidates: a band is worth accepting while its
  // precision beats about half the overlap F1 (a prediction right that often raises F1).
  const detectedHeldOut = heldOut.filter((x) => x.detected).map((x) => ({ label: x.label, value: score(fold, x.features) }));
  const bands = [-Infinity, -6, -3, 0, 3, 6, 9, 12, 15, Infinity];
  console.log(`  detector's candidates by filter score: ${bands.slice(0, -1).map((low, b) => {
    const band = detectedHeldOut.filter((x) => x.value >= low && x.value < bands[b + 1]);
    return `[${low},${bands[b + 1]}) ${band.filter((x) => x.label).length}/${band.length}`;
  }).join('  ')}`);
  const weights = train(examples, epochs);
  writeFileSync(out, JSON.stringify({
    about: `Averaged-perceptron weights accepting reported-speech candidates, trained on ${examples.length} candidates of PolNeAR train (${files.length} annotation files), ${epochs} epochs; candidate cues: lexicon forms with a learned rate >= minRate, others >= addRate. Written by scripts/train-quotes-frames.mjs.`,
    threshold,
    detectedThreshold,
    ...candidateRates,
    weights: Object.fromEntries([...weights].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
  }) + '\n');
  console.log(`${out}: ${weights.size} weights`);
}

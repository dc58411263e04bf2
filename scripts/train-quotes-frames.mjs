// Part 3 of `npm run train:quotes` (called by scripts/train-quotes.mjs): the frame filter, models/quotes/frames.json.
// The stage's rules propose reported-speech frames (cue, source, content) from a wider set of cues than the
// lexicon alone (every form whose learned cue rate reaches --candidate-add-rate); an averaged perceptron learns
// which of them PolNeAR's annotators marked: a candidate is positive when its content overlaps a gold content
// by more than 0.3 of the longer span (the harness's matching rule). Only PolNeAR train is read.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenize } from '../dist/stages/tokenize/index.js';
import { loadQuoteLexicon } from '../dist/stages/quotes/lexicon.js';
import { TokenView, AttributionFinder } from '../dist/stages/quotes/attribution.js';
import { findQuotedSpans } from '../dist/stages/quotes/marks.js';
import { Deadline } from '../dist/core/deadline.js';
import { averagedPerceptron, scoreFeatures } from './train-quotes-perceptron.mjs';

const MATCH = 0.3;
const QUOTE_MARKS = /["'`´“”„‟‘’‚‛«»‹›\s]/u;

function trimmed(text, s, e) {
  while (s < e && QUOTE_MARKS.test(text[s])) s++;
  while (e > s && QUOTE_MARKS.test(text[e - 1])) e--;
  return [s, e];
}

/** Gold content spans of one brat file (code points → code units; line-broken pieces joined; marks trimmed). */
export function goldContents(ann, text) {
  const toUnits = [];
  let unit = 0;
  for (const ch of text) { toUnits.push(unit); unit += ch.length; }
  toUnits.push(unit);
  const out = [];
  for (const line of ann.split('\n')) {
    const m = /^T\d+\tContent ([\d ;]+)\t/.exec(line);
    if (!m) continue;
    const frags = m[1].split(';').map((f) => f.trim().split(/\s+/).map((n) => toUnits[Number(n)]));
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

function matchesGold([s, e], gold) {
  for (const [gs, ge] of gold) {
    const overlap = Math.min(e, ge) - Math.max(s, gs);
    if (overlap > 0 && overlap / Math.max(e - s, ge - gs) > MATCH) return true;
  }
  return false;
}

/** Candidates of every training file: {features, label, heldOut} (a tenth of the articles held out for the report). */
function collect({ split, files, pipeline, candidateRates }) {
  const lexicon = loadQuoteLexicon(); // with the cue rates and content-end ranker just written, no frame model
  const examples = [];
  for (const [index, file] of files.entries()) {
    const article = file.replace(/_[^_]+\.ann$/, '');
    const text = readFileSync(join(split, 'text', `${article}.txt`), 'utf8');
    const json = pipeline.analyze({ id: article, text, verbatim: true });
    const view = new TokenView(text, tokenize(text, json.sentences), findQuotedSpans(text, json.blocks));
    const gold = goldContents(readFileSync(join(split, 'attributions', file), 'utf8'), text);
    const heldOut = index % 10 === 0;
    const finder = new AttributionFinder(lexicon, {
      candidateRates,
      recordFrame(frame, features) {
        const [from, to] = frame.content;
        if (to <= from) return;
        const span = trimmed(text, view.tokens.start[from], view.tokens.end[to - 1]);
        examples.push({ features, label: matchesGold(span, gold), heldOut });
      },
    });
    finder.find(view, json.sentences.length, Deadline.none());
  }
  return examples;
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

export function trainFrames({ split, files, pipeline, out, epochs, threshold, candidateRates }) {
  const examples = collect({ split, files, pipeline, candidateRates });
  const heldOut = examples.filter((x) => x.heldOut);
  const fold = train(examples.filter((x) => !x.heldOut), epochs);
  console.log(`frames: ${examples.length} candidates (${examples.filter((x) => x.label).length} match gold); held-out tenth (${heldOut.length}): accept all ${report(heldOut, () => true)}, filter ${report(heldOut, (x) => score(fold, x.features) >= threshold)}`);
  const weights = train(examples, epochs);
  writeFileSync(out, JSON.stringify({
    about: `Averaged-perceptron weights accepting reported-speech candidates, trained on ${examples.length} candidates of PolNeAR train (${files.length} annotation files), ${epochs} epochs; candidate cues: lexicon forms with a learned rate >= minRate, others >= addRate. Written by scripts/train-quotes-frames.mjs.`,
    threshold,
    ...candidateRates,
    weights: Object.fromEntries([...weights].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
  }) + '\n');
  console.log(`${out}: ${weights.size} weights`);
}

// Trains the quotes stage's two learned parts on PolNeAR's training split:
// 1. models/quotes/cues.json: how often each word form is an attribution cue (form → share of its occurrences
//    inside a gold Cue span), and which "cue word + next word" pairs form one cue. The stage uses the rates to
//    drop lexicon forms that are rarely cues ("reports" as a noun) and to add frequent cues the lexicon lacks.
// 2. models/quotes/cue-detector.json: a per-word cue detector for cues beyond the lexicon
//    (scripts/train-quotes-detector.mjs).
// 3. models/quotes/content-end.json: an averaged-perceptron ranker that picks where reported content ends
//    ("X said that A, B and C, while …"), trained on the stage's own frames whose content start matches gold
//    (scripts/train-quotes-end.mjs, which also retrains it alone).
// 4. models/quotes/boundaries.json and frames.json: boundary rankers and frame filter (scripts/train-quotes-frames.mjs).
// Usage: npm run train:quotes -- --data ../shared/bench/quotes/polnear [--min-count 3] [--frame-threshold T] [--seed N]
// Reads only the `train` compartment; dev and test are never used for training.
import { readFileSync, readdirSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { tokenize } from '../dist/stages/tokenize/index.js';
import { loadQuoteLexicon } from '../dist/stages/quotes/lexicon.js';
import { trainBoundaries, trainFrames } from './train-quotes-frames.mjs';
import { trainDetector } from './train-quotes-detector.mjs';
import { trainContentEnd } from './train-quotes-end.mjs';
import { bratRoleSpans, setSeedOffset } from './train-quotes-common.mjs';

const { values } = parseArgs({ options: { data: { type: 'string' }, 'min-count': { type: 'string', default: '3' }, out: { type: 'string', default: 'models/quotes/cues.json' }, epochs: { type: 'string', default: '6' }, 'frame-epochs': { type: 'string', default: '10' }, 'frame-threshold': { type: 'string', default: '0' }, 'detected-threshold': { type: 'string', default: '-3' }, 'candidate-min-rate': { type: 'string', default: '0.4' }, 'candidate-add-rate': { type: 'string', default: '0.55' }, 'detector-out': { type: 'string', default: 'models/quotes/cue-detector.json' }, 'detector-min-rate': { type: 'string', default: '0.05' }, 'detector-threshold': { type: 'string', default: '0' }, 'detector-epochs': { type: 'string', default: '8' }, seed: { type: 'string', default: '0' }, parts: { type: 'string', default: 'all' } } });
if (!values.data) {
  console.error('usage: npm run train:quotes -- --data PATH/TO/polnear');
  process.exit(2);
}
const root = readdirSync(values.data).includes('metadata.tsv') ? values.data : join(values.data, 'data');
const split = join(root, 'train');
const minCount = Number(values['min-count']);
setSeedOffset(Number(values.seed));
// --parts cues,detector,content-end,boundaries,frames (default all): retrain some files and keep the others as
// shipped — a file retrained alone is judged against the shipped ones, which a full retrain cannot show.
const PARTS = ['cues', 'detector', 'content-end', 'boundaries', 'frames'];
const parts = new Set(values.parts === 'all' ? PARTS : values.parts.split(','));
for (const part of parts) if (!PARTS.includes(part)) throw new Error(`--parts: unknown part "${part}" (known: ${PARTS.join(', ')})`);
if (parts.has('frames') && !parts.has('detector')) throw new Error('--parts: the frame filter is trained on out-of-fold detectors, so "frames" needs "detector" too');
// The content-end ranker, boundary rankers and frame filter learn from the stage's own output, which must run without
// the file being retrained and with those retrained before it. The stage reads models/quotes, so these three are
// retrained in place (git shows the change and restores the shipped file); no option writes them elsewhere.
const END_OUT = 'models/quotes/content-end.json';
const FRAMES_OUT = 'models/quotes/frames.json';
const BOUNDARIES_OUT = 'models/quotes/boundaries.json';

/** Cue spans of one brat file, as [start, end] code-unit offsets, one per fragment. */
const cueSpans = (ann, text) => bratRoleSpans(ann, text, 'Cue').flat();

const total = new Map();
const asCue = new Map();
// "talked about", "referring to": how often the word after a cue word belongs to the same cue span.
const pairTotal = new Map();
const pairJoined = new Map();
const files = readdirSync(join(split, 'attributions')).filter((f) => f.endsWith('.ann')).sort();
for (const file of files) {
  const article = file.replace(/_[^_]+\.ann$/, '');
  const text = readFileSync(join(split, 'text', `${article}.txt`), 'utf8');
  const spans = cueSpans(readFileSync(join(split, 'attributions', file), 'utf8'), text).sort((a, b) => a[0] - b[0]);
  const tokens = tokenize(text, [{ start: 0, end: text.length, voice: 'outlet' }]);
  let s = 0;
  for (let i = 0; i < tokens.count; i++) {
    if (tokens.kind[i] !== 0) continue;
    const form = text.slice(tokens.start[i], tokens.end[i]).toLowerCase();
    total.set(form, (total.get(form) ?? 0) + 1);
    while (s < spans.length && spans[s][1] <= tokens.start[i]) s++;
    const inCue = s < spans.length && spans[s][0] <= tokens.start[i] && tokens.end[i] <= spans[s][1];
    if (!inCue) continue;
    asCue.set(form, (asCue.get(form) ?? 0) + 1);
    if (i + 1 < tokens.count && tokens.kind[i + 1] === 0 && !(tokens.end[i] === spans[s][1] && tokens.start[i + 1] < spans[s][1])) {
      const pair = `${form} ${text.slice(tokens.start[i + 1], tokens.end[i + 1]).toLowerCase()}`;
      pairTotal.set(pair, (pairTotal.get(pair) ?? 0) + 1);
      if (tokens.end[i + 1] <= spans[s][1]) pairJoined.set(pair, (pairJoined.get(pair) ?? 0) + 1);
    }
  }
}
// Kept: forms that are sometimes cues, and every lexicon form seen often enough (a rate of 0 there is news).
const { cueForms } = loadQuoteLexicon(null);
const rates = {};
for (const [form, count] of [...total].sort((a, b) => (asCue.get(b[0]) ?? 0) - (asCue.get(a[0]) ?? 0) || (a[0] < b[0] ? -1 : 1))) {
  const rate = Math.round(((asCue.get(form) ?? 0) / count) * 1000) / 1000;
  if (count >= minCount && (rate >= 0.02 || cueForms.has(form))) rates[form] = rate;
}
const particles = {};
for (const [pair, joined] of [...pairJoined].sort((a, b) => b[1] - a[1])) {
  const count = pairTotal.get(pair);
  if (count >= minCount && joined / count >= 0.5) particles[pair] = Math.round((joined / count) * 1000) / 1000;
}
mkdirSync('models/quotes', { recursive: true });
if (parts.has('cues')) writeFileSync(values.out, JSON.stringify({
  about: `Share of occurrences of each word form inside a gold Cue span, PolNeAR train (${files.length} annotation files); forms seen at least ${minCount} times; particles: cue word + next word pairs seen at least ${minCount} times after a cue word, joined into the cue span at least half the time. Written by scripts/train-quotes.mjs.`,
  minRate: 0.4,
  addRate: 0.55,
  rates,
  particles,
}, null, 0) + '\n');
if (parts.has('cues')) console.log(`${values.out}: ${Object.keys(rates).length} cue forms from ${files.length} annotation files`);

// ---- 2. cue detector ----------------------------------------------------------------------------------------
const { createPipeline } = await import('../dist/core/pipeline.js');
// The detector, boundary rankers and frame filter read only sentences and blocks: the segment stage's, which the
// later stages leave as they are (checked on PolNeAR train), so training skips those stages.
const segmented = createPipeline({ extractOnly: true, limits: { timeLimitMs: 0 } });
const outOfFold = parts.has('detector') && trainDetector({
  split, files, pipeline: segmented, out: values['detector-out'], epochs: Number(values['detector-epochs']),
  minRate: Number(values['detector-min-rate']), threshold: Number(values['detector-threshold']),
});

// ---- 3. content-end ranker (scripts/train-quotes-end.mjs) -----------------------------------------------------
// Examples come from the stage without a ranker, frame filter or boundary rankers (those retrained here).
if (parts.has('content-end')) rmSync(END_OUT, { force: true });
if (parts.has('frames')) rmSync(FRAMES_OUT, { force: true });
if (parts.has('boundaries')) rmSync(BOUNDARIES_OUT, { force: true });
if (parts.has('content-end')) {
  const pipeline = createPipeline({ limits: { timeLimitMs: 0 } });
  trainContentEnd({ split, files, pipeline, lexicon: loadQuoteLexicon(), out: END_OUT, epochs: Number(values.epochs) });
}

// ---- 4. boundary rankers, 5. frame filter (judging candidates built with the rankers) ------------------------
const candidateRates = { minRate: Number(values['candidate-min-rate']), addRate: Number(values['candidate-add-rate']) };
if (parts.has('boundaries')) trainBoundaries({ split, files, pipeline: segmented, out: BOUNDARIES_OUT, epochs: Number(values['frame-epochs']), candidateRates });
if (parts.has('frames')) trainFrames({
  split, files, pipeline: segmented, out: FRAMES_OUT, epochs: Number(values['frame-epochs']), threshold: Number(values['frame-threshold']), detectedThreshold: Number(values['detected-threshold']),
  candidateRates, outOfFold,
});

// Why the quotes stage misses gold contents: each gold content with no predicted content overlapping it by more
// than 0.3 of the longer span (the harness's matching rule) is put in one class by its gold cue's head word —
// `lex:` a lexicon cue, `det:` a cue the learned detector proposed; `…:frame-rejected` (the frame filter said no),
// `…:no-frame` (no rule framed the cue), `…:framed-kept-but-content-off` (a frame was kept, its content elsewhere);
// `det:score-below` (asked, scored below the detector's threshold); `never-asked:…` (the detector is not asked:
// learned cue rate below its minRate, or the word unseen in training); `cue-no-head` (":", "in", "for" …).
// Usage: npm run build && node scripts/missed-cues.mjs --brat ../shared/bench/quotes/polnear/dev [--limit N] [--out FILE]
// Prints the classes with their most frequent head words; FILE (default /tmp/missed-cues.txt) lists every case.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bestContentMatch, trimSpan } from '../dist/cli/eval-quotes.js';
import { analysedBratArticles } from './bench-support/brat-spans.mjs';
import { AttributionFinder, contentLimit } from '../dist/stages/quotes/attribution.js';
import { TokenView } from '../dist/stages/quotes/token-view.js';
import { tokenize } from '../dist/stages/tokenize/index.js';
import { findQuotedSpans } from '../dist/stages/quotes/marks.js';
import { loadQuoteLexicon } from '../dist/stages/quotes/lexicon.js';
import { candidateThreshold, cueTokenFeatures, detectorAsks } from '../dist/stages/quotes/cue-detector.js';
import { cueHead } from './train-quotes-detector.mjs';

const { values } = parseArgs({ options: { brat: { type: 'string' }, limit: { type: 'string' }, out: { type: 'string', default: '/tmp/missed-cues.txt' } } });
if (!values.brat) {
  console.error('usage: node scripts/missed-cues.mjs --brat DIR [--limit N] [--out FILE]');
  process.exit(2);
}
// Every frame the finder judges, by the offset of its cue: wrapped once, the stage's own finder reports to it.
let frames = [];
const judge = AttributionFinder.prototype.keepFrame;
AttributionFinder.prototype.keepFrame = function keepFrame(view, frame) {
  const kept = judge.call(this, view, frame);
  frames.push({ cue: view.tokens.start[frame.cue.from], detected: frame.detected, kept });
  return kept;
};
const lexicon = loadQuoteLexicon();
const finder = new AttributionFinder(lexicon);
const detector = lexicon.cueDetector;
const classes = new Map();
const lines = [];
let goldCount = 0;
let missedCount = 0;

/** How the stage's content for the same cue stands to the gold content: the side of the cue, the start, the length. */
function placement(text, [gs, ge], own, cue) {
  const side = (s, e) => (e <= cue[0] ? 'before' : s >= cue[1] ? 'after' : 'around');
  const sentenceBreak = /[.!?]["”’']?\s/u;
  if (side(gs, ge) !== side(own.start, own.end)) {
    const between = gs < cue[0] ? text.slice(ge, cue[0]) : text.slice(cue[1], gs);
    return `gold-${side(gs, ge)}-cue${sentenceBreak.test(between) ? '-other-sentence' : ''}`;
  }
  if (Math.abs(gs - own.start) <= 1) return ge < own.end ? 'same-start-gold-shorter' : 'same-start-gold-longer';
  if (Math.abs(ge - own.end) <= 1) return 'same-end-start-off';
  return Math.min(ge, own.end) > Math.max(gs, own.start) ? 'overlap-low' : 'disjoint-same-side';
}

function classify(view, head, docFrames) {
  if (view.inQuote[head] >= 0) return 'head-in-quote';
  const s = view.tokens.sentence[head];
  if (s < 0) return 'no-sentence';
  const own = docFrames.filter((f) => f.cue === view.tokens.start[head]);
  const kept = own.find((f) => f.kept);
  if (kept) return `${kept.detected ? 'det' : 'lex'}:framed-kept-but-content-off`;
  if (own.length) return `${own[0].detected ? 'det' : 'lex'}:frame-rejected`;
  if (finder.cueAt(view, head)) return 'lex:no-frame';
  if (detector && detectorAsks(detector, view, head)) {
    const score = detector.weights.score(cueTokenFeatures(view, lexicon, head, view.tokens.sentenceFirst[s], contentLimit(view, s)));
    return score >= candidateThreshold(detector, view, head) ? 'det:no-frame' : 'det:score-below';
  }
  return lexicon.learnedCueRate?.has(view.lower[head]) ? 'never-asked:low-rate' : 'never-asked:unseen';
}

for (const { text, gold, article } of analysedBratArticles(values.brat, values.limit)) {
  // The frames judged while this article was analysed; the next article's go to a new list.
  const docFrames = frames;
  frames = [];
  const view = new TokenView(text, tokenize(text, article.sentences), findQuotedSpans(text, article.blocks));
  const predicted = article.quotes.map((q) => trimSpan(text, [q.start, q.end], true));
  const matched = new Set();
  for (const relation of gold) {
    for (const raw of relation.contents) {
      const g = trimSpan(text, raw, true);
      if (!g) continue;
      goldCount++;
      const best = bestContentMatch(g, predicted, (p, i) => (matched.has(i) ? null : p));
      if (best >= 0) {
        matched.add(best);
        continue;
      }
      missedCount++;
      const cue = relation.cues[0];
      const head = cue ? cueHead(view, lexicon, cue[0], cue[1]) : -1;
      const name = !cue ? 'no-gold-cue' : head < 0 ? 'cue-no-head' : classify(view, head, docFrames);
      const word = head >= 0 ? view.lower[head] : cue ? text.slice(...cue).toLowerCase() : '∅';
      const words = classes.get(name) ?? new Map();
      words.set(word, (words.get(word) ?? 0) + 1);
      classes.set(name, words);
      // What the stage made of the same cue word, when it framed it: the content it placed instead.
      const own = head >= 0 ? article.quotes.find((q) => q.cue && q.cue.start <= view.tokens.start[head] && q.cue.end >= view.tokens.end[head]) : undefined;
      const placed = own ? `\tpredicted=${JSON.stringify(text.slice(own.start, own.end)).slice(0, 200)}\twhere=${placement(text, g, own, cue)}\trule=${own.provenance.ruleId}` : '';
      lines.push(`${name}\t${word}\tcue=${JSON.stringify(cue ? text.slice(...cue) : '')}\tsource=${JSON.stringify(relation.sources[0] ? text.slice(...relation.sources[0]) : '')}\tcontent=${JSON.stringify(text.slice(...g)).slice(0, 200)}${placed}`);
    }
  }
}
console.log(`gold contents ${goldCount}, missed ${missedCount}`);
const total = (words) => [...words.values()].reduce((a, b) => a + b, 0);
for (const [name, words] of [...classes].sort((a, b) => total(b[1]) - total(a[1]))) {
  console.log(`${String(total(words)).padStart(6)} ${name}: ${[...words].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([w, n]) => `${w} ${n}`).join(', ')}`);
}
writeFileSync(values.out, lines.sort().join('\n') + '\n');

// Learns how often each word form is an attribution cue in PolNeAR's training split and writes
// models/quotes/cues.json (form → share of its occurrences inside a gold Cue span). The quotes stage uses the
// rates to drop lexicon forms that are rarely cues ("reports" as a noun) and to add frequent cues missing
// from the lexicon. Usage: npm run train:quotes -- --data ../shared/bench/quotes/polnear [--min-count 3]
// Reads only the `train` compartment; dev and test are never used for training.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { tokenize } from '../dist/stages/tokenize/index.js';
import { loadQuoteLexicon } from '../dist/stages/quotes/lexicon.js';

const { values } = parseArgs({ options: { data: { type: 'string' }, 'min-count': { type: 'string', default: '3' }, out: { type: 'string', default: 'models/quotes/cues.json' } } });
if (!values.data) {
  console.error('usage: npm run train:quotes -- --data PATH/TO/polnear');
  process.exit(2);
}
const root = readdirSync(values.data).includes('metadata.tsv') ? values.data : join(values.data, 'data');
const split = join(root, 'train');
const minCount = Number(values['min-count']);

/** Cue spans of one brat file, as [start, end] code-unit offsets (brat counts code points). */
function cueSpans(ann, text) {
  const toUnits = [];
  let unit = 0;
  for (const ch of text) { toUnits.push(unit); unit += ch.length; }
  toUnits.push(unit);
  const spans = [];
  for (const line of ann.split('\n')) {
    const m = /^T\d+\tCue ([\d ;]+)\t/.exec(line);
    if (!m) continue;
    for (const frag of m[1].split(';')) {
      const [s, e] = frag.trim().split(/\s+/).map(Number);
      spans.push([toUnits[s], toUnits[e]]);
    }
  }
  return spans;
}

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
writeFileSync(values.out, JSON.stringify({
  about: `Share of occurrences of each word form inside a gold Cue span, PolNeAR train (${files.length} annotation files); forms seen at least ${minCount} times; particles: cue word + next word pairs seen at least ${minCount} times after a cue word, joined into the cue span at least half the time. Written by scripts/train-quotes.mjs.`,
  minRate: 0.3,
  addRate: 0.4,
  rates,
  particles,
}, null, 0) + '\n');
console.log(`${values.out}: ${Object.keys(rates).length} cue forms from ${files.length} annotation files`);

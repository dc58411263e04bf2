// Error classes of the quotes stage against brat gold (PolNeAR layout or NAME.txt + NAME.ann): missed gold
// contents by cue, spurious predictions by rule and cue, content boundary errors (start early/late, end
// early/late, by rule), source and cue mismatches by rule. Matching as `presslens eval quotes` (content
// overlap |∩| / the longer span > 0.3); spans trimmed of whitespace, contents also of quotation marks.
// Usage: npm run build && node scripts/diff-quotes.mjs --brat ../shared/bench/quotes/polnear/dev [--limit N] [--out FILE]
// FILE (default /tmp/quotes-diff.txt) gets one line per error with the text around it.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bestContentMatch, trimSpan } from '../dist/cli/eval-quotes.js';
import { analysedBratArticles, predictedSpans, sameSpan } from './bench-support/brat-spans.mjs';

const { values } = parseArgs({ options: { brat: { type: 'string' }, limit: { type: 'string' }, out: { type: 'string', default: '/tmp/quotes-diff.txt' } } });
if (!values.brat) {
  console.error('usage: node scripts/diff-quotes.mjs --brat DIR [--limit N] [--out FILE]');
  process.exit(2);
}
const tally = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);
const classes = { missedByCue: new Map(), spuriousByRule: new Map(), spuriousByCue: new Map(), boundary: new Map(), sourceByRule: new Map(), cueByRule: new Map() };
const lines = [];
let documents = 0;
for (const { pair, text, gold, article } of analysedBratArticles(values.brat, values.limit)) {
  documents++;
  const show = (span) => (span ? JSON.stringify(text.slice(span[0], span[1])).slice(0, 160) : '∅');
  const predicted = predictedSpans(text, article);
  const matched = new Set();
  lines.push(`##### ${pair.name}`);
  for (const relation of gold) {
    const cue = relation.cues[0] ? text.slice(...relation.cues[0]).toLowerCase().trim() : '∅';
    for (const raw of relation.contents) {
      const g = trimSpan(text, raw, true);
      if (!g) continue;
      const best = bestContentMatch(g, predicted, (p, i) => (matched.has(i) ? null : p.content));
      if (best < 0) {
        tally(classes.missedByCue, cue);
        lines.push(`MISSED cue=${show(relation.cues[0])} source=${show(relation.sources[0])} content=${show(g)}`);
        continue;
      }
      matched.add(best);
      const p = predicted[best];
      if (!sameSpan(p.content, g)) {
        const start = p.content[0] < g[0] ? 'start-early' : p.content[0] > g[0] ? 'start-late' : '';
        const end = p.content[1] > g[1] ? 'end-late' : p.content[1] < g[1] ? 'end-early' : '';
        tally(classes.boundary, `${[start, end].filter(Boolean).join('+')} ${p.rule}`);
        lines.push(`BOUNDARY ${start} ${end} [${p.rule}] predicted=${show(p.content)} gold=${show(g)}`);
      }
      const sources = relation.sources.map((s) => trimSpan(text, s, false));
      if (sources.length ? !sources.some((s) => sameSpan(s, p.mention)) : p.mention) {
        tally(classes.sourceByRule, p.rule);
        lines.push(`SOURCE [${p.rule}] predicted=${show(p.mention)} gold=${sources.map(show).join(' | ') || '∅'}`);
      }
      const cues = relation.cues.map((s) => trimSpan(text, s, false));
      if (cues.length ? !cues.some((s) => sameSpan(s, p.cue)) : p.cue) {
        tally(classes.cueByRule, p.rule);
        lines.push(`CUE [${p.rule}] predicted=${show(p.cue)} gold=${cues.map(show).join(' | ') || '∅'}`);
      }
    }
  }
  predicted.forEach((p, i) => {
    if (matched.has(i)) return;
    tally(classes.spuriousByRule, p.rule);
    tally(classes.spuriousByCue, p.cue ? text.slice(...p.cue).toLowerCase() : '∅');
    lines.push(`SPURIOUS [${p.rule}] cue=${show(p.cue)} source=${show(p.mention)} content=${show(p.content)}`);
  });
}
const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${v} ${k}`).join('; ');
const summary = Object.entries(classes).map(([name, map]) => `${name} (${[...map.values()].reduce((a, b) => a + b, 0)}): ${top(map, 25)}`).join('\n');
console.log(`${documents} documents\n${summary}`);
writeFileSync(values.out, `${summary}\n\n${lines.join('\n')}\n`);
console.log(`details: ${values.out}`);

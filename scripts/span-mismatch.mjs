// Why the source and cue spans of relations the quotes stage finds differ from PolNeAR's: for each gold content
// matched by a prediction (content overlap |∩| / the longer span > 0.3, the harness's rule), the predicted
// speaker mention and cue are compared with the gold Source and Cue spans and each mismatch is put in one class:
// which side differs (left / right / both / elsewhere / ours-none / gold-none), ours longer or shorter, and the
// word at the boundary that differs ("left:shorter:and" = gold runs further left over "Jeb Bush and"; "right:
// longer:," = ours keeps an appositive gold leaves out). Spans trimmed of white space, as the harness does; as the
// harness counts each role's spans as a set per document, a mismatch is counted only when the gold span is
// predicted nowhere in the document or ours is no gold span.
// Usage: npm run build && node scripts/span-mismatch.mjs --brat ../shared/bench/quotes/polnear/train
//   [--limit N] [--out FILE] [--top N] [--pairs JSONL]
// Prints, per role, the number matched, right and wrong and the classes by count; FILE (default
// /tmp/span-mismatch.txt) lists every mismatch with its class, rule and both spans; JSONL gets every matched
// relation (role spans, ours and gold, with the text after each), for questions the classes do not answer.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bestContentMatch, trimSpan } from '../dist/cli/eval-quotes.js';
import { analysedBratArticles, predictedSpans, sameSpan } from './bench-support/brat-spans.mjs';

const { values } = parseArgs({ options: { brat: { type: 'string' }, limit: { type: 'string' }, out: { type: 'string', default: '/tmp/span-mismatch.txt' }, top: { type: 'string', default: '40' }, pairs: { type: 'string' } } });
if (!values.brat) {
  console.error('usage: node scripts/span-mismatch.mjs --brat DIR [--limit N] [--out FILE] [--top N]');
  process.exit(2);
}
const overlap = (a, b) => Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));

const WORD_CLASSES = [
  ['and', /^(?:and|or|&)$/],
  ['det', /^(?:the|a|an|this|these|those|that)$/],
  ['possessive-det', /^(?:his|her|its|their|our|my|your)$/],
  ['pronoun', /^(?:he|she|they|it|we|i|you|him|them|us|me|who|which)$/],
  ['aux', /^(?:has|have|had|is|was|are|were|be|been|being|will|would|could|can|may|might|must|should|shall|did|does|do|’ve|'ve|’ll|'ll|’d|'d|’re|'re)$/],
  ['negation', /^(?:not|n’t|n't|never)$/],
  ['clitic-s', /^(?:’s|'s)$/],
  ['to', /^to$/],
  ['that', /^that$/],
  ['prep', /^(?:in|of|for|at|on|from|with|by|about|over|against|as|into|like|after|before|during|among|under|through|without|upon)$/],
  ['according', /^according$/],
  ['particle', /^(?:out|up|down|off|back|away)$/],
  ['adverb', /^(?:also|still|already|again|just|even|now|then|later|once|first|long|always|often|repeatedly|never|recently|previously|further|too)$|^\p{Ll}{3,}ly$/u],
  ['comma', /^,$/],
  ['bracket', /^[()]$/],
  ['dash', /^[—–-]$/],
  ['colon', /^:$/],
  ['period', /^\.$/],
  ['quote-mark', /^["“”‘’']$/],
  ['number', /^\d/],
];
const WORDS = /[\p{L}\p{N}]+(?:[’'.-][\p{L}\p{N}]+)*|n[’']t|[’'](?:s|ve|ll|d|re)\b|\S/gu;

/** The class of one word: a closed class above, else capitalised name / lower-case -ing / -ed / other word. */
function wordClass(word) {
  const lower = word.toLowerCase();
  for (const [name, pattern] of WORD_CLASSES) if (pattern.test(lower)) return name;
  if (/^\p{Lu}/u.test(word)) return 'Name';
  if (/ing$/u.test(lower)) return 'ing';
  if (/ed$/u.test(lower)) return 'ed';
  return 'word';
}

const words = (text) => text.match(WORDS) ?? [];

/**
 * The class of the text one span has and the other lacks on one side: the class of the word next to the shared
 * part (the last word of a left part, the first of a right part), with "+N" when the part holds more words, and
 * "·and" when an "and" lies inside a left part ("Jeb Bush and Marco Rubio").
 */
function partClass(part, side) {
  const list = words(part);
  if (!list.length) return 'space';
  const at = side === 'left' ? list[list.length - 1] : list[0];
  let name = wordClass(at);
  if (list.length > 1) name += list.length > 4 ? '+many' : `+${list.length - 1}`;
  if (side === 'left' && list.slice(0, -1).some((w) => /^(?:and|&)$/iu.test(w))) name += '·and';
  if (side === 'right' && list.slice(1).some((w) => /^,$/u.test(w))) name += '·comma';
  return name;
}

/** The mismatch class of predicted span p against the gold spans of its role (the one overlapping p most). */
function mismatch(text, p, golds) {
  if (!golds.length) return p ? 'gold-none' : null;
  if (!p) return `ours-none:${wordClass(words(text.slice(...golds[0]))[0] ?? '')}${words(text.slice(...golds[0])).length > 1 ? '…' : ''}`;
  if (golds.some((g) => sameSpan(g, p))) return null;
  let g = golds[0];
  for (const other of golds) if (overlap(other, p) > overlap(g, p)) g = other;
  if (!overlap(g, p)) {
    const ours = words(text.slice(...p));
    const theirs = words(text.slice(...g));
    const pronoun = (list) => list.length === 1 && wordClass(list[0]) === 'pronoun';
    return pronoun(ours) !== pronoun(theirs) ? (pronoun(ours) ? 'elsewhere:ours-pronoun' : 'elsewhere:gold-pronoun') : `elsewhere:${p[0] < g[0] ? 'before' : 'after'}`;
  }
  const parts = [];
  if (p[0] < g[0]) parts.push(`left:longer:${partClass(text.slice(p[0], g[0]), 'left')}`);
  else if (p[0] > g[0]) parts.push(`left:shorter:${partClass(text.slice(g[0], p[0]), 'left')}`);
  if (p[1] > g[1]) parts.push(`right:longer:${partClass(text.slice(g[1], p[1]), 'right')}`);
  else if (p[1] < g[1]) parts.push(`right:shorter:${partClass(text.slice(p[1], g[1]), 'right')}`);
  return parts.length === 2 ? `both ${parts.join(' ')}` : parts[0];
}

const roles = { source: { matched: 0, right: 0, classes: new Map(), byRule: new Map() }, cue: { matched: 0, right: 0, classes: new Map(), byRule: new Map() } };
const tally = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);
const lines = [];
const matchedPairs = [];
let documents = 0;
for (const { pair, text, gold, article } of analysedBratArticles(values.brat, values.limit)) {
  documents++;
  const show = (span) => (span ? JSON.stringify(text.slice(span[0], span[1])).slice(0, 140) : '∅');
  const context = (span) => JSON.stringify(text.slice(Math.max(0, span[0] - 80), span[1] + 40)).slice(0, 260);
  const predicted = predictedSpans(text, article);
  // The harness counts each role's spans as a set per document: a mismatch costs nothing when the gold span is
  // predicted elsewhere and ours is a gold span (or none).
  const key = (span) => (span ? `${span[0]}:${span[1]}` : '');
  const predictedSets = { source: new Set(predicted.map((p) => key(p.mention))), cue: new Set(predicted.map((p) => key(p.cue))) };
  const goldSets = { source: new Set(gold.flatMap((r) => r.sources.map((s) => key(trimSpan(text, s, false))))), cue: new Set(gold.flatMap((r) => r.cues.map((s) => key(trimSpan(text, s, false))))) };
  const used = new Set();
  for (const relation of gold) {
    for (const raw of relation.contents) {
      const g = trimSpan(text, raw, true);
      if (!g) continue;
      const best = bestContentMatch(g, predicted, (p, i) => (used.has(i) ? null : p.content));
      if (best < 0) continue;
      used.add(best);
      const p = predicted[best];
      if (values.pairs) {
        const spanText = (span) => (span ? text.slice(span[0], span[1]) : null);
        const golden = (spans) => spans.map((s) => trimSpan(text, s, false)).filter(Boolean).map(spanText);
        matchedPairs.push({ doc: pair.name, rule: p.rule, cue: spanText(p.cue), cueAfter: p.cue ? text.slice(p.cue[1], p.cue[1] + 60) : null, cueBefore: p.cue ? text.slice(Math.max(0, p.cue[0] - 60), p.cue[0]) : null,
          goldCues: golden(relation.cues), source: spanText(p.mention), sourceAfter: p.mention ? text.slice(p.mention[1], p.mention[1] + 60) : null,
          sourceBefore: p.mention ? text.slice(Math.max(0, p.mention[0] - 60), p.mention[0]) : null, goldSources: golden(relation.sources) });
      }
      for (const [role, ours, golds] of [['source', p.mention, relation.sources], ['cue', p.cue, relation.cues]]) {
        const stats = roles[role];
        stats.matched++;
        const trimmed = golds.map((s) => trimSpan(text, s, false)).filter(Boolean);
        const kind = mismatch(text, ours, trimmed);
        const missed = trimmed.length > 0 && !trimmed.some((s) => predictedSets[role].has(key(s)));
        const spurious = ours !== null && !goldSets[role].has(key(ours));
        if (!kind || (!missed && !spurious)) {
          stats.right++;
          continue;
        }
        tally(stats.classes, kind);
        tally(stats.byRule, p.rule);
        lines.push(`${role.toUpperCase()} ${kind} [${p.rule}] ours=${show(ours)} gold=${trimmed.map(show).join(' | ') || '∅'} @ ${context(ours ?? trimmed[0] ?? g)} (${pair.name})`);
      }
    }
  }
}
const top = Number(values.top);
const report = [`${documents} documents`];
for (const [role, stats] of Object.entries(roles)) {
  report.push(`${role}: ${stats.matched} matched relations, ${stats.right} right, ${stats.matched - stats.right} wrong`);
  report.push(`  by rule: ${[...stats.byRule].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${v} ${k}`).join('; ')}`);
  for (const [kind, count] of [...stats.classes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, top)) report.push(`  ${String(count).padStart(5)} ${kind}`);
}
console.log(report.join('\n'));
writeFileSync(values.out, `${report.join('\n')}\n\n${lines.sort().join('\n')}\n`);
console.log(`details: ${values.out}`);
if (values.pairs) writeFileSync(values.pairs, matchedPairs.map((m) => JSON.stringify(m)).join('\n') + '\n');

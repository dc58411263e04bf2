import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ArticleJson } from '../core/article.js';
import { PresslensError } from '../core/errors.js';
import { createPipeline } from '../core/pipeline.js';
import type { CliIo } from './io.js';

export const EVAL_QUOTES_USAGE = `usage: presslens eval quotes --brat DIR [--json] [--limit N]

Scores presslens quotes against your own gold annotations in brat standoff format. DIR holds NAME.txt with
NAME.ann beside it, or (PolNeAR layout) text/NAME.txt with attributions/NAME_ANNOTATOR.ann. Gold roles come from
Attribution events (Source, Cue, Content, Content2 arguments; a text-bound Source/Cue/Content span each).
Each text is analysed verbatim, so offsets match the annotation.

Reported: exact-match precision/recall/F1 for source (speaker.mention), cue and content spans (whitespace
trimmed; quotation marks trimmed from contents), content overlap F1 (|gold ∩ predicted| / the longer of the
two > 0.3, one-to-one), and speaker accuracy on the overlap matches (mention IoU ≥ 0.5 with the gold source).

options:
  --brat DIR     the annotated folder (required)
  --json         print the scores as JSON
  --limit N      score only the first N annotation files
`;

type Range = [number, number];

interface GoldRelation {
  sources: Range[];
  cues: Range[];
  contents: Range[];
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface QuoteScores {
  documents: number;
  goldQuotes: number;
  predictedQuotes: number;
  exact: Record<'source' | 'cue' | 'content', Counts & { precision: number; recall: number; f1: number }>;
  overlap: Counts & { precision: number; recall: number; f1: number; threshold: number };
  speaker: { matched: number; correct: number; accuracy: number };
}

const QUOTE_MARKS = /["'`´“”„‟‘’‚‛«»‹›]/u;

/** Brat offsets count code points; presslens offsets count UTF-16 code units. */
function codePointToUnit(text: string): (offset: number) => number {
  const units: number[] = [];
  let unit = 0;
  for (const ch of text) {
    units.push(unit);
    unit += ch.length;
  }
  units.push(unit);
  return (offset) => units[Math.min(offset, units.length - 1)]!;
}

/** Gold attribution relations from brat standoff: text-bound spans, tied together by Attribution events. */
export function readBratRelations(ann: string, text: string): GoldRelation[] {
  const toUnit = codePointToUnit(text);
  const spans = new Map<string, Range[]>();
  const events: string[][] = [];
  for (const line of ann.split('\n')) {
    const [id, info] = line.split('\t');
    if (!id || !info) continue;
    if (id.startsWith('T')) {
      const space = info.indexOf(' ');
      const ranges = info.slice(space + 1).split(';').map((part) => part.trim().split(/\s+/).map(Number) as Range);
      spans.set(id, joinWhitespaceGaps(text, ranges.map(([s, e]) => [toUnit(s), toUnit(e)] as Range)));
    } else if (id.startsWith('E')) events.push(info.trim().split(/\s+/));
  }
  const relations: GoldRelation[] = [];
  for (const [trigger, ...args] of events) {
    if (!trigger?.startsWith('Attribution')) continue;
    const relation: GoldRelation = { sources: [], cues: [], contents: [] };
    for (const arg of args) {
      const [role, target] = arg.split(':');
      const ranges = spans.get(target ?? '') ?? [];
      const key = role?.replace(/\d+$/, '');
      if (key === 'Source') relation.sources.push(...ranges);
      else if (key === 'Cue') relation.cues.push(...ranges);
      else if (key === 'Content') relation.contents.push(...ranges);
    }
    if (relation.contents.length) relations.push(relation);
  }
  return relations;
}

/** brat breaks a span at line ends: pieces with only white space between them are one span. */
function joinWhitespaceGaps(text: string, ranges: Range[]): Range[] {
  const joined: Range[] = [];
  for (const range of ranges.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0])) {
    const last = joined[joined.length - 1];
    if (last && text.slice(last[1], range[0]).trim() === '') last[1] = Math.max(last[1], range[1]);
    else joined.push([...range]);
  }
  return joined;
}

/** The span without white space (and quotation marks when `marks`) at its edges; null when absent or empty. */
export function trimSpan(text: string, span: Range | null, marks: boolean): Range | null {
  if (!span) return null;
  let [s, e] = span;
  const strip = (ch: string) => /\s/u.test(ch) || (marks && QUOTE_MARKS.test(ch));
  while (s < e && strip(text[s]!)) s++;
  while (e > s && strip(text[e - 1]!)) e--;
  return e > s ? [s, e] : null;
}

const overlap = (a: Range, b: Range) => Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));

/**
 * The candidate whose content overlaps the gold content by more than 0.3 of the longer span, the most such (the
 * first of equals), or -1. `spanOf` gives null for a candidate that may not be matched (taken, or without a span).
 */
export function bestContentMatch<T>(gold: Range, candidates: readonly T[], spanOf: (candidate: T, index: number) => Range | null): number {
  let best = -1;
  let bestScore = 0.3;
  for (let i = 0; i < candidates.length; i++) {
    const span = spanOf(candidates[i]!, i);
    if (!span) continue;
    const score = overlap(gold, span) / Math.max(gold[1] - gold[0], span[1] - span[0]);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}
const prf = (c: Counts) => {
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  return { ...c, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
};

/** Scores one analysed article against its gold relations, adding to the running counts. */
export function scoreDocument(article: ArticleJson, gold: readonly GoldRelation[], totals: Omit<QuoteScores, 'exact' | 'overlap' | 'speaker'> & {
  exact: Record<'source' | 'cue' | 'content', Counts>; overlap: Counts; speaker: { matched: number; correct: number };
}): void {
  const text = article.text;
  const key = (r: Range) => `${r[0]}:${r[1]}`;
  const roles = { source: [false, 'sources'], cue: [false, 'cues'], content: [true, 'contents'] } as const;
  for (const [role, [marks, field]] of Object.entries(roles) as [keyof typeof roles, (typeof roles)[keyof typeof roles]][]) {
    const goldSet = new Set(gold.flatMap((r) => r[field]).map((r) => trimSpan(text, r, marks)).filter((r): r is Range => r !== null).map(key));
    const predicted = article.quotes.map((q) => (role === 'content' ? q : role === 'cue' ? q.cue : q.speaker.mention));
    const predSet = new Set(predicted.filter((s) => s !== null).map((s) => trimSpan(text, [s.start, s.end], marks)).filter((r): r is Range => r !== null).map(key));
    for (const k of predSet) totals.exact[role][goldSet.has(k) ? 'tp' : 'fp']++;
    for (const k of goldSet) if (!predSet.has(k)) totals.exact[role].fn++;
  }
  const goldUnits = gold.flatMap((r) => r.contents.map((c) => ({ span: trimSpan(text, c, true), source: r.sources[0] ?? null })))
    .filter((u): u is { span: Range; source: Range | null } => u.span !== null)
    .sort((a, b) => a.span[0] - b.span[0]);
  const remaining = article.quotes.map((q) => ({ span: trimSpan(text, [q.start, q.end], true), mention: q.speaker.mention }))
    .filter((p): p is { span: Range; mention: ArticleJson['quotes'][number]['speaker']['mention'] } => p.span !== null);
  totals.goldQuotes += goldUnits.length;
  totals.predictedQuotes += remaining.length;
  for (const unit of goldUnits) {
    const best = bestContentMatch(unit.span, remaining, (p) => p.span);
    if (best < 0) {
      totals.overlap.fn++;
      continue;
    }
    const [match] = remaining.splice(best, 1);
    totals.overlap.tp++;
    totals.speaker.matched++;
    const mention = match!.mention ? trimSpan(text, [match!.mention.start, match!.mention.end], false) : null;
    const source = unit.source ? trimSpan(text, unit.source, false) : null;
    if (!source) {
      if (!mention) totals.speaker.correct++;
    } else if (mention) {
      const inter = overlap(source, mention);
      const union = source[1] - source[0] + (mention[1] - mention[0]) - inter;
      if (inter / union >= 0.5) totals.speaker.correct++;
    }
  }
  totals.overlap.fp += remaining.length;
}

/** Text files paired with their annotation files, in name order. */
export function bratPairs(dir: string): { text: string; ann: string; name: string }[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new PresslensError('usage', `${dir}: not a directory`);
  const textDir = existsSync(join(dir, 'text')) ? join(dir, 'text') : dir;
  const annDir = existsSync(join(dir, 'attributions')) ? join(dir, 'attributions') : dir;
  const texts = new Map(readdirSync(textDir).filter((f) => f.endsWith('.txt')).map((f) => [basename(f, '.txt'), join(textDir, f)]));
  const pairs = [];
  for (const file of readdirSync(annDir).filter((f) => f.endsWith('.ann')).sort()) {
    const stem = basename(file, '.ann');
    const text = texts.get(stem) ?? texts.get(stem.replace(/_[^_]+$/, ''));
    if (text) pairs.push({ text, ann: join(annDir, file), name: stem });
  }
  if (!pairs.length) throw new PresslensError('usage', `${dir}: no .ann file with a matching .txt file`);
  return pairs;
}

export async function evalQuotesCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { brat: { type: 'string' }, json: { type: 'boolean', default: false }, limit: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    io.stdout.write(EVAL_QUOTES_USAGE);
    return 0;
  }
  if (!values.brat) throw new PresslensError('usage', `eval quotes: --brat DIR is required\n${EVAL_QUOTES_USAGE}`);
  const limit = values.limit === undefined ? Infinity : Number(values.limit);
  if (!(limit > 0)) throw new PresslensError('usage', `eval quotes: --limit must be a positive number, got ${values.limit}`);
  const pipeline = createPipeline();
  const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0 });
  const totals = { documents: 0, goldQuotes: 0, predictedQuotes: 0, exact: { source: zero(), cue: zero(), content: zero() }, overlap: zero(), speaker: { matched: 0, correct: 0 } };
  let failed = 0;
  for (const pair of bratPairs(values.brat).slice(0, limit)) {
    const text = readFileSync(pair.text, 'utf8');
    let article: ArticleJson;
    try {
      article = pipeline.analyze({ id: pair.name, text, verbatim: true, label: pair.text });
    } catch (error) {
      io.stderr.write(`presslens: ${pair.text}: ${(error as Error).message}\n`);
      failed++;
      continue;
    }
    scoreDocument(article, readBratRelations(readFileSync(pair.ann, 'utf8'), text), totals);
    totals.documents++;
  }
  const scores: QuoteScores = {
    documents: totals.documents,
    goldQuotes: totals.goldQuotes,
    predictedQuotes: totals.predictedQuotes,
    exact: { source: prf(totals.exact.source), cue: prf(totals.exact.cue), content: prf(totals.exact.content) },
    overlap: { ...prf(totals.overlap), threshold: 0.3 },
    speaker: { ...totals.speaker, accuracy: totals.speaker.matched ? totals.speaker.correct / totals.speaker.matched : 0 },
  };
  const f = (x: number) => x.toFixed(3);
  const row = (c: { precision: number; recall: number; f1: number }) => `F1 ${f(c.f1)} (P ${f(c.precision)} R ${f(c.recall)})`;
  io.stdout.write(values.json ? `${JSON.stringify(scores, null, 2)}\n` : [
    `documents ${scores.documents}, gold quotes ${scores.goldQuotes}, predicted quotes ${scores.predictedQuotes}`,
    `exact  source ${row(scores.exact.source)}  cue ${row(scores.exact.cue)}  content ${row(scores.exact.content)}`,
    `content overlap>0.3 ${row(scores.overlap)}`,
    `speaker accuracy ${f(scores.speaker.accuracy)} (${scores.speaker.correct}/${scores.speaker.matched})`,
    '',
  ].join('\n'));
  return failed ? 1 : 0;
}

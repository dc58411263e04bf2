import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { ArticleJson } from '../core/article.js';
import { PresslensError, toPresslensError } from '../core/errors.js';
import { createPipeline } from '../core/pipeline.js';
import type { CliIo } from './io.js';
import {
  countSegments, sameMetadata, segmentScores, shingleOverlap, shingleScores, type SegmentCounts,
} from './eval-extraction-metrics.js';

export const EVAL_EXTRACTION_USAGE = `usage: presslens eval extraction --gold FILE --pages DIR [options]

Runs extraction on every page named in the gold file and scores it. Gold formats (told apart by their fields):
  segments   trafilatura's evaldata.json: {"<url or id>": {"file": "page.html", "with": [...], "without": [...],
             "title"?, "author"?, "date"?}}. Each "with" snippet found in the text is a hit, each "without"
             snippet found a false positive (counts summed over pages). Title, author and date are compared
             case- and space-insensitively over pages whose gold value is not empty.
  shingles   Zyte's article-extraction benchmark: {"<id>": {"articleBody": "...", "file"?}}; the page is
             DIR/<file>, else DIR/<id>.html, .htm or .html.gz. Word 4-gram overlap per page, precision and
             recall averaged over pages.

options:
  --gold FILE        the gold file (JSON)
  --pages DIR        the folder holding the pages (repeat for pages spread over several folders)
  --limit N          score the first N pages only
  --worst N          list the N worst pages (default 10; 0 = none)
  --format text|json text report (default) or the full result with per-page figures
`;

type Style = 'segments' | 'shingles';
interface GoldPage {
  id: string;
  file: string | null;
  with?: string[];
  without?: string[];
  articleBody?: string;
  title?: string;
  author?: string | string[];
  date?: string;
}

interface PageResult {
  id: string;
  error?: string;
  segments?: SegmentCounts;
  shingles?: [number, number, number];
  metadata: Partial<Record<'title' | 'author' | 'date', boolean>>;
}

export async function evalExtractionCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      gold: { type: 'string' },
      pages: { type: 'string', multiple: true },
      limit: { type: 'string' },
      worst: { type: 'string', default: '10' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(EVAL_EXTRACTION_USAGE);
    return 0;
  }
  if (!values.gold || !values.pages?.length) throw new PresslensError('usage', `eval extraction needs --gold FILE and --pages DIR\n${EVAL_EXTRACTION_USAGE}`);
  if (values.format !== 'text' && values.format !== 'json') throw new PresslensError('usage', `unknown --format ${values.format}`);
  const limit = values.limit === undefined ? Infinity : wholeNumber(values.limit, '--limit');
  const worst = wholeNumber(values.worst, '--worst');
  const { style, pages } = await readGold(values.gold);
  const pipeline = createPipeline({ extractOnly: true });
  const results: PageResult[] = [];
  let failures = 0;
  const started = performance.now();
  for (const page of pages.slice(0, limit)) {
    let article: ArticleJson | null = null;
    let error: string | undefined;
    try {
      const path = pagePath(values.pages, page);
      article = pipeline.analyze({ id: page.id, html: new Uint8Array(await readPage(path)), label: path });
    } catch (caught) {
      error = toPresslensError(caught).message;
      failures++;
      io.stderr.write(`presslens: ${error}\n`);
    }
    results.push(scorePage(style, page, article, error));
  }
  const seconds = (performance.now() - started) / 1000;
  const summary = summarise(style, results, seconds);
  if (values.format === 'json') io.stdout.write(`${JSON.stringify({ ...summary, pages: results }, null, 2)}\n`);
  else io.stdout.write(report(summary, results, worst, values.gold));
  return failures > 0 ? 1 : 0;
}

function wholeNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new PresslensError('usage', `${flag} needs a whole number, not "${value}"`);
  return n;
}

async function readGold(path: string): Promise<{ style: Style; pages: GoldPage[] }> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new PresslensError('invalid-input', `${path}: cannot read the gold file (${toPresslensError(error).message})`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new PresslensError('invalid-input', `${path}: the gold file must be a JSON object keyed by page`);
  }
  const entries = Object.entries(data as Record<string, Record<string, unknown>>);
  const first = entries[0]?.[1];
  const style: Style | null = first && Array.isArray(first['with']) ? 'segments' : first && typeof first['articleBody'] === 'string' ? 'shingles' : null;
  if (!style) throw new PresslensError('invalid-input', `${path}: unknown gold format: expected "with"/"without" lists or "articleBody" per page`);
  const pages = entries.map(([id, item], index) => {
    const valid = style === 'segments' ? Array.isArray(item?.['with']) && Array.isArray(item?.['without']) : typeof item?.['articleBody'] === 'string';
    if (!valid) throw new PresslensError('invalid-input', `${path}: entry ${index + 1} ("${id}") does not follow the ${style} format of the first entry`);
    return { id, file: typeof item['file'] === 'string' ? item['file'] : null, ...item } as GoldPage;
  });
  return { style, pages };
}

function pagePath(dirs: readonly string[], page: GoldPage): string {
  // File names with accents may be stored decomposed (NFD) by the file system that unpacked them.
  const names = page.file ? [page.file, page.file.normalize('NFD')] : ['.html', '.htm', '.html.gz'].map((ext) => `${page.id}${ext}`);
  const candidates = dirs.flatMap((dir) => names.map((name) => join(dir, name)));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new PresslensError('not-found', `${candidates[0]}: page not found for gold entry "${page.id}"`);
  return found;
}

async function readPage(path: string): Promise<Buffer> {
  const bytes = await readFile(path);
  return path.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}

function scorePage(style: Style, page: GoldPage, article: ArticleJson | null, error: string | undefined): PageResult {
  const text = article?.text ?? '';
  const result: PageResult = { id: page.id, metadata: {} };
  if (error) result.error = error;
  if (style === 'segments') result.segments = countSegments(text, page.with ?? [], page.without ?? []);
  else result.shingles = shingleOverlap(page.articleBody ?? '', text);
  if (page.title) result.metadata.title = sameMetadata.title(page.title, article?.title ?? null);
  if (page.author && page.author.length) result.metadata.author = sameMetadata.author(page.author, article?.authors ?? []);
  if (page.date) result.metadata.date = sameMetadata.date(page.date, article?.publishedAt ?? null);
  return result;
}

interface Summary {
  style: Style;
  count: number;
  failed: number;
  pagesPerSecond: number;
  text: { precision: number; recall: number; f1: number } & Partial<SegmentCounts>;
  metadata: Record<string, { correct: number; n: number; accuracy: number }>;
}

function summarise(style: Style, results: PageResult[], seconds: number): Summary {
  let text: Summary['text'];
  if (style === 'segments') {
    const total = { tp: 0, fp: 0, fn: 0, tn: 0 };
    for (const r of results) for (const k of ['tp', 'fp', 'fn', 'tn'] as const) total[k] += r.segments![k];
    text = { ...total, ...segmentScores(total) };
  } else text = shingleScores(results.map((r) => r.shingles!));
  const metadata: Summary['metadata'] = {};
  for (const field of ['title', 'author', 'date'] as const) {
    const judged = results.filter((r) => r.metadata[field] !== undefined);
    if (!judged.length) continue;
    const correct = judged.filter((r) => r.metadata[field]).length;
    metadata[field] = { correct, n: judged.length, accuracy: correct / judged.length };
  }
  return { style, count: results.length, failed: results.filter((r) => r.error).length, pagesPerSecond: results.length / seconds, text, metadata };
}

const f3 = (x: number) => x.toFixed(3);

function pageScore(r: PageResult): number {
  if (r.segments) {
    const { tp, fp, fn } = r.segments;
    return 2 * tp + fp + fn ? (2 * tp) / (2 * tp + fp + fn) : 1;
  }
  const [tp, fp, fn] = r.shingles!;
  return tp + fp + fn ? tp / (tp + fp + fn) : 1;
}

function report(s: Summary, results: PageResult[], worst: number, gold: string): string {
  const lines = [`presslens eval extraction: ${s.count} pages, ${s.style} gold from ${gold}${s.failed ? `, ${s.failed} failed` : ''}`];
  const counts = s.style === 'segments' ? `tp ${s.text.tp} fp ${s.text.fp} fn ${s.text.fn} tn ${s.text.tn}  ` : '';
  lines.push(`text      ${counts}P ${f3(s.text.precision)} R ${f3(s.text.recall)} F1 ${f3(s.text.f1)}`);
  const meta = Object.entries(s.metadata).map(([field, m]) => `${field} ${f3(m.accuracy)} (${m.correct}/${m.n})`);
  if (meta.length) lines.push(`metadata  ${meta.join('  ')}   (pages with a non-empty gold value)`);
  lines.push(`speed     ${s.pagesPerSecond.toFixed(1)} pages/s (extraction and sentence splitting, one thread)`);
  const ranked = [...results].sort((a, b) => pageScore(a) - pageScore(b)).slice(0, worst).filter((r) => pageScore(r) < 1);
  if (ranked.length) {
    lines.push(`worst pages:`);
    for (const r of ranked) lines.push(`  ${f3(pageScore(r))}  ${r.id}${r.error ? `  (${r.error})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

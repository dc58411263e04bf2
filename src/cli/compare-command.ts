import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ARTICLE_SCHEMA, type ArticleJson } from '../core/article.js';
import { PresslensError, toPresslensError } from '../core/errors.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import { createPipeline, type Pipeline } from '../core/pipeline.js';
import { IncrementalClusterer } from '../compare/cluster/clusterer.js';
import { compareArticles } from '../compare/diff/index.js';
import { renderCoverageText } from '../compare/render-text.js';
import { DEFAULT_FETCH_LIMITS } from './fetch.js';
import { enumerateJobs, parseJsonlLine, type InputFormat } from './inputs.js';
import { compareFromStore, storyQuery } from './compare-store.js';
import type { CliIo } from './io.js';
import { DEFAULT_DATABASE } from '../store/open.js';

export const COMPARE_USAGE = `usage: presslens compare INPUT ... [options]
       presslens compare --stories [WORDS ...] [--entity NAME] [--from DATE] [--to DATE] [--min-articles N] [--db D]
       presslens compare --story ID | --article ID [--db D]
       presslens compare --update [--db D]

Compares how several articles cover one story: who each names and quotes, which quotes and figures they
share or leave out, and which words they choose for the same thing. An INPUT is an analysis (Article JSON: a
.json file with one article or an array, or JSONL lines with "schema": "${ARTICLE_SCHEMA}") or a raw input
as for presslens analyze (an .html/.txt file, a directory, a JSONL input line, a URL), which is analysed first.

options:
  --format text|json               output format (default: text on a terminal, else json)
  --input-format auto|html|text|jsonl
                                   how to read raw inputs (default auto)
  --cluster                        group the articles into stories first and compare each story with two or
                                   more articles (json: an array of diffs)
  --verbatim                       take raw text exactly as given

story clusters stored in the corpus (presslens ingest keeps them up to date; see docs/COMPARE.md):
  --db PATH|URL                    the corpus (default ${DEFAULT_DATABASE})
  --stories                        list story clusters, newest first; WORDS must all be in a cluster's label
  --entity NAME  --from DATE  --to DATE  --min-articles N  --limit N  --offset N
                                   filters for --stories
  --story ID                       compare the articles of this story cluster (json: {cluster, diff})
  --article ID                     compare the articles of this article's story cluster
  --update                         place articles stored but not clustered yet, and say how many
`;

export async function compareCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'input-format': { type: 'string', default: 'auto' },
      cluster: { type: 'boolean', default: false },
      verbatim: { type: 'boolean', default: false },
      db: { type: 'string' },
      stories: { type: 'boolean', default: false },
      story: { type: 'string' },
      article: { type: 'string' },
      update: { type: 'boolean', default: false },
      entity: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
      'min-articles': { type: 'string' }, limit: { type: 'string' }, offset: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(COMPARE_USAGE);
    return 0;
  }
  const format = values.format ?? (io.stdoutIsTTY ? 'text' : 'json');
  if (format !== 'text' && format !== 'json') throw new PresslensError('usage', `unknown --format ${format} (compare writes text or json)`);
  const inputFormat = values['input-format'] as InputFormat;
  if (!['auto', 'html', 'text', 'jsonl'].includes(inputFormat)) throw new PresslensError('usage', `unknown --input-format ${inputFormat}`);
  const storeModes = [values.stories, values.story !== undefined, values.article !== undefined, values.update].filter(Boolean).length;
  if (storeModes > 1) throw new PresslensError('usage', 'give one of --stories, --story, --article and --update');
  if (storeModes === 1) {
    if (!values.stories && positionals.length > 0) throw new PresslensError('usage', 'INPUTs are compared directly; --story, --article and --update read the corpus only');
    return compareFromStore({
      db: values.db ?? DEFAULT_DATABASE, format, stories: values.stories, story: values.story, article: values.article,
      update: values.update, query: storyQuery(values, positionals),
    }, io);
  }
  if (positionals.length === 0) throw new PresslensError('usage', 'compare needs at least one INPUT (two or more articles to compare)');

  const loader = new ArticleLoader(inputFormat, values.verbatim, io);
  for (const source of positionals) await loader.load(source);
  const articles = loader.articles;
  if (articles.length === 0) {
    io.stderr.write('presslens: compare: no article could be read\n');
    return 1;
  }
  if (values.cluster) {
    const clusterer = new IncrementalClusterer();
    const sorted = [...articles].sort((a, b) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? ''));
    for (const article of sorted) clusterer.add(article);
    const byId = new Map(articles.map((a) => [a.id, a]));
    const stories = clusterer.clusters().filter((c) => c.articleIds.length > 1);
    const diffs = stories.map((c) => compareArticles(c.articleIds.map((id) => byId.get(id)!)));
    const singles = clusterer.clusterCount - stories.length;
    if (singles) io.stderr.write(`presslens: compare: ${singles} article${singles === 1 ? '' : 's'} had no other coverage of the same story\n`);
    io.stdout.write(format === 'json' ? JSON.stringify(diffs, null, 2) + '\n' : diffs.map(renderCoverageText).join('\n' + '─'.repeat(72) + '\n\n'));
  } else {
    const diff = compareArticles(articles);
    io.stdout.write(format === 'json' ? JSON.stringify(diff, null, 2) + '\n' : renderCoverageText(diff));
  }
  return loader.failures > 0 ? 1 : 0;
}

/** Reads analyses as they are and analyses raw inputs; reports bad inputs and goes on. */
class ArticleLoader {
  readonly articles: ArticleJson[] = [];
  failures = 0;
  private pipeline: Pipeline | null = null;
  private readonly ids = new Set<string>();

  constructor(private readonly inputFormat: InputFormat, private readonly verbatim: boolean, private readonly io: CliIo) {}

  async load(source: string): Promise<void> {
    try {
      const info = /^https?:\/\//i.test(source) || source === '-' ? null : await stat(source).catch(() => null);
      const extension = extname(source).toLowerCase();
      if (info?.isFile() && (extension === '.jsonl' || this.inputFormat === 'jsonl')) return await this.loadJsonl(source);
      if (info?.isFile() && (extension === '.json' || this.inputFormat === 'auto')) {
        const head = (await readFile(source, 'utf8')).trimStart();
        if (extension === '.json' || head.startsWith('{') || head.startsWith('[')) return this.loadJson(source, head);
      }
      await this.loadRaw(source);
    } catch (error) {
      this.fail(source, error);
    }
  }

  private loadJson(source: string, content: string): void {
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch {
      throw new PresslensError('invalid-json', `${source}: not valid JSON`);
    }
    const list = Array.isArray(value) ? value : [value];
    list.forEach((item, i) => this.accept(checkAnalysis(item, list.length > 1 ? `${source}[${i}]` : source)));
  }

  private async loadJsonl(source: string): Promise<void> {
    const lines = createInterface({ input: createReadStream(source), crlfDelay: Infinity });
    let lineNo = 0;
    for await (const line of lines) {
      lineNo++;
      if (!line.trim()) continue;
      const label = `${source}:${lineNo}`;
      try {
        const value = JSON.parse(line) as Record<string, unknown>;
        if (value && value['schema'] === ARTICLE_SCHEMA) {
          this.accept(checkAnalysis(value, label));
          continue;
        }
      } catch {
        // not JSON: parseJsonlLine reports it with the line number
      }
      const parsed = parseJsonlLine(line, label, this.verbatim);
      if (!parsed.ok) this.fail(label, parsed.error);
      else this.accept(this.analyze(parsed.input));
    }
  }

  private async loadRaw(source: string): Promise<void> {
    const jobs = enumerateJobs([source], { format: this.inputFormat, verbatim: this.verbatim, fetchLimits: DEFAULT_FETCH_LIMITS, maxBytes: DEFAULT_LIMITS.maxInputBytes, stdin: this.io.stdin });
    for await (const job of jobs) {
      try {
        const input = await job.load();
        // A file's name is a better id (and outlet label) than a content hash.
        input.id ??= /^https?:\/\//i.test(job.label) || job.label === 'stdin' ? undefined : basename(job.label);
        this.accept(this.analyze(input));
      } catch (error) {
        this.fail(job.label, error);
      }
    }
  }

  private analyze(input: Parameters<Pipeline['analyze']>[0]): ArticleJson {
    this.pipeline ??= createPipeline();
    return this.pipeline.analyze(input);
  }

  private accept(article: ArticleJson): void {
    let id = article.id;
    for (let n = 2; this.ids.has(id); n++) id = `${article.id}~${n}`;
    this.ids.add(id);
    this.articles.push(id === article.id ? article : { ...article, id });
  }

  private fail(label: string, error: unknown): void {
    this.failures++;
    const { message } = toPresslensError(error);
    this.io.stderr.write(`presslens: ${message.startsWith(label) ? message : `${label}: ${message}`}\n`);
  }
}

function checkAnalysis(value: unknown, label: string): ArticleJson {
  const record = value as Record<string, unknown> | null;
  if (!record || typeof record !== 'object' || record['schema'] !== ARTICLE_SCHEMA) {
    throw new PresslensError('invalid-input', `${label}: not a presslens analysis (expected "schema": "${ARTICLE_SCHEMA}")`);
  }
  if (typeof record['id'] !== 'string' || typeof record['text'] !== 'string') {
    throw new PresslensError('invalid-input', `${label}: an analysis needs a string "id" and "text"`);
  }
  for (const key of ['entities', 'quotes', 'framing'] as const) {
    if (record[key] !== undefined && !Array.isArray(record[key])) throw new PresslensError('invalid-input', `${label}: "${key}" must be an array`);
  }
  return record as unknown as ArticleJson;
}

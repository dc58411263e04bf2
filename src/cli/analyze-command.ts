import { availableParallelism } from 'node:os';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { ArticleJson } from '../core/article.js';
import { PresslensError, toPresslensError } from '../core/errors.js';
import type { AnalyzeInput } from '../core/input.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import { loadPipeline } from '../core/load-pipeline.js';
import type { PipelineOptions } from '../core/pipeline-builder.js';
import { DEFAULT_FETCH_LIMITS } from './fetch.js';
import { enumerateJobs, type InputFormat, type Job } from './inputs.js';
import { OutputWriter, type Outcome, type OutputFormat } from './output.js';
import { WorkerPool } from './pool.js';
import { createProgress } from './progress.js';
import type { CliIo } from './io.js';

export const ANALYZE_USAGE = `usage: presslens analyze [INPUT ...] [options]

INPUT is a file, a directory (its .html, .htm and .txt files, sorted), - for stdin, or an http(s) URL.
With no INPUT, stdin is read.

options:
  --format json|jsonl|text|html    output format (default: jsonl for several inputs into a pipe, else json)
  --input-format auto|html|text|jsonl
                                   how to read inputs (default auto: by extension, then by content)
  --verbatim                       take text exactly as given (offsets refer to the caller's text)
  --extract-only                   run extraction (and sentence splitting) only
  --jobs N                         worker threads for batches (default: all cores)
  --time-limit MS                  time budget per document (default ${DEFAULT_LIMITS.timeLimitMs}; 0 = none)
  --max-bytes N                    largest input accepted (default ${DEFAULT_LIMITS.maxInputBytes})
  --fetch-timeout MS               time limit for fetching a URL (default ${DEFAULT_FETCH_LIMITS.timeoutMs})
  --no-progress                    no progress bar even on a terminal
`;

const FORMATS = new Set(['json', 'jsonl', 'text', 'html']);
const INPUT_FORMATS = new Set(['auto', 'html', 'text', 'jsonl']);

export async function analyzeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'input-format': { type: 'string', default: 'auto' },
      verbatim: { type: 'boolean', default: false },
      'extract-only': { type: 'boolean', default: false },
      jobs: { type: 'string' },
      'time-limit': { type: 'string' },
      'max-bytes': { type: 'string' },
      'fetch-timeout': { type: 'string' },
      'no-progress': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(ANALYZE_USAGE);
    return 0;
  }
  const inputFormat = values['input-format'] as InputFormat;
  if (!INPUT_FORMATS.has(inputFormat)) throw new PresslensError('usage', `unknown --input-format ${inputFormat}`);
  if (values.format !== undefined && !FORMATS.has(values.format)) throw new PresslensError('usage', `unknown --format ${values.format}`);
  const options: PipelineOptions = { extractOnly: values['extract-only'], limits: {} };
  if (values['time-limit'] !== undefined) options.limits!.timeLimitMs = count(values['time-limit'], '--time-limit');
  if (values['max-bytes'] !== undefined) options.limits!.maxInputBytes = count(values['max-bytes'], '--max-bytes');
  const fetchLimits = { ...DEFAULT_FETCH_LIMITS };
  if (values['fetch-timeout'] !== undefined) fetchLimits.timeoutMs = count(values['fetch-timeout'], '--fetch-timeout');
  if (values['max-bytes'] !== undefined) fetchLimits.maxBytes = options.limits!.maxInputBytes!;

  const several = positionals.length > 1 || inputFormat === 'jsonl' || (await anyDirectory(positionals));
  const format = (values.format ?? (several && !io.stdoutIsTTY ? 'jsonl' : 'json')) as OutputFormat;
  const writer = new OutputWriter(io.stdout, format, several);
  const total = await countJobs(positionals, inputFormat);
  const maxBytes = options.limits!.maxInputBytes ?? DEFAULT_LIMITS.maxInputBytes;
  const jobs = enumerateJobs(positionals, { format: inputFormat, verbatim: values.verbatim, fetchLimits, maxBytes, stdin: io.stdin });

  const workers = several ? Math.max(1, Math.min(values.jobs ? count(values.jobs, '--jobs') : availableParallelism(), total ?? Infinity)) : 0;
  const runner = workers > 1 ? new WorkerPool(workers, options) : null;
  const pipeline = runner ? null : await loadPipeline(options);
  const analyze = (input: AnalyzeInput): Promise<ArticleJson> => (runner ? runner.analyze(input) : Promise.resolve().then(() => pipeline!.analyze(input)));

  const progress = createProgress(io.stderr, io.stderrIsTTY && !values['no-progress'] && several, total);

  let failures = 0;
  const window = Math.max(4, workers * 4);
  const inFlight: Promise<Outcome>[] = [];
  // JSONL from workers: each worker sends its Article as JSON text, which is written as it is. Cloning the object
  // across threads and serialising it again here is work for the main thread, which feeds every worker.
  const jsonFromWorkers = runner !== null && format === 'jsonl';
  const runJob = async (job: Job): Promise<Outcome> => {
    try {
      const input = await job.load();
      if (jsonFromWorkers) return { label: job.label, id: job.id, json: await runner.analyzeToJson(input) };
      return { label: job.label, id: job.id, article: await analyze(input) };
    } catch (error) {
      const { code, message } = toPresslensError(error);
      return { label: job.label, id: job.id, error: { code, message } };
    }
  };
  const emit = async (outcome: Outcome) => {
    if (outcome.error) {
      failures++;
      const message = outcome.error.message.startsWith(outcome.label) ? outcome.error.message : `${outcome.label}: ${outcome.error.message}`;
      progress.log(`presslens: ${message}\n`);
    }
    await writer.write(outcome);
    progress.tick();
  };
  try {
    for await (const job of jobs) {
      inFlight.push(runJob(job));
      if (inFlight.length >= window) await emit(await inFlight.shift()!);
    }
    while (inFlight.length) await emit(await inFlight.shift()!);
  } catch (error) {
    // The input stream itself failed (a missing JSONL file): report it, keep what was written.
    while (inFlight.length) await emit(await inFlight.shift()!);
    const { message } = toPresslensError(error);
    progress.log(`presslens: ${message}\n`);
    failures++;
  } finally {
    progress.stop();
    await writer.end();
    await runner?.close();
  }
  return failures > 0 ? 1 : 0;
}

function count(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new PresslensError('usage', `${flag} needs a whole number, not "${value}"`);
  return n;
}

async function anyDirectory(paths: readonly string[]): Promise<boolean> {
  for (const path of paths) if ((await stat(path).catch(() => null))?.isDirectory()) return true;
  return false;
}

/** The number of documents, when it can be known cheaply (for the progress bar's ETA and the pool size). */
async function countJobs(paths: readonly string[], format: InputFormat): Promise<number | null> {
  if (paths.length === 0 || paths.includes('-')) return null;
  let total = 0;
  for (const path of paths) {
    if (/^https?:\/\//i.test(path)) total++;
    else if (format === 'jsonl') total += await countLines(path);
    else {
      const info = await stat(path).catch(() => null);
      if (info?.isDirectory()) {
        total += (await readdir(path)).filter((n) => /\.(html?|txt)$/i.test(n)).length;
      } else total++;
    }
  }
  return total;
}

async function countLines(path: string): Promise<number> {
  let lines = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      for (const byte of chunk as Buffer) if (byte === 10) lines++;
    }
  } catch {
    return 0;
  }
  return lines;
}

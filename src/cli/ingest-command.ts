import { availableParallelism } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { PresslensError } from '../core/errors.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import type { PipelineOptions } from '../core/pipeline.js';
import { createAnalyzer, DEFAULT_BATCH, ingest, type IngestReport } from '../ingest/ingest.js';
import { DEFAULT_WARC_LIMITS } from '../ingest/warc.js';
import { DEFAULT_DATABASE, isPostgresUrl, openStore } from '../store/open.js';
import type { Store } from '../store/types.js';
import type { SourceEntry } from '../ingest/item.js';
import { DEFAULT_FETCH_LIMITS } from './fetch.js';
import type { CliIo } from './io.js';

export const INGEST_USAGE = `usage: presslens ingest [SOURCE ...] [options]

Analyses documents and stores them in a corpus database. SOURCE is a file (.html .htm .txt, .jsonl,
.warc .warc.gz, .rss .atom .xml feeds, .urls lists), a directory (walked recursively), a glob
("crawl/**/*.warc.gz"), or an http(s) URL (a page or a feed). Re-running is safe: what is stored is skipped.

options:
  --db PATH|URL              SQLite file (default ${DEFAULT_DATABASE}) or postgres://user@host/db
  --url-list FILE            a file of URLs, one per line, to fetch and ingest (repeatable)
  --queue                    enqueue the documents for \`presslens worker\` processes (PostgreSQL only)
  --jobs N                   analysis worker threads (default: all cores)
  --batch N                  documents per transaction (default ${DEFAULT_BATCH}) or per queued job (default 25)
  --fetch-links              fetch the article behind a feed item that has only a summary
  --verbatim                 take .txt inputs exactly as given
  --extract-only             store extraction and sentences only (no later stages)
  --time-limit MS            time budget per document (default ${DEFAULT_LIMITS.timeLimitMs})
  --max-bytes N              largest document accepted (default ${DEFAULT_LIMITS.maxInputBytes})
  --max-gzip-ratio N         largest decompression ratio of a .gz before it counts as a bomb (default ${DEFAULT_WARC_LIMITS.maxGzipRatio})
  --busy-timeout MS          wait this long for another process's lock on a SQLite database (default 5000)
  --max-db-size BYTES        refuse to grow a SQLite database beyond this size (a quota)
  --report FILE              write the ingest report as JSON
  --no-progress              no progress bar even on a terminal
`;

export async function ingestCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string', default: DEFAULT_DATABASE },
      'url-list': { type: 'string', multiple: true, default: [] },
      queue: { type: 'boolean', default: false },
      jobs: { type: 'string' },
      batch: { type: 'string' },
      'fetch-links': { type: 'boolean', default: false },
      verbatim: { type: 'boolean', default: false },
      'extract-only': { type: 'boolean', default: false },
      'time-limit': { type: 'string' },
      'max-bytes': { type: 'string' },
      'max-gzip-ratio': { type: 'string' },
      'busy-timeout': { type: 'string' },
      'max-db-size': { type: 'string' },
      report: { type: 'string' },
      'no-progress': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(INGEST_USAGE);
    return 0;
  }
  if (positionals.length === 0 && values['url-list'].length === 0) throw new PresslensError('usage', `nothing to ingest: give a SOURCE or --url-list\n${INGEST_USAGE}`);
  if (values.queue && !isPostgresUrl(values.db)) throw new PresslensError('usage', '--queue needs --db postgres://… (workers share one PostgreSQL database)');
  const pipelineOptions: PipelineOptions = { extractOnly: values['extract-only'], limits: {} };
  if (values['time-limit'] !== undefined) pipelineOptions.limits!.timeLimitMs = count(values['time-limit'], '--time-limit');
  if (values['max-bytes'] !== undefined) pipelineOptions.limits!.maxInputBytes = count(values['max-bytes'], '--max-bytes');
  const warcLimits = { ...DEFAULT_WARC_LIMITS };
  if (values['max-bytes'] !== undefined) warcLimits.maxRecordBytes = pipelineOptions.limits!.maxInputBytes!;
  if (values['max-gzip-ratio'] !== undefined) warcLimits.maxGzipRatio = count(values['max-gzip-ratio'], '--max-gzip-ratio');
  const busyTimeoutMs = values['busy-timeout'] === undefined ? undefined : count(values['busy-timeout'], '--busy-timeout');
  const maxSizeBytes = values['max-db-size'] === undefined ? undefined : count(values['max-db-size'], '--max-db-size');
  const jobs = values.jobs ? Math.max(1, count(values.jobs, '--jobs')) : availableParallelism();
  const batchSize = values.batch ? Math.max(1, count(values.batch, '--batch')) : undefined;

  // The analysis workers start first: loading their models takes longer than what this thread does meanwhile
  // (importing the readers of the sources, opening the store), which used to come before them.
  const analyzer = values.queue ? null : await createAnalyzer(jobs, pipelineOptions);
  let entries: AsyncIterable<SourceEntry>;
  let store: Store;
  try {
    const { sourceEntries } = await import('../ingest/sources.js');
    entries = sourceEntries(positionals, values['url-list'], {
      fetchLimits: DEFAULT_FETCH_LIMITS, warcLimits, verbatim: values.verbatim, fetchFeedLinks: values['fetch-links'],
    });
    store = await openStore(values.db, { busyTimeoutMs, maxSizeBytes });
  } catch (error) {
    await analyzer?.close();
    throw error;
  }
  try {
    if (!analyzer) {
      const { enqueue, startBoss } = await import('../ingest/queue.js');
      const boss = await startBoss(values.db);
      try {
        const report = await enqueue(store, boss, entries, batchSize ?? 25);
        io.stdout.write(`enqueued ${report.enqueued} documents in ${report.jobs} jobs on ${store.location} · already stored ${report.skipped} · unreadable ${report.failed}\n`);
        if (values.report) await writeFile(values.report, `${JSON.stringify(report, null, 2)}\n`);
        return report.failed > 0 ? 1 : 0;
      } finally {
        await boss.stop({ graceful: false, wait: true });
      }
    }
    const showProgress = io.stderrIsTTY && !values['no-progress'];
    const total = showProgress ? await (await import('../ingest/sources.js')).countDocuments(positionals, values['url-list']) : null;
    const cliProgress = showProgress ? (await import('cli-progress')).default : null;
    const bar = cliProgress
      ? new cliProgress.SingleBar({
          stream: io.stderr, hideCursor: true, clearOnComplete: true, etaBuffer: 200,
          format: `ingesting ${total ? '{bar} {value}/{total} · ETA {eta_formatted}' : '{value} docs'} · {rate} docs/s · stored {stored} · duplicates {duplicates} · failed {failed}`,
        }, cliProgress.Presets.shades_classic)
      : null;
    bar?.start(total ?? 0, 0, { rate: '0.0', stored: 0, duplicates: 0, failed: 0 });
    let report: IngestReport;
    try {
      report = await ingest(store, entries, {
        analyzer, sources: [...positionals, ...values['url-list']], batchSize: batchSize ?? DEFAULT_BATCH,
        onProgress: (counts, seconds) => bar?.update(counts.stored + counts.nearDuplicates + counts.duplicates + counts.skipped + counts.failed, {
          rate: ((counts.stored + counts.nearDuplicates + counts.duplicates) / Math.max(seconds, 1e-3)).toFixed(1),
          stored: counts.stored + counts.nearDuplicates, duplicates: counts.duplicates, failed: counts.failed,
        }),
      });
    } finally {
      bar?.stop();
      await analyzer.close();
    }
    io.stdout.write(formatReport(report));
    for (const error of report.errors) io.stderr.write(`presslens: ${error.message}\n`);
    if (report.fatal) io.stderr.write(`presslens: ${report.fatal}\n`);
    if (values.report) await writeFile(values.report, `${JSON.stringify(report, null, 2)}\n`);
    return report.fatal || report.failed > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}

export function formatReport(report: IngestReport): string {
  const lines = [
    `ingest run ${report.runId} into ${report.store}: ${report.status}`,
    `  ${report.seen} documents read in ${report.elapsedSeconds} s (${report.rate} docs/s analysed and stored)`,
    `  stored ${report.stored} · wire copies ${report.nearDuplicates} · duplicates ${report.duplicates} · already stored ${report.skipped} · failed ${report.failed}`,
  ];
  if (report.failed > report.errors.length) lines.push(`  (the first ${report.errors.length} errors follow on stderr; all are in the doc_errors table)`);
  return `${lines.join('\n')}\n`;
}

export function count(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new PresslensError('usage', `${flag} needs a whole number, not "${value}"`);
  return n;
}

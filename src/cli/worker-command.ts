import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { PresslensError } from '../core/errors.js';
import { createAnalyzer } from '../ingest/ingest.js';
import { runWorker, startBoss } from '../ingest/queue.js';
import { isPostgresUrl, openStore } from '../store/open.js';
import { count } from './ingest-command.js';
import type { CliIo } from './io.js';

export const WORKER_USAGE = `usage: presslens worker --db postgres://… [options]

Takes ingest jobs (from \`presslens ingest --queue\`) off the PostgreSQL job queue, analyses the documents and
stores them. Run as many workers, on as many machines, as the database can serve; each document is stored once.

options:
  --db URL              the shared PostgreSQL database (required)
  --jobs N              analysis threads in this worker (default: all cores)
  --exit-when-idle      stop once the queue is empty (default: wait for more jobs until SIGINT/SIGTERM)
  --extract-only        store extraction and sentences only
`;

export async function workerCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      jobs: { type: 'string' },
      'exit-when-idle': { type: 'boolean', default: false },
      'extract-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(WORKER_USAGE);
    return 0;
  }
  if (!values.db || !isPostgresUrl(values.db)) throw new PresslensError('usage', `--db postgres://… is required\n${WORKER_USAGE}`);
  const store = await openStore(values.db);
  const boss = await startBoss(values.db).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const analyzer = await createAnalyzer(values.jobs ? Math.max(1, count(values.jobs, '--jobs')) : availableParallelism(), { extractOnly: values['extract-only'] });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const totals = await runWorker(store, boss, { analyzer, exitWhenIdle: values['exit-when-idle'], signal: stop.signal });
    io.stdout.write(`worker ${process.pid}: stored ${totals.stored} · wire copies ${totals.nearDuplicates} · duplicates ${totals.duplicates} · already stored ${totals.skipped} · failed ${totals.failed}\n`);
    return totals.failed > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined);
    await analyzer.close();
    await store.close();
  }
}

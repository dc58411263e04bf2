import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticArticle } from '../bench/synthetic.js';
import { warcResponseRecord } from '../bench/warc-writer.js';
import { runCliAsync } from '../test-support/cli.js';
import { postgresUnavailable, startCluster, type ThrowawayCluster } from '../test-support/postgres.js';

const missing = postgresUnavailable();
if (missing) console.warn(`distributed ingest: SKIPPED: ${missing}`);

let cluster: ThrowawayCluster | null = null;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'presslens-dist-'));
  if (!missing) cluster = await startCluster();
});

afterAll(() => {
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});


async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe.skipIf(Boolean(missing))('ingest into PostgreSQL', () => {
  it('ingests directly, idempotently', async () => {
    const url = cluster!.createDatabase('direct');
    const lines = Array.from({ length: 20 }, (_, i) => JSON.stringify({ id: `d${i}`, text: syntheticArticle(i, { seed: 3, words: 300 }).text }));
    lines.push(JSON.stringify({ id: 'd0', text: 'A different text under an id already used.' }));
    writeFileSync(join(dir, 'direct.jsonl'), `${lines.join('\n')}\n`);
    const first = await runCliAsync(['ingest', join(dir, 'direct.jsonl'), '--db', url, '--jobs', '2']);
    expect(first.stderr).toMatch(/d0: another article with this id and a different text is already stored/);
    expect(first.stdout).toMatch(/stored 20 · wire copies 0 · duplicates 0 · already stored 0 · failed 1/);
    const again = await runCliAsync(['ingest', join(dir, 'direct.jsonl'), '--db', url, '--jobs', '1']);
    expect(again.stdout).toMatch(/stored 0 · wire copies 0 · duplicates 0 · already stored 20 · failed 1/);
    expect(await query(url, 'SELECT COUNT(*)::int AS n FROM articles')).toEqual([{ n: 20 }]);
  }, 180_000); // several CLI runs with the full pipeline: minutes on a loaded 2-core machine

  it('three workers drain one queue and store every document exactly once', async () => {
    const url = cluster!.createDatabase('queue');
    const total = 60;
    const pages = Array.from({ length: total }, (_, i) => syntheticArticle(i, { seed: 17, words: 250 }));
    writeFileSync(join(dir, 'crawl.warc.gz'), Buffer.concat(pages.map((a) => warcResponseRecord({ url: a.url, html: a.html }, true))));
    const enqueued = await runCliAsync(['ingest', '--queue', join(dir, 'crawl.warc.gz'), '--db', url, '--batch', '5']);
    expect(enqueued.stdout).toMatch(new RegExp(`enqueued ${total} documents in ${total / 5} jobs`));
    // Enqueue twice: the second pass adds the same documents again, as a careless operator might.
    await runCliAsync(['ingest', '--queue', join(dir, 'crawl.warc.gz'), '--db', url, '--batch', '7']);
    const workers = await Promise.all([1, 2, 3].map(() => runCliAsync(['worker', '--db', url, '--jobs', '1', '--exit-when-idle'])));
    for (const worker of workers) expect(worker.status, worker.stderr).toBe(0);
    const storedByWorker = workers.map((w) => Number(/stored (\d+)/.exec(w.stdout)![1]));
    expect(storedByWorker.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    expect(storedByWorker.reduce((a, b) => a + b, 0)).toBe(total);
    const [counts] = await query<{ n: number; urls: number; sources: number }>(url,
      'SELECT COUNT(*)::int AS n, COUNT(DISTINCT url)::int AS urls, (SELECT COUNT(*)::int FROM sources) AS sources FROM articles');
    expect(counts).toEqual({ n: total, urls: total, sources: total });
    const runs = await query<{ n: number }>(url, "SELECT COUNT(*)::int AS n FROM runs WHERE status = 'done'");
    expect(runs[0]!.n).toBe(3);
  }, 180_000); // three analysis processes on a shared 2-core machine: slow, not stuck
});

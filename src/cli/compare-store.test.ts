import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open.js';
import { sampleCorpus } from '../test-support/articles.js';
import { runCli } from '../test-support/cli.js';

describe('presslens compare --db (story clusters from the store)', () => {
  let tmp: string;
  let db: string;
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'presslens-compare-store-'));
    db = join(tmp, 'corpus.db');
    const store = await openStore(db);
    await store.saveArticles(sampleCorpus().map((article) => ({ article, sourceKey: article.id })), null);
    await store.close();
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  // Each run of the command line costs seconds on a loaded machine: one run per behaviour.
  it('lists story clusters with filters and compares one story without re-clustering', () => {
    const all = runCli(['compare', '--db', db, '--stories', '--format', 'json']);
    expect(all.status).toBe(0);
    const clusters = JSON.parse(all.stdout) as { id: string; articles: number; topEntities: string[] }[];
    expect(clusters.map((c) => c.articles).sort()).toEqual([1, 1, 2]);
    const harbour = clusters.find((c) => c.articles === 2)!;
    expect(harbour.topEntities).toContain('maria okafor');
    const text = runCli(['compare', '--db', db, '--stories', '--entity', 'Daniel Reyes', '--format', 'text']);
    expect(text.stdout).toMatch(/^c\d+: 1 article · 2031-04-12T07:00 · .*daniel reyes/);
    const story = runCli(['compare', '--db', db, '--story', harbour.id, '--format', 'text']);
    expect(story.stdout).toMatch(new RegExp(`^story ${harbour.id}: 2 articles`));
    expect(story.stdout).toMatch(/# Coverage of 2 articles/);
    const byArticle = runCli(['compare', '--db', db, '--article', 'harbour-copy', '--format', 'json']);
    const { cluster, diff } = JSON.parse(byArticle.stdout);
    expect(cluster).toMatchObject({ id: harbour.id, articles: 2 });
    expect(diff.articles.map((a: { id: string }) => a.id)).toEqual(['harbour-1', 'harbour-copy']);
  });

  it('places waiting articles on --update and names a missing story', () => {
    expect(runCli(['compare', '--db', db, '--update', '--format', 'json']).stdout).toBe('{"placed":0}\n');
    const missing = runCli(['compare', '--db', db, '--story', 'c999']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/c999: no such story cluster/);
  });
});

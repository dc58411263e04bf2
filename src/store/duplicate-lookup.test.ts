import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticArticle } from '../bench/synthetic.js';
import { openStore } from './open.js';
import { DUPLICATE_LOOKUP } from './sql-store.js';
import { SqliteConnection } from './sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'presslens-duplicate-lookup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the duplicate look-up at save', () => {
  // A corpus of texts without URLs: every canonical URL is null, so SQLite's statistics call that index useless.
  // Written with OR and ORDER BY id, the look-up then walked the whole table once per saved article.
  it('reads the unique indexes, not the whole table, once the planner has statistics of a corpus without URLs', async () => {
    const path = join(dir, 'texts.db');
    const store = await openStore(path);
    const articles = Array.from({ length: 40 }, (_, i) => ({ ...syntheticArticle(i).annotated, url: null }));
    const outcomes = await store.saveArticles(articles.map((article) => ({ article, sourceKey: article.id })), null);
    expect(outcomes.every((outcome) => outcome.status === 'stored' || outcome.status === 'near-duplicate')).toBe(true);
    await store.close();
    const connection = new SqliteConnection(path);
    try {
      await connection.exec('ANALYZE');
      const plan = (await connection.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${DUPLICATE_LOOKUP}`, ['x', 'y', null])).map((row) => row.detail);
      expect(plan.filter((step) => /^SCAN articles\b/.test(step))).toEqual([]);
      expect(plan).toEqual(expect.arrayContaining([expect.stringMatching(/SEARCH articles USING INDEX .*\(content_hash=\?\)/)]));
      const found = await connection.get<{ doc_id: string }>(DUPLICATE_LOOKUP, ['another-id', (await connection.get<{ h: string }>('SELECT content_hash AS h FROM articles WHERE id = 7'))!.h, null]);
      expect(found?.doc_id).toBe(articles[6]!.id);
    } finally {
      await connection.close();
    }
  });
});

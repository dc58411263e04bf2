import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArticle, phraseCorpus, sampleCorpus } from '../test-support/articles.js';
import { openStore } from './open.js';
import { requiredPhrases } from './phrase-pairs.js';
import { SqliteConnection } from './sqlite.js';
import type { Store } from './types.js';

describe('requiredPhrases (PostgreSQL pair filter)', () => {
  it('keeps the quoted phrases every match must hold, and none when an OR may leave them out', () => {
    expect(requiredPhrases('"budget plan" harbour "port of call"')).toEqual(['budget plan', 'port of call']);
    expect(requiredPhrases('"budget plan" or "plan budget"')).toEqual([]);
    expect(requiredPhrases('"budget plan" OR harbour')).toEqual([]);
    expect(requiredPhrases('-"budget plan" harbour')).toEqual([]);
    expect(requiredPhrases('- "budget plan" harbour')).toEqual([]);
    expect(requiredPhrases('x"budget plan" ""')).toEqual([]);
  });
});

describe('SQLite word-pair phrases agree with FTS5', () => {
  let tmp: string;
  let store: Store;
  let fts: SqliteConnection;
  const corpus = [
    ...phraseCorpus(), ...sampleCorpus(),
    buildArticle({
      id: 'awkward', title: 'Café société: São Paulo’s 2031 plan', publishedAt: '2031-06-01T08:00:00Z',
      paragraphs: [[['The café-owners’ plan, in São Paulo, cost 4.5 million; état-major budgets rose (again).', 'outlet'],
        ['Running runners ran; the RUNNING plan ran on — a run-on plan.', 'outlet']]],
    }),
  ];

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'presslens-pairs-'));
    store = await openStore(join(tmp, 'pairs.db'));
    await store.saveArticles(corpus.map((article) => ({ article, sourceKey: article.id })), null);
    fts = new SqliteConnection(join(tmp, 'pairs.db'), { readonly: true });
  });

  afterAll(async () => {
    await fts?.close();
    await store?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('returns what articles_fts alone returns for every two- and three-word run of the corpus, and for runs that are not in it', async () => {
    const runs = new Set<string>();
    for (const article of corpus) {
      for (const text of [article.title ?? '', article.text]) {
        const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
        for (let i = 0; i + 1 < words.length; i++) {
          runs.add(`${words[i]} ${words[i + 1]}`);
          if (i + 2 < words.length) runs.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
          // Out of order, and with a word skipped: mostly no match, sometimes one elsewhere.
          runs.add(`${words[i + 1]} ${words[i]}`);
          if (i + 2 < words.length) runs.add(`${words[i]} ${words[i + 2]}`);
        }
      }
    }
    expect(runs.size).toBeGreaterThan(500);
    let found = 0;
    for (const run of runs) {
      const expected = await fts.all<{ doc_id: string }>(
        `SELECT a.doc_id FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?`,
        [`{title text} : ("${run}")`],
      );
      const hits = await store.search({ text: `"${run}"`, limit: 100 });
      expect(hits.map((hit) => hit.id).sort(), run).toEqual(expected.map((row) => row.doc_id).sort());
      found += hits.length;
    }
    expect(found).toBeGreaterThan(runs.size / 2);
  });

  it('looks a phrase of common words up in the pair index, and single words in articles_fts', async () => {
    const plan = await fts.all<{ detail: string }>(
      `EXPLAIN QUERY PLAN SELECT rowid FROM article_pairs WHERE article_pairs MATCH ? ORDER BY rowid DESC LIMIT 10`, ['"budget_plan"'],
    );
    expect(plan.map((row) => row.detail).join(' ')).toMatch(/article_pairs/);
    const pairs = await fts.all<{ n: number }>(`SELECT COUNT(*) AS n FROM article_pairs WHERE article_pairs MATCH ?`, ['{title text} : "budget_plan"']);
    expect(pairs[0]!.n).toBe(4);
  });
});

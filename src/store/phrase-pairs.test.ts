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
    // Characters where a tokenizer of ours could part from unicode61: each must give FTS5's own terms.
    buildArticle({
      id: 'edges', title: '“Don’t” — it’s the Mayor\u2019s plan ‘again’ 東京都の予算計画', publishedAt: '2031-06-02T08:00:00Z',
      paragraphs: [[["The council's plan isnʼt new: don't, won’t, l'état, O’Neill; cafe\u0301 and café; naïve Ærø Øresund straße.", 'outlet'],
        ['Costs 1,000.50 or 4.5% at 10:30 on 2031-06-02 (3/4, ٣٤٥ and ४५६; ½ and ² and Ⅻ); the well-known re‐elected non‑stop plan.', 'outlet'],
        ['Emoji 👍🏽 plan 👨‍👩‍👧 family🙂budget; CJK 予算 plan 예산 계획; soft\u00adhyphen zero\u200bwidth a\u00a0b c\u202fd.', 'outlet'],
        ['Ligatures ﬁnance ﬂow; fullwidth ＰＬＡＮ budget; Ελληνικά ΣΟΦΟΣ; Кириллица ПЛАН; دولة plan.', 'outlet']]],
    }),
    // A NUL takes the scratch table (FAST_PATH_UNSAFE).
    buildArticle({
      id: 'nul', title: 'A null\u0000byte plan', publishedAt: '2031-06-03T08:00:00Z',
      paragraphs: [[['The council held a\u0000null byte plan in the middle.', 'outlet']]],
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

  it('indexes, for every article and column, exactly the adjacent pairs of the terms articles_fts holds', async () => {
    await fts.exec(`
CREATE VIRTUAL TABLE temp.fts_terms USING fts5vocab(main, articles_fts, 'instance');
CREATE VIRTUAL TABLE temp.pair_terms USING fts5vocab(main, article_pairs, 'instance');`);
    const byDocColumn = async (table: string, columns: string) => {
      const rows = await fts.all<{ term: string; doc: number; col: string; offset: number }>(
        `SELECT term, doc, col, "offset" FROM ${table} WHERE col IN (${columns}) ORDER BY doc, col, "offset"`,
      );
      const lists = new Map<string, string[]>();
      for (const row of rows) {
        const key = `${row.doc}/${row.col}`;
        if (!lists.has(key)) lists.set(key, []);
        lists.get(key)![row.offset] = row.term;
      }
      return lists;
    };
    const terms = await byDocColumn('temp.fts_terms', `'title', 'text'`);
    const pairs = await byDocColumn('temp.pair_terms', `'title', 'text'`);
    const expected = new Map<string, string[]>();
    for (const [key, list] of terms) {
      if (list.length > 1) expected.set(key, list.slice(1).map((term, i) => `${list[i]}_${term}`));
    }
    expect(pairs).toEqual(expected);
    // The awkward characters reached both indexes (the edge article is not empty there).
    const edges = await fts.get<{ id: number }>(`SELECT id FROM articles WHERE doc_id = 'edges'`);
    expect(expected.get(`${edges!.id}/text`)!.length).toBeGreaterThan(80);
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

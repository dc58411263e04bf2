import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArticle } from '../test-support/articles.js';
import { postgresUnavailable, startCluster, type ThrowawayCluster } from '../test-support/postgres.js';
import { openStore } from './open.js';
import { PostgresConnection } from './postgres.js';
import type { ArticleQuery, Store } from './types.js';

/**
 * PostgreSQL's search keys (src/store/pg-search-keys.ts): the newest matches read bucket by bucket must be the
 * newest matches of the whole corpus. Ids are spread over several buckets of 1,000 by moving the id sequence on
 * between saves, and the store reads 4 matches per search (`pgMatchWindow`), so that every path is taken: the
 * first buckets, the buckets the density seen asks for, and the whole corpus.
 */
const pgMissing = postgresUnavailable();
if (pgMissing) console.warn(`PostgreSQL search keys: SKIPPED: ${pgMissing}`);

const WINDOW = 4;
let cluster: ThrowawayCluster | null = null;
let url = '';
let store: Store;

/**
 * Article i: "harbour" in every one, "ferry" in every third, "gull" in three of the middle stretch and one of
 * the newest (the first buckets hold too few, the buckets the density asks for enough), "lighthouse" in two.
 */
function article(i: number) {
  const words = [`The harbour board held its meeting number ${i} on Tuesday.`];
  if (i % 3 === 0) words.push('A new ferry route was approved.');
  if (i === 5 || i === 41) words.push('The lighthouse will be repainted.');
  if ([14, 16, 18, 30].includes(i)) words.push('A gull nested on the crane.');
  return buildArticle({
    id: `k${i}`, url: `https://${i % 2 ? 'north' : 'south'}-gazette.example/story-${i}`, title: `Harbour notes ${i}`,
    publishedAt: `2031-0${1 + (i % 6)}-15T09:00:00Z`,
    paragraphs: [[[words.join(' '), 'outlet'], [i % 4 === 0 ? 'Mara Lindt of the Port Office spoke.' : 'Residents listened.', 'outlet']]],
    entities: i % 4 === 0 ? [{ name: 'Port Office', type: 'ORG' }] : [],
  });
}

beforeAll(async () => {
  if (pgMissing) return;
  cluster = await startCluster();
  url = cluster.createDatabase('keys');
  store = await openStore(url, { search: { pgMatchWindow: WINDOW } });
  const sequence = new PostgresConnection(url);
  // Ids 1–12, 6000–6011, 7000–7023: three stretches in buckets 0, 6 and 7.
  const stretches: Array<[number, number]> = [[1, 12], [6000, 12], [7000, 24]];
  let next = 0;
  for (const [firstId, count] of stretches) {
    await sequence.run(`SELECT setval('articles_id_seq', ${firstId}, false)`);
    const batch = Array.from({ length: count }, () => next++).map((i) => ({ article: article(i), sourceKey: `keys:${i}` }));
    await store.saveArticles(batch, null);
  }
  await sequence.close();
}, 60_000);

afterAll(async () => {
  await store?.close();
  cluster?.stop();
});

/** The newest WINDOW matches by plain SQL over the whole corpus (no keys, no buckets). */
async function newestByScan(where: string, params: unknown[]): Promise<string[]> {
  const db = new PostgresConnection(url);
  try {
    const rows = await db.all<{ doc_id: string }>(`SELECT a.doc_id FROM articles a WHERE ${where} ORDER BY a.id DESC LIMIT ${WINDOW}`, params);
    return rows.map((row) => row.doc_id).sort();
  } finally {
    await db.close();
  }
}

const found = async (query: ArticleQuery) => (await store.search({ ...query, limit: 50 })).map((hit) => hit.id).sort();

describe.skipIf(Boolean(pgMissing))('PostgreSQL search keys', () => {
  it('finds the newest matches of a word in any article, in a few, in two (first buckets, more buckets, whole corpus)', async () => {
    for (const word of ['harbour', 'ferry', 'gull', 'lighthouse', 'nowhere']) {
      expect(await found({ text: word })).toEqual(await newestByScan("a.fts @@ websearch_to_tsquery('english', ?)", [word]));
    }
  });

  it('intersects words with outlet, entity, date and voice keys, and keeps exact date bounds', async () => {
    const text = "a.fts @@ websearch_to_tsquery('english', ?)";
    expect(await found({ text: 'ferry', outlet: 'south-gazette.example' })).toEqual(
      await newestByScan(`${text} AND a.outlet_id = (SELECT id FROM outlets WHERE domain = ?)`, ['ferry', 'south-gazette.example']));
    expect(await found({ text: 'harbour', entity: 'ORG:Port Office' })).toEqual(
      await newestByScan(`${text} AND EXISTS (SELECT 1 FROM article_entities ae JOIN entities e ON e.id = ae.entity_id WHERE ae.article_id = a.id AND e.norm = 'port office')`, ['harbour']));
    expect(await found({ text: 'harbour', from: '2031-02-01', to: '2031-03-31' })).toEqual(
      await newestByScan(`${text} AND a.published_at >= '2031-02-01' AND a.published_at < '2031-04-01'`, ['harbour']));
    expect(await found({ text: 'harbour', from: '2031-02-20', to: '2031-03-10' })).toEqual([]);
    expect(await found({ text: 'ferry', voice: 'outlet' })).toEqual(await newestByScan(text, ['ferry']));
    expect(await found({ text: 'ferry', voice: 'vague' })).toEqual([]);
  });

  it('never matches a key with a word, and a query of stop words matches nothing', async () => {
    const db = new PostgresConnection(url);
    const keys = await db.all<{ facets: string }>('SELECT facets FROM articles LIMIT 1').finally(() => db.close());
    expect(keys[0]!.facets).toMatch(/\bo\d+\b/);
    for (const word of ['o1', 'k7', 'v1', 'e1', 'm203101']) expect(await found({ text: word })).toEqual([]);
    expect(await found({ text: 'the of and' })).toEqual([]);
    expect(await store.countArticles({ text: 'ferry', outlet: 'north-gazette.example' }, 100)).toBe(8);
  });
});

describe.skipIf(Boolean(pgMissing))('PostgreSQL title matches first', () => {
  it('orders more matches than it ranks title matches first, then newest (the stored title vector)', async () => {
    const titles = await openStore(cluster!.createDatabase('titles'));
    try {
      // 220 articles about tides; every tenth says so in its title.
      const articles = Array.from({ length: 220 }, (_, i) => buildArticle({
        id: `t${i}`, title: i % 10 === 3 ? `Tide tables for week ${i}` : `Coastal notes ${i}`,
        paragraphs: [[[`The tide turned early in report number ${i}.`, 'outlet']]],
      }));
      await titles.saveArticles(articles.map((article, i) => ({ article, sourceKey: `titles:${i}` })), null);
      const hits = await titles.search({ text: 'tide', limit: 25 });
      expect(hits.map((hit) => hit.id)).toEqual([
        ...Array.from({ length: 22 }, (_, k) => `t${213 - 10 * k}`),
        't219', 't218', 't217',
      ]);
      expect(hits.every((hit) => hit.score === null)).toBe(true);
    } finally {
      await titles.close();
    }
  }, 60_000);
});

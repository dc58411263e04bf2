import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleJson } from '../core/article.js';
import { buildArticle, phraseCorpus, sampleCorpus } from '../test-support/articles.js';
import { postgresUnavailable, startCluster, type ThrowawayCluster } from '../test-support/postgres.js';
import { MIGRATIONS } from './migrations.js';
import { RANKING_WINDOW } from './search.js';
import { openStore } from './open.js';
import { prepareArticle } from './prepare.js';
import { PostgresConnection } from './postgres.js';
import { SqliteConnection } from './sqlite.js';
import { WIRE_BAND_MIGRATION } from './story-clusters.js';
import type { Store } from './types.js';

/**
 * One suite, both drivers: everything the store promises is checked against SQLite and PostgreSQL alike.
 */
const pgMissing = postgresUnavailable();
if (pgMissing) console.warn(`store conformance: PostgreSQL half SKIPPED: ${pgMissing}`);

let cluster: ThrowawayCluster | null = null;
let tmp: string;
let databases = 0;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'presslens-store-'));
  if (!pgMissing) cluster = await startCluster();
});

afterAll(() => {
  cluster?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/**
 * A store as version 7 left it (no band keys of placed articles: migrations 9 and 8 reversed) or as version 8
 * left it (every placement's band keys written: migration 8 applied again to the version-7 store, its backfill
 * writing them all).
 */
async function downgradeTo(version: 7 | 8, location: string): Promise<void> {
  const connection = location.endsWith('.db') ? new SqliteConnection(location) : new PostgresConnection(location);
  try {
    await connection.exec('DROP TABLE cluster_unbanded; DROP TABLE cluster_bands; DELETE FROM schema_migrations WHERE version IN (8, 9);');
    if (version === 8) {
      await connection.transaction(async (tx) => {
        await tx.exec(tx.dialect === 'sqlite' ? WIRE_BAND_MIGRATION.sqlite : WIRE_BAND_MIGRATION.postgres);
        await WIRE_BAND_MIGRATION.backfill!(tx);
        await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (8, ?, ?)', [WIRE_BAND_MIGRATION.name, new Date().toISOString()]);
      });
    }
  } finally {
    await connection.close();
  }
}

/**
 * Reverses migrations 9, 8 and 7: the mention, sentence and framing rows a version-6 store wrote, made from the
 * bodies (as its writer made them from the Article), and no `article_techniques`.
 */
async function downgradeToVersion6(location: string): Promise<void> {
  await downgradeTo(7, location);
  const sqlite = location.endsWith('.db');
  const connection = sqlite ? new SqliteConnection(location) : new PostgresConnection(location);
  const ref = sqlite ? 'INTEGER' : 'BIGINT';
  try {
    await connection.exec(`
      DROP VIEW mentions;
      DROP VIEW sentences;
      DROP VIEW framing;
      CREATE TABLE mentions (article_id ${ref} NOT NULL REFERENCES articles(id), entity_id ${ref} NOT NULL REFERENCES entities(id),
        start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL);
      CREATE INDEX mentions_article ON mentions (article_id, entity_id);
      CREATE TABLE sentences (article_id ${ref} NOT NULL REFERENCES articles(id), idx INTEGER NOT NULL, start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL, voice TEXT NOT NULL, PRIMARY KEY (article_id, idx));
      CREATE TABLE framing (article_id ${ref} NOT NULL REFERENCES articles(id), idx INTEGER NOT NULL, technique TEXT NOT NULL,
        start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL, voice TEXT NOT NULL, rule_id TEXT NOT NULL, explanation TEXT NOT NULL,
        alternative TEXT, PRIMARY KEY (article_id, idx));
      CREATE INDEX framing_technique ON framing (technique, article_id);
      DROP TABLE article_techniques;
      DELETE FROM schema_migrations WHERE version = 7;`);
    const articles = await connection.all<{ id: number; body: string }>('SELECT id, body FROM articles ORDER BY id');
    for (const { id, body } of articles) {
      const article = JSON.parse(body) as ArticleJson;
      const corpusIds = new Map((await connection.all<{ local_id: string; entity_id: number }>('SELECT local_id, entity_id FROM article_entities WHERE article_id = ?', [id]))
        .map((row) => [row.local_id, row.entity_id]));
      await connection.insertMany('mentions', ['article_id', 'entity_id', 'start_offset', 'end_offset'],
        article.entities.flatMap((entity) => entity.mentions.map((mention) => [id, corpusIds.get(entity.id), mention.start, mention.end])));
      await connection.insertMany('sentences', ['article_id', 'idx', 'start_offset', 'end_offset', 'voice'],
        article.sentences.map((sentence, index) => [id, index, sentence.start, sentence.end, sentence.voice]));
      await connection.insertMany('framing', ['article_id', 'idx', 'technique', 'start_offset', 'end_offset', 'voice', 'rule_id', 'explanation', 'alternative'],
        article.framing.map((finding, index) => [id, index, finding.technique, finding.start, finding.end, finding.voice, finding.ruleId, finding.explanation, finding.alternative]));
    }
  } finally {
    await connection.close();
  }
}

/** Reverses migration 2 on a database, as if a version-1 store had written its rows. */
async function downgradeToVersion1(location: string): Promise<void> {
  await downgradeToVersion6(location);
  const sqlite = location.endsWith('.db');
  const connection = sqlite ? new SqliteConnection(location) : new PostgresConnection(location);
  try {
    await connection.exec(`
      DROP TABLE entity_pairs; DROP INDEX entities_type_count;
      ALTER TABLE entities DROP COLUMN article_count; ALTER TABLE entities DROP COLUMN mention_count;
      DROP INDEX article_bands_key; CREATE INDEX article_bands_key ON article_bands (band_key);
      CREATE INDEX mentions_entity ON mentions (entity_id, article_id);
      DROP TABLE story_queue; DROP TABLE article_clusters; DROP TABLE cluster_keys; DROP TABLE story_clusters; DROP TABLE clusterer_state;
      DELETE FROM schema_migrations WHERE version IN (2, 3);
      ${sqlite ? `DROP TABLE articles_fts; ALTER TABLE articles DROP COLUMN facets;
        CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
        INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');` : ''}`);
  } finally {
    await connection.close();
  }
}

/** Reverses migration 5 (the word-pair index): a store as version 4 left it. */
async function downgradeToVersion4(location: string): Promise<void> {
  await downgradeToVersion6(location);
  const sqlite = location.endsWith('.db');
  const connection = sqlite ? new SqliteConnection(location) : new PostgresConnection(location);
  try {
    await connection.exec(`
      ${sqlite ? 'DROP TABLE article_pairs;' : 'ALTER TABLE articles DROP COLUMN fts_pairs; DROP FUNCTION presslens_word_pairs;'}
      DELETE FROM schema_migrations WHERE version = 5;`);
  } finally {
    await connection.close();
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const drivers = [
  { name: 'sqlite', skip: false, target: () => join(tmp, `t${++databases}.db`) },
  { name: 'postgres', skip: Boolean(pgMissing), target: () => cluster!.createDatabase(`t${++databases}`) },
];

describe.each(drivers)('store conformance: $name', ({ name, skip, target }) => {
  const withStore = (test: (store: Store, location: string) => Promise<void>) => async () => {
    const location = target();
    const store = await openStore(location);
    try {
      await test(store, location);
    } finally {
      await store.close();
    }
  };

  it.skipIf(skip)('applies each migration once and records it', withStore(async (store, location) => {
    await store.close();
    const again = await openStore(location);
    expect(await again.stats()).toMatchObject({ articles: 0 });
    await again.close();
    expect(MIGRATIONS.map((m) => m.version)).toEqual([...MIGRATIONS.keys()].map((i) => i + 1));
  }));

  it.skipIf(skip)('stores an article with all its annotations and gives it back unchanged', withStore(async (store) => {
    const [article] = sampleCorpus();
    const [outcome] = await store.saveArticles([{ article: article!, sourceKey: 'test:1' }], null);
    expect(outcome).toEqual({ status: 'stored', docId: 'harbour-1' });
    expect(await store.getArticle('harbour-1')).toEqual(article);
    expect(await store.getArticle('nope')).toBeNull();
    expect(await store.stats()).toEqual({ articles: 1, stories: 1, outlets: 1, entities: 4, quotes: 2, framing: 1, errors: 0 });
  }));

  it.skipIf(skip)('is idempotent and deduplicates by source, id, canonical URL and text', withStore(async (store) => {
    const [wire] = sampleCorpus();
    const runId = await store.startRun(['test']);
    await store.saveArticles([{ article: wire!, sourceKey: 'a' }], runId);
    const sameUrl = { ...wire!, id: 'other-id', text: `${wire!.text} Updated.`, url: 'https://northbay-courier.example/news/harbour-bridge-vote/#top' };
    const sameText = { ...wire!, id: 'third-id', url: null };
    const conflicting = { ...wire!, text: 'A different story under the same id.', sentences: [], entities: [], quotes: [], framing: [], url: null };
    const outcomes = await store.saveArticles([
      { article: wire!, sourceKey: 'a' },
      { article: wire!, sourceKey: 'b' },
      { article: sameUrl, sourceKey: 'c' },
      { article: sameText, sourceKey: 'd' },
      { article: conflicting, sourceKey: 'e' },
    ], runId);
    expect(outcomes.map((o) => o.status ?? o.error?.code)).toEqual(['already-done', 'duplicate', 'duplicate', 'duplicate', 'duplicate-id']);
    expect(outcomes[4]!.error!.message).toMatch(/harbour-1: another article with this id/);
    expect((await store.stats()).articles).toBe(1);
    expect(await store.doneSources(['a', 'b', 'c', 'd', 'e', 'f'])).toEqual(new Set(['a', 'b', 'c', 'd']));
  }));

  it.skipIf(skip)('marks a wire copy as a copy of the same story, not a new one', withStore(async (store) => {
    const [wire, copy, school] = sampleCorpus();
    const outcomes = await store.saveArticles([wire!, copy!, school!].map((article, i) => ({ article, sourceKey: `s${i}` })), null);
    expect(outcomes.map((o) => o.status)).toEqual(['stored', 'near-duplicate', 'stored']);
    expect(outcomes[1]).toMatchObject({ duplicateOf: 'harbour-1' });
    const hits = await store.search({ text: 'harbour bridge' });
    expect(hits.map((h) => [h.id, h.story])).toEqual(expect.arrayContaining([['harbour-1', 'harbour-1'], ['harbour-copy', 'harbour-1']]));
    expect(await store.stats()).toMatchObject({ articles: 3, stories: 2 });
  }));

  it.skipIf(skip)('rejects an article whose offsets lie outside its text, leaving nothing of it behind', withStore(async (store) => {
    const [wire, , school] = sampleCorpus();
    const broken = { ...school!, quotes: [{ ...school!.quotes[0]!, end: school!.text.length + 10 }] };
    const outcomes = await store.saveArticles([{ article: broken, sourceKey: 'x' }, { article: wire!, sourceKey: 'y' }], null);
    expect(outcomes[0]!.error?.message).toMatch(/school-1: an annotation's offsets lie outside the text/);
    expect(outcomes[1]!.status).toBe('stored');
    expect(await store.getArticle('school-1')).toBeNull();
    expect(await store.stats()).toMatchObject({ articles: 1, quotes: 2, entities: 4 });
  }));

  it.skipIf(skip)('stores what an analysis worker prepared exactly as what it prepares itself', async () => {
    const stores = [await openStore(target()), await openStore(target())];
    try {
      const corpus = sampleCorpus();
      // The worker's record crosses a thread boundary: structuredClone is what postMessage does to it.
      await stores[0]!.saveArticles(corpus.map((article) => ({ article, sourceKey: article.id, prepared: structuredClone(prepareArticle(article)) })), null);
      await stores[1]!.saveArticles(corpus.map((article) => ({ article, sourceKey: article.id })), null);
      const queries = [{ text: 'council' }, { speaker: 'Daniel Reyes' }, { entity: 'maria okafor' }, { voice: 'vague' as const }, { technique: 'Name_Calling,Labeling' }];
      for (const query of queries) {
        const [prepared, own] = await Promise.all(stores.map(async (store) => (await store.search(query)).map((hit) => [hit.id, hit.story])));
        expect(prepared, JSON.stringify(query)).toEqual(own);
      }
      const [prepared, own] = await Promise.all(stores.map((store) => store.stats()));
      expect(prepared).toEqual(own);
      for (const article of corpus) expect(await stores[0]!.getArticle(article.id)).toEqual(article);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it.skipIf(skip)('rolls back alone an article refused after its first row was written (two quotes with one id)', withStore(async (store) => {
    const [wire, copy, school] = sampleCorpus();
    // The preparation cannot see this: the quotes' primary key refuses it once the article's row is in.
    const broken = { ...school!, quotes: [school!.quotes[0]!, { ...school!.quotes[0]! }] };
    const outcomes = await store.saveArticles([wire!, broken, copy!].map((article, i) => ({ article, sourceKey: `s${i}` })), null);
    expect(outcomes.map((o) => o.status ?? 'error')).toEqual(['stored', 'error', 'near-duplicate']);
    expect(await store.getArticle('school-1')).toBeNull();
    expect(await store.doneSources(['s0', 's1', 's2'])).toEqual(new Set(['s0', 's2']));
    expect(await store.stats()).toMatchObject({ articles: 2, stories: 1 });
    const [again] = await store.saveArticles([{ article: school!, sourceKey: 's1' }], null);
    expect(again!.status).toBe('stored');
    expect(await store.getArticle('school-1')).toEqual(school);
  }));

  it.skipIf(skip)('fails only the article that cannot be prepared (a quote without a speaker)', withStore(async (store) => {
    const [wire, , school] = sampleCorpus();
    const broken = { ...school!, quotes: [{ ...school!.quotes[0]!, speaker: undefined as never }] };
    const outcomes = await store.saveArticles([{ article: broken, sourceKey: 'x' }, { article: wire!, sourceKey: 'y' }], null);
    expect(outcomes[0]!.error?.code).toBe('invalid-input');
    expect(outcomes[1]!.status).toBe('stored');
    expect(await store.stats()).toMatchObject({ articles: 1 });
  }));

  describe('queries over a small corpus', () => {
    let store: Store;
    beforeAll(async () => {
      if (skip) return;
      store = await openStore(target());
      const runId = await store.startRun(['fixtures']);
      await store.saveArticles(sampleCorpus().map((article) => ({ article, sourceKey: `fixture:${article.id}` })), runId);
      await store.recordError(runId, 'fixture:bad', 'bad.html', { code: 'empty-input', message: 'bad.html: the page has no text' });
      await store.finishRun(runId, 'done', { stored: 4 });
    });
    afterAll(async () => {
      await store?.close();
    });

    it.skipIf(skip)('finds articles by words, phrases and exclusions, with snippets', async () => {
      const hits = await store.search({ text: 'school meals' });
      expect(hits.map((h) => h.id)).toEqual(['school-1']);
      expect(hits[0]!.snippet).toMatch(/«meals»/);
      expect((await store.search({ text: '"harbour bridge" -wire' })).map((h) => h.id)).toEqual(['harbour-1']);
      expect((await store.search({ text: 'storm OR stomach' })).map((h) => h.id).sort()).toEqual(['school-1', 'storm-1']);
      expect(await store.search({ text: 'zeppelin' })).toEqual([]);
    });

    it.skipIf(skip)('filters by outlet, date range, entity, speaker, technique and voice', async () => {
      const ids = async (query: Parameters<Store['search']>[0]) => (await store.search(query)).map((h) => h.id).sort();
      expect(await ids({ outlet: 'eastgate-times.example' })).toEqual(['harbour-copy', 'school-1']);
      expect(await ids({ outlet: 'Valley Gazette' })).toEqual(['storm-1']);
      expect(await ids({ from: '2031-04-01', to: '2031-04-30' })).toEqual(['school-1']);
      expect(await ids({ to: '2031-03-04' })).toEqual(['harbour-1', 'harbour-copy']);
      expect(await ids({ entity: 'maria okafor' })).toEqual(['harbour-1', 'harbour-copy', 'school-1']);
      expect(await ids({ entity: 'ORG:Port Authority' })).toEqual(['harbour-1', 'harbour-copy']);
      expect(await ids({ speaker: 'Daniel Reyes' })).toEqual(['school-1']);
      expect(await ids({ technique: 'Name_Calling,Labeling' })).toEqual(['school-1']);
      expect(await ids({ voice: 'vague' })).toEqual(['harbour-1', 'harbour-copy']);
      expect(await ids({ text: 'council', entity: 'Daniel Reyes' })).toEqual(['school-1']);
      expect(await ids({ text: 'council', outlet: 'northbay-courier.example' })).toEqual(['harbour-1']);
    });

    it.skipIf(skip)('counts what a search can return, up to a bound', async () => {
      const counted = async (query: Parameters<Store['search']>[0], cap = 100) => [await store.countArticles(query, cap), (await store.search({ ...query, limit: 100 })).length];
      for (const query of [{}, { text: 'council' }, { text: 'zeppelin' }, { outlet: 'eastgate-times.example' }, { text: 'council', from: '2031-03-01', to: '2031-04-11' },
        { entity: 'maria okafor' }, { to: '2031-03-04' }, { text: 'council', outlet: 'nowhere.example' }, { speaker: 'Daniel Reyes', voice: 'vague' as const }]) {
        const [count, found] = await counted(query);
        expect(count, JSON.stringify(query)).toBe(found);
      }
      expect(await store.countArticles({}, 2)).toBe(2);
    });

    it.skipIf(skip)('combines words with every filter, and finds nothing for an outlet or entity it does not know', async () => {
      const ids = async (query: Parameters<Store['search']>[0]) => (await store.search(query)).map((h) => h.id).sort();
      expect(await ids({ text: 'council', from: '2031-03-01', to: '2031-03-31' })).toEqual(['harbour-1', 'harbour-copy']);
      // Whole months: the month tokens alone decide; a bound inside a month is checked exactly.
      expect(await ids({ text: 'council', from: '2031-03-01', to: '2031-04-30' })).toEqual(['harbour-1', 'harbour-copy', 'school-1']);
      expect(await ids({ text: 'council', from: '2031-03-01', to: '2031-04-11' })).toEqual(['harbour-1', 'harbour-copy']);
      expect(await ids({ text: 'council', from: '2031-04-01T00:00:00Z', to: '2031-05-31' })).toEqual(['school-1']);
      // Bounds inside a month: the month narrows, the exact instant decides.
      expect(await ids({ text: 'council', from: '2031-03-04T10:00:00Z', to: '2031-04-30' })).toEqual(['harbour-copy', 'school-1']);
      expect(await ids({ text: 'council', speaker: 'Daniel Reyes' })).toEqual(['school-1']);
      expect(await ids({ text: 'council', technique: 'Name_Calling,Labeling' })).toEqual(['school-1']);
      expect(await ids({ text: 'council', voice: 'vague' })).toEqual(['harbour-1', 'harbour-copy']);
      expect(await ids({ text: 'council', entity: 'ORG:Port Authority', outlet: 'Eastgate Times' })).toEqual(['harbour-copy']);
      expect(await ids({ text: 'council', outlet: 'nowhere.example' })).toEqual([]);
      expect(await ids({ text: 'council', entity: 'Nobody Known' })).toEqual([]);
      // What a filter is indexed as never matches as a word.
      expect(await ids({ text: 'o1 OR e1 OR v1' })).toEqual([]);
    });

    it.skipIf(skip)('finds quotes by speaker and by the entities they mention', async () => {
      const byOkafor = await store.quotes({ speaker: 'Maria Okafor' });
      expect(byOkafor.map((q) => [q.articleId, q.quoteId])).toEqual([['harbour-copy', 'q1'], ['harbour-copy', 'q2'], ['harbour-1', 'q1'], ['harbour-1', 'q2']]);
      expect(byOkafor[0]).toMatchObject({ text: 'This bridge carries half of our commuters,', speaker: 'Maria Okafor', kind: 'direct' });
      const aboutPort = await store.quotes({ entity: 'Port Authority', outlet: 'northbay-courier.example' });
      expect(aboutPort.map((q) => q.text)).toEqual(['the Port Authority had agreed to share the cost']);
      expect((await store.quotes({ text: 'EMPTY stomach' })).map((q) => q.speaker)).toEqual(['Daniel Reyes']);
    });

    it.skipIf(skip)('counts entities across articles under one canonical identity, with co-mentions', async () => {
      const people = await store.entities({ type: 'PERSON' });
      expect(people).toEqual([
        { type: 'PERSON', name: 'Maria Okafor', articles: 3, mentions: 7 },
        { type: 'PERSON', name: 'Daniel Reyes', articles: 1, mentions: 1 },
      ]);
      expect((await store.entities({ name: 'north' })).map((e) => [e.name, e.articles])).toEqual([['Northbay', 3]]);
      const withOkafor = await store.coMentions('PERSON:Maria Okafor');
      expect(withOkafor.slice(0, 3).map((e) => [e.name, e.articles])).toEqual([['Northbay', 3], ['Harbour Bridge', 2], ['Port Authority', 2]]);
    });

    it.skipIf(skip)('profiles outlets: voice shares, sources per article, findings per 1,000 words', async () => {
      const [eastgate] = await store.outletProfiles('eastgate-times.example');
      const copy = sampleCorpus()[1]!;
      const school = sampleCorpus()[2]!;
      const words = (text: string) => text.match(/[\p{L}\p{N}]+/gu)!.length;
      const totalWords = words(copy.text) + words(school.text);
      expect(eastgate).toEqual({
        outlet: 'eastgate-times.example', name: 'Eastgate Times', articles: 2, words: totalWords,
        voiceShares: { outlet: expect.closeTo(6 / 12, 3), quoted: expect.closeTo(2 / 12, 3), attributed: expect.closeTo(3 / 12, 3), vague: expect.closeTo(1 / 12, 3) },
        distinctSourcesPerArticle: 1,
        findingsPer1000Words: expect.closeTo((3 * 1000) / totalWords, 3),
        quotedFindingsPer1000Words: 0,
      });
      expect((await store.outletProfiles()).map((p) => p.outlet)).toEqual(['eastgate-times.example', 'northbay-courier.example', 'valley-gazette.example']);
    });

    it.skipIf(skip)('streams articles for export with filters, and keeps per-document errors', async () => {
      const all = [];
      for await (const article of store.articles()) all.push(article.id);
      expect(all).toEqual(['harbour-1', 'harbour-copy', 'school-1', 'storm-1']);
      const filtered = [];
      for await (const article of store.articles({ text: 'rain', outlet: 'valley-gazette.example' })) filtered.push(article);
      expect(filtered).toEqual([sampleCorpus()[3]]);
      expect(await store.errors()).toEqual([{ runId: 1, sourceKey: 'fixture:bad', label: 'bad.html', code: 'empty-input', message: 'bad.html: the page has no text' }]);
    });
  });

  // SQLite only: PostgreSQL ranks the newest window by ts_rank_cd, and 1,000 articles would take it a minute here.
  it.skipIf(skip || name !== 'sqlite')('orders a match set larger than the ranking window title matches first, then newest', withStore(async (store) => {
    const article = (i: number, title: string) => buildArticle({
      id: `w${i}`, title, publishedAt: '2031-01-01T00:00:00Z', paragraphs: [[[`Ferry number ${i} left the harbour on time.`, 'outlet']]],
    });
    const requests = [{ article: article(0, 'Harbour ferries run late'), sourceKey: 'w0' }];
    for (let i = 1; i <= RANKING_WINDOW + 5; i++) requests.push({ article: article(i, `Ferry ${i}`), sourceKey: `w${i}` });
    for (let from = 0; from < requests.length; from += 250) await store.saveArticles(requests.slice(from, from + 250), null);
    // More matches than the window: the count says so (up to its cap), though search pages the newest 1,000.
    expect(await store.countArticles({ text: 'harbour' }, RANKING_WINDOW + 1)).toBe(RANKING_WINDOW + 1);
    // w0 is the oldest, outside the newest 1,000: not in the window.
    const hits = await store.search({ text: 'harbour', limit: 3 });
    expect(hits.map((h) => [h.id, h.score])).toEqual([[`w${RANKING_WINDOW + 5}`, null], [`w${RANKING_WINDOW + 4}`, null], [`w${RANKING_WINDOW + 3}`, null]]);
    await store.saveArticles([{ article: article(9999, 'Harbour pilots strike'), sourceKey: 'late' }, { article: article(10_000, 'Ferry 10000'), sourceKey: 'later' }], null);
    expect((await store.search({ text: 'harbour', limit: 2 })).map((h) => h.id)).toEqual(['w9999', 'w10000']);
    // A rarer word is ranked by BM25 over all its matches.
    expect((await store.search({ text: 'pilots' })).map((h) => [h.id, typeof h.score])).toEqual([['w9999', 'number']]);
  }));

  // SQLite only: PostgreSQL ranks every match set it returns by ts_rank_cd.
  it.skipIf(skip || name !== 'sqlite')('ranks a small match set by its rare terms; common terms alone order title matches first, then newest', async () => {
    const store = await openStore(target(), { search: { rareTermArticles: 3 } });
    try {
      const article = (i: number, title: string, sentence: string) => buildArticle({
        id: `c${i}`, title, publishedAt: '2031-02-01T00:00:00Z', paragraphs: [[[sentence, 'outlet']]],
      });
      await store.saveArticles([
        article(1, 'Council budget', 'The council met on Monday.'),
        article(2, 'Ferry timetable', 'The council approved the ferry timetable, and the ferry operator welcomed it.'),
        article(3, 'Roads', 'The council resurfaced two roads.'),
        article(4, 'Parks', 'The council and the ferry operator planted trees.'),
        article(5, 'Libraries', 'The council opened a library.'),
      ].map((a) => ({ article: a, sourceKey: a.id })), null);
      // "council" is in five articles (over the bound of 3), "ferry" in two: BM25 over "ferry" alone orders them.
      const ranked = await store.search({ text: 'council ferry' });
      expect(ranked.map((h) => h.id)).toEqual(['c2', 'c4']);
      expect(ranked.every((h) => typeof h.score === 'number')).toBe(true);
      expect(ranked[0]!.snippet).toMatch(/«council»/);
      // Only common terms: no score; the title match first, then the newest.
      const unranked = await store.search({ text: 'council' });
      expect(unranked.map((h) => [h.id, h.score])).toEqual([['c1', null], ['c5', null], ['c4', null], ['c3', null], ['c2', null]]);
    } finally {
      await store.close();
    }
  });

  it.skipIf(skip)('brings a version-1 corpus up to date: facets, counters and pairs filled from its rows', withStore(async (store, location) => {
    await store.saveArticles(sampleCorpus().map((article) => ({ article, sourceKey: article.id })), null);
    const before = { search: await store.search({ text: 'council', entity: 'ORG:Port Authority', voice: 'vague' }), entities: await store.entities({ limit: 100 }), pairs: await store.coMentions('PERSON:Maria Okafor') };
    await store.close();
    // Undo migrations 2 and 3 by hand, leaving the rows a version-1 store would have written.
    await downgradeToVersion1(location);
    const again = await openStore(location);
    try {
      expect(await again.search({ text: 'council', entity: 'ORG:Port Authority', voice: 'vague' })).toEqual(before.search);
      expect(await again.entities({ limit: 100 })).toEqual(before.entities);
      expect(await again.coMentions('PERSON:Maria Okafor')).toEqual(before.pairs);
    } finally {
      await again.close();
    }
  }));

  describe('phrases of common words (the word-pair index)', () => {
    let store: Store;
    const ids = async (query: Parameters<Store['search']>[0]) => (await store.search(query)).map((h) => h.id).sort();
    beforeAll(async () => {
      if (skip) return;
      store = await openStore(target());
      await store.saveArticles(phraseCorpus().map((article) => ({ article, sourceKey: article.id })), null);
    });
    afterAll(async () => {
      await store?.close();
    });

    it.skipIf(skip)('finds a phrase only where its words stand in a row: across punctuation and stems, never reversed or apart', async () => {
      expect(await ids({ text: 'budget plan' })).toHaveLength(6);
      expect(await ids({ text: '"budget plan"' })).toEqual(['adjacent', 'pieces', 'punctuated', 'stemmed']);
      expect(await ids({ text: '"budget, plan"' })).toEqual(['adjacent', 'pieces', 'punctuated', 'stemmed']);
      expect(await ids({ text: '"plan budget"' })).toEqual(['reversed']);
      expect(await ids({ text: '"harbour budget plan"' })).toEqual(['adjacent']);
      expect(await ids({ text: '"budget plan" "harbour board"' })).toEqual(['pieces']);
      expect(await ids({ text: '"budget plan" -harbour' })).toEqual(['punctuated', 'stemmed']);
      expect(await ids({ text: '"budget plan" OR "plan budget"' })).toEqual(['adjacent', 'pieces', 'punctuated', 'reversed', 'stemmed']);
      expect(await ids({ text: '"budget zeppelin"' })).toEqual([]);
      const counted = await store.countArticles({ text: '"budget plan"' }, 100);
      expect(counted).toBe(4);
    });

    it.skipIf(skip)('matches a phrase across a stop word the way its engine reads it', async () => {
      // FTS5 indexes every word; PostgreSQL drops stop words and keeps their places, so `budget <3> plan` is any
      // word between them ("Every budget needs a plan").
      expect(await ids({ text: '"budget of the plan"' })).toEqual(name === 'sqlite' ? ['stop-words'] : ['adjacent', 'reversed', 'stop-words']);
      expect(await ids({ text: '"the budget plan"' })).toEqual(name === 'sqlite' ? ['adjacent', 'pieces', 'punctuated'] : ['adjacent', 'pieces', 'punctuated', 'stemmed']);
    });

    it.skipIf(skip)('combines a phrase with filters', async () => {
      expect(await ids({ text: '"budget plan"', outlet: 'eastgate-times.example' })).toEqual(['punctuated']);
      expect(await ids({ text: '"budget plan"', from: '2031-05-03', to: '2031-05-31' })).toEqual(['pieces', 'stemmed']);
    });
  });

  it.skipIf(skip)('brings a version-4 corpus up to date: word pairs filled from its rows', withStore(async (store, location) => {
    await store.saveArticles([...phraseCorpus(), ...sampleCorpus()].map((article) => ({ article, sourceKey: article.id })), null);
    const queries = ['"budget plan"', '"harbour budget plan"', '"harbour bridge"', '"plan budget"', '"budget of the plan"'];
    // At once: searches share the connection (and SQLite's scratch table of query terms).
    const before = await Promise.all(queries.map((text) => store.search({ text })));
    await store.close();
    await downgradeToVersion4(location);
    const again = await openStore(location);
    try {
      for (const [i, text] of queries.entries()) expect(await again.search({ text }), text).toEqual(before[i]);
      expect(before[0]!.map((hit) => hit.id).sort()).toEqual(['adjacent', 'pieces', 'punctuated', 'stemmed']);
    } finally {
      await again.close();
    }
  }));

  it.skipIf(skip)('brings a version-6 corpus up to date: the same searches, profiles, exports and counts without per-finding rows', withStore(async (store, location) => {
    const corpus = [...sampleCorpus(), ...phraseCorpus()];
    await store.saveArticles(corpus.map((article) => ({ article, sourceKey: article.id })), null);
    const answers = async (from: Store) => ({
      searches: await Promise.all([
        { technique: 'Name_Calling,Labeling' }, { text: 'council', technique: 'Name_Calling,Labeling' }, { voice: 'vague' as const },
        { text: 'council', entity: 'ORG:Port Authority', voice: 'vague' as const }, { speaker: 'Daniel Reyes' }, { text: '"budget plan"' },
      ].map((query) => from.search(query))),
      counted: await from.countArticles({ technique: 'Name_Calling,Labeling' }, 100),
      exported: await collect(from.articles({ technique: 'Name_Calling,Labeling' })),
      everything: await collect(from.articles()),
      profiles: await from.outletProfiles(),
      quotes: await from.quotes({ entity: 'ORG:Port Authority' }),
      stats: await from.stats(),
    });
    const current = await answers(store);
    await store.close();
    await downgradeToVersion6(location);
    const again = await openStore(location);
    try {
      expect(await answers(again)).toEqual(current);
      expect(current.searches[0]!.map((hit) => hit.id)).toEqual(['school-1']);
      expect(current.stats.framing).toBe(corpus.reduce((sum, article) => sum + article.framing.length, 0));
      expect(current.profiles.some((profile) => profile.findingsPer1000Words > 0)).toBe(true);
    } finally {
      await again.close();
    }
  }));

  it.skipIf(skip)('offers mentions, sentences and framing findings as views over the bodies, one row per annotation', withStore(async (store, location) => {
    const corpus = sampleCorpus();
    await store.saveArticles(corpus.map((article) => ({ article, sourceKey: article.id })), null);
    await store.close();
    const connection = location.endsWith('.db') ? new SqliteConnection(location) : new PostgresConnection(location);
    try {
      const stored = await connection.all<{ id: number; doc_id: string }>('SELECT id, doc_id FROM articles');
      const rowId = new Map(stored.map((row) => [row.doc_id, Number(row.id)]));
      const byArticle = corpus.filter((article) => rowId.has(article.id));
      const read = async (sql: string) => (await connection.all<Record<string, unknown>>(sql)).map((row) =>
        Object.values(row).map((value) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value)));
      const sortRows = (rows: unknown[][]) => rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      expect(await read('SELECT article_id, idx, start_offset, end_offset, voice FROM sentences ORDER BY article_id, idx')).toEqual(
        byArticle.flatMap((article) => article.sentences.map((sentence, index) => [rowId.get(article.id), index, sentence.start, sentence.end, sentence.voice]))
          .sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number)));
      const framing = sortRows(await read('SELECT article_id, idx, technique, start_offset, end_offset, voice, rule_id, explanation, alternative FROM framing'));
      expect(framing).toEqual(sortRows(byArticle.flatMap((article) => article.framing.map((finding, index) => [
        rowId.get(article.id), index, finding.technique, finding.start, finding.end, finding.voice, finding.ruleId, finding.explanation, finding.alternative]))));
      expect(framing.length).toBeGreaterThan(0);
      const corpusId = new Map((await read('SELECT article_id, local_id, entity_id FROM article_entities')).map(([article, local, entity]) => [`${article}/${local}`, entity]));
      const mentions = sortRows(await read('SELECT article_id, entity_id, start_offset, end_offset FROM mentions'));
      expect(mentions).toEqual(sortRows(byArticle.flatMap((article) => article.entities.flatMap((entity) =>
        entity.mentions.map((mention) => [rowId.get(article.id), corpusId.get(`${rowId.get(article.id)}/${entity.id}`), mention.start, mention.end])))));
      expect(mentions.length).toBeGreaterThan(0);
    } finally {
      await connection.close();
    }
  }));

  it.skipIf(skip)('keeps entity counters and co-mentions equal to counting the articles', withStore(async (store) => {
    const corpus = sampleCorpus();
    // Two batches, one article refused (offsets outside its text): only stored articles count.
    const broken = { ...corpus[3]!, id: 'broken', entities: [{ ...corpus[0]!.entities[0]!, mentions: [{ start: 0, end: 10_000 }] }] };
    await store.saveArticles(corpus.slice(0, 2).map((article) => ({ article, sourceKey: article.id })), null);
    await store.saveArticles([...corpus.slice(2), broken].map((article) => ({ article, sourceKey: article.id })), null);
    await store.saveArticles([{ article: corpus[0]!, sourceKey: 'again' }], null); // a duplicate adds nothing
    const expected = new Map<string, { articles: Set<string>; mentions: number }>();
    for (const article of corpus) {
      for (const entity of article.entities) {
        const key = `${entity.type}:${entity.name.toLowerCase()}`;
        const entry = expected.get(key) ?? { articles: new Set(), mentions: 0 };
        entry.articles.add(article.id);
        entry.mentions += entity.mentions.length;
        expected.set(key, entry);
      }
    }
    const counted = await store.entities({ limit: 100 });
    expect(Object.fromEntries(counted.map((e) => [`${e.type}:${e.name.toLowerCase()}`, [e.articles, e.mentions]])))
      .toEqual(Object.fromEntries([...expected].map(([key, e]) => [key, [e.articles.size, e.mentions]])));
    const withNorthbay = await store.coMentions('GPE:Northbay');
    expect(withNorthbay.map((e) => [e.name, e.articles, e.mentions])).toEqual([
      ['Maria Okafor', 3, 7], ['Harbour Bridge', 2, 2], ['Port Authority', 2, 2], ['Daniel Reyes', 1, 1], ['Eastgate', 1, 1],
    ]);
  }));

  it.skipIf(skip)('places saved articles in story clusters, searchable, and goes on after reopening', withStore(async (store, location) => {
    await store.saveArticles(sampleCorpus().map((article) => ({ article, sourceKey: `fixture:${article.id}` })), null);
    const clusters = store.storyClusters;
    expect(await clusters.pending()).toBe(0);
    const harbour = (await clusters.ofArticle('harbour-1'))!;
    expect(harbour).toMatchObject({ reason: 'new', wireGroup: 'harbour-1' });
    expect(await clusters.ofArticle('harbour-copy')).toMatchObject({ clusterId: harbour.clusterId, reason: 'wire-copy', wireGroup: 'harbour-1' });
    const school = (await clusters.ofArticle('school-1'))!;
    expect(new Set([harbour.clusterId, school.clusterId, (await clusters.ofArticle('storm-1'))!.clusterId]).size).toBe(3);
    expect(await clusters.ofArticle('nope')).toBeNull();
    expect((await clusters.list()).map((c) => c.id)).toHaveLength(3);
    const [story] = await clusters.list({ minArticles: 2 });
    expect(story).toMatchObject({ id: harbour.clusterId, articles: 2, first: '2031-03-04T09:30:00.000Z', last: '2031-03-04T11:00:00.000Z' });
    expect(story!.topEntities).toEqual(expect.arrayContaining(['harbour bridge', 'port authority']));
    expect((await clusters.list({ text: 'Bridge' })).map((c) => c.id)).toEqual([harbour.clusterId]);
    expect((await clusters.list({ entity: 'DANIEL REYES' })).map((c) => c.id)).toEqual([school.clusterId]);
    expect((await clusters.list({ from: '2031-04-01', to: '2031-04-30' })).map((c) => c.id)).toEqual([school.clusterId]);
    expect(await clusters.list({ text: '50%_' })).toEqual([]);
    const members = (await clusters.get(harbour.clusterId))!.members;
    expect(members.map((m) => [m.id, m.outlet, m.reason])).toEqual([['harbour-1', 'northbay-courier.example', 'new'], ['harbour-copy', 'eastgate-times.example', 'wire-copy']]);
    expect(await clusters.get('c999')).toBeNull();

    // A new process restores the clusterer from the tables and places a rewrite of the harbour story with it.
    await store.close();
    const reopened = await openStore(location);
    try {
      await reopened.saveArticles([{ article: harbourRewrite(), sourceKey: 'rewrite' }], null);
      expect(await reopened.storyClusters.ofArticle('harbour-rewrite')).toMatchObject({ clusterId: harbour.clusterId, reason: 'similar' });
      expect((await reopened.storyClusters.get(harbour.clusterId))!.articles).toBe(3);
    } finally {
      await reopened.close();
    }
  }));

  it.skipIf(skip)('restores only the story clusters still inside the time window when it reopens', async () => {
    // No margin and no recent articles kept: the clock is the median of the stored articles' dates (April).
    const residency = { marginHours: 0, keepRecent: 0, maxArticles: 1000 };
    const location = target();
    const store = await openStore(location, { clusterResidency: residency });
    await store.saveArticles(sampleCorpus().map((article) => ({ article, sourceKey: `fixture:${article.id}` })), null);
    const school = (await store.storyClusters.ofArticle('school-1'))!.clusterId;
    await store.close();
    const reopened = await openStore(location, { clusterResidency: residency });
    try {
      // The March harbour story lies before the window: it was not read back, so its rewrite starts a story.
      const schoolRewrite = buildArticle({
        id: 'school-rewrite', url: 'https://northbay-courier.example/school-meals', title: 'Eastgate pupils get free school meals',
        siteName: 'Northbay Courier', publishedAt: '2031-04-13T09:00:00Z',
        paragraphs: [[
          ['Every primary pupil in Eastgate will get free school meals, the school board decided.', 'outlet'],
          ['Board chair Daniel Reyes said the meals would cost about 2 million a year.', 'attributed'],
        ]],
        entities: [{ name: 'Daniel Reyes', type: 'PERSON' }, { name: 'Eastgate', type: 'GPE' }],
      });
      await reopened.saveArticles([{ article: harbourRewrite(), sourceKey: 'rewrite' }, { article: schoolRewrite, sourceKey: 'school-rewrite' }], null);
      expect(await reopened.storyClusters.ofArticle('harbour-rewrite')).toMatchObject({ reason: 'new' });
      expect(await reopened.storyClusters.ofArticle('school-rewrite')).toMatchObject({ clusterId: school, reason: 'similar' });
      // Clusters made after a reopen go on from the highest stored index.
      expect((await reopened.storyClusters.list()).map((c) => c.id).sort()).toEqual(['c0', 'c1', 'c2', 'c3']);
    } finally {
      await reopened.close();
    }
  });

  it.skipIf(skip).each([
    [' (its band keys written by the restore that did not read it back)', null],
    [' (band keys backfilled by the migration of a version-7 store)', 7 as const],
    [' (a version-8 store, every placement\'s band keys written)', 8 as const],
  ])('places a wire copy of an article no longer in memory in its story and wire group%s', async (_, storeVersion) => {
    const residency = { marginHours: 0, keepRecent: 0, maxArticles: 1000 };
    const location = target();
    const [wire, copy, school, storm] = sampleCorpus();
    const store = await openStore(location, { clusterResidency: residency });
    await store.saveArticles([wire!, school!, storm!].map((article) => ({ article, sourceKey: article.id })), null);
    const harbour = (await store.storyClusters.ofArticle('harbour-1'))!.clusterId;
    await store.close();
    if (storeVersion) await downgradeTo(storeVersion, location);
    const reopened = await openStore(location, { clusterResidency: residency });
    try {
      // The March story lies before the window: not read back, so a rewrite (other words) starts a story of its own...
      await reopened.saveArticles([{ article: harbourRewrite(), sourceKey: 'rewrite' }], null);
      expect(await reopened.storyClusters.ofArticle('harbour-rewrite')).toMatchObject({ reason: 'new' });
      // ...but another outlet's run of the wire story, months later, is found by its band keys and joins it.
      await reopened.saveArticles([{ article: { ...copy!, publishedAt: '2031-06-02T08:00:00Z' }, sourceKey: 'copy' }], null);
      expect(await reopened.storyClusters.ofArticle('harbour-copy')).toMatchObject({ clusterId: harbour, wireGroup: 'harbour-1', reason: 'wire-copy' });
      const story = (await reopened.storyClusters.get(harbour))!;
      expect(story).toMatchObject({ articles: 2, first: '2031-03-04T09:30:00.000Z', last: '2031-06-02T08:00:00.000Z' });
      expect(story.members.map((m) => [m.id, m.reason, m.wireGroup])).toEqual([['harbour-1', 'new', 'harbour-1'], ['harbour-copy', 'wire-copy', 'harbour-1']]);
    } finally {
      await reopened.close();
    }
  });

  it.skipIf(skip)('writes the band keys of an article its clusterer drops, and places a later wire copy of it in its story, in the same batch too', async () => {
    // No margin, no recent articles kept, and a sweep after every placement: April's article drops March's story.
    const residency = { marginHours: 0, keepRecent: 0, maxArticles: 20 };
    const store = await openStore(target(), { clusterResidency: residency });
    try {
      const [wire, copy, school, storm] = sampleCorpus();
      await store.saveArticles([{ article: wire!, sourceKey: 'wire' }], null);
      const harbour = (await store.storyClusters.ofArticle('harbour-1'))!.clusterId;
      // The copy comes in the batch whose first article drops the harbour story: its keys are written at once.
      const copyInJune = { ...copy!, publishedAt: '2031-06-02T08:00:00Z' };
      await store.saveArticles([school!, storm!, copyInJune].map((article) => ({ article, sourceKey: article.id })), null);
      expect(await store.storyClusters.ofArticle('harbour-copy')).toMatchObject({ clusterId: harbour, wireGroup: 'harbour-1', reason: 'wire-copy' });
    } finally {
      await store.close();
    }
  });

  it.skipIf(skip)('keeps one cluster state when two stores write to one database', withStore(async (first, location) => {
    const second = await openStore(location);
    try {
      const [wire, copy, school, storm] = sampleCorpus();
      await first.saveArticles([{ article: wire!, sourceKey: 'a' }, { article: school!, sourceKey: 'b' }], null);
      // The second store has not seen the first's placements: it must reload them before placing.
      await second.saveArticles([{ article: copy!, sourceKey: 'c' }], null);
      await first.saveArticles([{ article: harbourRewrite(), sourceKey: 'd' }, { article: storm!, sourceKey: 'e' }], null);
      const harbour = (await second.storyClusters.ofArticle('harbour-1'))!.clusterId;
      expect((await first.storyClusters.get(harbour))!.members.map((m) => m.id)).toEqual(['harbour-1', 'harbour-copy', 'harbour-rewrite']);
      expect((await second.storyClusters.list()).map((c) => c.articles).sort()).toEqual([1, 1, 3]);
    } finally {
      await second.close();
    }
  }));

  it.skipIf(skip)('keeps an article whole when a batch hits a unicode edge: astral characters and long names', withStore(async (store) => {
    const article = buildArticle({
      id: 'emoji', paragraphs: [[['The 🚀 launch by Zoë Ångström went well.', 'outlet']]],
      entities: [{ name: 'Zoë Ångström', type: 'PERSON' }],
    });
    await store.saveArticles([{ article, sourceKey: 'u' }], null);
    expect(await store.getArticle('emoji')).toEqual(article);
    expect(await store.entities({ name: 'zoe angstrom' })).toEqual([{ type: 'PERSON', name: 'Zoë Ångström', articles: 1, mentions: 1 }]);
  }));
});

/** Another outlet's rewrite of the harbour story: other words, the same people and places. */
function harbourRewrite() {
  return buildArticle({
    id: 'harbour-rewrite', url: 'https://valley-gazette.example/harbour-bridge', title: 'Harbour Bridge repairs approved by Northbay council',
    siteName: 'Valley Gazette', publishedAt: '2031-03-05T08:00:00Z',
    paragraphs: [[
      ['Repairs to the Harbour Bridge will cost 40 million after the Northbay council backed the plan on Tuesday.', 'outlet'],
      ['Council leader Maria Okafor said the Port Authority would share the cost of the bridge repairs.', 'attributed'],
    ]],
    entities: [
      { name: 'Harbour Bridge', type: 'FAC' }, { name: 'Northbay', type: 'GPE' }, { name: 'Maria Okafor', type: 'PERSON' }, { name: 'Port Authority', type: 'ORG' },
    ],
  });
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArticle, sampleCorpus } from '../test-support/articles.js';
import { postgresUnavailable, startCluster, type ThrowawayCluster } from '../test-support/postgres.js';
import { MIGRATIONS } from './migrations.js';
import { openStore } from './open.js';
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

const drivers = [
  { name: 'sqlite', skip: false, target: () => join(tmp, `t${++databases}.db`) },
  { name: 'postgres', skip: Boolean(pgMissing), target: () => cluster!.createDatabase(`t${++databases}`) },
];

describe.each(drivers)('store conformance: $name', ({ skip, target }) => {
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

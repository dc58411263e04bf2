import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { storyStream } from '../synthetic/stories.js';
import { FeatureExtractor, KeyTable } from './cluster-features.js';
import { DEFAULT_CLUSTERER_OPTIONS, IncrementalClusterer, type ClusterAssignment, type ClusterDocument, type ResidencyOptions } from './clusterer.js';
import { pairwiseScores } from './pairwise.js';

// placeAll starts dist/compare/cluster/feature-worker.js (a worker runs built JavaScript): tested on the build.
const builtClusterer = fileURLToPath(new URL('../../../dist/compare/cluster/clusterer.js', import.meta.url));
if (!existsSync(builtClusterer)) console.warn('placeAll test SKIPPED: no build (run npm run build)');

const flood = (id: string, publishedAt: string, lead: string): ClusterDocument => ({
  id, publishedAt, title: 'Floods hit Dunmere as the River Avel bursts its banks',
  text: `${lead} The River Avel burst its banks in Dunmere, flooding 40 homes on Mill Lane. Mayor Marta Kovell said shelters had opened at two schools. Rescue crews from the Dunmere Civil Protection Agency moved 120 residents overnight.`,
});
const fire = (id: string, publishedAt: string): ClusterDocument => ({
  id, publishedAt, title: 'Fire destroys Karvik paper mill',
  text: 'A fire gutted the Tellard paper mill in Karvik on Friday. Fire Chief Jonas Brandell said 30 firefighters fought the blaze for six hours. Neighbour Elena Quinsen saw flames through the roof after midnight.',
});

describe('IncrementalClusterer', () => {
  it('puts rewrites of one story together and another story apart', () => {
    const clusterer = new IncrementalClusterer();
    const a = clusterer.add(flood('a', '2031-03-01T08:00:00Z', 'Heavy rain swamped the town.'));
    const b = clusterer.add(flood('b', '2031-03-01T12:00:00Z', 'Residents woke to water in their kitchens.'));
    const c = clusterer.add(fire('c', '2031-03-01T13:00:00Z'));
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(clusterer.cluster(a)!.articleIds).toEqual(['a', 'b']);
    expect(clusterer.cluster(a)!.topEntities.join(' ')).toMatch(/dunmere|avel|kovell/);
  });

  it('groups a wire copy with its source whatever the time gap, and reports it', () => {
    const clusterer = new IncrementalClusterer();
    const source = fire('wire', '2031-03-01T08:00:00Z');
    clusterer.add(source);
    const copy = clusterer.place({ ...source, id: 'copy', publishedAt: '2031-03-20T08:00:00Z', text: `${source.text}\n\nReporting by Northgate Wire.` });
    expect(copy.reason).toBe('wire-copy');
    expect(copy.wireGroupId).toBe('wire');
    expect(copy.clusterId).toBe(clusterer.clusterOf('wire'));
  });

  it('does not join a similar story outside the time window', () => {
    const clusterer = new IncrementalClusterer({ windowHours: 48 });
    const first = clusterer.add(flood('a', '2031-03-01T08:00:00Z', 'Heavy rain swamped the town.'));
    const rewrite = (id: string, publishedAt: string): ClusterDocument => ({
      id, publishedAt, title: 'Dunmere flooded again as River Avel rises',
      text: 'Forty houses on Mill Lane in Dunmere were under water after the River Avel overflowed. Marta Kovell, the mayor, opened two school halls as shelters, and the Dunmere Civil Protection Agency evacuated 120 people.',
    });
    expect(clusterer.add(rewrite('b', '2031-03-02T08:00:00Z'))).toBe(first);
    const third: ClusterDocument = {
      id: 'c', publishedAt: '2031-03-09T08:00:00Z', title: 'River Avel floods Dunmere homes',
      text: 'Water from the River Avel covered Mill Lane in Dunmere once more. Mayor Marta Kovell asked residents to leave, and the Dunmere Civil Protection Agency sent boats to the flooded homes.',
    };
    expect(clusterer.add(third)).not.toBe(first);
    // The same article inside the window joins the story.
    const inWindow = new IncrementalClusterer({ windowHours: 48 });
    const story = inWindow.add(flood('a', '2031-03-01T08:00:00Z', 'Heavy rain swamped the town.'));
    expect(inWindow.add({ ...third, publishedAt: '2031-03-02T08:00:00Z' })).toBe(story);
  });

  it('handles an article with more new keys than its scratch arrays hold', () => {
    const clusterer = new IncrementalClusterer();
    const crowd = Array.from({ length: 9000 }, (_, i) => ({ name: `Person Number${i}` }));
    const first = clusterer.add({ ...fire('a', '2031-03-01T08:00:00Z'), entities: crowd });
    expect(clusterer.add({ ...fire('b', '2031-03-01T09:00:00Z'), entities: crowd.slice(4000) })).toBe(first);
  });

  it.skipIf(!existsSync(builtClusterer))('places with features from a worker thread exactly as one by one (placeAll)', async () => {
    const { IncrementalClusterer: Built } = (await import(pathToFileURL(builtClusterer).href)) as typeof import('./clusterer.js');
    const docs: ClusterDocument[] = [...storyStream({ seed: 5, stories: 50, days: 12 })].map((a, i) => ({
      id: a.id, title: a.title, text: a.text, publishedAt: a.publishedAt, entities: i % 2 ? a.entities : undefined,
    }));
    docs.splice(30, 0, docs[3]!); // an id seen before: 'known'
    const oneByOne = new IncrementalClusterer();
    const expected = docs.map((doc) => oneByOne.place(doc));
    const together = new Built();
    expect(await together.placeAll(docs, 16)).toEqual(expected);
    expect(together.snapshot()).toEqual(oneByOne.snapshot());
  });

  it('places with text features made in another key table exactly as from the text (placeWithText)', () => {
    const docs: ClusterDocument[] = [...storyStream({ seed: 7, stories: 40, days: 10 })].map((a, i) => ({
      // Every third article without entities: its names then come from capitalised words, made with the text.
      id: a.id, title: i % 5 ? a.title : null, text: a.text, publishedAt: a.publishedAt, entities: i % 3 ? a.entities : undefined,
    }));
    docs.splice(25, 0, docs[4]!); // an id seen before: 'known'
    const fromText = new IncrementalClusterer();
    const expected = docs.map((doc) => fromText.place(doc));
    // As the store's analysis workers make them: their own key table, only strings handed over.
    const elsewhere = new FeatureExtractor(new KeyTable(), DEFAULT_CLUSTERER_OPTIONS.bodyWords);
    const prepared = new IncrementalClusterer();
    expect(docs.map((doc) => prepared.placeWithText({ id: doc.id, publishedAt: doc.publishedAt, entities: doc.entities }, elsewhere.textFeatures(doc))))
      .toEqual(expected);
    expect(prepared.snapshot()).toEqual(fromText.snapshot());
    const other = new IncrementalClusterer({ bodyWords: 100 });
    expect(() => other.placeWithText(docs[0]!, elsewhere.textFeatures(docs[0]!))).toThrow(/features made for 400 body words/);
  });

  it('returns the same cluster when an id is added again', () => {
    const clusterer = new IncrementalClusterer();
    const first = clusterer.add(fire('a', '2031-03-01T08:00:00Z'));
    expect(clusterer.add(flood('a', '2031-03-01T09:00:00Z', 'Different text, same id.'))).toBe(first);
    expect(clusterer.size).toBe(1);
  });

  it('round-trips through a JSON snapshot and goes on placing articles the same way', () => {
    const original = new IncrementalClusterer();
    original.add(flood('a', '2031-03-01T08:00:00Z', 'Heavy rain swamped the town.'));
    original.add(fire('b', '2031-03-01T09:00:00Z'));
    const restored = IncrementalClusterer.restore(JSON.parse(JSON.stringify(original.snapshot())));
    expect(restored.clusters()).toEqual(original.clusters());
    const next = flood('c', '2031-03-01T15:00:00Z', 'Water reached the church steps.');
    expect(restored.place(next)).toEqual(original.place(next));
    expect(() => IncrementalClusterer.restore({ schema: 'other' } as never)).toThrow(/expected schema presslens.clusterer\/1/);
  });
});

describe('IncrementalClusterer with residency (bounded memory)', () => {
  const streamDocs = (seed: number, stories: number, days: number): ClusterDocument[] => [...storyStream({ seed, stories, days })]
    .map((a) => ({ id: a.id, title: a.title, text: a.text, publishedAt: a.publishedAt, entities: a.entities }));
  /**
   * The same placement: cluster, wire group, reason, and score up to the drift of the cached centroid norms
   * (each cluster's norm is recomputed when the corpus has grown 10% since, so it depends on when it was scored).
   */
  const expectSamePlacement = (actual: ClusterAssignment, expected: ClusterAssignment) => {
    expect({ ...actual, score: 0 }).toEqual({ ...expected, score: 0 });
    expect(actual.score).toBeCloseTo(expected.score, 2);
  };
  const hours = (base: string, h: number) => new Date(Date.parse(base) + h * 3_600_000).toISOString();
  /** Unrelated one-article stories, one an hour from `start`: they move the clock on. */
  const fillers = (count: number, start: string): ClusterDocument[] => Array.from({ length: count }, (_, i) => ({
    id: `filler-${start}-${i}`, publishedAt: hours(start, i), title: `Item ${i}`,
    text: `Notice ${i}: the ${['quarry', 'orchard', 'tannery', 'ferry', 'brewery'][i % 5]} number w${i}x${i * 7} of district q${i}z reported figures zeta${i} and omega${i * 3}.`,
  }));

  it('drops stories no later article can join, and clusters date-ordered news exactly as when it keeps everything', () => {
    const docs = streamDocs(5, 300, 40);
    const everything = new IncrementalClusterer();
    const bounded = new IncrementalClusterer({}, { marginHours: 0, keepRecent: 0, maxArticles: 2000 });
    let mostResident = 0;
    for (const doc of docs) {
      expectSamePlacement(bounded.place(doc), everything.place(doc));
      mostResident = Math.max(mostResident, bounded.residentArticles);
    }
    // 1,211 articles over 40 days: the window (72 h) holds about a tenth of them.
    expect(docs.length).toBeGreaterThan(1200);
    expect(mostResident).toBeLessThan(docs.length * 0.4);
    expect(bounded.residentClusters).toBeLessThan(everything.residentClusters * 0.4);
    expect(bounded.size).toBe(everything.size);
    expect(bounded.clusterCount).toBe(everything.clusterCount);
    // What is kept is the recent end of the same state.
    const kept = new Map(bounded.clusters().map((c) => [c.id, c]));
    for (const cluster of everything.clusters().filter((c) => kept.has(c.id))) expect(kept.get(cluster.id)).toEqual(cluster);
  });

  it('never holds more articles than its cap, whatever the dates, dropping the least recently joined story first', () => {
    const docs = streamDocs(9, 120, 20);
    // Dates in no order: a deterministic shuffle.
    const shuffled = docs.map((doc, i) => ({ doc, key: (i * 7919) % docs.length })).sort((a, b) => a.key - b.key).map(({ doc }) => doc);
    const residency: ResidencyOptions = { marginHours: 24, keepRecent: 40, maxArticles: 100 };
    const bounded = new IncrementalClusterer({}, residency);
    const story = bounded.add(flood('story', '2031-03-01T08:00:00Z', 'Heavy rain swamped the town.'));
    const lonely = bounded.add(fire('lonely', '2031-03-01T09:00:00Z'));
    shuffled.forEach((doc, i) => {
      bounded.place(doc);
      // The flood story goes on getting articles (undated: the clock never drops them), the fire does not.
      if (i % 20 === 0) expect(bounded.add(flood(`story-${i}`, '', `Update ${i}: more rain fell.`))).toBe(story);
      expect(bounded.residentArticles).toBeLessThanOrEqual(residency.maxArticles);
    });
    expect(bounded.cluster(story)).not.toBeNull();
    expect(bounded.cluster(lonely)).toBeNull();
    expect(bounded.clusterOf('lonely')).toBeNull();
  });

  it('places an article dated before what it holds in a story of its own, and an outlier date does not move the clock', () => {
    const residency: ResidencyOptions = { marginHours: 0, keepRecent: 0, maxArticles: 200 };
    const bounded = new IncrementalClusterer({ windowHours: 48 }, residency);
    const everything = new IncrementalClusterer({ windowHours: 48 });
    const early = flood('a', '2031-03-01T08:00:00Z', 'Heavy rain swamped the town.');
    const story = bounded.add(early);
    everything.add(early);
    // A misdated article among ten days of news: the clock is a median, so the March story is dropped only by them.
    const future = { ...fire('future', '2099-01-01T00:00:00Z'), title: 'Fire destroys the 2099 mill' };
    for (const doc of [...fillers(100, '2031-03-01T09:00:00Z'), future, ...fillers(140, '2031-03-05T13:00:00Z')]) {
      bounded.place(doc);
      everything.place(doc);
    }
    expect(bounded.cluster(story)).toBeNull();
    // A late report on the first day's flood: kept in full memory it joins; here its story is gone.
    const late: ClusterDocument = {
      id: 'late', publishedAt: '2031-03-02T08:00:00Z', title: 'Dunmere flooded as River Avel rises',
      text: 'Forty houses on Mill Lane in Dunmere were under water after the River Avel overflowed. Marta Kovell, the mayor, opened two school halls as shelters, and the Dunmere Civil Protection Agency evacuated 120 people.',
    };
    expect(everything.place(late)).toMatchObject({ clusterId: story, reason: 'similar' });
    expect(bounded.place(late)).toMatchObject({ reason: 'new' });
    // Articles dated like the stream still join their stories: the 2099 date did not drop today's.
    const today = flood('today-1', hours('2031-03-11T00:00:00Z', 0), 'The river rose again.');
    const todayStory = bounded.add(today);
    for (let i = 0; i < 30; i++) bounded.place(fillers(1, hours('2031-03-11T01:00:00Z', i))[0]!);
    expect(bounded.add(flood('today-2', '2031-03-11T20:00:00Z', 'Crews pumped water from Mill Lane.'))).toBe(todayStory);
  });

  it('finds a wire copy of a dropped story among articles handed back to it, and places the copy in that story when readmitted', () => {
    const residency: ResidencyOptions = { marginHours: 0, keepRecent: 0, maxArticles: 200 };
    const bounded = new IncrementalClusterer({ windowHours: 48 }, residency);
    const source = fire('wire', '2031-03-01T08:00:00Z');
    const story = bounded.add(source);
    bounded.add({ ...fire('wire-2', '2031-03-01T10:00:00Z'), text: `${source.text} Police closed the road to the mill.` });
    // What a store holds of the fire story: its state before the clock moved on and dropped it.
    const saved = bounded.snapshot();
    for (const doc of fillers(120, '2031-03-02T00:00:00Z')) bounded.place(doc);
    expect(bounded.cluster(story)).toBeNull();

    const copy = { ...source, id: 'copy', publishedAt: '2031-03-20T08:00:00Z', text: `${source.text}\n\nReporting by Northgate Wire.` };
    const features = bounded.features(copy);
    expect(bounded.hasWireCopy(features)).toBe(false);
    const storedArticles = saved.articles.filter((a) => a.cluster === Number(story.slice(1)));
    const signature = (a: { signature: ArrayLike<number> | null }) => a.signature!;
    expect(storedArticles.map((a) => bounded.holds(a.seq!))).toEqual([false, false]);
    expect(bounded.holds(bounded.size - 1)).toBe(true);
    // Another article's text, or one that is in memory (the last placed), is no wire copy to bring back.
    const other = { id: 'other', seq: 50, signature: features.signature!.map((v) => v ^ 1) };
    expect(bounded.wireCopyAmong(features, [other], signature)).toBeNull();
    expect(bounded.wireCopyAmong(features, [{ seq: bounded.size - 1, signature: features.signature! }], signature)).toBeNull();
    expect(bounded.wireCopyAmong(features, [other, ...storedArticles.map((a) => ({ ...a, seq: a.seq! }))], signature)).toMatchObject({ id: 'wire' });

    bounded.readmit(saved.clusters.find((c) => c.id === story)! as typeof saved.clusters[number] & { index: number }, storedArticles);
    expect(bounded.hasWireCopy(features)).toBe(true);
    expect(storedArticles.map((a) => bounded.holds(a.seq!))).toEqual([true, true]);
    expect(() => bounded.readmit({ ...saved.clusters[0]!, index: Number(story.slice(1)) }, [])).toThrow(/in memory already/);
    expect(bounded.placeWithFeatures('copy', features)).toMatchObject({ clusterId: story, wireGroupId: 'wire', reason: 'wire-copy' });
    expect(bounded.cluster(story)!.articleIds).toEqual(['wire', 'wire-2', 'copy']);
  });

  it('reports each article it drops once, with the placement position and signature it was placed with', () => {
    const docs = streamDocs(9, 120, 20);
    const bounded = new IncrementalClusterer({}, { marginHours: 24, keepRecent: 40, maxArticles: 100 });
    bounded.takeChanges();
    const placed = new Map<number, number[] | null>();
    const dropped = new Map<number, number[]>();
    const take = () => {
      const changes = bounded.takeChanges();
      for (const article of changes.articles) placed.set(article.seq, article.signature);
      for (const { seq, signature } of bounded.takeDropped()) {
        expect(dropped.has(seq)).toBe(false);
        dropped.set(seq, signature);
      }
    };
    docs.forEach((doc, i) => {
      bounded.place(doc);
      if (i % 7 === 6) take();
    });
    take();
    expect(dropped.size).toBeGreaterThan(docs.length / 2);
    // Every article placed with a signature is either still held or was reported dropped, with that signature.
    for (const [seq, signature] of placed) {
      if (signature === null) continue;
      expect(bounded.holds(seq)).toBe(!dropped.has(seq));
      if (dropped.has(seq)) expect(dropped.get(seq)).toEqual(signature);
    }
  });

  it('restores from a snapshot what it kept, and goes on placing exactly as the original', () => {
    const docs = streamDocs(13, 120, 16);
    const residency: ResidencyOptions = { marginHours: 12, keepRecent: 30, maxArticles: 400 };
    const original = new IncrementalClusterer({}, residency);
    for (const doc of docs.slice(0, 300)) original.place(doc);
    const snapshot = JSON.parse(JSON.stringify(original.snapshot()));
    expect(snapshot.articles.length).toBe(original.residentArticles);
    expect(snapshot.articles.length).toBeLessThan(300);
    const restored = IncrementalClusterer.restore(snapshot, residency);
    expect(restored.clusters()).toEqual(original.clusters());
    for (const doc of docs.slice(300)) expectSamePlacement(restored.place(doc), original.place(doc));
  });
});

describe('pairwiseScores', () => {
  it('counts pairs from the contingency table', () => {
    const gold = new Map([['1', 'x'], ['2', 'x'], ['3', 'x'], ['4', 'y']]);
    const predicted = new Map([['1', 'a'], ['2', 'a'], ['3', 'b'], ['4', 'b']]);
    // gold pairs: 12 13 23; predicted pairs: 12 34; correct: 12.
    expect(pairwiseScores(gold, predicted)).toMatchObject({ truePairs: 3, predictedPairs: 2, correctPairs: 1, precision: 0.5 });
    expect(pairwiseScores(gold, predicted).recall).toBeCloseTo(1 / 3);
  });
});

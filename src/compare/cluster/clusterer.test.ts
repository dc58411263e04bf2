import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { storyStream } from '../synthetic/stories.js';
import { FeatureExtractor, KeyTable } from './cluster-features.js';
import { DEFAULT_CLUSTERER_OPTIONS, IncrementalClusterer, type ClusterDocument } from './clusterer.js';
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

describe('pairwiseScores', () => {
  it('counts pairs from the contingency table', () => {
    const gold = new Map([['1', 'x'], ['2', 'x'], ['3', 'x'], ['4', 'y']]);
    const predicted = new Map([['1', 'a'], ['2', 'a'], ['3', 'b'], ['4', 'b']]);
    // gold pairs: 12 13 23; predicted pairs: 12 34; correct: 12.
    expect(pairwiseScores(gold, predicted)).toMatchObject({ truePairs: 3, predictedPairs: 2, correctPairs: 1, precision: 0.5 });
    expect(pairwiseScores(gold, predicted).recall).toBeCloseTo(1 / 3);
  });
});

#!/usr/bin/env node
// What bounded memory changes in story clustering: a date-ordered synthetic news stream (src/compare/synthetic)
// placed by a clusterer that keeps everything and by one with residency (default: the store's margin, with no
// recent articles kept, so only the clock decides), text only and with entities. Prints pairwise F1 of each
// against the generator's stories, the agreement of the two partitions (pairwise F1 of one against the other)
// and the most articles the bounded one held. Run after `npm run build`:
//   node scripts/bench-support/cluster-residency.mjs [--seed N] [--stories N] [--days N] [--margin-hours H] [--keep-recent N] [--max-articles N]
import { parseArgs } from 'node:util';

const dist = (path) => new URL(`../../dist/${path}`, import.meta.url).href;
const { IncrementalClusterer, STORE_RESIDENCY } = await import(dist('compare/cluster/clusterer.js'));
const { storyStream } = await import(dist('compare/synthetic/stories.js'));
const { pairwiseScores } = await import(dist('compare/cluster/pairwise.js'));

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '5' }, stories: { type: 'string', default: '2000' }, days: { type: 'string', default: '60' },
    'margin-hours': { type: 'string', default: String(STORE_RESIDENCY.marginHours) }, 'keep-recent': { type: 'string', default: '0' },
    'max-articles': { type: 'string', default: String(STORE_RESIDENCY.maxArticles) },
  },
});
const residency = { marginHours: Number(values['margin-hours']), keepRecent: Number(values['keep-recent']), maxArticles: Number(values['max-articles']) };
const articles = [...storyStream({ seed: Number(values.seed), stories: Number(values.stories), days: Number(values.days) })];
const gold = new Map(articles.map((a) => [a.id, a.storyId]));
const f1 = (scores) => scores.f1.toFixed(4);
console.log(`${articles.length} articles, ${new Set(gold.values()).size} stories; residency ${JSON.stringify(residency)}`);
for (const withEntities of [false, true]) {
  const everything = new IncrementalClusterer();
  const bounded = new IncrementalClusterer({}, residency);
  const all = new Map();
  const kept = new Map();
  let mostResident = 0;
  for (const a of articles) {
    const doc = { id: a.id, title: a.title, text: a.text, publishedAt: a.publishedAt, entities: withEntities ? a.entities : undefined };
    all.set(a.id, everything.place(doc).clusterId);
    kept.set(a.id, bounded.place(doc).clusterId);
    mostResident = Math.max(mostResident, bounded.residentArticles);
  }
  console.log(`${withEntities ? 'with entities' : 'text only    '}: F1 vs stories keep-all ${f1(pairwiseScores(gold, all))}, bounded ${f1(pairwiseScores(gold, kept))}; `
    + `agreement ${f1(pairwiseScores(all, kept))}; most articles in memory ${mostResident} (at the end ${bounded.residentArticles})`);
}

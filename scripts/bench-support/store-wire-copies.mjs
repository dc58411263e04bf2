#!/usr/bin/env node
// Wire copies in the store's story clusters: a synthetic news stream (src/compare/synthetic) in which a share of
// the wire copies are re-run late (another outlet picks the agency story up days or weeks later), ingested into
// a fresh SQLite store by `presslens ingest` (full pipeline, the store's residency), in date order or shuffled (a
// corpus ingested out of date order). Prints how many wire copies were placed in their source's story and wire
// group, and pairwise F1 of the stored clusters against the generator's stories. --cli picks the build to run,
// so two trees can be compared on the same stream. Run after `npm run build`:
//   node scripts/bench-support/store-wire-copies.mjs [--cli dist/cli/main.js] [--seed N] [--stories N] [--days N]
//        [--order dated|shuffled] [--late-share P] [--late-days D] [--jobs N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';

const dist = (path) => new URL(`../../dist/${path}`, import.meta.url).href;
const { storyStream } = await import(dist('compare/synthetic/stories.js'));
const { pairwiseScores } = await import(dist('compare/cluster/pairwise.js'));

const { values } = parseArgs({
  options: {
    cli: { type: 'string', default: new URL('../../dist/cli/main.js', import.meta.url).pathname },
    seed: { type: 'string', default: '5' }, stories: { type: 'string', default: '2000' }, days: { type: 'string', default: '60' },
    order: { type: 'string', default: 'dated' }, 'late-share': { type: 'string', default: '0.3' }, 'late-days': { type: 'string', default: '60' },
    jobs: { type: 'string', default: '2' },
  },
});
if (!['dated', 'shuffled'].includes(values.order)) throw new Error('--order is dated or shuffled');

// Mulberry32, seeded apart from the stream's generator: which copies run late, how late, and the shuffle.
let state = (Number(values.seed) * 2654435761) >>> 0;
const rand = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const DAY_MS = 86_400_000;
const lateShare = Number(values['late-share']);
const lateDays = Number(values['late-days']);
const articles = [...storyStream({ seed: Number(values.seed), stories: Number(values.stories), days: Number(values.days) })].map((a) => {
  // A late re-run: from 3 days (past the window and margin) to --late-days after the agency's article.
  if (a.kind !== 'wire-copy' || rand() >= lateShare) return { ...a, late: false };
  return { ...a, late: true, publishedAt: new Date(Date.parse(a.publishedAt) + (3 + rand() * (lateDays - 3)) * DAY_MS).toISOString() };
});
if (values.order === 'dated') articles.sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
else for (let i = articles.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [articles[i], articles[j]] = [articles[j], articles[i]];
}

const tmp = mkdtempSync(join(tmpdir(), 'presslens-wire-'));
try {
  const input = join(tmp, 'stream.jsonl');
  writeFileSync(input, articles.map((a) => JSON.stringify({ id: a.id, text: `${a.title}\n\n${a.text}`, publishedAt: a.publishedAt })).join('\n') + '\n');
  const db = join(tmp, 'store.db');
  const started = performance.now();
  const run = spawnSync(process.execPath, [resolve(values.cli), 'ingest', input, '--db', db, '--jobs', values.jobs, '--no-progress'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ingest failed: ${run.stderr}`);
  const seconds = (performance.now() - started) / 1000;
  const store = new Database(db, { readonly: true });
  const placed = new Map(store.prepare(`SELECT a.doc_id, c.cluster_idx, c.wire_group, c.reason FROM article_clusters c JOIN articles a ON a.id = c.article_id`)
    .all().map((row) => [row.doc_id, row]));
  store.close();
  // A copy word for word the same as another outlet's is not stored again (same content hash): not counted.
  const copies = articles.filter((a) => a.kind === 'wire-copy' && placed.has(a.id) && placed.has(a.copyOf));
  const count = (list) => {
    const withSource = list.filter((a) => placed.get(a.id).cluster_idx === placed.get(a.copyOf).cluster_idx);
    // Shuffled, the copy may come first: then the agency's article is the copy's copy, and the group is named by it.
    const inGroup = list.filter((a) => placed.get(a.id).wire_group === placed.get(a.copyOf).wire_group);
    return { copies: list.length, inSourceStory: withSource.length, inSourceWireGroup: inGroup.length };
  };
  const gold = new Map(articles.map((a) => [a.id, a.storyId]));
  const clusters = new Map([...placed].map(([id, row]) => [id, row.cluster_idx]));
  console.log(JSON.stringify({
    cli: values.cli, articles: articles.length, placed: placed.size, order: values.order, lateShare, lateDays, ingestSeconds: Math.round(seconds * 10) / 10,
    wireCopies: count(copies), lateCopies: count(copies.filter((a) => a.late)),
    pairwiseF1: Math.round(pairwiseScores(gold, clusters).f1 * 10_000) / 10_000,
  }));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/**
 * Story clusters kept in the store (docs/COMPARE.md, "Stored clusters"). Saving an article queues it
 * (`story_queue`); `update()` places queued articles with the IncrementalClusterer and writes only what moved:
 * the new placements (`article_clusters`, with each article's MinHash signature and time), the clusters that
 * gained articles (`story_clusters`: label, time span, centroid) and the document frequencies of the words and
 * names counted (`cluster_keys`). Those tables are the clusterer's whole state, so a process restores it from
 * them (no snapshot file) and goes on; a version number tells a process when another one has moved the state
 * on, and an update is one transaction, so the state on disk is always whole.
 *
 * Memory: the clusterer runs with STORE_RESIDENCY (clusters no article in date order can join any more are
 * dropped from memory, and a cap bounds the rest), and a restore reads only the clusters it would keep. A wire
 * copy of an article no longer in memory is found by the LSH band keys stored for it (`cluster_bands`, written
 * when it leaves memory), and its cluster is read back into memory before the copy is placed in it.
 */
import type { Features, TextFeatures } from '../compare/cluster/cluster-features.js';
import {
  CLOCK_SAMPLE, IncrementalClusterer, STORE_RESIDENCY, type ClusterAssignment, type ClustererChanges, type ClustererSnapshot, type ResidencyOptions,
} from '../compare/cluster/clusterer.js';
import { MINHASH_BANDS, bandHash } from '../compare/cluster/minhash.js';
import type { SqlConnection } from './connection.js';
import { normaliseName } from './identity.js';
import type { Migration } from './migrations.js';
import { clampLimit, dateBound } from './search.js';
import type {
  StoryClusterMember, StoryClusterPlacement, StoryClusterQuery, StoryClusterStore, StoryClusterSummary,
} from './story-cluster-types.js';

function storyClusterTables(ref: string): string {
  return `
CREATE TABLE story_queue (
  article_id ${ref} PRIMARY KEY REFERENCES articles(id)
);
CREATE TABLE story_clusters (
  idx INTEGER PRIMARY KEY,
  cluster_id TEXT NOT NULL UNIQUE,
  articles INTEGER NOT NULL,
  first_at TEXT,
  last_at TEXT,
  first_ms DOUBLE PRECISION,
  last_ms DOUBLE PRECISION,
  label TEXT NOT NULL,
  top_terms TEXT NOT NULL,
  top_entities TEXT NOT NULL,
  centroid TEXT NOT NULL,
  entity_counts TEXT NOT NULL
);
CREATE INDEX story_clusters_last ON story_clusters (last_at);
CREATE TABLE article_clusters (
  article_id ${ref} PRIMARY KEY REFERENCES articles(id),
  seq INTEGER NOT NULL UNIQUE,
  cluster_idx INTEGER NOT NULL,
  wire_group TEXT NOT NULL,
  reason TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  time_ms DOUBLE PRECISION,
  signature TEXT
);
CREATE INDEX article_clusters_cluster ON article_clusters (cluster_idx, seq);
CREATE TABLE cluster_keys (
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  df INTEGER NOT NULL,
  PRIMARY KEY (kind, key)
);
CREATE TABLE clusterer_state (
  id INTEGER PRIMARY KEY,
  documents INTEGER NOT NULL,
  version INTEGER NOT NULL,
  options TEXT NOT NULL
);
INSERT INTO story_queue (article_id) SELECT id FROM articles;
`;
}

/** Migration 3: the story-cluster tables; articles stored before it are queued and placed by the next update. */
export const STORY_CLUSTER_MIGRATION: Migration = {
  version: 3,
  name: 'story clusters',
  sqlite: storyClusterTables('INTEGER'),
  postgres: storyClusterTables('BIGINT'),
};

/**
 * The LSH band keys of every placed article with a signature, so that a wire copy of an article no longer in the
 * clusterer's memory is found by one indexed query (`storedWireCopy`). A key is the band's number times 2^32
 * plus its hash: the buckets the clusterer keeps per band, in one column.
 */
function wireBandTable(withoutRowid: string): string {
  return `
CREATE TABLE cluster_bands (
  band_key BIGINT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (band_key, seq)
) ${withoutRowid};
`;
}

/** Placements read per step of the migration's backfill. */
const BACKFILL_PAGE = 2_000;

/**
 * Migration 8: the band keys of the articles placed before it, made from their stored signatures (0.25 s for
 * 10,000 placements on SQLite; the same rows as placing them writes).
 */
export const WIRE_BAND_MIGRATION: Migration = {
  version: 8,
  name: 'LSH band keys of placed articles (wire copies of clusters no longer in memory)',
  sqlite: wireBandTable('WITHOUT ROWID'),
  postgres: wireBandTable(''),
  async backfill(tx) {
    for (let after = -1; ;) {
      const rows = await tx.all<{ seq: number | string; signature: string }>(
        `SELECT seq, signature FROM article_clusters WHERE seq > ? AND signature IS NOT NULL ORDER BY seq LIMIT ${BACKFILL_PAGE}`, [after],
      );
      if (rows.length === 0) return;
      await tx.insertMany('cluster_bands', ['band_key', 'seq'],
        rows.flatMap((row) => wireBandKeys(signatureFromHex(row.signature)).map((key) => [key, Number(row.seq)])));
      after = Number(rows[rows.length - 1]!.seq);
    }
  },
};

/**
 * Migration 9: band keys are written when an article leaves the clusterer's memory, not when it is placed (an
 * article in memory is found there; placing wrote ten rows at random places of the index, dirtying as many pages
 * per commit). `cluster_unbanded` lists the placements whose keys are not written yet (appended on placement,
 * removed when the keys are): a process that restores writes those of the ones it did not read back. Every
 * placement before this version has its keys already: nothing to fill.
 */
export const DROPPED_BANDS_MIGRATION: Migration = {
  version: 9,
  name: 'LSH band keys written when an article leaves memory (placements without them listed)',
  sqlite: 'CREATE TABLE cluster_unbanded (seq INTEGER PRIMARY KEY);',
  postgres: 'CREATE TABLE cluster_unbanded (seq INTEGER PRIMARY KEY);',
};

/** Articles placed per transaction (a long backlog is worked off in several). */
export const UPDATE_BATCH = 500;
const UPDATE_LOCK = 727275;

interface ArticleRow {
  id: number;
  doc_id: string;
  title: string | null;
  /** Null when the article's text features were handed over (it is not read then). */
  text: string | null;
  published_at: string | null;
}

/** Text features of articles just saved (PreparedArticle's `clusterText`), by article row id. */
export type PreparedClusterText = ReadonlyMap<number, TextFeatures>;

export class StoryClusterTables implements StoryClusterStore {
  /**
   * The clusterer as of state `version`, and the signatures its wire-copy lookups read; dropped whenever a write
   * fails, since it may be ahead of the disk.
   */
  private cached: { clusterer: IncrementalClusterer; version: number; signatures: SignatureCache } | null = null;

  constructor(private readonly db: SqlConnection, private readonly residency: ResidencyOptions = STORE_RESIDENCY) {}

  async update({ wait = true, prepared }: { wait?: boolean; prepared?: PreparedClusterText } = {}): Promise<number> {
    let total = 0;
    for (;;) {
      const placed = await this.db.transaction((tx) => this.placeQueued(tx, wait, prepared)).catch((error: unknown) => {
        this.cached = null;
        throw error;
      });
      total += placed;
      if (placed < UPDATE_BATCH) return total;
    }
  }

  /**
   * Places queued articles inside the caller's transaction (SQLite: the batch that queued them, saving a commit
   * per batch). Returns how many were placed; UPDATE_BATCH means more may be waiting (call `update`).
   */
  async placeWithin(tx: SqlConnection, prepared?: PreparedClusterText): Promise<number> {
    return this.placeQueued(tx, true, prepared);
  }

  /** The caller's transaction was rolled back: the cached clusterer may be ahead of the tables. */
  forget(): void {
    this.cached = null;
  }

  async pending(): Promise<number> {
    const row = await this.db.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM story_queue');
    return Number(row?.n ?? 0);
  }

  async list(query: StoryClusterQuery = {}): Promise<StoryClusterSummary[]> {
    const clauses = ['articles >= ?'];
    const params: unknown[] = [Math.max(1, query.minArticles ?? 1)];
    if (query.from) {
      clauses.push('last_at >= ?');
      params.push(dateBound(query.from, 'from'));
    }
    if (query.to) {
      clauses.push('first_at < ?');
      params.push(dateBound(query.to, 'to'));
    }
    for (const word of (query.text ?? '').toLowerCase().split(/\s+/).filter(Boolean)) {
      clauses.push("label LIKE ? ESCAPE '\\'");
      params.push(`% ${word.replace(/[\\%_]/g, (c) => `\\${c}`)} %`);
    }
    if (query.entity) {
      clauses.push(`idx IN (SELECT c.cluster_idx FROM entities e JOIN article_entities ae ON ae.entity_id = e.id
        JOIN article_clusters c ON c.article_id = ae.article_id WHERE e.norm = ?)`);
      params.push(normaliseName(query.entity));
    }
    const rows = await this.db.all<SummaryRow>(
      `SELECT cluster_id, articles, first_at, last_at, top_terms, top_entities FROM story_clusters
       WHERE ${clauses.join(' AND ')} ORDER BY last_at DESC NULLS LAST, idx DESC LIMIT ? OFFSET ?`,
      [...params, clampLimit(query.limit), Math.max(0, query.offset ?? 0)],
    );
    return rows.map(summaryFromRow);
  }

  async get(clusterId: string): Promise<(StoryClusterSummary & { members: StoryClusterMember[] }) | null> {
    const row = await this.db.get<SummaryRow & { idx: number }>(
      'SELECT idx, cluster_id, articles, first_at, last_at, top_terms, top_entities FROM story_clusters WHERE cluster_id = ?', [clusterId],
    );
    if (!row) return null;
    const members = await this.db.all<{ doc_id: string; title: string | null; domain: string | null; published_at: string | null; wire_group: string; reason: string; score: number }>(
      `SELECT a.doc_id, a.title, o.domain, a.published_at, c.wire_group, c.reason, c.score FROM article_clusters c
       JOIN articles a ON a.id = c.article_id LEFT JOIN outlets o ON o.id = a.outlet_id WHERE c.cluster_idx = ? ORDER BY c.seq`,
      [row.idx],
    );
    return {
      ...summaryFromRow(row),
      members: members.map((m) => ({
        id: m.doc_id, title: m.title, outlet: m.domain, publishedAt: m.published_at, wireGroup: m.wire_group, reason: m.reason, score: Number(m.score),
      })),
    };
  }

  async ofArticle(articleId: string): Promise<StoryClusterPlacement | null> {
    const row = await this.db.get<{ cluster_id: string; wire_group: string; reason: string; score: number }>(
      `SELECT s.cluster_id, c.wire_group, c.reason, c.score FROM articles a JOIN article_clusters c ON c.article_id = a.id
       JOIN story_clusters s ON s.idx = c.cluster_idx WHERE a.doc_id = ?`,
      [articleId],
    );
    return row ? { clusterId: row.cluster_id, wireGroup: row.wire_group, reason: row.reason, score: Number(row.score) } : null;
  }

  private async placeQueued(tx: SqlConnection, wait: boolean, prepared: PreparedClusterText | undefined): Promise<number> {
    if (tx.dialect === 'postgres') {
      if (wait) await tx.run(`SELECT pg_advisory_xact_lock(${UPDATE_LOCK})`);
      else {
        const lock = await tx.get<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock(${UPDATE_LOCK}) AS locked`);
        if (!lock?.locked) return 0;
      }
    }
    const queued = await tx.all<{ article_id: number | string }>(`SELECT article_id FROM story_queue ORDER BY article_id LIMIT ${UPDATE_BATCH}`);
    if (queued.length === 0) return 0;
    const ids = queued.map((row) => Number(row.article_id));
    const cached = await this.clusterer(tx);
    const { clusterer, version } = cached;
    const marks = ids.map(() => '?').join(', ');
    // Articles whose text features came with them (made by the analysis workers) are placed without their text.
    const withText = (id: number) => {
      const text = prepared?.get(id);
      return text && text.bodyWords === clusterer.options.bodyWords ? text : undefined;
    };
    const columns = ids.every((id) => withText(id)) ? 'NULL AS title, NULL AS text' : 'title, text';
    const rows = await tx.all<ArticleRow>(`SELECT id, doc_id, ${columns}, published_at FROM articles WHERE id IN (${marks})`, ids);
    const names = await tx.all<{ article_id: number | string; name: string }>(
      `SELECT ae.article_id, e.name FROM article_entities ae JOIN entities e ON e.id = ae.entity_id WHERE ae.article_id IN (${marks}) ORDER BY ae.article_id, ae.local_id`,
      ids,
    );
    const entitiesOf = new Map<number, { name: string }[]>();
    for (const { article_id, name } of names) {
      const list = entitiesOf.get(Number(article_id)) ?? [];
      list.push({ name });
      entitiesOf.set(Number(article_id), list);
    }
    const rowIdOf = new Map<string, number>();
    const placements = new Map<string, ClusterAssignment>();
    for (const row of rows.map((r) => ({ ...r, id: Number(r.id) })).sort((a, b) => a.id - b.id)) {
      rowIdOf.set(row.doc_id, row.id);
      const doc = { id: row.doc_id, publishedAt: row.published_at, entities: entitiesOf.get(row.id) ?? [] };
      const text = withText(row.id);
      const features = text ? clusterer.featuresWithText(doc, text) : clusterer.features({ ...doc, title: row.title, text: row.text ?? '' });
      // Every stored placement is in memory until the clusterer first drops a story: nothing to look up before.
      const dropped = clusterer.residentArticles < clusterer.size;
      if (dropped && clusterer.assignment(doc.id) === null && !clusterer.hasWireCopy(features)) await readmitWireCopy(tx, clusterer, features, cached.signatures);
      placements.set(row.doc_id, clusterer.placeWithFeatures(doc.id, features));
      // Articles dropped by this placement's sweep: their keys are written before the next article looks them up.
      await writeBands(tx, clusterer.takeDropped());
    }
    await writeChanges(tx, clusterer.takeChanges(), rowIdOf, placements, clusterer, version + 1);
    await tx.run(`DELETE FROM story_queue WHERE article_id IN (${marks})`, ids);
    this.cached = { ...cached, version: version + 1 };
    return queued.length;
  }

  /** The clusterer at the stored state: the cached one when no other process has moved it on, else restored. */
  private async clusterer(tx: SqlConnection): Promise<NonNullable<StoryClusterTables['cached']>> {
    const state = await tx.get<{ documents: number | string; version: number | string; options: string }>('SELECT documents, version, options FROM clusterer_state WHERE id = 1');
    const version = Number(state?.version ?? 0);
    if (this.cached && this.cached.version === version) return this.cached;
    let clusterer: IncrementalClusterer;
    if (!state) {
      clusterer = new IncrementalClusterer({}, this.residency);
    } else {
      const snapshot = await readSnapshot(tx, Number(state.documents), JSON.parse(state.options), this.residency);
      clusterer = IncrementalClusterer.restore(snapshot, this.residency);
      await writeBandsOfUnread(tx, clusterer);
    }
    clusterer.takeChanges(); // starts change tracking from the state as it is
    this.cached = { clusterer, version, signatures: new Map() };
    return this.cached;
  }
}

/**
 * The clusterer's state as far as it keeps it in memory: every key's frequency, and the clusters (with their
 * articles) whose latest article is within the residency horizon or undated, or that hold one of the last
 * `keepRecent` placed articles; at most `maxArticles` of the most recently made (each has at least one
 * article; the clusterer then trims to its cap by articles).
 */
async function readSnapshot(tx: SqlConnection, documents: number, options: ClustererSnapshot['options'], residency: ResidencyOptions): Promise<ClustererSnapshot> {
  const keys = await tx.all<{ kind: string; key: string; df: number | string }>('SELECT kind, key, df FROM cluster_keys ORDER BY kind, key');
  const recent = await tx.all<{ time_ms: number | string }>(`SELECT time_ms FROM article_clusters WHERE time_ms IS NOT NULL ORDER BY seq DESC LIMIT ${CLOCK_SAMPLE}`);
  const recentTimes = recent.map((row) => Number(row.time_ms)).reverse();
  const made = await tx.get<{ n: number | string | null }>('SELECT MAX(idx) + 1 AS n FROM story_clusters');
  const horizon = IncrementalClusterer.residentHorizon(recentTimes, options, residency);
  // last_at (ISO text, indexed) orders as last_ms does; a horizon before the earliest Date keeps everything.
  const since = horizon === null || Number.isNaN(new Date(horizon).getTime()) ? null : new Date(horizon).toISOString();
  const recentFrom = documents - residency.keepRecent;
  const kept = `SELECT idx FROM story_clusters
    ${since === null ? '' : `WHERE last_at IS NULL OR last_at >= ? OR idx IN (SELECT cluster_idx FROM article_clusters WHERE seq >= ${recentFrom})`}
    ORDER BY idx DESC LIMIT ${residency.maxArticles}`;
  const bound = since === null ? [] : [since];
  const clusters = await tx.all<ClusterRow>(
    `${CLUSTER_ROWS} WHERE idx IN (${kept}) ORDER BY idx`, bound,
  );
  const articles = await tx.all<PlacementRow>(
    `${PLACEMENT_ROWS} WHERE c.cluster_idx IN (${kept}) ORDER BY c.seq`, bound,
  );
  return {
    schema: 'presslens.clusterer/1',
    options,
    documents,
    termDf: keys.filter((k) => k.kind === 't').map((k) => [k.key, Number(k.df)]),
    entityDf: keys.filter((k) => k.kind === 'e').map((k) => [k.key, Number(k.df)]),
    clusters: clusters.map(savedCluster),
    clustersMade: Number(made?.n ?? 0),
    articles: articles.map(savedArticle),
    recentTimes,
  };
}

/**
 * When no article in memory is a wire copy of these features: the stored placements sharing one of their LSH
 * bands (the most recent `postingScan` per band, as the clusterer reads its buckets: one indexed query, at most
 * 480 positions), the signatures of those not in memory, and if one passes the wire bar, its cluster read back
 * into memory, so that placing the article finds the copy there.
 */
async function readmitWireCopy(tx: SqlConnection, clusterer: IncrementalClusterer, features: Features, signatures: SignatureCache): Promise<void> {
  if (!features.signature) return;
  const keys = wireBandKeys(features.signature);
  const perBand = `SELECT seq FROM cluster_bands WHERE band_key = ? ORDER BY seq DESC LIMIT ${clusterer.options.postingScan}`;
  const sharing = await tx.all<{ seq: number | string }>(keys.map((_, band) => `SELECT seq FROM (${perBand}) b${band}`).join(' UNION ALL '), keys);
  // Most recent first, as the clusterer reads its buckets (ties in Jaccard go to the first).
  const outside = [...new Set(sharing.map((row) => Number(row.seq)))].filter((seq) => !clusterer.holds(seq)).sort((a, b) => b - a);
  if (outside.length === 0) return;
  const stored = await readSignatures(tx, signatures, outside);
  const copy = clusterer.wireCopyAmong(features, outside.map((seq) => ({ seq })), (c) => stored.get(c.seq)!);
  if (!copy) return;
  const placed = await tx.get<{ cluster_idx: number | string }>('SELECT cluster_idx FROM article_clusters WHERE seq = ?', [copy.seq]);
  const clusterIdx = Number(placed!.cluster_idx);
  const cluster = await tx.get<ClusterRow>(`${CLUSTER_ROWS} WHERE idx = ?`, [clusterIdx]);
  const articles = await tx.all<PlacementRow>(
    `${PLACEMENT_ROWS} WHERE c.cluster_idx = ? ORDER BY c.seq`, [clusterIdx],
  );
  clusterer.readmit(savedCluster(cluster!), articles.map(savedArticle));
}

/**
 * Signatures of stored placements read by wire-copy lookups, by placement position. A placement's signature never
 * changes, and most lookups read the recent end of the same busy bands: at 2 GB of the WARC bench, ~100 candidates
 * a lookup, 69 % of them read by earlier lookups. At most SIGNATURE_CACHE are kept (the oldest read go first).
 */
type SignatureCache = Map<number, Uint32Array>;
const SIGNATURE_CACHE = 20_000;

/** The signatures of these placements, from the cache or read (and then kept). */
async function readSignatures(tx: SqlConnection, cache: SignatureCache, seqs: readonly number[]): Promise<SignatureCache> {
  const found: SignatureCache = new Map();
  const missing: number[] = [];
  for (const seq of seqs) {
    const signature = cache.get(seq);
    if (signature) found.set(seq, signature);
    else missing.push(seq);
  }
  if (missing.length === 0) return found;
  for (const stored of await storedSignatures(tx, missing)) {
    const signature = Uint32Array.from(stored.signature);
    found.set(stored.seq, signature);
    cache.set(stored.seq, signature);
  }
  for (const seq of cache.keys()) {
    if (cache.size <= SIGNATURE_CACHE) break;
    cache.delete(seq);
  }
  return found;
}

/**
 * After a restore: the band keys of the placements still without them that the clusterer did not read back (they
 * were in the memory of the process that placed them, and are now in no memory).
 */
async function writeBandsOfUnread(tx: SqlConnection, clusterer: IncrementalClusterer): Promise<void> {
  const unbanded = await tx.all<{ seq: number | string }>('SELECT seq FROM cluster_unbanded');
  const unread = unbanded.map((row) => Number(row.seq)).filter((seq) => !clusterer.holds(seq));
  await writeBands(tx, await storedSignatures(tx, unread));
}

/** The stored signatures of these placements, read SEQ_CHUNK positions a statement. */
async function storedSignatures(tx: SqlConnection, seqs: readonly number[]): Promise<{ seq: number; signature: number[] }[]> {
  const found: { seq: number; signature: number[] }[] = [];
  for (let at = 0; at < seqs.length; at += SEQ_CHUNK) {
    const chunk = seqs.slice(at, at + SEQ_CHUNK);
    const rows = await tx.all<{ seq: number | string; signature: string }>(
      `SELECT seq, signature FROM article_clusters WHERE seq IN (${chunk.map(() => '?').join(', ')})`, chunk,
    );
    for (const row of rows) found.push({ seq: Number(row.seq), signature: signatureFromHex(row.signature) });
  }
  return found;
}

/** Placement positions per statement that lists them. */
const SEQ_CHUNK = 1_000;

/**
 * Writes the band keys of articles that left memory, in key order (neighbouring keys share index pages), and
 * takes them off `cluster_unbanded`. An article read back for a wire copy and dropped again has them already.
 */
async function writeBands(tx: SqlConnection, dropped: readonly { seq: number; signature: ArrayLike<number> }[]): Promise<void> {
  if (dropped.length === 0) return;
  const rows = dropped.flatMap(({ seq, signature }) => wireBandKeys(signature).map((key) => [key, seq] as [number, number]));
  rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  await tx.insertMany('cluster_bands', ['band_key', 'seq'], rows, 'ON CONFLICT DO NOTHING');
  const seqs = dropped.map(({ seq }) => seq);
  for (let at = 0; at < seqs.length; at += SEQ_CHUNK) {
    const chunk = seqs.slice(at, at + SEQ_CHUNK);
    await tx.run(`DELETE FROM cluster_unbanded WHERE seq IN (${chunk.map(() => '?').join(', ')})`, chunk);
  }
}

/** A stored cluster as `savedCluster` reads it (a restore and a readmitted wire copy's story). */
const CLUSTER_ROWS = 'SELECT idx, cluster_id, centroid, entity_counts, first_ms, last_ms FROM story_clusters';
/** Stored placements with their article ids, as `savedArticle` reads them. */
const PLACEMENT_ROWS = 'SELECT a.doc_id, c.seq, c.cluster_idx, c.wire_group, c.time_ms, c.signature FROM article_clusters c JOIN articles a ON a.id = c.article_id';

interface ClusterRow { idx: number | string; cluster_id: string; centroid: string; entity_counts: string; first_ms: number | string | null; last_ms: number | string | null }
interface PlacementRow { doc_id: string; seq: number | string; cluster_idx: number | string; wire_group: string; time_ms: number | string | null; signature: string | null }

function nullableNumber(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}

function savedCluster(row: ClusterRow): ClustererSnapshot['clusters'][number] & { index: number } {
  return {
    index: Number(row.idx), id: row.cluster_id, terms: JSON.parse(row.centroid), entities: JSON.parse(row.entity_counts),
    first: nullableNumber(row.first_ms), last: nullableNumber(row.last_ms),
  };
}

function savedArticle(row: PlacementRow): ClustererSnapshot['articles'][number] {
  return {
    id: row.doc_id, seq: Number(row.seq), cluster: Number(row.cluster_idx), wireGroupId: row.wire_group, time: nullableNumber(row.time_ms),
    signature: row.signature === null ? null : signatureFromHex(row.signature),
  };
}

/** The keys of `cluster_bands` for a signature: one per band. */
function wireBandKeys(signature: ArrayLike<number>): number[] {
  const values = Uint32Array.from(signature);
  return Array.from({ length: MINHASH_BANDS }, (_, band) => band * 2 ** 32 + bandHash(values, band));
}

async function writeChanges(
  tx: SqlConnection, changes: ClustererChanges, rowIdOf: Map<string, number>, placements: Map<string, ClusterAssignment>,
  clusterer: IncrementalClusterer, version: number,
): Promise<void> {
  const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());
  await tx.insertMany('article_clusters', ['article_id', 'seq', 'cluster_idx', 'wire_group', 'reason', 'score', 'time_ms', 'signature'],
    changes.articles.map((a) => {
      const placed = placements.get(a.id)!;
      return [rowIdOf.get(a.id), a.seq, a.cluster, a.wireGroupId, placed.reason, placed.score, a.time, a.signature ? signatureToHex(a.signature) : null];
    }));
  await tx.insertMany('cluster_unbanded', ['seq'], changes.articles.filter((a) => a.signature).map((a) => [a.seq]));
  await tx.insertMany('story_clusters',
    ['idx', 'cluster_id', 'articles', 'first_at', 'last_at', 'first_ms', 'last_ms', 'label', 'top_terms', 'top_entities', 'centroid', 'entity_counts'],
    changes.clusters.map((c) => [
      c.index, c.id, c.size, iso(c.first), iso(c.last), c.first, c.last, ` ${[...c.topTerms, ...c.topEntities].join(' ')} `,
      JSON.stringify(c.topTerms), JSON.stringify(c.topEntities), JSON.stringify(c.terms), JSON.stringify(c.entities),
    ]),
    `ON CONFLICT (idx) DO UPDATE SET articles = excluded.articles, first_at = excluded.first_at, last_at = excluded.last_at,
     first_ms = excluded.first_ms, last_ms = excluded.last_ms, label = excluded.label, top_terms = excluded.top_terms,
     top_entities = excluded.top_entities, centroid = excluded.centroid, entity_counts = excluded.entity_counts`);
  await tx.insertMany('cluster_keys', ['kind', 'key', 'df'],
    [...changes.termDf.map(([key, df]) => ['t', key, df]), ...changes.entityDf.map(([key, df]) => ['e', key, df])],
    'ON CONFLICT (kind, key) DO UPDATE SET df = excluded.df');
  await tx.run(
    `INSERT INTO clusterer_state (id, documents, version, options) VALUES (1, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET documents = excluded.documents, version = excluded.version, options = excluded.options`,
    [changes.documents, version, JSON.stringify(clusterer.options)],
  );
}

interface SummaryRow {
  cluster_id: string;
  articles: number | string;
  first_at: string | null;
  last_at: string | null;
  top_terms: string;
  top_entities: string;
}

function summaryFromRow(row: SummaryRow): StoryClusterSummary {
  return {
    id: row.cluster_id, articles: Number(row.articles), first: row.first_at, last: row.last_at,
    topTerms: JSON.parse(row.top_terms), topEntities: JSON.parse(row.top_entities),
  };
}

function signatureToHex(signature: readonly number[]): string {
  return signature.map((value) => value.toString(16).padStart(8, '0')).join('');
}

function signatureFromHex(hex: string): number[] {
  const values: number[] = [];
  for (let at = 0; at + 8 <= hex.length; at += 8) values.push(parseInt(hex.slice(at, at + 8), 16));
  return values;
}

import type { TextFeatures } from '../compare/cluster/cluster-features.js';
import { STORE_RESIDENCY, type ResidencyOptions } from '../compare/cluster/clusterer.js';
import type { ArticleJson } from '../core/article.js';
import { PresslensError, toPresslensError } from '../core/errors.js';
import type { SqlConnection } from './connection.js';
import { NEAR_DUPLICATE_SIMILARITY, similarity } from './identity.js';
import { facetText } from './facets.js';
import { migrate } from './migrations.js';
import { prepareArticle, type PreparedArticle } from './prepare.js';
import { writePhrasePairs } from './phrase-pairs.js';
import { SearchQueries, type SearchTuning } from './search.js';
import { StoryClusterTables, UPDATE_BATCH } from './story-clusters.js';
import type { RunReport, SaveOutcome, SaveRequest, Store } from './types.js';

/** Errors that concern the database, not the document: they end the batch (and the run) instead of one article. */
const FATAL_CODES = new Set(['disk-full', 'database-busy', 'database-error']);
/** An article failed after its first write in a batch written without savepoints: the batch is written again with them. */
class PartlyWritten extends Error {}

/** Newest articles per MinHash band compared with a new article (wire copies arrive close together). */
const BAND_CANDIDATES = 32;

/** One Store implementation over either driver; the SQL differs only where the dialects do (search). */
export class SqlStore extends SearchQueries implements Store {
  readonly dialect;
  readonly storyClusters: StoryClusterTables;
  /** Outlet ids by domain (outlets are never deleted, so a committed id stays valid). */
  private readonly outletIds = new Map<string, number>();

  private constructor(connection: SqlConnection, readonly location: string, tuning: SearchTuning, residency: ResidencyOptions) {
    super(connection, tuning);
    this.dialect = connection.dialect;
    this.storyClusters = new StoryClusterTables(connection, residency);
  }

  static async open(connection: SqlConnection, location: string, tuning: SearchTuning = {}, residency = STORE_RESIDENCY): Promise<SqlStore> {
    try {
      await migrate(connection);
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
    return new SqlStore(connection, location, tuning, residency);
  }

  async doneSources(keys: readonly string[]): Promise<Set<string>> {
    return new Set((await storedSources(this.db, keys)).keys());
  }

  async saveArticles(requests: readonly SaveRequest[], runId: number | null): Promise<SaveOutcome[]> {
    const learned = new Map<string, number>();
    // The stored articles' clustering features by row id: the clusterer places them without reading their text.
    const clusterText = new Map<number, TextFeatures>();
    let placed = 0;
    // Made by the analysis workers when they ran; a document that cannot even be prepared fails alone, below.
    const prepared = requests.map((request) => {
      try {
        return request.article ? request.prepared ?? prepareArticle(request.article) : request.prepared;
      } catch (error) {
        return toPresslensError(error);
      }
    });
    // A batch is written first without a savepoint per article (SAVEPOINT and RELEASE cost ~0.1 ms an article on
    // SQLite, two round trips on PostgreSQL): an article refused before its first write (by the preparation or the
    // duplicate look-up) is refused alone; one that fails after it (rare: a constraint the preparation cannot see),
    // or any failed statement on PostgreSQL (which aborts the whole transaction there), rolls the batch back, and
    // the batch is written again with a savepoint around each article, which then fails alone.
    const writeBatch = (guarded: boolean) => this.db.transaction(async (tx) => {
      learned.clear();
      const { outlets, entities: entityIds } = await preinsertShared(tx, requests, prepared, this.outletIds, learned);
      // PostgreSQL: an article's annotation rows join the batch's multi-row INSERTs (one round trip per table and
      // batch instead of one per table and article); with savepoints, each article's rows go in with it.
      const rows = new RowSink(tx, tx.dialect === 'postgres' && !guarded);
      const doneSources = await storedSources(tx, requests.map((request) => request.sourceKey));
      const outcomes: SaveOutcome[] = [];
      const tally = new EntityTally();
      const fullText: unknown[][] = [];
      clusterText.clear();
      for (const [index, request] of requests.entries()) {
        if (guarded) await tx.run('SAVEPOINT article');
        const progress = { writing: false };
        try {
          const saved = await saveOne(tx, rows, doneSources, request, prepared[index]!, runId, outlets, entityIds, progress);
          outcomes.push(saved.outcome);
          if (guarded) await tx.run('RELEASE SAVEPOINT article');
          if (saved.entities) tally.add(saved.entities);
          if (saved.fullText) fullText.push(saved.fullText);
          if (saved.clusterText) clusterText.set(saved.clusterText[0], saved.clusterText[1]);
          // better-sqlite3 blocks the thread: between articles, let the event loop hand finished documents'
          // successors to the analysis workers, or they would sit idle for the whole batch.
          if (tx.dialect === 'sqlite') await new Promise((resolve) => setImmediate(resolve));
        } catch (error) {
          const failure = toPresslensError(error);
          if (FATAL_CODES.has(failure.code)) throw failure;
          // A refusal of our own (a PresslensError) before the first write leaves the transaction as it was.
          if (!guarded && (progress.writing || !(error instanceof PresslensError))) throw new PartlyWritten();
          if (guarded) {
            await tx.run('ROLLBACK TO SAVEPOINT article');
            await tx.run('RELEASE SAVEPOINT article');
          }
          outcomes.push({ error: failure });
        }
      }
      // A gathered row refused here belongs to some article of the batch: written again with savepoints, it fails alone.
      await rows.write().catch((error: unknown) => {
        const failure = toPresslensError(error);
        throw FATAL_CODES.has(failure.code) ? failure : new PartlyWritten();
      });
      // Indexed once for the batch, outside the savepoints: FTS5 writes its pending terms out as a new segment
      // at every savepoint release, and a segment per article would make both ingest and search slower.
      await tx.insertMany('articles_fts', ['rowid', 'title', 'text', 'facets'], fullText);
      if (tx.dialect === 'sqlite') await writePhrasePairs(tx, fullText);
      // Counters last: on PostgreSQL their row locks are then held for the shortest time.
      await tally.save(tx);
      // SQLite (one writer): the batch's articles join their story clusters in its own transaction, one commit
      // instead of two; a failure there rolls the batch back, and the next run stores and places it again.
      if (tx.dialect === 'sqlite') placed = await this.storyClusters.placeWithin(tx, clusterText);
      return outcomes;
    }).catch((error: unknown) => {
      this.storyClusters.forget();
      throw error;
    });
    const outcomes = await writeBatch(false).catch((error: unknown) => {
      if (error instanceof PartlyWritten) return writeBatch(true);
      throw error;
    });
    // Only ids of committed rows are remembered: a rolled-back batch must not leave a stale outlet id behind.
    for (const [domain, id] of learned) this.outletIds.set(domain, id);
    // PostgreSQL: stored articles join their story clusters now; a writer busy placing (another worker) places
    // these too, so this one does not wait for it. SQLite: only a backlog (queued before) is left.
    if (this.dialect === 'postgres') await this.storyClusters.update({ wait: false, prepared: clusterText });
    else if (placed >= UPDATE_BATCH) await this.storyClusters.update();
    return outcomes;
  }

  async startRun(sources: readonly string[]): Promise<number> {
    const row = await this.db.get<{ id: number }>(
      'INSERT INTO runs (started_at, status, sources) VALUES (?, ?, ?) RETURNING id',
      [new Date().toISOString(), 'running', JSON.stringify(sources)],
    );
    return row!.id;
  }

  async finishRun(runId: number, status: 'done' | 'failed' | 'interrupted', report: RunReport): Promise<void> {
    await this.db.run('UPDATE runs SET finished_at = ?, status = ?, report = ? WHERE id = ?', [new Date().toISOString(), status, JSON.stringify(report), runId]);
  }

  async recordError(runId: number | null, sourceKey: string, label: string, error: { code: string; message: string }): Promise<void> {
    await this.db.run(
      'INSERT INTO doc_errors (run_id, source_key, label, code, message, at) VALUES (?, ?, ?, ?, ?, ?)',
      [runId, sourceKey, label, error.code, error.message, new Date().toISOString()],
    );
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

/**
 * Rows of an article's own tables (nothing a later article of the batch looks up), written at once or, deferred,
 * gathered per table in the order given and written by `write` with one `insertMany` per table: each table then
 * receives the same rows in the same order either way.
 */
class RowSink {
  private readonly tables = new Map<string, { columns: readonly string[]; rows: unknown[][] }>();

  constructor(private readonly tx: SqlConnection, private readonly deferred: boolean) {}

  async add(table: string, columns: readonly string[], rows: unknown[][]): Promise<void> {
    if (!this.deferred) return this.tx.insertMany(table, columns, rows);
    const gathered = this.tables.get(table);
    if (gathered) gathered.rows.push(...rows);
    else this.tables.set(table, { columns, rows: [...rows] });
  }

  async write(): Promise<void> {
    for (const [table, { columns, rows }] of this.tables) await this.tx.insertMany(table, columns, rows);
    this.tables.clear();
  }
}

interface ExistingArticle {
  id: number;
  doc_id: string;
  content_hash: string;
}

/** The corpus entities of one stored article: id → [type, norm, name, mentions]. */
type StoredEntities = Map<number, [string, string, string, number]>;

interface Saved {
  outcome: SaveOutcome;
  /** For a stored article: its corpus entities and (SQLite) its full-text row. */
  entities?: StoredEntities;
  fullText?: unknown[];
  /** Its row id and clustering features. */
  clusterText?: [number, TextFeatures];
}

async function saveOne(
  tx: SqlConnection, rowSink: RowSink, doneSources: Map<string, string>, request: SaveRequest, prepared: PreparedArticle | PresslensError, runId: number | null,
  outlets: Map<string, number>, entityIds: Map<string, number>, progress: { writing: boolean },
): Promise<Saved> {
  const { sourceKey, bodyJson } = request;
  const done = doneSources.get(sourceKey);
  if (done !== undefined) return { outcome: { status: 'already-done', docId: done } };
  if (prepared instanceof PresslensError) throw prepared;
  if (prepared.invalid) throw new PresslensError('invalid-input', prepared.invalid);
  // The writer reads the prepared rows, never the body: it is stored as it came (or serialised once here).
  const { contentHash: hash, canonicalUrl: canonical, voiceCounts, publishedAt, rows } = prepared;
  const text = request.article ? request.article.text : request.text;
  const docId = rows.docId;
  const duplicate = await findDuplicate(tx, docId, hash, canonical);
  if (duplicate) return { outcome: await markDuplicate(tx, doneSources, docId, hash, duplicate, sourceKey, runId) };

  const { signature, bands, wordCount } = prepared.fingerprint;
  // The articles sharing the most bands are the likeliest copies; a few are enough to find the story. Each band
  // contributes its newest articles only, so a band key common in the corpus costs no more than a rare one.
  const perBand = bands.map((_, i) => `SELECT article_id FROM (SELECT article_id FROM article_bands WHERE band_key = ? ORDER BY article_id DESC LIMIT ${BAND_CANDIDATES}) b${i}`);
  const candidates = await tx.all<{ id: number; story_id: number; minhash: string; doc_id: string }>(
    `SELECT a.id, a.story_id, a.minhash, a.doc_id FROM articles a JOIN (
       SELECT article_id, COUNT(*) AS shared FROM (${perBand.join(' UNION ALL ')}) banded
       GROUP BY article_id ORDER BY shared DESC, article_id LIMIT 16) c ON c.article_id = a.id`,
    bands,
  );
  let nearest: (typeof candidates)[number] | null = null;
  let nearestSimilarity = NEAR_DUPLICATE_SIMILARITY;
  for (const candidate of candidates) {
    const score = similarity(signature, candidate.minhash);
    if (score >= nearestSimilarity && (!nearest || score > nearestSimilarity)) [nearest, nearestSimilarity] = [candidate, score];
  }

  const entities = corpusEntities(prepared, entityIds);
  const outletId = outlets.get(prepared.outletKey ?? '') ?? null;
  // The full-text index carries the search facets (SQLite: articles_fts; PostgreSQL: src/store/pg-search-keys.ts).
  const facets = facetText({ outletId, publishedAt, entityIds: new Set(entities.values()), contentTokens: prepared.contentFacets });
  // A new story is named by its first article. SQLite numbers a new row one past the largest id, so the insert
  // can name it at once; the id it returns is checked, and PostgreSQL (a sequence) sets it afterwards.
  // From here on a failure leaves rows of this article behind unless they are rolled back.
  progress.writing = true;
  const storyId = tx.dialect === 'sqlite' && !nearest ? '(SELECT IFNULL(MAX(id), 0) + 1 FROM articles)' : '?';
  const inserted = await tx.get<{ id: number; story_id: number | null }>(
    `INSERT INTO articles (doc_id, url, canonical_url, content_hash, minhash, story_id, copy_of, outlet_id,
       title, standfirst, authors, published_at, site_name, language, categories, text, word_count,
       voice_outlet, voice_quoted, voice_attributed, voice_vague, body, run_id, ingested_at, facets)
     VALUES (?, ?, ?, ?, ?, ${storyId}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING RETURNING id, story_id`,
    [
      docId, rows.url, canonical, hash, signature, ...(storyId === '?' ? [nearest?.story_id ?? null] : []), nearest?.id ?? null,
      outletId, rows.title, rows.standfirst, rows.authors,
      publishedAt, rows.siteName, rows.language, rows.categories, text,
      wordCount, voiceCounts.outlet, voiceCounts.quoted, voiceCounts.attributed, voiceCounts.vague,
      bodyJson ?? articleBody(request.article!), runId, new Date().toISOString(), facets,
    ],
  );
  if (!inserted) {
    // Another worker stored the same document between our check and our insert.
    const winner = await findDuplicate(tx, docId, hash, canonical);
    if (!winner) throw new PresslensError('invalid-input', `${docId}: could not be stored (conflicting article)`);
    return { outcome: await markDuplicate(tx, doneSources, docId, hash, winner, sourceKey, runId) };
  }
  const id = inserted.id;
  if (!nearest && Number(inserted.story_id) !== Number(id)) await tx.run('UPDATE articles SET story_id = ? WHERE id = ?', [id, id]);
  await tx.insertMany('article_bands', ['band_key', 'article_id'], bands.map((band) => [band, id]));
  await saveAnnotations(rowSink, id, text, prepared, entities);
  await rowSink.add('story_queue', ['article_id'], [[id]]);
  await rowSink.add('sources', ['source_key', 'article_id', 'status', 'run_id', 'at'], [[sourceKey, id, nearest ? 'near-duplicate' : 'stored', runId, new Date().toISOString()]]);
  doneSources.set(sourceKey, docId);
  const stored: StoredEntities = new Map();
  for (const [index, localId] of rows.entityIds.entries()) {
    const corpusId = entities.get(localId);
    if (corpusId === undefined) continue;
    const entry = stored.get(corpusId) ?? [prepared.entityTypes[index]!, prepared.entityNorms[index]!, prepared.entityNames[index]!, 0];
    entry[3] += rows.entityMentions[index]!;
    stored.set(corpusId, entry);
  }
  return {
    outcome: nearest ? { status: 'near-duplicate', docId, duplicateOf: nearest.doc_id } : { status: 'stored', docId },
    entities: stored,
    fullText: tx.dialect === 'sqlite' ? [id, rows.title ?? '', text, facets] : undefined,
    clusterText: [Number(id), prepared.clusterText],
  };
}

/**
 * The entity counters (articles and mentions per entity) and co-mention pairs a batch adds, summed in memory
 * and written with one upsert each, in key order: concurrent PostgreSQL writers lock rows in the same order.
 */
class EntityTally {
  private readonly entities = new Map<string, [string, string, string, number, number]>();
  private readonly pairs = new Map<string, [number, number, number, number]>();

  add(stored: StoredEntities): void {
    for (const [id, [type, norm, name, mentions]] of stored) {
      const key = `${type}\u0000${norm}`;
      const entry = this.entities.get(key) ?? [type, norm, name, 0, 0];
      entry[3] += 1;
      entry[4] += mentions;
      this.entities.set(key, entry);
      for (const [otherId, other] of stored) {
        if (otherId === id) continue;
        const pairKey = `${id}:${otherId}`;
        const pair = this.pairs.get(pairKey) ?? [id, otherId, 0, 0];
        pair[2] += 1;
        pair[3] += other[3];
        this.pairs.set(pairKey, pair);
      }
    }
  }

  async save(tx: SqlConnection): Promise<void> {
    const entities = [...this.entities.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
    await tx.insertMany('entities', ['type', 'norm', 'name', 'article_count', 'mention_count'], entities,
      'ON CONFLICT (type, norm) DO UPDATE SET article_count = entities.article_count + excluded.article_count, mention_count = entities.mention_count + excluded.mention_count');
    const pairs = [...this.pairs.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    await tx.insertMany('entity_pairs', ['entity_id', 'other_id', 'articles', 'mentions'], pairs,
      'ON CONFLICT (entity_id, other_id) DO UPDATE SET articles = entity_pairs.articles + excluded.articles, mentions = entity_pairs.mentions + excluded.mentions');
  }
}

/**
 * The article stored under this id, else the first one with this text or canonical URL (one statement). Each
 * key is looked up through its own unique index: written as `content_hash = ? OR canonical_url = ? ORDER BY id`,
 * SQLite walked the whole table by id whenever its statistics said canonical URLs were not selective (a corpus
 * of texts without URLs, all null), a cost per article that grew with the corpus.
 */
async function findDuplicate(tx: SqlConnection, docId: string, hash: string, canonical: string | null): Promise<ExistingArticle | undefined> {
  return tx.get<ExistingArticle>(DUPLICATE_LOOKUP, [docId, hash, canonical]);
}

/**
 * The batch's source keys stored already, with the id of the article each points at: one query per batch instead
 * of a look-up per article (a round trip on PostgreSQL). The batch adds its own keys as it writes them.
 */
async function storedSources(tx: SqlConnection, keys: readonly string[]): Promise<Map<string, string>> {
  const done = new Map<string, string>();
  const unique = [...new Set(keys)];
  for (let from = 0; from < unique.length; from += 500) {
    const chunk = unique.slice(from, from + 500);
    const rows = await tx.all<{ source_key: string; doc_id: string }>(
      `SELECT s.source_key, a.doc_id FROM sources s JOIN articles a ON a.id = s.article_id WHERE s.source_key IN (${chunk.map(() => '?').join(', ')})`, chunk,
    );
    for (const row of rows) done.set(row.source_key, row.doc_id);
  }
  return done;
}

/** Parameters: the document id, the content hash, the canonical URL (see findDuplicate). */
export const DUPLICATE_LOOKUP = `SELECT id, doc_id, content_hash FROM (
  SELECT 0 AS rank, id, doc_id, content_hash FROM articles WHERE doc_id = ?
  UNION ALL
  SELECT * FROM (SELECT 1 AS rank, id, doc_id, content_hash FROM (
    SELECT id, doc_id, content_hash FROM articles WHERE content_hash = ?
    UNION ALL
    SELECT id, doc_id, content_hash FROM articles WHERE canonical_url = ?
  ) by_key ORDER BY id LIMIT 1) by_content
) found ORDER BY rank LIMIT 1`;

async function markDuplicate(
  tx: SqlConnection, doneSources: Map<string, string>, docId: string, hash: string, existing: ExistingArticle, sourceKey: string, runId: number | null,
): Promise<SaveOutcome> {
  // Same id: a re-sent copy is fine, different text under the same id is a conflict worth reporting.
  if (existing.doc_id === docId && existing.content_hash !== hash) {
    throw new PresslensError('duplicate-id', `${docId}: another article with this id and a different text is already stored`);
  }
  await tx.run('INSERT INTO sources (source_key, article_id, status, run_id, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [sourceKey, existing.id, 'duplicate', runId, new Date().toISOString()]);
  doneSources.set(sourceKey, existing.doc_id);
  return { status: 'duplicate', docId, duplicateOf: existing.doc_id };
}

/** The stored body: the Article JSON without its text (kept in its own column). */
function articleBody(article: ArticleJson): string {
  const { text: _text, ...body } = article;
  return JSON.stringify(body);
}

/**
 * Inserts the batch's outlets and entities first, each set sorted: concurrent writers then take their row locks
 * in one global order and cannot deadlock on them. Returns the batch's outlet ids by key and corpus entity ids
 * by entity key (type and normalised name).
 */
async function preinsertShared(
  tx: SqlConnection, requests: readonly SaveRequest[], prepared: ReadonlyArray<PreparedArticle | PresslensError>,
  known: Map<string, number>, learned: Map<string, number>,
): Promise<{ outlets: Map<string, number>; entities: Map<string, number> }> {
  const names = new Map<string, string | null>();
  for (const ready of prepared) {
    if (ready instanceof PresslensError) continue;
    const key = ready.outletKey;
    if (key && !names.get(key)) names.set(key, ready.outletName);
  }
  const ids = new Map<string, number>();
  const unknown = [...names.keys()].filter((key) => {
    const id = known.get(key);
    if (id !== undefined) ids.set(key, id);
    return id === undefined;
  }).sort();
  if (unknown.length) {
    await tx.insertMany('outlets', ['domain', 'name'], unknown.map((key) => [key, names.get(key)]), 'ON CONFLICT (domain) DO NOTHING');
    const rows = await tx.all<{ id: number; domain: string; name: string | null }>(`SELECT id, domain, name FROM outlets WHERE domain IN (${unknown.map(() => '?').join(', ')})`, unknown);
    for (const row of rows) {
      ids.set(row.domain, row.id);
      learned.set(row.domain, row.id);
      if (!row.name && names.get(row.domain)) await tx.run('UPDATE outlets SET name = ? WHERE id = ?', [names.get(row.domain), row.id]);
    }
  }
  const entities = new Map<string, [string, string, string]>();
  for (const ready of prepared) {
    if (ready instanceof PresslensError) continue;
    ready.entityNorms.forEach((norm, entityIndex) => {
      const type = ready.entityTypes[entityIndex]!;
      const key = entityKey(type, norm);
      // The first spelling seen names the corpus entity.
      if (!entities.has(key)) entities.set(key, [type, norm, ready.entityNames[entityIndex]!]);
    });
  }
  const sorted = [...entities.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
  await tx.insertMany('entities', ['type', 'norm', 'name'], sorted, 'ON CONFLICT (type, norm) DO NOTHING');
  const entityIds = new Map<string, number>();
  const norms = [...new Set(sorted.map(([, norm]) => norm))];
  for (let from = 0; from < norms.length; from += 500) {
    const chunk = norms.slice(from, from + 500);
    const found = await tx.all<{ id: number | string; type: string; norm: string }>(`SELECT id, type, norm FROM entities WHERE norm IN (${chunk.map(() => '?').join(', ')})`, chunk);
    for (const row of found) entityIds.set(entityKey(row.type, row.norm), Number(row.id));
  }
  return { outlets: ids, entities: entityIds };
}

function entityKey(type: string, norm: string): string {
  return `${type}\u0000${norm}`;
}

/**
 * The rows searches read: the article's corpus entities, quotes (with the entities inside them) and framing
 * techniques. Mentions, sentences and findings are in the body only (migration 7).
 */
async function saveAnnotations(
  tx: RowSink, articleId: number, text: string, prepared: PreparedArticle, corpusIds: Map<string, number>,
): Promise<void> {
  const { entityIds, entityMentions, quotes, techniques } = prepared.rows;
  await tx.add('article_entities', ['article_id', 'local_id', 'entity_id', 'mentions'],
    entityIds.map((localId, index) => [articleId, localId, corpusIds.get(localId), entityMentions[index]]));
  await tx.add('quotes',
    ['article_id', 'local_id', 'kind', 'start_offset', 'end_offset', 'cue_start', 'cue_end', 'speaker_name', 'speaker_norm', 'speaker_entity_id', 'speaker_start', 'speaker_end', 'content'],
    quotes.map(([id, kind, start, end, cueStart, cueEnd, speakerName, speakerEntity, speakerStart, speakerEnd], index) => [
      articleId, id, kind, start, end, cueStart, cueEnd, speakerName, prepared.speakerNorms[index],
      speakerEntity ? corpusIds.get(speakerEntity) ?? null : null, speakerStart, speakerEnd, text.slice(start, end),
    ]));
  // Entities mentioned inside each quote, for "quotes mentioning X" without scanning every mention.
  const quoteEntities = new Set<string>();
  for (const [entityIndex, quoteIndex] of prepared.quoteEntities) {
    const id = corpusIds.get(entityIds[entityIndex]!);
    if (id !== undefined) quoteEntities.add(`${id}\u0000${quotes[quoteIndex]![0]}`);
  }
  await tx.add('quote_entities', ['entity_id', 'article_id', 'local_id'],
    [...quoteEntities].map((key) => {
      const [entityId, quoteId] = key.split('\u0000');
      return [Number(entityId), articleId, quoteId];
    }));
  // One row per technique the article uses: its findings themselves (with their explanations) are in the body.
  await tx.add('article_techniques', ['article_id', 'technique', 'findings', 'outlet_findings', 'quoted_findings'],
    techniques.map((row) => [articleId, ...row]));
}

/** Maps the article's entity ids (e1, e2, …) to corpus entities, one per normalised name and type. */
function corpusEntities(prepared: PreparedArticle, entityIds: Map<string, number>): Map<string, number> {
  const ids = new Map<string, number>();
  for (const [index, localId] of prepared.rows.entityIds.entries()) {
    const id = entityIds.get(entityKey(prepared.entityTypes[index]!, prepared.entityNorms[index]!));
    if (id !== undefined) ids.set(localId, id);
  }
  return ids;
}

import type { SqlConnection } from './connection.js';
import { backfillFacets } from './facets.js';
import { PG_SEARCH_INDEX_SQL, PG_SEARCH_KEYS_SQL } from './pg-search-keys.js';
import { backfillPhrasePairs, PG_PAIRS_SQL, SQLITE_PAIRS_TABLE } from './phrase-pairs.js';
import { DROPPED_BANDS_MIGRATION, STORY_CLUSTER_MIGRATION, WIRE_BAND_MIGRATION } from './story-clusters.js';

/**
 * Versioned schema changes, one entry per version, written once per driver. A database records the versions it
 * has in `schema_migrations`; opening a store applies the missing ones in order, each in its own transaction.
 * Never edit a released migration: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
  /** Work SQL cannot express (filling a new column from rows), run after the script in the same transaction. */
  backfill?(tx: SqlConnection): Promise<void>;
}

/**
 * Per-entity article and mention counts and per-pair co-mention counts, kept up to date by every save, so
 * that entity listings and co-mentions read a few rows instead of aggregating over every article.
 */
function COUNTERS_AND_PAIRS(withoutRowid: string): string {
  return `
ALTER TABLE entities ADD COLUMN article_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN mention_count INTEGER NOT NULL DEFAULT 0;
UPDATE entities SET
  article_count = (SELECT COUNT(*) FROM article_entities ae WHERE ae.entity_id = entities.id),
  mention_count = COALESCE((SELECT SUM(ae.mentions) FROM article_entities ae WHERE ae.entity_id = entities.id), 0);
CREATE INDEX entities_type_count ON entities (type, article_count);
CREATE TABLE entity_pairs (
  entity_id INTEGER NOT NULL,
  other_id INTEGER NOT NULL,
  articles INTEGER NOT NULL,
  mentions INTEGER NOT NULL,
  PRIMARY KEY (entity_id, other_id)
) ${withoutRowid};
INSERT INTO entity_pairs (entity_id, other_id, articles, mentions)
  SELECT mine.entity_id, other.entity_id, COUNT(*), SUM(other.mentions)
  FROM article_entities mine JOIN article_entities other ON other.article_id = mine.article_id AND other.entity_id <> mine.entity_id
  GROUP BY mine.entity_id, other.entity_id;
CREATE INDEX entity_pairs_rank ON entity_pairs (entity_id, articles);
DROP INDEX mentions_entity;
DROP INDEX article_bands_key;
CREATE INDEX article_bands_key ON article_bands (band_key, article_id);
`;
}

/**
 * Mentions, sentences and framing findings live in the article's body only. Searches read none of them row by
 * row: voice filters read the article's sentence counts per voice, entity filters `article_entities`, and the
 * technique filter and outlet profiles read `article_techniques` — one row per technique an article uses, with
 * its findings counted by voice — instead of one row (with its explanation text) per finding.
 */
function ARTICLE_TECHNIQUES(ref: string, withoutRowid: string): string {
  return `
CREATE TABLE article_techniques (
  article_id ${ref} NOT NULL REFERENCES articles(id),
  technique TEXT NOT NULL,
  findings INTEGER NOT NULL,
  outlet_findings INTEGER NOT NULL,
  quoted_findings INTEGER NOT NULL,
  PRIMARY KEY (article_id, technique)
) ${withoutRowid};
INSERT INTO article_techniques (article_id, technique, findings, outlet_findings, quoted_findings)
  SELECT article_id, technique, COUNT(*), SUM(CASE WHEN voice = 'outlet' THEN 1 ELSE 0 END), SUM(CASE WHEN voice = 'quoted' THEN 1 ELSE 0 END)
  FROM framing GROUP BY article_id, technique;
-- The technique filter of a search without words on PostgreSQL can start from the technique's articles.
CREATE INDEX article_techniques_technique ON article_techniques (technique, article_id);
DROP TABLE framing;
DROP TABLE sentences;
DROP TABLE mentions;
-- Quotes by speaker only: a quote without a speaker (four in ten) needs no entry ("speaker_norm = ?" implies
-- it is not null, so both engines use the partial index for it).
DROP INDEX quotes_speaker_norm;
CREATE INDEX quotes_speaker_norm ON quotes (speaker_norm, article_id) WHERE speaker_norm IS NOT NULL;
`;
}

/**
 * The mentions, sentences and framing findings as views over the article bodies, with the columns the tables of
 * versions 1–6 had, so SQL users keep one row per annotation (read on demand; saving writes none of them).
 */
const SQLITE_ANNOTATION_VIEWS = `
CREATE VIEW mentions AS
  SELECT a.id AS article_id, ae.entity_id AS entity_id,
    json_extract(m.value, '$.start') AS start_offset, json_extract(m.value, '$.end') AS end_offset
  FROM articles a
  JOIN json_each(a.body, '$.entities') e
  JOIN article_entities ae ON ae.article_id = a.id AND ae.local_id = json_extract(e.value, '$.id')
  JOIN json_each(e.value, '$.mentions') m;
CREATE VIEW sentences AS
  SELECT a.id AS article_id, s.key AS idx, json_extract(s.value, '$.start') AS start_offset,
    json_extract(s.value, '$.end') AS end_offset, json_extract(s.value, '$.voice') AS voice
  FROM articles a JOIN json_each(a.body, '$.sentences') s;
CREATE VIEW framing AS
  SELECT a.id AS article_id, f.key AS idx, json_extract(f.value, '$.technique') AS technique,
    json_extract(f.value, '$.start') AS start_offset, json_extract(f.value, '$.end') AS end_offset,
    json_extract(f.value, '$.voice') AS voice, json_extract(f.value, '$.ruleId') AS rule_id,
    json_extract(f.value, '$.explanation') AS explanation, json_extract(f.value, '$.alternative') AS alternative
  FROM articles a JOIN json_each(a.body, '$.framing') f;
`;
const POSTGRES_ANNOTATION_VIEWS = `
CREATE VIEW mentions AS
  SELECT a.id AS article_id, ae.entity_id AS entity_id,
    (m.value ->> 'start')::integer AS start_offset, (m.value ->> 'end')::integer AS end_offset
  FROM articles a
  CROSS JOIN LATERAL jsonb_array_elements(a.body::jsonb -> 'entities') AS e(value)
  JOIN article_entities ae ON ae.article_id = a.id AND ae.local_id = e.value ->> 'id'
  CROSS JOIN LATERAL jsonb_array_elements(e.value -> 'mentions') AS m(value);
CREATE VIEW sentences AS
  SELECT a.id AS article_id, (s.n - 1)::integer AS idx, (s.value ->> 'start')::integer AS start_offset,
    (s.value ->> 'end')::integer AS end_offset, s.value ->> 'voice' AS voice
  FROM articles a CROSS JOIN LATERAL jsonb_array_elements(a.body::jsonb -> 'sentences') WITH ORDINALITY AS s(value, n);
CREATE VIEW framing AS
  SELECT a.id AS article_id, (f.n - 1)::integer AS idx, f.value ->> 'technique' AS technique,
    (f.value ->> 'start')::integer AS start_offset, (f.value ->> 'end')::integer AS end_offset,
    f.value ->> 'voice' AS voice, f.value ->> 'ruleId' AS rule_id, f.value ->> 'explanation' AS explanation,
    f.value ->> 'alternative' AS alternative
  FROM articles a CROSS JOIN LATERAL jsonb_array_elements(a.body::jsonb -> 'framing') WITH ORDINALITY AS f(value, n);
`;

// Tables shared by both drivers, with the few type names that differ filled in.
function coreTables(t: { id: string; ref: string; text: string; json: string }): string {
  return `
CREATE TABLE outlets (
  id ${t.id},
  domain TEXT NOT NULL UNIQUE,
  name TEXT
);
CREATE TABLE runs (
  id ${t.id},
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL,
  sources ${t.json} NOT NULL,
  report ${t.json}
);
CREATE TABLE articles (
  id ${t.id},
  doc_id TEXT NOT NULL UNIQUE,
  url TEXT,
  canonical_url TEXT UNIQUE,
  content_hash TEXT NOT NULL UNIQUE,
  minhash TEXT NOT NULL,
  story_id ${t.ref},
  copy_of ${t.ref} REFERENCES articles(id),
  outlet_id ${t.ref} REFERENCES outlets(id),
  title TEXT,
  standfirst TEXT,
  authors ${t.json} NOT NULL,
  published_at TEXT,
  site_name TEXT,
  language TEXT,
  categories ${t.json} NOT NULL,
  text ${t.text} NOT NULL,
  word_count INTEGER NOT NULL,
  voice_outlet INTEGER NOT NULL, voice_quoted INTEGER NOT NULL, voice_attributed INTEGER NOT NULL, voice_vague INTEGER NOT NULL,
  body ${t.json} NOT NULL,
  run_id ${t.ref},
  ingested_at TEXT NOT NULL
);
CREATE INDEX articles_outlet ON articles (outlet_id, published_at);
CREATE INDEX articles_published ON articles (published_at);
CREATE INDEX articles_story ON articles (story_id);
CREATE TABLE article_bands (
  band_key INTEGER NOT NULL,
  article_id ${t.ref} NOT NULL REFERENCES articles(id)
);
CREATE INDEX article_bands_key ON article_bands (band_key);
CREATE TABLE entities (
  id ${t.id},
  type TEXT NOT NULL,
  norm TEXT NOT NULL,
  name TEXT NOT NULL,
  UNIQUE (type, norm)
);
CREATE INDEX entities_norm ON entities (norm);
CREATE TABLE article_entities (
  article_id ${t.ref} NOT NULL REFERENCES articles(id),
  local_id TEXT NOT NULL,
  entity_id ${t.ref} NOT NULL REFERENCES entities(id),
  mentions INTEGER NOT NULL,
  PRIMARY KEY (article_id, local_id)
);
CREATE INDEX article_entities_entity ON article_entities (entity_id, article_id);
CREATE TABLE mentions (
  article_id ${t.ref} NOT NULL REFERENCES articles(id),
  entity_id ${t.ref} NOT NULL REFERENCES entities(id),
  start_offset INTEGER NOT NULL,
  end_offset INTEGER NOT NULL
);
CREATE INDEX mentions_article ON mentions (article_id, entity_id);
CREATE INDEX mentions_entity ON mentions (entity_id, article_id);
CREATE TABLE quotes (
  article_id ${t.ref} NOT NULL REFERENCES articles(id),
  local_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  start_offset INTEGER NOT NULL,
  end_offset INTEGER NOT NULL,
  cue_start INTEGER,
  cue_end INTEGER,
  speaker_name TEXT,
  speaker_norm TEXT,
  speaker_entity_id ${t.ref} REFERENCES entities(id),
  speaker_start INTEGER,
  speaker_end INTEGER,
  content ${t.text} NOT NULL,
  PRIMARY KEY (article_id, local_id)
);
CREATE INDEX quotes_speaker_norm ON quotes (speaker_norm, article_id);
CREATE TABLE quote_entities (
  entity_id ${t.ref} NOT NULL REFERENCES entities(id),
  article_id ${t.ref} NOT NULL REFERENCES articles(id),
  local_id TEXT NOT NULL,
  PRIMARY KEY (entity_id, article_id, local_id)
);
CREATE TABLE sentences (
  article_id ${t.ref} NOT NULL REFERENCES articles(id),
  idx INTEGER NOT NULL,
  start_offset INTEGER NOT NULL,
  end_offset INTEGER NOT NULL,
  voice TEXT NOT NULL,
  PRIMARY KEY (article_id, idx)
);
CREATE TABLE framing (
  article_id ${t.ref} NOT NULL REFERENCES articles(id),
  idx INTEGER NOT NULL,
  technique TEXT NOT NULL,
  start_offset INTEGER NOT NULL,
  end_offset INTEGER NOT NULL,
  voice TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  explanation TEXT NOT NULL,
  alternative TEXT,
  PRIMARY KEY (article_id, idx)
);
CREATE INDEX framing_technique ON framing (technique, article_id);
CREATE TABLE sources (
  source_key TEXT PRIMARY KEY,
  article_id ${t.ref} NOT NULL REFERENCES articles(id),
  status TEXT NOT NULL,
  run_id ${t.ref},
  at TEXT NOT NULL
);
CREATE TABLE doc_errors (
  id ${t.id},
  run_id ${t.ref},
  source_key TEXT NOT NULL,
  label TEXT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX doc_errors_run ON doc_errors (run_id);
`;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'corpus tables, full-text index',
    sqlite: coreTables({ id: 'INTEGER PRIMARY KEY', ref: 'INTEGER', text: 'TEXT', json: 'TEXT' }) + `
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, text, content='articles', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
);
`,
    postgres: `CREATE EXTENSION IF NOT EXISTS pg_trgm;` + coreTables({ id: 'BIGSERIAL PRIMARY KEY', ref: 'BIGINT', text: 'TEXT', json: 'TEXT' }) + `
ALTER TABLE articles ADD COLUMN fts tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', text), 'B')
) STORED;
CREATE INDEX articles_fts ON articles USING GIN (fts);
CREATE INDEX entities_name_trgm ON entities USING GIN (name gin_trgm_ops);
`,
  },
  {
    version: 2,
    // mentions_entity goes: no query reads mentions by entity (article_entities answers "articles naming X").
    name: 'search facets, entity counters, co-mention pairs, band lookups by newest article',
    // The full-text table gains a `facets` column (outlet, month, entities, speakers, techniques, voices as
    // tokens) so that FTS5 intersects a text query with its filters inside the index (src/store/facets.ts).
    sqlite: `
ALTER TABLE articles ADD COLUMN facets TEXT NOT NULL DEFAULT '';
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, text, facets, content='articles', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
);
${COUNTERS_AND_PAIRS('WITHOUT ROWID')}
`,
    postgres: COUNTERS_AND_PAIRS(''),
    async backfill(tx) {
      if (tx.dialect !== 'sqlite') return;
      await backfillFacets(tx);
      await tx.run(`INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')`);
    },
  },
  STORY_CLUSTER_MIGRATION,
  {
    version: 4,
    // Filter-only searches list the newest articles first (published_at DESC NULLS LAST, id DESC). PostgreSQL
    // cannot read the ascending published_at index in that order (nulls come first backwards), so it read and
    // sorted every article passing the filters: 20 ms at 5k articles for a speaker, growing with the corpus.
    // With this index it walks the newest articles and stops at the page. SQLite puts nulls last in a backward
    // walk of articles_published already.
    name: 'newest-first index for filter-only searches (PostgreSQL)',
    sqlite: `SELECT 1;`,
    postgres: `CREATE INDEX articles_newest ON articles (published_at DESC NULLS LAST, id DESC);`,
  },
  {
    version: 5,
    // A phrase of two common words ("budget plan") made both engines check word positions in every article
    // holding both words: src/store/phrase-pairs.ts.
    name: 'adjacent word pairs for phrase search',
    sqlite: SQLITE_PAIRS_TABLE,
    postgres: PG_PAIRS_SQL,
    async backfill(tx) {
      if (tx.dialect === 'sqlite') await backfillPhrasePairs(tx);
    },
  },
  {
    version: 6,
    // PostgreSQL tested `fts @@ query` on every article it walked, newest first (detoasting each tsvector): 0.1 s
    // for a common word at 100k articles, seconds with an entity or an outlet and dates: src/store/pg-search-keys.ts.
    name: 'search keys in the full-text index (PostgreSQL)',
    sqlite: `SELECT 1;`,
    postgres: PG_SEARCH_KEYS_SQL,
    async backfill(tx) {
      if (tx.dialect !== 'postgres') return;
      await backfillFacets(tx);
      await tx.exec(PG_SEARCH_INDEX_SQL);
    },
  },
  {
    version: 7,
    // Saving wrote ~140 rows an article, most of them copies of what the article's body holds and no search
    // reads row by row: every mention, sentence and framing finding (docs/STORE.md, "ninth session").
    name: 'annotations kept in the body; one row per framing technique and article',
    sqlite: ARTICLE_TECHNIQUES('INTEGER', 'WITHOUT ROWID') + SQLITE_ANNOTATION_VIEWS,
    postgres: ARTICLE_TECHNIQUES('BIGINT', '') + POSTGRES_ANNOTATION_VIEWS,
  },
  WIRE_BAND_MIGRATION,
  DROPPED_BANDS_MIGRATION,
];

/** Brings the database up to the newest version; safe to call from several processes at once. */
export async function migrate(connection: SqlConnection): Promise<number> {
  await connection.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.run('SELECT pg_advisory_xact_lock(727274)');
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  });
  let applied = 0;
  for (const migration of MIGRATIONS) {
    await connection.transaction(async (tx) => {
      // Several workers may open the same fresh database at once: one migrates, the others wait and skip.
      if (tx.dialect === 'postgres') await tx.run('SELECT pg_advisory_xact_lock(727274)');
      const done = await tx.get('SELECT version FROM schema_migrations WHERE version = ?', [migration.version]);
      if (done) return;
      await tx.exec(tx.dialect === 'sqlite' ? migration.sqlite : migration.postgres);
      await migration.backfill?.(tx);
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [migration.version, migration.name, new Date().toISOString()]);
      applied++;
    });
  }
  return applied;
}

/**
 * Copies a SQLite corpus (one the store wrote: `fillStore` of bench-store.mjs) into a PostgreSQL store whose
 * schema the store's own migrations created, row for row, table by table.
 *
 * Why: saveArticles on PostgreSQL makes a dozen round trips per article (duplicate checks, MinHash candidates,
 * entity counters), about 19 articles/s on the shared 2-core machine, so 100k articles would take 90 minutes.
 * The rows the SQLite store wrote are what the PostgreSQL store would write for the same articles (one schema,
 * `src/store/migrations.ts`; only SQLite's FTS5 tables have no PostgreSQL counterpart and are left out; the
 * `facets` column is copied (PostgreSQL's search keys read it, migration 6); PostgreSQL computes its generated
 * tsvector on insert). Multi-row inserts in one transaction per
 * batch, foreign-key triggers off while copying (`session_replication_role = replica`, needs a superuser: the
 * bench's throwaway cluster), GIN indexes dropped and rebuilt after, then ANALYZE.
 *
 *   node scripts/bench-support/copy-corpus-to-postgres.mjs --from FILE.db --to postgres://…
 *   (the target database must already hold the store's schema: open it with openStore first)
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

/** Parents before children (articles before the rows naming them); FTS5 and statistics tables have no twin. */
const TABLES = [
  'outlets', 'runs', 'articles', 'article_bands', 'entities', 'article_entities', 'quotes', 'quote_entities',
  'article_techniques', 'sources', 'doc_errors', 'entity_pairs', 'story_queue', 'story_clusters', 'article_clusters',
  'cluster_keys', 'clusterer_state',
];
/** Tables whose id comes from a BIGSERIAL: their sequences continue after the copied ids. */
const SERIAL_TABLES = ['outlets', 'runs', 'articles', 'entities', 'doc_errors'];
const ROWS_PER_STATEMENT = 200;
const MAX_PARAMETERS = 60_000;

export async function copyCorpusToPostgres(sqlitePath, url, { log = () => undefined } = {}) {
  const source = new Database(sqlitePath, { readonly: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  const counts = {};
  try {
    await client.query('SET session_replication_role = replica');
    const gin = (await client.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexdef LIKE '%USING gin%'`)).rows;
    for (const index of gin) await client.query(`DROP INDEX ${index.indexname}`);
    for (const table of TABLES) {
      const columns = (await client.query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
        [table],
      )).rows.map((row) => row.column_name);
      if (columns.length === 0) throw new Error(`${url}: table ${table} is missing (open the store there first)`);
      const already = Number((await client.query(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0].n);
      if (already > 0) throw new Error(`${table} already holds ${already} rows: copy into a fresh store`);
      const perStatement = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / columns.length)));
      const rows = source.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM ${table}`).raw().iterate();
      let batch = [];
      let copied = 0;
      const flush = async () => {
        if (batch.length === 0) return;
        const tuples = batch.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
        await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples}`, batch.flat());
        copied += batch.length;
        batch = [];
      };
      await client.query('BEGIN');
      for (const row of rows) {
        batch.push(row);
        if (batch.length >= perStatement) {
          await flush();
          // One transaction per ~10k rows: a long copy commits as it goes.
          if (copied % (perStatement * 50) === 0) await client.query('COMMIT; BEGIN');
        }
      }
      await flush();
      await client.query('COMMIT');
      counts[table] = copied;
      log(`${table}: ${copied} rows, ${Math.round((performance.now() - started) / 1000)} s`);
    }
    for (const table of SERIAL_TABLES) {
      await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST(1, (SELECT COALESCE(MAX(id), 0) FROM ${table})))`);
    }
    for (const index of gin) {
      await client.query(index.indexdef);
      log(`${index.indexname} rebuilt, ${Math.round((performance.now() - started) / 1000)} s`);
    }
    await client.query('SET session_replication_role = origin');
    await client.query('ANALYZE');
  } finally {
    source.close();
    await client.end();
  }
  return { seconds: Math.round((performance.now() - started) / 10) / 100, rows: counts };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
  if (!values.from || !values.to) throw new Error('usage: copy-corpus-to-postgres.mjs --from FILE.db --to postgres://…');
  console.log(JSON.stringify(await copyCorpusToPostgres(values.from, values.to, { log: (line) => console.error(line) })));
}

#!/usr/bin/env node
// Dumps a SQLite corpus store in a stable order, for comparing what two builds wrote (a change that should not
// alter the store must give an identical dump): every ordinary table, row by row in rowid (or key) order, with
// the columns that hold the time of writing blanked, and each FTS5 index as its term instances read through
// fts5vocab (the shadow tables' segment layout depends on when FTS5 flushed, not on what it holds).
// Usage: node scripts/bench-support/dump-store.mjs STORE.db > dump.txt   then   cmp dumpA.txt dumpB.txt
import Database from 'better-sqlite3';

const TIME_COLUMNS = new Set(['ingested_at', 'at', 'started_at', 'finished_at', 'applied_at']);
/** A run's report holds its elapsed time and rate. */
const VOLATILE = new Map([['runs', new Set(['report'])]]);

const path = process.argv[2];
if (!path) {
  console.error('usage: dump-store.mjs STORE.db');
  process.exit(2);
}
const db = new Database(path, { readonly: true });
const tables = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name`).all();
const fts = tables.filter((table) => /CREATE VIRTUAL TABLE/i.test(table.sql ?? '') && /fts5\s*\(/i.test(table.sql));
const shadow = new Set(fts.flatMap(({ name }) => ['data', 'idx', 'content', 'docsize', 'config'].map((suffix) => `${name}_${suffix}`)));
const out = [];
for (const { name, sql } of tables) {
  if (shadow.has(name) || fts.some((table) => table.name === name) || name.startsWith('sqlite_')) continue;
  const withoutRowid = /WITHOUT ROWID/i.test(sql ?? '');
  const columns = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(name).map((column) => column.name);
  const blanked = (column) => TIME_COLUMNS.has(column) || VOLATILE.get(name)?.has(column);
  const order = withoutRowid ? columns.map((_, i) => i + 1).join(', ') : 'rowid';
  // quote() keeps the storage class visible (5 and 5.0 differ, as do 5 and '5').
  const select = columns.map((column) => (blanked(column) ? `NULL AS "${column}"` : `quote("${column}")`)).join(', ');
  out.push(`## ${name} (${columns.join(', ')})`);
  for (const row of db.prepare(`SELECT ${withoutRowid ? '' : 'rowid AS _rowid, '}${select} FROM "${name}" ORDER BY ${order}`).raw().iterate()) {
    out.push(JSON.stringify(row));
  }
}
for (const { name } of fts) {
  db.exec(`CREATE VIRTUAL TABLE temp."${name}_dump_terms" USING fts5vocab(main, "${name}", 'instance')`);
  out.push(`## ${name} term instances`);
  for (const row of db.prepare(`SELECT term, doc, col, "offset" FROM temp."${name}_dump_terms" ORDER BY doc, col, "offset", term`).raw().iterate()) {
    out.push(JSON.stringify(row));
  }
}
process.stdout.write(`${out.join('\n')}\n`);

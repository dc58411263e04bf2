import { Mutex, type SqlConnection } from './connection.js';

/**
 * Phrase search through an index of adjacent word pairs.
 *
 * Why: a phrase whose words are both common ("budget plan" in a corpus where nearly every article has both)
 * makes FTS5 and PostgreSQL check word positions in every article holding both words, however few hold the
 * phrase: 27 ms of CPU at 100k articles in SQLite, about 2 s in PostgreSQL, growing with the corpus.
 *
 * SQLite: `article_pairs` is a contentless FTS5 table with one column per searched column of `articles_fts`
 * (title, text) plus a copy of its facets. Token i of a pair column is `ti_tj`, the i-th and (i+1)-th FTS5
 * terms of that column, so the phrase "a b c" is the FTS5 phrase "a_b b_c" there: it matches exactly where
 * the three terms stand in a row, by FTS5's own terms (stems, folding, positions) — the terms are not made by
 * a tokenizer of ours: FTS5 itself tokenises the query, and each word of an article the first time it is seen,
 * into a scratch table, and its `fts5vocab` table reads them back (see "The fast path" below). Pairs are rare,
 * so the phrase is checked on few articles.
 *
 * PostgreSQL: see PG_PAIRS_SQL (a text[] of adjacent lexeme pairs with a GIN index, a superset filter).
 */

/** The tokenizer of `articles_fts` (migration 2): the scratch table must make the very same terms. */
const FTS_TOKENIZE = `porter unicode61 remove_diacritics 2`;
/** Pair tokens are two FTS5 terms joined by `_`, which unicode61 never leaves in a term (a separator there). */
export const PAIR_SEPARATOR = '_';
/** Fills a gap in a column's term offsets (none is expected) so that pair i stays at position i. */
const GAP = '_';

/** Migration 5 (SQLite): the pair table; `backfillPhrasePairs` fills it for articles stored before. */
export const SQLITE_PAIRS_TABLE = `
CREATE VIRTUAL TABLE article_pairs USING fts5(
  title, text, facets, content='', tokenize="unicode61 remove_diacritics 0 tokenchars '${PAIR_SEPARATOR}'"
);`;

/** Rows of the batch's full-text index: [rowid, title, text, facets]. */
export type FullTextRow = readonly unknown[];

const scratchLocks = new WeakMap<SqlConnection, Mutex>();

/** The scratch tables live in `temp`, per connection; created on first use. */
async function ensureScratch(db: SqlConnection): Promise<void> {
  await db.exec(`
CREATE VIRTUAL TABLE IF NOT EXISTS temp.pair_scratch USING fts5(title, text, content='', tokenize='${FTS_TOKENIZE}');
CREATE VIRTUAL TABLE IF NOT EXISTS temp.pair_scratch_terms USING fts5vocab(temp, pair_scratch, 'instance');`);
}

/**
 * FTS5's terms of each (title, text), in order, as articles_fts indexes them: rowid → [title terms, text terms].
 */
async function ftsTerms(db: SqlConnection, rows: ReadonlyArray<readonly [number, string, string]>): Promise<Map<number, [string[], string[]]>> {
  // Searches and saves share a connection's scratch table: one fills, reads and empties it at a time.
  let scratch = scratchLocks.get(db);
  if (!scratch) scratchLocks.set(db, (scratch = new Mutex()));
  const instances = await scratch.lock(async () => {
    await ensureScratch(db);
    await db.insertMany('temp.pair_scratch', ['rowid', 'title', 'text'], rows.map((row) => [...row]));
    const read = await db.all<{ term: string; doc: number; col: string; offset: number }>('SELECT term, doc, col, "offset" FROM temp.pair_scratch_terms');
    await db.run(`INSERT INTO temp.pair_scratch (pair_scratch) VALUES ('delete-all')`);
    return read;
  });
  const terms = new Map<number, [string[], string[]]>();
  for (const row of rows) terms.set(row[0], [[], []]);
  for (const { term, doc, col, offset } of instances) terms.get(doc)![col === 'title' ? 0 : 1][offset] = term;
  return terms;
}

/** `a_b b_c …`: the pair at position i joins terms i and i+1. */
function pairColumn(terms: readonly string[]): string {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < terms.length; i++) {
    const left = terms[i];
    const right = terms[i + 1];
    pairs.push(left === undefined || right === undefined ? GAP : `${left}${PAIR_SEPARATOR}${right}`);
  }
  return pairs.join(' ');
}

/*
 * The fast path: FTS5's terms of an article without writing it to the scratch table.
 *
 * unicode61 decides token characters one character at a time, and porter stems one token at a time, so the text
 * cut at characters that separate tokens gives, piece by piece, the very terms of the whole text. The pieces
 * ("chunks") are cut only at SEPARATOR_CANDIDATES that a probe through the scratch table proved to be separators
 * (once per process); every other character, whatever unicode61 makes of it (accents, combining marks, CJK,
 * emoji, apostrophes other than the listed ones), stays inside a chunk, and FTS5 itself turns the chunk into
 * terms — zero, one or several — the first time it is seen (a cache afterwards). Each article's term count is
 * still checked against the one FTS5 stored for it in articles_fts (its `docsize` row); an article that
 * differs takes the scratch table, as every article did before.
 */

/** Characters that are never inside a unicode61 token (ASCII other than letters and digits; common Unicode
 * spaces, dashes, quotes); each is kept only if the probe confirms it. NUL is left out: see `FAST_PATH_UNSAFE`. */
const SEPARATOR_CANDIDATES = [
  ...Array.from({ length: 127 }, (_, i) => String.fromCharCode(i + 1)).filter((c) => !/[A-Za-z0-9]/.test(c)),
  '\u00a0', '\u2002', '\u2003', '\u2009', '\u200a', '\u202f', '\u3000', '\u2028', '\u2029',
  '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212',
  '\u2018', '\u2019', '\u201a', '\u201c', '\u201d', '\u201e', '\u00ab', '\u00bb', '\u2039', '\u203a',
  '\u2026', '\u2022', '\u00b7', '\u00a7', '\u00b6', '\u00a9', '\u00ae', '\u2122', '\u00b0',
];
/** A NUL may end the text for SQLite's string functions: such an article always takes the scratch table. */
const FAST_PATH_UNSAFE = '\0';
/**
 * At most this many distinct chunks keep their terms (about 15 MB); when full, the cache starts again. After a
 * few hundred articles almost every word of a news corpus is in it.
 */
export const MAX_CACHED_CHUNKS = 100_000;

/** One term is stored as itself, to keep the cache small. */
type ChunkTerms = string | readonly string[];

interface TermCache {
  /** 1 at the char code of a proven separator. */
  readonly separator: Uint8Array;
  readonly chunks: Map<string, ChunkTerms>;
}

let termCache: Promise<TermCache> | undefined;

/** Proves SEPARATOR_CANDIDATES through FTS5: `x?y` must give exactly the terms x and y. */
async function probeSeparators(db: SqlConnection): Promise<TermCache> {
  const terms = await ftsTerms(db, SEPARATOR_CANDIDATES.map((c, i) => [i + 1, '', `x${c}y`] as const));
  const separator = new Uint8Array(0x10000);
  SEPARATOR_CANDIDATES.forEach((c, i) => {
    const found = terms.get(i + 1)![1];
    if (found.length === 2 && found[0] === 'x' && found[1] === 'y') separator[c.charCodeAt(0)] = 1;
  });
  return { separator, chunks: new Map() };
}

/** The chunks of a text: its runs of characters between proven separators. */
function chunksOf(text: string, separator: Uint8Array, into: string[]): void {
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (separator[text.charCodeAt(i)] === 1) {
      if (start >= 0) into.push(text.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  if (start >= 0) into.push(text.slice(start));
}

/** Adds to the cache the terms of the chunks it does not hold yet, through the scratch table in one pass. */
async function learnChunks(db: SqlConnection, cache: TermCache, chunks: readonly string[]): Promise<void> {
  let unseen = [...new Set(chunks.filter((chunk) => !cache.chunks.has(chunk)))];
  if (unseen.length === 0) return;
  if (cache.chunks.size + unseen.length > MAX_CACHED_CHUNKS) {
    // Starting again drops chunks of this batch too: they are learnt again with the new ones.
    cache.chunks.clear();
    unseen = [...new Set(chunks)];
  }
  const terms = await ftsTerms(db, unseen.map((chunk, i) => [i + 1, '', chunk] as const));
  unseen.forEach((chunk, i) => {
    const found = terms.get(i + 1)![1];
    cache.chunks.set(chunk, found.length === 1 ? found[0]! : found);
  });
}

/** The terms of the chunks in order (every chunk in the cache). */
function termsOfChunks(cache: TermCache, chunks: readonly string[], from: number, to: number): string[] {
  const terms: string[] = [];
  for (let i = from; i < to; i++) {
    const found = cache.chunks.get(chunks[i]!);
    if (typeof found === 'string') terms.push(found);
    else if (found) terms.push(...found);
  }
  return terms;
}

/** A varint of an FTS5 record (SQLite's format: 7 bits a byte, high bit set on all but the last). */
function readVarint(bytes: Uint8Array, at: { offset: number }): number {
  let value = 0;
  for (let n = 0; n < 8; n++) {
    const byte = bytes[at.offset++]!;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return value;
  }
  return value * 256 + bytes[at.offset++]!;
}

/** FTS5's own token counts (title, text) of the batch's articles, from articles_fts's docsize rows. */
async function storedTokenCounts(tx: SqlConnection, ids: readonly number[]): Promise<Map<number, [number, number]>> {
  const rows = await tx.all<{ id: number; sz: Uint8Array }>(
    'SELECT id, sz FROM articles_fts_docsize WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(ids)],
  );
  const counts = new Map<number, [number, number]>();
  for (const row of rows) {
    const at = { offset: 0 };
    counts.set(Number(row.id), [readVarint(row.sz, at), readVarint(row.sz, at)]);
  }
  return counts;
}

/**
 * FTS5's terms of each (title, text) of a batch already written to articles_fts: through the chunk cache, and
 * through the scratch table for an article whose count of terms differs from FTS5's (or holds a NUL).
 */
async function indexedTerms(tx: SqlConnection, rows: ReadonlyArray<readonly [number, string, string]>): Promise<Map<number, [string[], string[]]>> {
  const cache = await (termCache ??= probeSeparators(tx).catch((error: unknown) => {
    termCache = undefined;
    throw error;
  }));
  const fast = rows.filter(([, title, text]) => !title.includes(FAST_PATH_UNSAFE) && !text.includes(FAST_PATH_UNSAFE));
  const chunks: string[] = [];
  const bounds: number[] = [];
  for (const [, title, text] of fast) {
    bounds.push(chunks.length);
    chunksOf(title, cache.separator, chunks);
    bounds.push(chunks.length);
    chunksOf(text, cache.separator, chunks);
  }
  bounds.push(chunks.length);
  await learnChunks(tx, cache, chunks);
  const counts = await storedTokenCounts(tx, fast.map((row) => row[0]));
  const terms = new Map<number, [string[], string[]]>();
  fast.forEach(([id], i) => {
    const title = termsOfChunks(cache, chunks, bounds[2 * i]!, bounds[2 * i + 1]!);
    const text = termsOfChunks(cache, chunks, bounds[2 * i + 1]!, bounds[2 * i + 2]!);
    const stored = counts.get(id);
    if (stored && stored[0] === title.length && stored[1] === text.length) terms.set(id, [title, text]);
  });
  const slow = rows.filter(([id]) => !terms.has(id));
  if (slow.length > 0) for (const [id, found] of await ftsTerms(tx, slow)) terms.set(id, found);
  return terms;
}

/** Indexes the pairs of a batch of articles (the rows just written to articles_fts). */
export async function writePhrasePairs(tx: SqlConnection, fullText: readonly FullTextRow[]): Promise<void> {
  if (fullText.length === 0) return;
  const rows = fullText.map((row) => [Number(row[0]), String(row[1] ?? ''), String(row[2] ?? '')] as const);
  const terms = await indexedTerms(tx, rows);
  await tx.insertMany('article_pairs', ['rowid', 'title', 'text', 'facets'], fullText.map((row) => {
    const [title, text] = terms.get(Number(row[0]))!;
    return [row[0], pairColumn(title), pairColumn(text), row[3] ?? ''];
  }));
}

/** Fills article_pairs for the articles a store held before migration 5, a page at a time. */
export async function backfillPhrasePairs(tx: SqlConnection): Promise<void> {
  for (let after = 0; ;) {
    const page = await tx.all<{ id: number; title: string | null; text: string; facets: string }>(
      'SELECT id, title, text, facets FROM articles WHERE id > ? ORDER BY id LIMIT 500',
      [after],
    );
    if (page.length === 0) return;
    await writePhrasePairs(tx, page.map((row) => [row.id, row.title ?? '', row.text, row.facets]));
    after = page[page.length - 1]!.id;
  }
}

/**
 * The pair phrase of each phrase (its words as FTS5 will read them), in order; null for a phrase FTS5 reads as
 * fewer than two terms (a single word: articles_fts answers it).
 */
export async function pairPhrases(db: SqlConnection, phrases: readonly string[]): Promise<Array<string | null>> {
  const terms = await ftsTerms(db, phrases.map((phrase, i) => [i + 1, '', phrase] as const));
  return phrases.map((_, i) => {
    const words = terms.get(i + 1)![1];
    return words.length >= 2 ? `"${pairColumn(words)}"` : null;
  });
}

/**
 * Migration 5 (PostgreSQL): `fts_pairs`, the adjacent lexeme pairs of the article's full-text vector (title then
 * text, positions as in `fts`, whose generated expression cannot be referenced: it is recomputed without its
 * weights, which do not move positions), with a GIN index. A phrase of to_tsquery is `a <-> b <-> c`: lexeme b
 * one position after a, …; every article it matches therefore holds the pairs a_b and b_c, so `fts_pairs @>`
 * the phrase's pairs is a superset filter, and `fts @@` still decides on the few articles it leaves. A pair too
 * long for a GIN key stands as its MD5, the same on both sides.
 */
export const PG_PAIRS_SQL = `
CREATE FUNCTION presslens_word_pairs(v tsvector) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT CASE WHEN octet_length(l.lexeme) + octet_length(r.lexeme) > 400
      THEN md5(l.lexeme || '${PAIR_SEPARATOR}' || r.lexeme) ELSE l.lexeme || '${PAIR_SEPARATOR}' || r.lexeme END), '{}')
  FROM (SELECT lexeme, unnest(positions) AS pos FROM unnest(v)) l
  JOIN (SELECT lexeme, unnest(positions) AS pos FROM unnest(v)) r ON r.pos = l.pos + 1
$$;
ALTER TABLE articles ADD COLUMN fts_pairs text[] GENERATED ALWAYS AS (
  presslens_word_pairs(to_tsvector('english', coalesce(title, '')) || to_tsvector('english', text))
) STORED;
CREATE INDEX articles_fts_pairs ON articles USING GIN (fts_pairs);
ANALYZE articles;
`;

/**
 * The quoted phrases of a web-search query that every match must contain, as PostgreSQL's websearch_to_tsquery
 * reads them: none when the query has an OR (its operands are not all required); a phrase after `-` (excluded)
 * or not standing on its own (`x"a b"`, which the two parsers might split differently) is left out.
 */
export function requiredPhrases(text: string): string[] {
  const parts = text.match(/-?"[^"]*"|\S+/g) ?? [];
  if (parts.some((part) => part.toLowerCase() === 'or')) return [];
  return parts.filter((part, i) => /^"[^"]*"$/.test(part) && parts[i - 1] !== '-').map((part) => part.slice(1, -1)).filter((phrase) => phrase.trim() !== '');
}

/**
 * A pair in at least this share of the articles does not narrow enough to pay: PostgreSQL then intersects it with
 * the words' own index and tests `fts @@` on every article holding the pair (8,360 rows, 0.7 s, for a pair in
 * 8 % of 100k articles), where the newest-first walk without it stops after the first 1,000 matches (0.35 s).
 */
export const COMMON_PAIR_SHARE = 0.05;

/** The share of articles holding each common pair, from the planner's statistics (ANALYZE's most common elements). */
export async function commonPairShares(db: SqlConnection): Promise<Map<string, number>> {
  const rows = await db.all<{ pair: string; share: number }>(
    `SELECT x.pair, x.share FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS x(pair, share)
     WHERE s.schemaname = current_schema() AND s.tablename = 'articles' AND s.attname = 'fts_pairs' AND x.pair IS NOT NULL`,
  );
  return new Map(rows.map((row) => [row.pair, Number(row.share)]));
}

/**
 * The lexeme pairs every match of the query holds and few articles do (PostgreSQL), or null when there are none:
 * no phrase of two adjacent words, or only pairs in COMMON_PAIR_SHARE of the articles or more (`common`).
 */
export async function requiredPairs(db: SqlConnection, text: string, common: ReadonlyMap<string, number>): Promise<string[] | null> {
  const phrases = requiredPhrases(text);
  if (phrases.length === 0) return null;
  const row = await db.get<{ pairs: string[] }>(
    `SELECT ARRAY(SELECT DISTINCT unnest(presslens_word_pairs(to_tsvector('english', p))) FROM unnest(?::text[]) p) AS pairs`,
    [phrases],
  );
  const narrowing = (row?.pairs ?? []).filter((pair) => (common.get(pair) ?? 0) < COMMON_PAIR_SHARE);
  return narrowing.length > 0 ? narrowing : null;
}

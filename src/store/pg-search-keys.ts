/**
 * PostgreSQL's search keys (migration 6): the twin of SQLite's facet tokens (src/store/facets.ts), plus the
 * article's id bucket, in the full-text GIN index itself.
 *
 * Why: PostgreSQL found the newest 1,000 matches of a text query by walking articles newest first and testing
 * `fts @@ query` on each, which reads (detoasts and decompresses) every walked article's tsvector: ~13 µs a row,
 * 110 ms for a word in 12 % of 100k articles, and seconds when filters made the matches rare (an entity, an
 * outlet and a date range: 0.9–2.9 s at 100k), because the walk then covered most of the corpus. A GIN index
 * answers "which articles hold these lexemes" exactly, without reading them, but cannot list them newest first.
 *
 * So the index is built over `fts || presslens_search_keys(facets, id)`: the article's text lexemes, its facet
 * tokens (outlet, month, entities, speakers, techniques, voices; written by the store as on SQLite) and a key for
 * its id bucket (ids / ID_BUCKET). A query's filters become lexemes AND-ed to its words, so GIN intersects
 * them inside the index; and the newest matches are asked for bucket by bucket (`k99 | k98`), newest buckets
 * first, so only the articles of a few buckets that match are read, then sorted. Keys start with a space,
 * which no lexeme of the text parser holds: a user's word never matches a key.
 */

/** Articles per id bucket. */
export const ID_BUCKET = 1000;

/** The indexed full-text vector of an article (alias `a`): its text lexemes and its search keys. */
export const PG_SEARCH_VECTOR = '(a.fts || presslens_search_keys(a.facets, a.id))';

/** The user's query AND the keys (a tsquery), unless the query holds no lexeme (stop words only): then it matches nothing. */
export const pgQueryWithKeys = (userQuery: string) => `presslens_with_keys(websearch_to_tsquery('english', ${userQuery}), ?::tsquery)`;

/**
 * Migration 6, before its backfill: the facets column and the key functions; the GIN indexes are rebuilt after it.
 * With them, the title's own vector: a search with more matches than it ranks puts title matches first, and
 * `to_tsvector` of each title of the window took up to 40 ms at 100k articles when few titles matched.
 */
export const PG_SEARCH_KEYS_SQL = `
DROP INDEX articles_fts;
DROP INDEX articles_fts_pairs;
ALTER TABLE articles ADD COLUMN facets TEXT NOT NULL DEFAULT '',
  ADD COLUMN title_fts tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, ''))) STORED;
CREATE FUNCTION presslens_search_keys(facets text, id bigint) RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT array_to_tsvector(ARRAY(SELECT ' ' || t FROM unnest(string_to_array(facets, ' ')) t WHERE t <> '') || (' k' || (id / ${ID_BUCKET})::text))
$$;
CREATE FUNCTION presslens_with_keys(q tsquery, keys tsquery) RETURNS tsquery LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN numnode(q) = 0 OR numnode(keys) = 0 THEN q ELSE q && keys END
$$;
`;

/** Migration 6, after the facets are filled: the GIN indexes (built once, not maintained row by row). */
export const PG_SEARCH_INDEX_SQL = `
CREATE INDEX articles_search ON articles USING GIN ((fts || presslens_search_keys(facets, id)));
CREATE INDEX articles_fts_pairs ON articles USING GIN (fts_pairs);
ANALYZE articles;
`;

/** A tsquery requiring one key of each group (groups AND-ed, the keys of a group OR-ed); '' for none. */
export function keysQuery(groups: readonly (readonly string[])[]): string {
  // Keys are letters and digits (facet tokens, bucket keys), quoted with their leading space.
  const key = (token: string) => `' ${token}'`;
  return groups.map((group) => (group.length === 1 ? key(group[0]!) : `(${group.map(key).join(' | ')})`)).join(' & ');
}

/** The bucket keys from the bucket of id `low` to the bucket of id `high`. */
export function bucketKeys(low: number, high: number): string[] {
  const keys: string[] = [];
  for (let bucket = Math.floor(high / ID_BUCKET); bucket >= Math.floor(low / ID_BUCKET); bucket--) keys.push(`k${bucket}`);
  return keys;
}

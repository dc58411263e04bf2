import type { ArticleJson, Voice } from '../core/article.js';
import { PresslensError } from '../core/errors.js';
import type { SqlConnection } from './connection.js';
import { anyOf, entityToken, monthTokens, outletToken, speakerToken, startsMonth, techniqueToken, voiceToken } from './facets.js';
import { normaliseName } from './identity.js';
import { bucketKeys, ID_BUCKET, keysQuery, PG_SEARCH_VECTOR, pgQueryWithKeys } from './pg-search-keys.js';
import { commonPairShares, pairPhrases, requiredPairs } from './phrase-pairs.js';
import { makeSnippet, snippetTerms } from './snippet.js';
import type {
  ArticleHit, ArticleQuery, DocumentError, EntityCount, EntityQuery, OutletProfile, QuoteHit, QuoteQuery, StoreStats,
} from './types.js';

const VOICES = new Set<Voice>(['outlet', 'quoted', 'attributed', 'vague']);
const ENTITY_TYPES = new Set(['PERSON', 'ORG', 'GPE', 'LOC', 'FAC', 'NORP', 'EVENT', 'WORK', 'PRODUCT', 'LAW', 'MISC']);
const DEFAULT_LIMIT = 20;
/** Full-text matches ranked per query: the newest this many (see rankedTextSearch). */
export const RANKING_WINDOW = 1000;
/** How long PostgreSQL's statistics of common word pairs are reused. */
const COMMON_PAIRS_TTL_MS = 5 * 60_000;
/** PostgreSQL ranks a match set this small by ts_rank_cd; a larger one is ordered title matches first, then newest. */
export const PG_RANKED_MATCHES = 200;
/** A term found in more articles than this is left out of BM25 ranking (see rankByRareTerms). */
export const RARE_TERM_ARTICLES = 2000;

/** Search knobs, for tests and for corpora whose sizes call for other bounds. */
export interface SearchTuning {
  /** Terms found in more articles than this are left out of BM25 ranking (default RARE_TERM_ARTICLES). */
  rareTermArticles?: number;
  /** PostgreSQL: the newest matches read per full-text search (default RANKING_WINDOW; tests read fewer). */
  pgMatchWindow?: number;
}

interface Where {
  clauses: string[];
  params: unknown[];
}

/** A SQLite full-text expression, the table it runs on, and the filters left to check in SQL. */
interface FullTextMatch {
  match: string;
  exact: Where;
  table: 'articles_fts' | 'article_pairs';
}

/** The read side of the store: search, quotes, entities, outlet profiles, export. */
export class SearchQueries {
  /** PostgreSQL: the share of articles holding each common word pair (src/store/phrase-pairs.ts), cached. */
  private commonPairs: { at: number; shares: Promise<Map<string, number>> } | null = null;

  constructor(protected readonly db: SqlConnection, private readonly tuning: SearchTuning = {}) {}

  async getArticle(id: string): Promise<ArticleJson | null> {
    const row = await this.db.get<{ body: string; text: string }>('SELECT body, text FROM articles WHERE doc_id = ?', [id]);
    return row ? articleFromRow(row) : null;
  }

  async *articles(query: ArticleQuery = {}): AsyncGenerator<ArticleJson> {
    const where = this.filters(query);
    if (query.text) {
      const match = this.textMatch(query.text);
      where.clauses.push(match.clause);
      where.params.push(...match.params);
    }
    let after = 0;
    for (;;) {
      const rows = await this.db.all<{ id: number; body: string; text: string }>(
        `SELECT a.id, a.body, a.text FROM articles a WHERE a.id > ? ${where.clauses.map((c) => `AND ${c}`).join(' ')} ORDER BY a.id LIMIT 200`,
        [after, ...where.params],
      );
      for (const row of rows) yield articleFromRow(row);
      if (rows.length < 200) return;
      after = rows[rows.length - 1]!.id;
    }
  }

  async search(query: ArticleQuery): Promise<ArticleHit[]> {
    const where = this.filters(query);
    const limit = clampLimit(query.limit);
    const offset = Math.max(0, query.offset ?? 0);
    const select = `a.doc_id, a.url, a.title, o.domain, a.published_at, (SELECT s.doc_id FROM articles s WHERE s.id = a.story_id) AS story`;
    const filter = where.clauses.map((c) => `AND ${c}`).join(' ');
    type Row = { doc_id: string; url: string | null; title: string | null; domain: string | null; published_at: string | null; story: string; snippet?: string; score?: number };
    let rows: Row[];
    const facetFilter = query.outlet || query.entity || query.speaker || query.technique || query.voice;
    if (!query.text && facetFilter && this.db.dialect === 'sqlite') {
      // Filters without words: the facet tokens find the newest RANKING_WINDOW matching articles in the index,
      // and only those rows are read and sorted by date (testing each filter on every article row, the text
      // stored in the row included, took a second at 100k articles).
      const faceted = await this.facetedMatch(query);
      if (!faceted) return [];
      rows = await this.db.all<Row>(
        `SELECT ${select} FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id
         WHERE a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ${RANKING_WINDOW})
         ${faceted.exact.clauses.map((c) => `AND ${c}`).join(' ')}
         ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT ? OFFSET ?`,
        [faceted.match, ...faceted.exact.params, limit, offset],
      );
    } else if (!query.text) {
      rows = await this.db.all<Row>(
        `SELECT ${select} FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id WHERE 1 = 1 ${filter}
         ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT ? OFFSET ?`,
        [...where.params, limit, offset],
      );
    } else {
      rows = (await this.rankedTextSearch(query, select, limit, offset)) as Row[];
    }
    return rows.map((row) => ({
      id: row.doc_id, url: row.url, title: row.title, outlet: row.domain, publishedAt: row.published_at, story: row.story,
      snippet: row.snippet ?? null, score: row.score ?? null,
    }));
  }

  /**
   * Articles matching the query, counted up to `cap`: a walk that stops there, like the search's own window (a
   * full-text search pages through the newest RANKING_WINDOW matches only, so a count above that tells a caller
   * that there are more than it can page).
   */
  async countArticles(query: ArticleQuery, cap: number): Promise<number> {
    const limit = Math.max(0, Math.floor(cap));
    const count = async (sql: string, params: unknown[]) => Number((await this.db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM (${sql}) counted`, params))?.n ?? 0);
    const facetFilter = query.outlet || query.entity || query.speaker || query.technique || query.voice;
    if (this.db.dialect === 'sqlite' && (query.text || facetFilter)) {
      const faceted = await this.facetedMatch(query);
      if (!faceted) return 0;
      const exact = faceted.exact.clauses.map((c) => `AND ${c}`).join(' ');
      return count(`SELECT a.id FROM ${faceted.table} JOIN articles a ON a.id = ${faceted.table}.rowid WHERE ${faceted.table} MATCH ? ${exact} LIMIT ?`, [faceted.match, ...faceted.exact.params, limit]);
    }
    const where = this.filters(query);
    if (query.text) {
      const facets = await this.facetFilters(query);
      if (!facets) return 0;
      where.clauses = [`${PG_SEARCH_VECTOR} @@ ${pgQueryWithKeys('?')}`, ...facets.exact.clauses];
      where.params = [query.text, keysQuery(facets.groups), ...facets.exact.params];
      await this.requirePairs(query.text, where);
    }
    return count(`SELECT 1 FROM articles a WHERE 1 = 1 ${where.clauses.map((c) => `AND ${c}`).join(' ')} LIMIT ?`, [...where.params, limit]);
  }

  /**
   * Full-text search with a bounded cost however common its words are. The newest RANKING_WINDOW matches are
   * found first (ids only). SQLite: a complete match set (fewer than RANKING_WINDOW) is ranked by BM25 over the
   * query's rare terms (rankByRareTerms); a larger one, or one whose terms are all common, is ordered title
   * matches first, then newest, with a null score. PostgreSQL ranks a complete set by ts_rank_cd and orders a
   * larger one title matches first, then newest. Snippets are made only for the page returned.
   */
  private async rankedTextSearch(query: ArticleQuery, select: string, limit: number, offset: number): Promise<Array<Record<string, unknown> & { doc_id: string; story: string }>> {
    let candidates: Array<{ id: number; score: number | null }>;
    if (this.db.dialect === 'sqlite') {
      const faceted = await this.facetedMatch(query);
      if (!faceted) return [];
      const filter = faceted.exact.clauses.map((c) => `AND ${c}`).join(' ');
      // The newest matches by rowid cost about a millisecond when the words are common; a rare match set of
      // common words is walked in full once, here, and never again.
      const table = faceted.table;
      const window = await this.db.all<{ id: number }>(
        filter
          ? `SELECT a.id FROM ${table} JOIN articles a ON a.id = ${table}.rowid
             WHERE ${table} MATCH ? ${filter} ORDER BY ${table}.rowid DESC LIMIT ${RANKING_WINDOW}`
          : `SELECT rowid AS id FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid DESC LIMIT ${RANKING_WINDOW}`,
        [faceted.match, ...faceted.exact.params],
      );
      if (window.length === 0) return [];
      const ranked = window.length < RANKING_WINDOW ? await this.rankByRareTerms(query.text!, window.map((row) => row.id)) : null;
      candidates = ranked ? byScore(ranked) : await this.titleFirst(faceted, window.map((row) => row.id), offset + limit);
    } else {
      const facets = await this.facetFilters(query);
      if (!facets) return [];
      await this.requirePairs(query.text!, facets.exact);
      const ids = await this.pgNewestMatches(query.text!, facets);
      if (ids.length === 0) return [];
      if (ids.length <= PG_RANKED_MATCHES) {
        // ts_rank_cd reads (and decompresses) each candidate's tsvector, about 35 µs each: worth it for a small
        // set, not for hundreds of matches (640 took 23 ms at 5k articles).
        const ranked = await this.db.all<{ id: number; score: number }>(
          `SELECT a.id, ts_rank_cd(a.fts, websearch_to_tsquery('english', ?)) AS score FROM articles a WHERE a.id = ANY(?)`,
          [query.text, ids],
        );
        candidates = byScore(ranked.map((c) => ({ id: Number(c.id), score: Math.round(c.score * 1000) / 1000 })));
      } else {
        const titled = await this.db.all<{ id: number }>(
          `SELECT a.id FROM articles a WHERE a.id = ANY(?) AND a.title_fts @@ websearch_to_tsquery('english', ?)
           ORDER BY a.id DESC LIMIT ?`,
          [ids, query.text, offset + limit],
        );
        candidates = titleMatchesFirst(ids, titled.map((row) => Number(row.id)), offset + limit);
      }
    }
    const page = candidates.slice(offset, offset + limit);
    if (page.length === 0) return [];
    type PageRow = Record<string, unknown> & { id: number; doc_id: string; story: string; text: string };
    const ids = page.map((c) => c.id);
    // Plain rows by primary key, and the snippets in JavaScript (src/store/snippet.ts): FTS5 walks every match
    // of the expression for `rowid IN (…)`, and snippet() / ts_headline() tokenise the whole article per hit.
    const rows = await this.db.all<PageRow>(
      `SELECT a.id, ${select}, a.text FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id WHERE a.id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    const terms = snippetTerms(query.text!);
    const byId = new Map(rows.map((row) => [Number(row.id), row]));
    return page.map((c) => {
      const { text, ...row } = byId.get(c.id)!;
      return { ...row, snippet: makeSnippet(text, terms), score: c.score };
    });
  }

  /**
   * PostgreSQL: the ids of the newest RANKING_WINDOW (`pgMatchWindow`) matches of the words and facet tokens,
   * newest first, through the search keys (src/store/pg-search-keys.ts). First the id buckets of the newest twice
   * that many articles; when they hold fewer matches, the buckets that many matches should need at the density
   * seen (once, unless the whole corpus should read less); then the whole corpus, whose matches are then few:
   * read from the index and sorted (`a.id + 0`: walking the primary key newest first would test the text on
   * every row walked).
   */
  private async pgNewestMatches(text: string, facets: { groups: string[][]; exact: Where }): Promise<number[]> {
    const window = this.tuning.pgMatchWindow ?? RANKING_WINDOW;
    const filter = facets.exact.clauses.map((c) => `AND ${c}`).join(' ');
    const matches = async (groups: string[][], order: string) => (await this.db.all<{ id: number | string }>(
      `SELECT a.id FROM articles a WHERE ${PG_SEARCH_VECTOR} @@ ${pgQueryWithKeys('?')} ${filter} ORDER BY ${order} DESC LIMIT ${window}`,
      [text, keysQuery(groups), ...facets.exact.params],
    )).map((row) => Number(row.id)); // BIGINT ids arrive as strings
    const newest = Number((await this.db.get<{ id: number | string | null }>('SELECT MAX(id) AS id FROM articles'))?.id ?? 0);
    let span = 2 * window;
    for (let round = 0; round < 2 && span < newest / 2; round++) {
      const low = Math.max(1, newest - span + 1);
      const found = await matches([...facets.groups, bucketKeys(low, newest)], 'a.id');
      if (found.length >= window) return found;
      // The buckets read reach below `low`: they cover from the first id of the lowest one.
      const covered = newest - Math.floor(low / ID_BUCKET) * ID_BUCKET + 1;
      span = Math.ceil((1.5 * window * covered) / Math.max(found.length, 1));
      // More buckets, or the whole corpus, whichever should read less: GIN tests each article of the buckets
      // against the query (~0.5 µs), the whole corpus reads each match's row (~4 µs; measured at 100k articles).
      const matchesInCorpus = (found.length / covered) * newest;
      if (span / 8 + 1.5 * window >= matchesInCorpus) break;
    }
    return matches(facets.groups, 'a.id + 0');
  }

  /**
   * BM25 (title 4×, text 1×) for a complete match set, computed over the query's rare terms only: those found
   * in at most RARE_TERM_ARTICLES articles. FTS5's bm25() counts every article containing each term of the
   * expression it ranks (its IDF) on every query, so a common word would cost a walk of its whole posting list;
   * a common word's IDF is also the smallest, so the rare terms decide the order anyway. Null when the query has
   * no rare term (the caller orders title matches first, then newest).
   */
  private async rankByRareTerms(text: string, ids: readonly number[]): Promise<Array<{ id: number; score: number }> | null> {
    const rare: string[] = [];
    for (const unit of parseQuery(text).positive) {
      // A unit (a word, a phrase or an OR of them) matches at most as many articles as the sum, over its
      // alternatives, of the rarest word of each: counting words stops at the cap, however common they are.
      let bound = 0;
      for (const alternative of unit) {
        let rarest = Infinity;
        for (const word of alternative) rarest = Math.min(rarest, await this.articlesWithWord(word));
        bound += rarest;
      }
      if (bound <= this.rareTermArticles) rare.push(unitExpression(unit));
    }
    if (rare.length === 0) return null;
    // The window's rows all match every positive unit, so they all match this expression. Its matches are few
    // by construction: they are walked over the window's rowid range (one cursor, so the IDF is counted once)
    // and kept when in the window.
    const rows = await this.db.all<{ id: number; score: number }>(
      `SELECT rowid AS id, -bm25(articles_fts, 4.0, 1.0, 0.0) AS score FROM articles_fts
       WHERE articles_fts MATCH ? AND rowid BETWEEN ? AND ?`,
      [`{title text} : (${rare.join(' AND ')})`, ids[ids.length - 1], ids[0]],
    );
    const wanted = new Set(ids);
    return rows.filter((row) => wanted.has(row.id)).map((row) => ({ id: row.id, score: Math.round(row.score * 1000) / 1000 }));
  }

  /** PostgreSQL: the lexeme pairs of the query's phrases, required of every match (src/store/phrase-pairs.ts). */
  private async requirePairs(text: string, where: Where): Promise<void> {
    // The statistics change only with ANALYZE: read again every few minutes.
    if (!this.commonPairs || Date.now() - this.commonPairs.at > COMMON_PAIRS_TTL_MS) this.commonPairs = { at: Date.now(), shares: commonPairShares(this.db) };
    const pairs = await requiredPairs(this.db, text, await this.commonPairs.shares);
    if (!pairs) return;
    where.clauses.push('a.fts_pairs @> ?::text[]');
    where.params.push(pairs);
  }

  private get rareTermArticles(): number {
    return this.tuning.rareTermArticles ?? RARE_TERM_ARTICLES;
  }

  /** Articles whose title or text has this word, counted up to one more than the rare-term bound (a bounded walk). */
  private async articlesWithWord(word: string): Promise<number> {
    const row = await this.db.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)',
      [`{title text} : "${word}"`, this.rareTermArticles + 1],
    );
    return row!.n;
  }

  /**
   * The window ordered title matches first, then newest, as far as the first `needed` places (the page): the
   * newest title matches in the window's rowid range are walked only until there are enough of them, which
   * is soon for a common word (a title match per few articles) and the whole range for a rare one (few
   * postings). Places after `needed` are in window order.
   */
  private async titleFirst({ match, table }: FullTextMatch, ids: readonly number[], needed: number): Promise<Array<{ id: number; score: null }>> {
    const inWindow = new Set(ids);
    const titled = async (cap: number | null) => {
      const rows = await this.db.all<{ id: number }>(
        `SELECT rowid AS id FROM ${table} WHERE ${table} MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid DESC ${cap ? `LIMIT ${cap}` : ''}`,
        [titleMatch(match), ids[ids.length - 1]!, ids[0]!],
      );
      // Rows of the range that the window's exact SQL filters left out do not count.
      return { walked: rows.length, ids: rows.map((row) => row.id).filter((id) => inWindow.has(id)) };
    };
    let found = await titled(needed * 2);
    if (found.ids.length < needed && found.walked === needed * 2) found = await titled(null);
    return titleMatchesFirst(ids, found.ids, needed);
  }

  /**
   * The SQLite full-text expression for a query: the user's words restricted to title and text, AND-ed with the
   * facet tokens of its filters (src/store/facets.ts); what the tokens only approximate (date bounds inside the
   * first and last month, hashed speaker and technique names) stays as exact SQL. Null when a filter names
   * nothing in the corpus (no such outlet or entity): nothing can match. A text made of phrases only is looked
   * for in the pair index instead (src/store/phrase-pairs.ts), which carries the same facet tokens.
   */
  private async facetedMatch(query: ArticleQuery): Promise<FullTextMatch | null> {
    const pairs = query.text ? await this.pairExpression(query.text) : null;
    const facets = await this.facetFilters(query);
    if (!facets) return null;
    const terms = query.text ? [`{title text} : (${pairs ?? toFtsQuery(query.text)})`] : [];
    return { match: [...terms, ...facets.groups.map(anyOf)].join(' AND '), exact: facets.exact, table: pairs ? 'article_pairs' : 'articles_fts' };
  }

  /**
   * The facet tokens of a query's filters (src/store/facets.ts; one token of each group must match, and every
   * group), and what the tokens only approximate as SQL filters; null when a filter names nothing in the corpus
   * (no such outlet or entity): nothing can match.
   */
  private async facetFilters(query: ArticleQuery): Promise<{ groups: string[][]; exact: Where } | null> {
    const groups: string[][] = [];
    const from = query.from ? dateBound(query.from, 'from') : undefined;
    const to = query.to ? dateBound(query.to, 'to') : undefined;
    const months = monthTokens(from, to);
    // Outlet, entity and voice tokens are exact, and so are month tokens for a range of whole months; the rest
    // is checked again in SQL, on the candidates the tokens leave.
    const wholeMonths = months !== null && startsMonth(from!) && startsMonth(to!);
    const exact = this.filters({ ...(wholeMonths ? {} : { from: query.from, to: query.to }), speaker: query.speaker, technique: query.technique });
    if (query.outlet) {
      const outlets = await this.db.all<{ id: number }>('SELECT id FROM outlets WHERE domain = ? OR lower(name) = ?', outletKeys(query.outlet));
      if (outlets.length === 0) return null;
      groups.push(outlets.map((o) => outletToken(o.id)));
    }
    if (query.entity) {
      const entity = parseEntity(query.entity);
      const found = await this.db.all<{ id: number }>(`SELECT id FROM entities WHERE norm = ? ${entity.type ? 'AND type = ?' : ''}`, [entity.norm, ...(entity.type ? [entity.type] : [])]);
      if (found.length === 0) return null;
      groups.push(found.map((e) => entityToken(e.id)));
    }
    if (months) groups.push(months);
    if (query.speaker) groups.push([speakerToken(normaliseName(query.speaker))]);
    if (query.technique) groups.push([techniqueToken(query.technique)]);
    if (query.voice) groups.push([voiceToken(checkVoice(query.voice))]);
    return { groups, exact };
  }

  /**
   * The query as phrases of word pairs (`"a_b b_c" AND …`) when it is made of phrases only, each of at least two
   * FTS5 terms (no single word, alternative or exclusion: those are answered by articles_fts); otherwise null.
   */
  private async pairExpression(text: string): Promise<string | null> {
    const { positive, negative } = parseQuery(text);
    if (negative.length > 0 || positive.some((unit) => unit.length !== 1 || unit[0]!.length < 2)) return null;
    const phrases = await pairPhrases(this.db, positive.map((unit) => unit[0]!.join(' ')));
    return phrases.every((phrase) => phrase !== null) ? phrases.join(' AND ') : null;
  }

  async quotes(query: QuoteQuery): Promise<QuoteHit[]> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (query.speaker) {
      const norm = normaliseName(query.speaker);
      clauses.push('q.speaker_norm = ?');
      params.push(norm);
    }
    if (query.entity) {
      const entity = parseEntity(query.entity);
      clauses.push(`(q.article_id, q.local_id) IN (SELECT qe.article_id, qe.local_id FROM quote_entities qe
        WHERE qe.entity_id IN (SELECT id FROM entities WHERE norm = ? ${entity.type ? 'AND type = ?' : ''}))`);
      params.push(entity.norm, ...(entity.type ? [entity.type] : []));
    }
    if (query.text) {
      clauses.push(`q.content ${this.db.dialect === 'postgres' ? 'ILIKE' : 'LIKE'} ?`);
      params.push(`%${query.text.replace(/[%_]/g, '')}%`);
    }
    if (query.outlet) {
      clauses.push('a.outlet_id IN (SELECT id FROM outlets WHERE domain = ? OR lower(name) = ?)');
      params.push(query.outlet.toLowerCase().replace(/^www\./, ''), query.outlet.toLowerCase());
    }
    const rows = await this.db.all<{ doc_id: string; local_id: string; kind: string; content: string; speaker: string | null; domain: string | null; published_at: string | null }>(
      `SELECT a.doc_id, q.local_id, q.kind, q.content, COALESCE(e.name, q.speaker_name) AS speaker, o.domain, a.published_at
       FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN outlets o ON o.id = a.outlet_id
       LEFT JOIN entities e ON e.id = q.speaker_entity_id
       WHERE 1 = 1 ${clauses.map((c) => `AND ${c}`).join(' ')}
       ORDER BY q.article_id DESC, q.start_offset LIMIT ?`,
      [...params, clampLimit(query.limit)],
    );
    return rows.map((row) => ({
      articleId: row.doc_id, quoteId: row.local_id, kind: row.kind, text: row.content, speaker: row.speaker, outlet: row.domain, publishedAt: row.published_at,
    }));
  }

  async entities(query: EntityQuery = {}): Promise<EntityCount[]> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (query.type) {
      clauses.push('e.type = ?');
      params.push(query.type.toUpperCase());
    }
    if (query.name) {
      const prefix = normaliseName(query.name);
      if (this.db.dialect === 'sqlite') {
        // A range rather than LIKE (case-insensitive in SQLite, so it could not use the index on norm).
        clauses.push('e.norm >= ? AND e.norm < ?');
        params.push(prefix, `${prefix}\u{10FFFF}`);
      } else {
        clauses.push('e.norm LIKE ?');
        params.push(`${prefix.replace(/[%_\\]/g, '')}%`);
      }
    }
    // The counters are kept by every save (EntityTally in sql-store.ts).
    return this.db.all<EntityCount>(
      `SELECT e.type, e.name, e.article_count AS articles, e.mention_count AS mentions FROM entities e
       WHERE e.article_count > 0 ${clauses.map((c) => `AND ${c}`).join(' ')}
       ORDER BY articles DESC, mentions DESC, e.name LIMIT ?`,
      [...params, clampLimit(query.limit)],
    );
  }

  async coMentions(entity: string, limit?: number): Promise<EntityCount[]> {
    const target = parseEntity(entity);
    const ids = await this.db.all<{ id: number }>(`SELECT id FROM entities WHERE norm = ? ${target.type ? 'AND type = ?' : ''}`, [target.norm, ...(target.type ? [target.type] : [])]);
    if (ids.length === 0) return [];
    if (ids.length === 1) {
      // One entity: its pairs are counted as articles are saved (entity_pairs).
      return this.db.all<EntityCount>(
        `SELECT e.type, e.name, p.articles, p.mentions FROM entity_pairs p JOIN entities e ON e.id = p.other_id
         WHERE p.entity_id = ? ORDER BY p.articles DESC, p.mentions DESC, e.name LIMIT ?`,
        [ids[0]!.id, clampLimit(limit)],
      );
    }
    // A name shared by entities of several types: an article naming two of them must count once, so count here.
    return this.db.all<EntityCount>(
      `SELECT e.type, e.name, COUNT(DISTINCT other.article_id) AS articles, SUM(other.mentions) AS mentions
       FROM entities t JOIN article_entities mine ON mine.entity_id = t.id
       JOIN article_entities other ON other.article_id = mine.article_id AND other.entity_id <> t.id
       JOIN entities e ON e.id = other.entity_id
       WHERE t.norm = ? ${target.type ? 'AND t.type = ?' : ''}
       GROUP BY e.id, e.type, e.name ORDER BY articles DESC, mentions DESC, e.name LIMIT ?`,
      [target.norm, ...(target.type ? [target.type] : []), clampLimit(limit)],
    );
  }

  async outletProfiles(outlet?: string): Promise<OutletProfile[]> {
    const params: unknown[] = [];
    let only = '';
    if (outlet) {
      only = 'AND (o.domain = ? OR lower(o.name) = ?)';
      params.push(outlet.toLowerCase().replace(/^www\./, ''), outlet.toLowerCase());
    }
    type Row = {
      domain: string; name: string | null; articles: number; words: number; outlet: number; quoted: number; attributed: number; vague: number;
      sources: number; own_findings: number; quoted_findings: number;
    };
    const rows = await this.db.all<Row>(
      `SELECT o.domain, o.name, COUNT(*) AS articles, SUM(a.word_count) AS words,
         SUM(a.voice_outlet) AS outlet, SUM(a.voice_quoted) AS quoted, SUM(a.voice_attributed) AS attributed, SUM(a.voice_vague) AS vague,
         SUM((SELECT COUNT(DISTINCT COALESCE(CAST(q.speaker_entity_id AS TEXT), q.speaker_norm)) FROM quotes q WHERE q.article_id = a.id)) AS sources,
         SUM((SELECT COALESCE(SUM(t.outlet_findings), 0) FROM article_techniques t WHERE t.article_id = a.id)) AS own_findings,
         SUM((SELECT COALESCE(SUM(t.quoted_findings), 0) FROM article_techniques t WHERE t.article_id = a.id)) AS quoted_findings
       FROM articles a JOIN outlets o ON o.id = a.outlet_id WHERE 1 = 1 ${only}
       GROUP BY o.id, o.domain, o.name ORDER BY articles DESC, o.domain`,
      params,
    );
    return rows.map((row) => {
      const sentences = row.outlet + row.quoted + row.attributed + row.vague;
      const share = (n: number) => (sentences ? round(n / sentences) : 0);
      const per1000 = (n: number) => (row.words ? round((n * 1000) / row.words) : 0);
      return {
        outlet: row.domain, name: row.name, articles: row.articles, words: row.words,
        voiceShares: { outlet: share(row.outlet), quoted: share(row.quoted), attributed: share(row.attributed), vague: share(row.vague) },
        distinctSourcesPerArticle: round(row.sources / row.articles),
        findingsPer1000Words: per1000(row.own_findings),
        quotedFindingsPer1000Words: per1000(row.quoted_findings),
      };
    });
  }

  async stats(): Promise<StoreStats> {
    const row = await this.db.get<StoreStats>(
      `SELECT (SELECT COUNT(*) FROM articles) AS articles, (SELECT COUNT(DISTINCT story_id) FROM articles) AS stories,
         (SELECT COUNT(*) FROM outlets) AS outlets, (SELECT COUNT(DISTINCT entity_id) FROM article_entities) AS entities, (SELECT COUNT(*) FROM quotes) AS quotes,
         (SELECT COALESCE(SUM(findings), 0) FROM article_techniques) AS framing, (SELECT COUNT(*) FROM doc_errors) AS errors`,
    );
    return row!;
  }

  async errors(runId?: number): Promise<DocumentError[]> {
    return this.db.all<DocumentError>(
      `SELECT run_id AS "runId", source_key AS "sourceKey", label, code, message FROM doc_errors ${runId === undefined ? '' : 'WHERE run_id = ?'} ORDER BY id`,
      runId === undefined ? [] : [runId],
    );
  }

  /** Filters other than the full-text one, as SQL over the alias `a` (articles). */
  protected filters(query: ArticleQuery): Where {
    const where: Where = { clauses: [], params: [] };
    const add = (clause: string, ...params: unknown[]) => {
      where.clauses.push(clause);
      where.params.push(...params);
    };
    if (query.outlet) add('a.outlet_id IN (SELECT id FROM outlets WHERE domain = ? OR lower(name) = ?)', ...outletKeys(query.outlet));
    if (query.from) add('a.published_at >= ?', dateBound(query.from, 'from'));
    if (query.to) add('a.published_at < ?', dateBound(query.to, 'to'));
    if (query.entity) {
      const entity = parseEntity(query.entity);
      const named = `SELECT id FROM entities WHERE norm = ? ${entity.type ? 'AND type = ?' : ''}`;
      // PostgreSQL: the entity ids as an array computed once (an InitPlan). Joined to entities inside EXISTS, the
      // planner pulled the join up and checked the text match on every article naming the entity, newest
      // first or not (34 ms for "flood" with an entity named in 38 % of 5k articles; 3 ms this way).
      add(this.db.dialect === 'postgres'
        ? `EXISTS (SELECT 1 FROM article_entities ae WHERE ae.article_id = a.id AND ae.entity_id = ANY(ARRAY(${named})))`
        : `EXISTS (SELECT 1 FROM article_entities ae WHERE ae.article_id = a.id AND ae.entity_id IN (${named}))`,
      entity.norm, ...(entity.type ? [entity.type] : []));
    }
    if (query.speaker) {
      const norm = normaliseName(query.speaker);
      add('EXISTS (SELECT 1 FROM quotes q WHERE q.speaker_norm = ? AND q.article_id = a.id)', norm);
    }
    if (query.technique) add('EXISTS (SELECT 1 FROM article_techniques t WHERE t.article_id = a.id AND t.technique = ?)', query.technique);
    if (query.voice) add(`a.voice_${checkVoice(query.voice)} > 0`);
    return where;
  }

  protected textMatch(text: string): { clause: string; params: unknown[] } {
    return this.db.dialect === 'sqlite'
      ? { clause: 'a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)', params: [toFtsQuery(text)] }
      : { clause: `${PG_SEARCH_VECTOR} @@ websearch_to_tsquery('english', ?)`, params: [text] };
  }
}

function articleFromRow(row: { body: string; text: string }): ArticleJson {
  const body = JSON.parse(row.body) as Omit<ArticleJson, 'text'>;
  // Put `text` back where the contract shows it: just before `blocks`.
  const article: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'blocks') article['text'] = row.text;
    article[key] = value;
  }
  if (!('text' in article)) article['text'] = row.text;
  return article as ArticleJson;
}

function checkVoice(voice: Voice): Voice {
  if (!VOICES.has(voice)) throw new PresslensError('usage', `unknown voice "${voice}" (outlet, quoted, attributed or vague)`);
  return voice;
}

/** The newest `needed` title matches first (newest first), then the rest of the window in its order; no scores. */
function titleMatchesFirst(window: readonly number[], titled: readonly number[], needed: number): Array<{ id: number; score: null }> {
  const head = titled.slice(0, needed);
  const inHead = new Set(head);
  return [...head, ...window.filter((id) => !inHead.has(id))].map((id) => ({ id, score: null }));
}

/** Highest score first, newest first among equals. */
function byScore<T extends { id: number; score: number }>(candidates: T[]): T[] {
  return candidates.sort((x, y) => y.score - x.score || y.id - x.id);
}

/** The same expression with the user's words looked for in the title only. */
function titleMatch(match: string): string {
  return match.replace(/^\{title text\} : /, '{title} : ');
}

/** The domain and the site name an --outlet value may be. */
function outletKeys(outlet: string): [string, string] {
  return [outlet.toLowerCase().replace(/^www\./, ''), outlet.toLowerCase()];
}

/** `TYPE:name` or `name`, normalised. */
function parseEntity(spec: string): { type: string | null; norm: string } {
  const match = /^([A-Z]+):(.+)$/i.exec(spec);
  if (match && ENTITY_TYPES.has(match[1]!.toUpperCase())) return { type: match[1]!.toUpperCase(), norm: normaliseName(match[2]!) };
  return { type: null, norm: normaliseName(spec) };
}

/** A query's terms: each positive unit is one or more alternatives (OR), each a word or a phrase (its words). */
interface ParsedQuery {
  positive: string[][][];
  negative: string[][];
}

/** The web-search syntax (words, "phrases", OR, -word) as units of words; punctuation and operators dropped. */
function parseQuery(text: string): ParsedQuery {
  const parts = text.match(/-?"[^"]*"|\S+/g) ?? [];
  const parsed: ParsedQuery = { positive: [], negative: [] };
  let orNext = false;
  for (const part of parts) {
    if (part === 'AND') continue; // all words must match anyway
    if (part === 'OR') {
      orNext = parsed.positive.length > 0;
      continue;
    }
    const negated = part.startsWith('-') && part.length > 1;
    const body = (negated ? part.slice(1) : part).replace(/^"|"$/g, '');
    const words = body.match(/[\p{L}\p{N}]+/gu);
    if (!words) continue;
    if (negated) parsed.negative.push(words);
    else if (orNext) parsed.positive[parsed.positive.length - 1]!.push(words);
    else parsed.positive.push([words]);
    orNext = false;
  }
  if (parsed.positive.length === 0) throw new PresslensError('usage', `the search "${text}" has no words to look for`);
  return parsed;
}

/** One unit as FTS5: every word quoted, so FTS5 operators and punctuation typed by the user cannot break it. */
function unitExpression(alternatives: readonly string[][]): string {
  const phrases = alternatives.map((words) => `"${words.join(' ')}"`);
  return phrases.length === 1 ? phrases[0]! : `(${phrases.join(' OR ')})`;
}

/** A user's query in the web-search style (words, "phrases", OR, -word) as an FTS5 expression. */
export function toFtsQuery(text: string): string {
  const { positive, negative } = parseQuery(text);
  return positive.map(unitExpression).join(' AND ') + negative.map((words) => ` NOT "${words.join(' ')}"`).join('');
}

export function dateBound(value: string, which: 'from' | 'to'): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const time = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(time)) throw new PresslensError('usage', `--${which} needs a date (YYYY-MM-DD) or an ISO date-time, not "${value}"`);
  // "--to 2024-03-31" includes that whole day.
  return new Date(dateOnly && which === 'to' ? time + 86_400_000 : time).toISOString();
}

export function clampLimit(limit: number | undefined): number {
  return Math.min(10_000, Math.max(1, limit ?? DEFAULT_LIMIT));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

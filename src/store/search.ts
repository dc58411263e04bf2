import type { ArticleJson, Voice } from '../core/article.js';
import { PresslensError } from '../core/errors.js';
import type { SqlConnection } from './connection.js';
import { normaliseName } from './identity.js';
import type {
  ArticleHit, ArticleQuery, DocumentError, EntityCount, EntityQuery, OutletProfile, QuoteHit, QuoteQuery, StoreStats,
} from './types.js';

const VOICES = new Set<Voice>(['outlet', 'quoted', 'attributed', 'vague']);
const ENTITY_TYPES = new Set(['PERSON', 'ORG', 'GPE', 'LOC', 'FAC', 'NORP', 'EVENT', 'WORK', 'PRODUCT', 'LAW', 'MISC']);
const DEFAULT_LIMIT = 20;
/** Full-text matches ranked per query: the newest this many (see rankedTextSearch). */
export const RANKING_WINDOW = 1000;

interface Where {
  clauses: string[];
  params: unknown[];
}

/** The read side of the store: search, quotes, entities, outlet profiles, export. */
export class SearchQueries {
  constructor(protected readonly db: SqlConnection) {}

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
    if (!query.text) {
      rows = await this.db.all<Row>(
        `SELECT ${select} FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id WHERE 1 = 1 ${filter}
         ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT ? OFFSET ?`,
        [...where.params, limit, offset],
      );
    } else {
      rows = (await this.rankedTextSearch(query.text, where, select, limit, offset)) as Row[];
    }
    return rows.map((row) => ({
      id: row.doc_id, url: row.url, title: row.title, outlet: row.domain, publishedAt: row.published_at, story: row.story,
      snippet: row.snippet ?? null, score: row.score ?? null,
    }));
  }

  /**
   * Full-text search, ranked by relevance among the newest RANKING_WINDOW (1,000) matches (in ingest order): the cost of a
   * query is bounded however common its words are, and a query with fewer matches is ranked in full. Snippets are
   * made only for the page returned.
   */
  private async rankedTextSearch(text: string, where: Where, select: string, limit: number, offset: number): Promise<Array<Record<string, unknown> & { doc_id: string; story: string }>> {
    const filter = where.clauses.map((c) => `AND ${c}`).join(' ');
    const sqlite = this.db.dialect === 'sqlite';
    const match = sqlite ? toFtsQuery(text) : text;
    const candidates = sqlite
      ? await this.db.all<{ id: number; score: number }>(
          `SELECT a.id, -bm25(articles_fts, 4.0, 1.0) AS score FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
           WHERE articles_fts MATCH ? ${filter} ORDER BY articles_fts.rowid DESC LIMIT ${RANKING_WINDOW}`,
          [match, ...where.params],
        )
      : await this.db.all<{ id: number; score: number }>(
          `SELECT c.id, ts_rank_cd(a.fts, websearch_to_tsquery('english', ?)) AS score FROM (
             SELECT a.id FROM articles a WHERE a.fts @@ websearch_to_tsquery('english', ?) ${filter} ORDER BY a.id DESC LIMIT ${RANKING_WINDOW}
           ) c JOIN articles a ON a.id = c.id`,
          [match, match, ...where.params],
        );
    candidates.sort((x, y) => y.score - x.score || y.id - x.id);
    const page = candidates.slice(offset, offset + limit);
    if (page.length === 0) return [];
    const ids = page.map((c) => c.id);
    const marks = ids.map(() => '?').join(', ');
    const rows = sqlite
      ? await this.db.all<Record<string, unknown> & { id: number; doc_id: string; story: string }>(
          `SELECT a.id, ${select}, snippet(articles_fts, 1, '«', '»', '…', 16) AS snippet
           FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid LEFT JOIN outlets o ON o.id = a.outlet_id
           WHERE articles_fts MATCH ? AND articles_fts.rowid IN (${marks})`,
          [match, ...ids],
        )
      : await this.db.all<Record<string, unknown> & { id: number; doc_id: string; story: string }>(
          `SELECT a.id, ${select}, ts_headline('english', a.text, websearch_to_tsquery('english', ?), 'MaxWords=24, MinWords=10, StartSel=«, StopSel=»') AS snippet
           FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id WHERE a.id IN (${marks})`,
          [match, ...ids],
        );
    const byId = new Map(rows.map((row) => [Number(row.id), row]));
    return page.map((c) => ({ ...byId.get(c.id)!, score: Math.round(c.score * 1000) / 1000 }));
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
      clauses.push('e.norm LIKE ?');
      params.push(`${normaliseName(query.name).replace(/[%_]/g, '')}%`);
    }
    return this.db.all<EntityCount>(
      `SELECT e.type, e.name, COUNT(DISTINCT ae.article_id) AS articles, SUM(ae.mentions) AS mentions
       FROM entities e JOIN article_entities ae ON ae.entity_id = e.id
       WHERE 1 = 1 ${clauses.map((c) => `AND ${c}`).join(' ')}
       GROUP BY e.id, e.type, e.name ORDER BY articles DESC, mentions DESC, e.name LIMIT ?`,
      [...params, clampLimit(query.limit)],
    );
  }

  async coMentions(entity: string, limit?: number): Promise<EntityCount[]> {
    const target = parseEntity(entity);
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
         SUM((SELECT COUNT(*) FROM framing f WHERE f.article_id = a.id AND f.voice = 'outlet')) AS own_findings,
         SUM((SELECT COUNT(*) FROM framing f WHERE f.article_id = a.id AND f.voice = 'quoted')) AS quoted_findings
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
         (SELECT COUNT(*) FROM framing) AS framing, (SELECT COUNT(*) FROM doc_errors) AS errors`,
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
    if (query.outlet) add('a.outlet_id IN (SELECT id FROM outlets WHERE domain = ? OR lower(name) = ?)', query.outlet.toLowerCase().replace(/^www\./, ''), query.outlet.toLowerCase());
    if (query.from) add('a.published_at >= ?', dateBound(query.from, 'from'));
    if (query.to) add('a.published_at < ?', dateBound(query.to, 'to'));
    if (query.entity) {
      const entity = parseEntity(query.entity);
      add(`EXISTS (SELECT 1 FROM article_entities ae JOIN entities e ON e.id = ae.entity_id WHERE ae.article_id = a.id AND e.norm = ? ${entity.type ? 'AND e.type = ?' : ''})`,
        entity.norm, ...(entity.type ? [entity.type] : []));
    }
    if (query.speaker) {
      const norm = normaliseName(query.speaker);
      add('EXISTS (SELECT 1 FROM quotes q WHERE q.speaker_norm = ? AND q.article_id = a.id)', norm);
    }
    if (query.technique) add('EXISTS (SELECT 1 FROM framing f WHERE f.article_id = a.id AND f.technique = ?)', query.technique);
    if (query.voice) {
      if (!VOICES.has(query.voice)) throw new PresslensError('usage', `unknown voice "${query.voice}" (outlet, quoted, attributed or vague)`);
      add(`a.voice_${query.voice} > 0`);
    }
    return where;
  }

  protected textMatch(text: string): { clause: string; params: unknown[] } {
    return this.db.dialect === 'sqlite'
      ? { clause: 'a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)', params: [toFtsQuery(text)] }
      : { clause: "a.fts @@ websearch_to_tsquery('english', ?)", params: [text] };
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

/** `TYPE:name` or `name`, normalised. */
function parseEntity(spec: string): { type: string | null; norm: string } {
  const match = /^([A-Z]+):(.+)$/i.exec(spec);
  if (match && ENTITY_TYPES.has(match[1]!.toUpperCase())) return { type: match[1]!.toUpperCase(), norm: normaliseName(match[2]!) };
  return { type: null, norm: normaliseName(spec) };
}

/**
 * A user's query in the web-search style (words, "phrases", OR, -word) as an FTS5 expression. Every word is
 * quoted, so FTS5 operators and punctuation typed by the user cannot break the query.
 */
export function toFtsQuery(text: string): string {
  const parts = text.match(/-?"[^"]*"|\S+/g) ?? [];
  const positive: string[] = [];
  const negative: string[] = [];
  let orNext = false;
  for (const part of parts) {
    if (part === 'AND') continue; // all words must match anyway
    if (part === 'OR') {
      orNext = positive.length > 0;
      continue;
    }
    const negated = part.startsWith('-') && part.length > 1;
    const body = (negated ? part.slice(1) : part).replace(/^"|"$/g, '');
    const terms = body.match(/[\p{L}\p{N}]+/gu);
    if (!terms) continue;
    const phrase = `"${terms.join(' ')}"`;
    if (negated) negative.push(phrase);
    else if (orNext) positive[positive.length - 1] = `(${positive[positive.length - 1]} OR ${phrase})`;
    else positive.push(phrase);
    orNext = false;
  }
  if (positive.length === 0) throw new PresslensError('usage', `the search "${text}" has no words to look for`);
  return positive.join(' AND ') + negative.map((n) => ` NOT ${n}`).join('');
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

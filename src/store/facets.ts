import type { Voice } from '../core/article.js';
import type { SqlConnection } from './connection.js';
import { hash32 } from './identity.js';

/**
 * Search facets: an article's outlet, month, entities, speakers, framing techniques and sentence voices written
 * as tokens into a third column of the SQLite full-text index (`articles_fts.facets`). A text search with
 * filters then becomes one FTS5 expression, `{title text}: (words) AND facets: o7 AND (facets: e12 OR …)`,
 * and FTS5 intersects the posting lists inside the index, newest first, instead of fetching article rows one by
 * one to test each filter. Tokens that stand for a range (months) or a hash (speakers, techniques) narrow the
 * candidates; the exact condition is still checked in SQL on the few that remain.
 *
 * Tokens are letters followed by digits so that neither the porter stemmer nor case folding changes them.
 */
const VOICE_NUMBER: Record<Voice, number> = { outlet: 1, quoted: 2, attributed: 3, vague: 4 };

/** A month range longer than this is filtered in SQL only (the OR of so many months would not narrow much). */
const MAX_MONTH_TOKENS = 36;

export interface FacetSource {
  outletId: number | null;
  /** ISO-8601 UTC, as stored. */
  publishedAt: string | null;
  entityIds: Iterable<number>;
  /** Tokens of speakers, techniques and voices (`contentFacetTokens`). */
  contentTokens: Iterable<string>;
}

export const outletToken = (id: number) => `o${id}`;
export const entityToken = (id: number) => `e${id}`;
export const speakerToken = (norm: string) => `s${hash32(norm)}`;
export const techniqueToken = (technique: string) => `t${hash32(technique)}`;
export const voiceToken = (voice: Voice) => `v${VOICE_NUMBER[voice]}`;

function monthToken(isoDate: string): string | null {
  const match = /^(\d{4})-(\d{2})/.exec(isoDate);
  return match ? `m${match[1]}${match[2]}` : null;
}

/** The facets column of one article. */
export function facetText(source: FacetSource): string {
  const tokens = new Set<string>();
  if (source.outletId !== null) tokens.add(outletToken(source.outletId));
  const month = source.publishedAt ? monthToken(source.publishedAt) : null;
  if (month) tokens.add(month);
  for (const id of source.entityIds) tokens.add(entityToken(id));
  for (const token of source.contentTokens) tokens.add(token);
  return [...tokens].join(' ');
}

/** The facet tokens that need no corpus ids (speakers, techniques, voices), deduplicated, in that order. */
export function contentFacetTokens(speakerNorms: Iterable<string>, techniques: Iterable<string>, voices: Iterable<Voice>): string[] {
  const tokens = new Set<string>();
  for (const norm of speakerNorms) tokens.add(speakerToken(norm));
  for (const technique of techniques) tokens.add(techniqueToken(technique));
  for (const voice of voices) tokens.add(voiceToken(voice));
  return [...tokens];
}

/** The month tokens covering [from, to) (ISO-8601 bounds), or null when the range is open or too long. */
export function monthTokens(from: string | undefined, to: string | undefined): string[] | null {
  if (!from || !to) return null;
  const start = new Date(from);
  // `to` is exclusive: the month of its last included instant.
  const end = new Date(Date.parse(to) - 1);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end < start) return null;
  const tokens: string[] = [];
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth();
  while (year < end.getUTCFullYear() || (year === end.getUTCFullYear() && month <= end.getUTCMonth())) {
    if (tokens.length === MAX_MONTH_TOKENS) return null;
    tokens.push(`m${year}${String(month + 1).padStart(2, '0')}`);
    if (++month === 12) [year, month] = [year + 1, 0];
  }
  return tokens;
}

/** True when an ISO-8601 instant is the first instant of a UTC month (month tokens are then exact bounds). */
export function startsMonth(iso: string): boolean {
  const time = new Date(iso);
  return time.getUTCDate() === 1 && time.getUTCHours() === 0 && time.getUTCMinutes() === 0 && time.getUTCSeconds() === 0 && time.getUTCMilliseconds() === 0;
}

/** `facets: (t1 OR t2 …)` for an FTS5 expression. */
export function anyOf(tokens: readonly string[]): string {
  return tokens.length === 1 ? `facets : ${tokens[0]}` : `facets : (${tokens.join(' OR ')})`;
}

/**
 * Fills the facets column of articles stored before it existed (migration 2; PostgreSQL: 6), a page at a time.
 * It reads the `framing` table, which exists until migration 7 replaces it: only those migrations may call it.
 */
export async function backfillFacets(tx: SqlConnection): Promise<void> {
  let after = 0;
  for (;;) {
    const articles = await tx.all<{ id: number; outlet_id: number | null; published_at: string | null; voice_outlet: number; voice_quoted: number; voice_attributed: number; voice_vague: number }>(
      'SELECT id, outlet_id, published_at, voice_outlet, voice_quoted, voice_attributed, voice_vague FROM articles WHERE id > ? ORDER BY id LIMIT 500',
      [after],
    );
    if (articles.length === 0) return;
    const first = articles[0]!.id;
    const last = articles[articles.length - 1]!.id;
    const grouped = async (sql: string) => {
      const byArticle = new Map<number, unknown[]>();
      for (const row of await tx.all<{ article_id: number; value: unknown }>(sql, [first, last])) {
        const list = byArticle.get(row.article_id) ?? [];
        list.push(row.value);
        byArticle.set(row.article_id, list);
      }
      return byArticle;
    };
    const entities = await grouped('SELECT article_id, entity_id AS value FROM article_entities WHERE article_id BETWEEN ? AND ?');
    const speakers = await grouped('SELECT article_id, speaker_norm AS value FROM quotes WHERE article_id BETWEEN ? AND ? AND speaker_norm IS NOT NULL');
    const techniques = await grouped('SELECT article_id, technique AS value FROM framing WHERE article_id BETWEEN ? AND ?');
    const page = articles.map((article) => {
      const voices = (['outlet', 'quoted', 'attributed', 'vague'] as const).filter((voice) => article[`voice_${voice}`] > 0);
      return facetText({
        outletId: article.outlet_id, publishedAt: article.published_at,
        entityIds: (entities.get(article.id) ?? []) as number[],
        contentTokens: contentFacetTokens((speakers.get(article.id) ?? []) as string[], (techniques.get(article.id) ?? []) as string[], voices),
      });
    });
    if (tx.dialect === 'postgres') {
      // One statement a page: a round trip per article would be most of the migration.
      await tx.run('UPDATE articles a SET facets = f.facets FROM unnest(?::bigint[], ?::text[]) AS f(id, facets) WHERE a.id = f.id',
        [articles.map((article) => article.id), page]);
    } else {
      for (const [index, article] of articles.entries()) await tx.run('UPDATE articles SET facets = ? WHERE id = ?', [page[index], article.id]);
    }
    after = last;
  }
}

/**
 * What the HTTP server needs from a corpus store, and nothing more. The server only speaks these plain JSON
 * shapes; a store driver (SQLite, PostgreSQL) or the in-memory corpus (memory-corpus.ts) implements them.
 *
 * Identity: `ArticleJson.entities[].id` ("e1") is local to one article. A corpus gives every entity a
 * corpus-wide id (`EntitySummary.id`), and `QuoteRecord.speaker.entityId` is such a corpus id.
 * Outlets are named by domain ("northport-gazette.example", no "www.").
 * Every method may be async; every list is paged (`limit` default 20, at most 100; `offset` default 0).
 */
import type { CoverageDiff } from '../compare/diff/types.js';
import type { ArticleJson, EntityType, QuoteKind, Span, Voice } from '../core/article.js';
import type { ArticleFilters } from '../store/types.js';

export interface PageOptions {
  limit?: number;
  offset?: number;
}

export interface Page<T> {
  /** Matches in all, not only on this page (see `totalCapped`). */
  total: number;
  /**
   * True when there are more matches than `total`: a store counts a search's matches only as far as it pages
   * them (its newest 1,000 for a full-text search), so as not to walk every match of a common word.
   */
  totalCapped?: boolean;
  items: T[];
}

export interface ArticleSummary {
  id: string;
  title: string | null;
  url: string | null;
  outlet: string | null;
  siteName: string | null;
  publishedAt: string | null;
  authors: string[];
  counts: { words: number; quotes: number; entities: number; framing: number };
}

/** A piece of text with spans to highlight; rendered as text nodes, never as HTML. */
export interface TextSnippet {
  text: string;
  highlights: Span[];
}

export interface SearchHit extends ArticleSummary {
  snippet: TextSnippet;
}

/**
 * Filters of a full-text search: the store's (src/store/types.ts), except that entity and speaker also take a
 * corpus entity id (`person:elena-varga`) besides a name.
 */
export interface SearchFilters extends PageOptions, ArticleFilters {}

export interface QuoteFilters extends PageOptions {
  speaker?: string;
  /** Quotes whose text mentions this entity (id or name). */
  entity?: string;
  outlet?: string;
  articleId?: string;
}

export interface QuoteRecord {
  id: string;
  articleId: string;
  articleTitle: string | null;
  outlet: string | null;
  publishedAt: string | null;
  kind: QuoteKind;
  text: string;
  speaker: { name: string | null; entityId: string | null };
}

export interface EntityFilters extends PageOptions {
  /** Substring of the name, case-insensitive. */
  q?: string;
  /** Exact name, case-insensitive (to resolve a speaker seen in an article). */
  name?: string;
  type?: EntityType;
}

export interface EntitySummary {
  id: string;
  name: string;
  type: EntityType;
  /** Articles that mention it, mentions in all, quotes it is the speaker of. */
  articles: number;
  mentions: number;
  quotes: number;
}

export interface CoMention {
  id: string;
  name: string;
  type: EntityType;
  /** Articles in which both are mentioned. */
  articles: number;
}

export interface EntityDetail extends EntitySummary {
  quotesBy: QuoteRecord[];
  mentionedIn: (ArticleSummary & { mentions: number; snippet: TextSnippet })[];
  /** The most co-mentioned entities, most first. */
  coMentions: CoMention[];
  /** Co-mention links among `coMentions` themselves (for the graph), with the articles they share. */
  coMentionLinks: { source: string; target: string; articles: number }[];
}

export interface OutletProfile {
  domain: string;
  name: string | null;
  articles: number;
  words: number;
  /** Share of sentences in each voice, over all the outlet's articles (sums to 1, or all 0 without sentences). */
  voiceShare: Record<Voice, number>;
  /** Distinct named speakers per article, on average. */
  namedSourcesPerArticle: number;
  framingPer1000Words: number;
  topSpeakers: { name: string; entityId: string | null; quotes: number }[];
  topTechniques: { technique: string; count: number }[];
  recent: ArticleSummary[];
}

export interface IngestResult {
  /** Ids stored by this call, in input order. */
  stored: string[];
  /** Ids already present (same id); left as they were. */
  duplicates: string[];
}

export interface SentenceOccurrence extends Span {
  articleId: string;
  text: string;
  /** Dice overlap of content words with the group's first sentence (1 for the first itself). */
  similarity: number;
}

/** One sentence as the compared articles carry it: in several (shared) or in one only (exclusive). */
export interface SentenceGroup {
  status: 'shared' | 'exclusive';
  articleIds: string[];
  omittedBy: string[];
  occurrences: SentenceOccurrence[];
}

/** GET /api/compare: the coverage diff of src/compare, and the articles' sentences aligned (comparison.ts). */
export interface Comparison {
  diff: CoverageDiff;
  sentences: SentenceGroup[];
}

export interface Corpus {
  getArticle(id: string): Promise<ArticleJson | null>;
  /** Full text search; an empty query lists every article matching the filters, newest first. */
  search(query: string, filters: SearchFilters): Promise<Page<SearchHit>>;
  quotes(filters: QuoteFilters): Promise<Page<QuoteRecord>>;
  entities(filters: EntityFilters): Promise<Page<EntitySummary>>;
  entity(id: string): Promise<EntityDetail | null>;
  outlet(domain: string): Promise<OutletProfile | null>;
  /** Stores analysed articles (the server runs the analysis). */
  ingest(articles: ArticleJson[]): Promise<IngestResult>;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The outlet of an article: its URL's host without "www.", or null without a URL. */
export function outletOf(article: Pick<ArticleJson, 'url'>): string | null {
  if (!article.url) return null;
  try {
    return new URL(article.url).hostname.toLowerCase().replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

import type { ArticleJson, Voice } from '../core/article.js';
import type { PresslensError } from '../core/errors.js';
import type { Dialect } from './connection.js';
import type { StoryClusterStore } from './story-cluster-types.js';
import type { PreparedArticle } from './prepare.js';

/** What happened to one document handed to the store. */
export type SaveStatus =
  | 'stored'          // a new article
  | 'near-duplicate'  // stored, and marked as a copy of an earlier story (wire copy)
  | 'duplicate'       // same canonical URL, same text or same id and text as a stored article: not stored again
  | 'already-done';   // this source item was ingested by an earlier run

/**
 * An analysed article as the store takes it: the Article object, or the form an analysis worker sends — its text,
 * the rest of it as JSON (what the store keeps as the article's body) and what saving derives from it
 * (`prepareArticle`) — which the store parses only as it writes that article, so a batch waiting to be saved
 * holds a few strings per article instead of thousands of objects (they would survive, and be copied by, every
 * young-generation garbage collection until the batch is written).
 */
export type StorableArticle =
  | {
    article: ArticleJson;
    /**
     * The article without its `text` as JSON, when the caller has it already: stored as the article's body
     * instead of serialising the object again. It must describe `article`.
     */
    bodyJson?: string;
    /** What saving derives from the article alone (`prepareArticle`), when the caller made it already. It must describe `article`. */
    prepared?: PreparedArticle;
  }
  | { article?: undefined; text: string; bodyJson: string; prepared: PreparedArticle };

export type SaveRequest = StorableArticle & {
  /** Where the document came from, stable across runs (a file path, a WARC record id, a JSONL line). */
  sourceKey: string;
};

export type SaveOutcome =
  | { status: SaveStatus; docId: string; duplicateOf?: string; error?: undefined }
  | { status?: undefined; error: PresslensError };

/** Filters of articles (search, export, the server's search). Names are matched after normalisation (case, accents). */
export interface ArticleFilters {
  /** Outlet domain (example.com) or site name. */
  outlet?: string;
  /** Published at or after (ISO date or date-time). */
  from?: string;
  /** Published before the end of this day (a date) or this instant. */
  to?: string;
  /** An entity named in the article, as `name` or `TYPE:name`. */
  entity?: string;
  /** A speaker quoted in the article. */
  speaker?: string;
  /** A framing technique found in the article. */
  technique?: string;
  /** The article has sentences in this voice. */
  voice?: Voice;
}

/** Filters shared by article search and export, with the words to look for and the page. */
export interface ArticleQuery extends ArticleFilters {
  /** Full-text query: words (all must match), "quoted phrases", OR, -excluded. */
  text?: string;
  limit?: number;
  offset?: number;
}

export interface ArticleHit {
  id: string;
  url: string | null;
  title: string | null;
  outlet: string | null;
  publishedAt: string | null;
  /** The story this article belongs to (the id of its first copy) and how many copies the store holds. */
  story: string;
  snippet: string | null;
  score: number | null;
}

export interface QuoteQuery {
  speaker?: string;
  /** An entity mentioned inside the quote. */
  entity?: string;
  /** Words the quote contains. */
  text?: string;
  outlet?: string;
  limit?: number;
}

export interface QuoteHit {
  articleId: string;
  quoteId: string;
  kind: string;
  text: string;
  speaker: string | null;
  outlet: string | null;
  publishedAt: string | null;
}

export interface EntityQuery {
  /** Prefix of the normalised name. */
  name?: string;
  type?: string;
  limit?: number;
}

export interface EntityCount {
  type: string;
  name: string;
  articles: number;
  mentions: number;
}

export interface OutletProfile {
  outlet: string;
  name: string | null;
  articles: number;
  words: number;
  /** Share of sentences in each voice. */
  voiceShares: Record<Voice, number>;
  /** Mean number of distinct quoted sources per article. */
  distinctSourcesPerArticle: number;
  /** Framing findings in the outlet's own voice per 1,000 words. */
  findingsPer1000Words: number;
  /** Framing findings inside quotes per 1,000 words. */
  quotedFindingsPer1000Words: number;
}

export interface StoreStats {
  articles: number;
  stories: number;
  outlets: number;
  entities: number;
  quotes: number;
  framing: number;
  errors: number;
}

export interface RunReport {
  [key: string]: unknown;
}

export interface DocumentError {
  runId: number;
  sourceKey: string;
  label: string;
  code: string;
  message: string;
}

/** The corpus store. Both drivers pass one conformance suite (src/store/conformance.test.ts). */
export interface Store {
  readonly dialect: Dialect;
  readonly location: string;
  /** Story clusters (articles about one story across outlets), updated as articles are saved. */
  readonly storyClusters: StoryClusterStore;
  /** Which of these source keys earlier runs have already ingested. */
  doneSources(keys: readonly string[]): Promise<Set<string>>;
  /** Saves a batch in one transaction; each article all-or-nothing, a bad one does not stop the others. */
  saveArticles(requests: readonly SaveRequest[], runId: number | null): Promise<SaveOutcome[]>;
  startRun(sources: readonly string[]): Promise<number>;
  finishRun(runId: number, status: 'done' | 'failed' | 'interrupted', report: RunReport): Promise<void>;
  recordError(runId: number | null, sourceKey: string, label: string, error: { code: string; message: string }): Promise<void>;
  errors(runId?: number): Promise<DocumentError[]>;
  getArticle(id: string): Promise<ArticleJson | null>;
  /** Every article matching the filters, oldest id first, streamed in pages (export). */
  articles(query?: ArticleQuery): AsyncGenerator<ArticleJson>;
  search(query: ArticleQuery): Promise<ArticleHit[]>;
  /**
   * Articles matching the query, counted up to `cap` (a walk that stops there). A full-text or facet search
   * pages through the newest 1,000 matches only: a count above that says there are more than it can page.
   */
  countArticles(query: ArticleQuery, cap: number): Promise<number>;
  quotes(query: QuoteQuery): Promise<QuoteHit[]>;
  entities(query?: EntityQuery): Promise<EntityCount[]>;
  coMentions(entity: string, limit?: number): Promise<EntityCount[]>;
  outletProfiles(outlet?: string): Promise<OutletProfile[]>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}

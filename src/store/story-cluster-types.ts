/** Story clusters in the store (issue 8): articles about the same story across outlets, kept up to date on save. */
export interface StoryClusterQuery {
  /** Words that must all appear in the cluster's label (its top terms and entity keys). */
  text?: string;
  /** An entity named by at least one article of the cluster (`name`; case and accents ignored). */
  entity?: string;
  /** Clusters whose last article is at or after this date (ISO date or date-time). */
  from?: string;
  /** Clusters whose first article is at or before the end of this day (a date) or this instant. */
  to?: string;
  /** Clusters with at least this many articles (default 1). */
  minArticles?: number;
  limit?: number;
  offset?: number;
}

export interface StoryClusterSummary {
  /** The clusterer's id ("c17"), stable once given. */
  id: string;
  articles: number;
  first: string | null;
  last: string | null;
  /** Highest-weighted centroid terms and entity keys: a label and search keys. */
  topTerms: string[];
  topEntities: string[];
}

export interface StoryClusterMember {
  id: string;
  title: string | null;
  outlet: string | null;
  publishedAt: string | null;
  /** Article id of the first article of its wire group (itself when it is no copy). */
  wireGroup: string;
  /** How it joined: `new` (started the cluster), `similar` (score ≥ threshold) or `wire-copy`. */
  reason: string;
  score: number;
}

export interface StoryClusterPlacement {
  clusterId: string;
  wireGroup: string;
  reason: string;
  score: number;
}

export interface StoryClusterStore {
  /**
   * Places the articles saved since the last update, in the order they were stored, and writes what changed.
   * Saving articles calls it; with `wait: false` (how saves call it on PostgreSQL) it returns 0 at once when
   * another process is updating, which then places these articles too. Returns how many were placed.
   */
  update(options?: { wait?: boolean }): Promise<number>;
  /** Articles stored but not placed yet. */
  pending(): Promise<number>;
  list(query?: StoryClusterQuery): Promise<StoryClusterSummary[]>;
  get(clusterId: string): Promise<(StoryClusterSummary & { members: StoryClusterMember[] }) | null>;
  ofArticle(articleId: string): Promise<StoryClusterPlacement | null>;
}

/**
 * The coverage diff: what each article of a set (a story cluster, or any chosen articles) includes, omits and
 * how it words things, each finding with evidence spans. JSON shape: schema/coverage-diff.schema.json.
 */

export const COVERAGE_DIFF_SCHEMA = 'presslens.coverage-diff/1';

/** A span of one article's `text` that supports a finding. */
export interface Evidence {
  articleId: string;
  start: number;
  end: number;
  text: string;
}

/** Where a layer of the diff came from for one article: the analysis, or the built-in fallback. */
export type LayerSource = 'analysis' | 'fallback';

export interface ArticleRef {
  id: string;
  outlet: string;
  title: string | null;
  publishedAt: string | null;
  url: string | null;
  entitiesFrom: LayerSource;
  quotesFrom: LayerSource;
}

export interface WireGroup {
  articleIds: string[];
  /** Least estimated shingle Jaccard between a member and the group's first article. */
  similarity: number;
}

export interface EntityCoverage {
  key: string;
  name: string;
  type: string | null;
  includedBy: string[];
  omittedBy: string[];
  evidence: Evidence[];
}

export interface SpeakerCoverage {
  key: string;
  name: string;
  /** Articles quoting this speaker, with how many quotes each. */
  quotedBy: { articleId: string; quotes: number }[];
  /** Articles that name the speaker without quoting them. */
  mentionedOnlyBy: string[];
  /** Articles where the speaker does not appear at all. */
  absentFrom: string[];
  evidence: Evidence[];
}

export interface QuoteOccurrence extends Evidence {
  quoteId: string | null;
  kind: 'direct' | 'indirect' | 'mixed';
  speaker: string | null;
  /** Word overlap with the group's first quote (1 for the first itself). */
  similarity: number;
}

export interface QuoteGroup {
  id: string;
  speaker: string | null;
  status: 'shared' | 'exclusive';
  articleIds: string[];
  omittedBy: string[];
  occurrences: QuoteOccurrence[];
}

export interface NumericClaim extends Evidence {
  /** The figure as given (null for a vague quantity such as "scores"). */
  value: number | null;
  /** The range the wording allows; null bounds are open. */
  low: number | null;
  high: number | null;
  /** The hedge or vague quantifier used ("at least", "dozens"), if any. */
  quantifier: string | null;
  noun: string;
  event: string | null;
  /** Why the range is what it is (which table entry or rule). */
  reason: string;
}

export type NumberStatus = 'consistent' | 'imprecise' | 'conflicting' | 'exclusive';

export interface NumberAlignment {
  key: string;
  noun: string;
  event: string | null;
  status: NumberStatus;
  /** True when outlets' figures conflict or one outlet is vaguer than another. */
  flagged: boolean;
  reason: string;
  articleIds: string[];
  omittedBy: string[];
  claims: NumericClaim[];
}

export interface FramingTermUse extends Evidence {
  term: string;
  voice: 'outlet' | 'quoted';
  /** Set when a framing finding of the analysis covers this use. */
  technique: string | null;
  ruleId: string | null;
}

export interface FramingDifference {
  referent: string;
  /** The referent-term table group, or null for a difference found from framing findings alone. */
  groupId: string | null;
  basis: string;
  source: 'table' | 'findings';
  terms: { term: string; connotation: string | null; articleIds: string[] }[];
  /** True when outlets use two or more of the terms in their own voice (not only inside quotes). */
  inOutletVoice: boolean;
  uses: FramingTermUse[];
}

export interface CoverageDiff {
  schema: typeof COVERAGE_DIFF_SCHEMA;
  articles: ArticleRef[];
  wireGroups: WireGroup[];
  entities: EntityCoverage[];
  speakers: SpeakerCoverage[];
  quotes: QuoteGroup[];
  numbers: NumberAlignment[];
  framing: FramingDifference[];
  /** What was degraded or skipped, for people reading the diff. */
  notes: string[];
}

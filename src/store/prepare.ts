import type { ArticleJson, Voice } from '../core/article.js';
import { contentFacetTokens } from './facets.js';
import { FeatureExtractor, KeyTable, type TextFeatures } from '../compare/cluster/cluster-features.js';
import { DEFAULT_CLUSTERER_OPTIONS } from '../compare/cluster/clusterer.js';
import { canonicalUrl, contentHash, fingerprint, normaliseName, outletDomain, type Fingerprint } from './identity.js';

/**
 * What saving an article derives from the Article alone, before the database is consulted: hashes, the MinHash
 * fingerprint, normalised names, the facet tokens that do not depend on corpus ids. An analysis worker computes
 * it beside the analysis, so the single writer thread only writes rows; saving without it computes the same.
 */
export interface PreparedArticle {
  contentHash: string;
  canonicalUrl: string | null;
  /** The outlet's key (domain, or `site:` and the site name), or null. */
  outletKey: string | null;
  fingerprint: Fingerprint;
  /** Publication date as stored (ISO-8601 UTC when it parses). */
  publishedAt: string | null;
  /** Each entity's normalised name (its name when that normalises to nothing), in article order. */
  entityNorms: string[];
  /** Each entity's type and name, in article order (a batch's corpus entities are made before its articles are read). */
  entityTypes: string[];
  entityNames: string[];
  /** The outlet's name (the site name), or null. */
  outletName: string | null;
  /** Each quote's normalised speaker name, in article order. */
  speakerNorms: Array<string | null>;
  /** Sentences per voice. */
  voiceCounts: Record<Voice, number>;
  /** Facet tokens of speakers, techniques and voices (src/store/facets.ts), deduplicated, in facet order. */
  contentFacets: string[];
  /** [entity index, quote index] for each entity mentioned inside a quote's span, quote by quote. */
  quoteEntities: Array<[number, number]>;
  /** The story clusterer's features of its title and text (src/store/story-clusters.ts places it with them). */
  clusterText: TextFeatures;
  /** Why the article cannot be stored (offsets outside its text, two entities with one id), or null. */
  invalid: string | null;
  /** What the article's rows hold besides the above: the writer reads these instead of parsing the body. */
  rows: ArticleRows;
}

/**
 * The article's own columns and its annotation rows, as saving writes them. The writer thread then neither parses
 * the body JSON (~0.15 ms an article, and a thousand objects for the garbage collector) nor walks the Article.
 */
export interface ArticleRows {
  docId: string;
  url: string | null;
  title: string | null;
  standfirst: string | null;
  /** The authors and categories arrays as JSON, as stored. */
  authors: string;
  categories: string;
  siteName: string | null;
  language: string | null;
  /** Each entity's local id (`e1` …) and number of mentions, in article order. */
  entityIds: string[];
  entityMentions: number[];
  /** The quotes, in article order. */
  quotes: QuoteRow[];
  /** Each framing technique the article uses, with its findings: all, in the outlet's voice, in quotes. */
  techniques: Array<[technique: string, findings: number, outlet: number, quoted: number]>;
}

export type QuoteRow = [
  id: string, kind: string, start: number, end: number, cueStart: number | null, cueEnd: number | null,
  speakerName: string | null, speakerEntity: string | null, speakerStart: number | null, speakerEnd: number | null,
];

export const VOICES: readonly Voice[] = ['outlet', 'quoted', 'attributed', 'vague'];

export function prepareArticle(article: ArticleJson): PreparedArticle {
  const entityNorms = article.entities.map((entity) => normaliseName(entity.name) || entity.name);
  const speakerNorms = article.quotes.map((quote) => speakerNorm(quote.speaker, article));
  const voiceCounts = Object.fromEntries(VOICES.map((voice) => [voice, 0])) as Record<Voice, number>;
  for (const sentence of article.sentences) voiceCounts[sentence.voice] = (voiceCounts[sentence.voice] ?? 0) + 1;
  const quoteEntities: Array<[number, number]> = [];
  article.quotes.forEach((quote, quoteIndex) => {
    article.entities.forEach((entity, entityIndex) => {
      if (entity.mentions.some((m) => m.start >= quote.start && m.end <= quote.end)) quoteEntities.push([entityIndex, quoteIndex]);
    });
  });
  return {
    contentHash: contentHash(article.text),
    canonicalUrl: canonicalUrl(article.url),
    outletKey: outletDomain(article.url) ?? (article.siteName ? `site:${normaliseName(article.siteName)}` : null),
    outletName: article.siteName ?? null,
    fingerprint: fingerprint(article.text),
    publishedAt: normaliseDate(article.publishedAt),
    entityNorms,
    entityTypes: article.entities.map((entity) => entity.type),
    entityNames: article.entities.map((entity) => entity.name),
    speakerNorms,
    voiceCounts,
    contentFacets: contentFacetTokens(
      speakerNorms.filter((norm): norm is string => norm !== null),
      article.framing.map((finding) => finding.technique),
      VOICES.filter((voice) => voiceCounts[voice] > 0),
    ),
    quoteEntities,
    clusterText: clusterTextFeatures(article),
    invalid: invalidSpans(article),
    rows: articleRows(article),
  };
}

function articleRows(article: ArticleJson): ArticleRows {
  const techniques = new Map<string, [string, number, number, number]>();
  for (const finding of article.framing) {
    let row = techniques.get(finding.technique);
    if (!row) techniques.set(finding.technique, (row = [finding.technique, 0, 0, 0]));
    row[1]++;
    if (finding.voice === 'outlet') row[2]++;
    else if (finding.voice === 'quoted') row[3]++;
  }
  return {
    docId: article.id, url: article.url, title: article.title, standfirst: article.standfirst,
    authors: JSON.stringify(article.authors), categories: JSON.stringify(article.categories),
    siteName: article.siteName, language: article.language,
    entityIds: article.entities.map((entity) => entity.id),
    entityMentions: article.entities.map((entity) => entity.mentions.length),
    quotes: article.quotes.map((quote): QuoteRow => [
      quote.id, quote.kind, quote.start, quote.end, quote.cue?.start ?? null, quote.cue?.end ?? null,
      quote.speaker.name, quote.speaker.entityId || null, quote.speaker.mention?.start ?? null, quote.speaker.mention?.end ?? null,
    ]),
    techniques: [...techniques.values()],
  };
}

/** Keys a preparing thread's own table may hold before it starts again (only strings leave it, so ids may change). */
const MAX_CLUSTER_KEYS = 500_000;
let clusterExtractor: FeatureExtractor | null = null;

/** The clustering features of the title and text, made with the store's clusterer settings. */
function clusterTextFeatures(article: ArticleJson): TextFeatures {
  if (!clusterExtractor || clusterExtractor.keys.size > MAX_CLUSTER_KEYS) {
    clusterExtractor = new FeatureExtractor(new KeyTable(), DEFAULT_CLUSTERER_OPTIONS.bodyWords);
  }
  return clusterExtractor.textFeatures({ id: article.id, title: article.title, text: article.text, entities: article.entities });
}

/** The speaker's name for lookups: the quote's own, else its entity's, normalised. */
function speakerNorm(speaker: ArticleJson['quotes'][number]['speaker'], article: ArticleJson): string | null {
  const name = speaker.name ?? article.entities.find((entity) => entity.id === speaker.entityId)?.name ?? null;
  return name ? normaliseName(name) || null : null;
}

/** Offsets that point outside the text would poison every later query: such an article is refused. */
function invalidSpans(article: ArticleJson): string | null {
  const length = article.text.length;
  const bad = (span: { start: number; end: number } | null | undefined) =>
    span != null && !(Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start <= span.end && span.end <= length);
  const spans = [
    ...article.sentences, ...article.framing, ...article.quotes,
    ...article.quotes.flatMap((quote) => [quote.cue, quote.speaker.mention]),
    ...article.entities.flatMap((entity) => entity.mentions),
  ];
  if (spans.some(bad)) return `${article.id}: an annotation's offsets lie outside the text`;
  const local = new Set(article.entities.map((entity) => entity.id));
  if (local.size !== article.entities.length) return `${article.id}: two entities share one id`;
  return null;
}

/** ISO-8601 in UTC when the date parses, so that range filters compare like with like. */
export function normaliseDate(value: string | null): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

/**
 * Corpus shapes built from one article, shared by every Corpus implementation (memory-corpus.ts,
 * store-corpus.ts) so that they answer alike: summaries, quote records, snippets, paging, entity ids.
 */
import type { ArticleJson, Entity, EntityType } from '../core/article.js';
import {
  DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, outletOf,
  type ArticleSummary, type OutletProfile, type Page, type PageOptions, type QuoteRecord, type TextSnippet,
} from './corpus.js';

export function summaryOf(article: ArticleJson): ArticleSummary {
  return {
    id: article.id,
    title: article.title,
    url: article.url,
    outlet: outletOf(article),
    siteName: article.siteName,
    publishedAt: article.publishedAt,
    authors: article.authors,
    counts: { words: countWords(article.text), quotes: article.quotes.length, entities: article.entities.length, framing: article.framing.length },
  };
}

/**
 * The article's quotes as corpus records. `corpusEntity` gives the corpus entity of an article-local one; a quote
 * without a speaker entity falls back to a PERSON entity of the speaker's name.
 */
export function quoteRecordsOf(article: ArticleJson, corpusEntity: (local: Entity) => { id: string; name: string }): QuoteRecord[] {
  const outlet = outletOf(article);
  return article.quotes.map((quote): QuoteRecord => {
    const local = quote.speaker.entityId
      ? article.entities.find((e) => e.id === quote.speaker.entityId)
      : quote.speaker.name ? article.entities.find((e) => e.name === quote.speaker.name && e.type === 'PERSON') : undefined;
    const entity = local ? corpusEntity(local) : null;
    return {
      id: quote.id,
      articleId: article.id,
      articleTitle: article.title,
      outlet,
      publishedAt: article.publishedAt,
      kind: quote.kind,
      text: article.text.slice(quote.start, quote.end),
      speaker: { name: quote.speaker.name ?? entity?.name ?? null, entityId: entity?.id ?? null },
    };
  });
}

/** A corpus-wide entity id from type and name: "person:elena-varga". */
export function corpusEntityId(type: EntityType, name: string): string {
  const slug = name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');
  return `${type.toLowerCase()}:${slug || 'unnamed'}`;
}

export function newestFirst(a: ArticleSummary, b: ArticleSummary): number {
  return (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || a.id.localeCompare(b.id);
}

export function page<T, R>(all: T[], options: PageOptions, map: (item: T) => R): Page<R> {
  const { limit, offset } = pageBounds(options);
  return { total: all.length, items: all.slice(offset, offset + limit).map(map) };
}

/** A page's size and start, defaulted and clamped. */
export function pageBounds(options: PageOptions): { limit: number; offset: number } {
  return { limit: Math.min(Math.max(1, options.limit ?? DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE), offset: Math.max(0, options.offset ?? 0) };
}

export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu)?.length ?? 0;
}

export function queryTerms(query: string): string[] {
  return [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, 20);
}

export function termPattern(term: string): RegExp {
  return new RegExp(term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu');
}

const SNIPPET_BEFORE = 80;
const SNIPPET_LENGTH = 240;

/** A window of text around the first hit, cut at spaces, with every term occurrence in it highlighted. */
export function snippetFor(text: string, terms: string[]): TextSnippet {
  let first = -1;
  for (const term of terms) {
    const at = text.search(termPattern(term));
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  const { snippet } = window(text, Math.max(0, first));
  const highlights = terms.flatMap((term) => [...snippet.matchAll(termPattern(term))].map((m) => ({ start: m.index, end: m.index + m[0].length })));
  highlights.sort((a, b) => a.start - b.start);
  return { text: snippet, highlights };
}

export function mentionSnippet(text: string, entity: Entity | undefined): TextSnippet {
  const mention = entity?.mentions[0];
  if (!mention) return { text: window(text, 0).snippet, highlights: [] };
  const { start, snippet } = window(text, mention.start);
  return { text: snippet, highlights: [{ start: mention.start - start, end: Math.min(snippet.length, mention.end - start) }] };
}

function window(text: string, around: number): { start: number; snippet: string } {
  let start = Math.max(0, around - SNIPPET_BEFORE);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space >= 0 && space < around) start = space + 1;
  }
  let end = Math.min(text.length, start + SNIPPET_LENGTH);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > around) end = space;
  }
  return { start, snippet: text.slice(start, end) };
}

/** Speakers, techniques and named sources of one outlet's articles, tallied alike by every corpus. */
export class OutletTally {
  framing = 0;
  namedSources = 0;
  private readonly speakers = new Map<string, OutletProfile['topSpeakers'][number]>();
  private readonly techniques = new Map<string, number>();

  add(article: ArticleJson, quotes: readonly QuoteRecord[]): void {
    this.framing += article.framing.length;
    for (const finding of article.framing) this.techniques.set(finding.technique, (this.techniques.get(finding.technique) ?? 0) + 1);
    const named = new Set<string>();
    for (const quote of quotes) {
      if (!quote.speaker.name) continue;
      const key = quote.speaker.entityId ?? quote.speaker.name.toLowerCase();
      named.add(key);
      const speaker = this.speakers.get(key) ?? { name: quote.speaker.name, entityId: quote.speaker.entityId, quotes: 0 };
      speaker.quotes++;
      this.speakers.set(key, speaker);
    }
    this.namedSources += named.size;
  }

  topSpeakers(): OutletProfile['topSpeakers'] {
    return [...this.speakers.values()].sort((a, b) => b.quotes - a.quotes || a.name.localeCompare(b.name)).slice(0, 10);
  }

  topTechniques(): OutletProfile['topTechniques'] {
    return [...this.techniques].map(([technique, count]) => ({ technique, count })).sort((a, b) => b.count - a.count).slice(0, 10);
  }
}

/**
 * A corpus held in memory: used by `presslens serve --memory` and by the server's tests. Linear scans; meant
 * for hundreds of articles. The persistent corpus is StoreCorpus (store-corpus.ts).
 */
import type { ArticleJson, EntityType, Voice } from '../core/article.js';
import type {
  ArticleSummary, CoMention, Corpus, EntityDetail, EntityFilters, EntitySummary, IngestResult, OutletProfile, Page,
  QuoteFilters, QuoteRecord, SearchFilters, SearchHit, TextSnippet,
} from './corpus.js';
import {
  corpusEntityId, mentionSnippet, newestFirst, OutletTally, page, queryTerms, quoteRecordsOf, snippetFor, summaryOf, termPattern,
} from './corpus-shapes.js';

const VOICES: readonly Voice[] = ['outlet', 'quoted', 'attributed', 'vague'];

interface Indexed {
  article: ArticleJson;
  summary: ArticleSummary;
  /** Article-local entity id → corpus entity id. */
  entityIds: Map<string, string>;
  quotes: QuoteRecord[];
}

interface CorpusEntity {
  id: string;
  name: string;
  type: EntityType;
  /** Article id → mentions in it. */
  mentions: Map<string, number>;
}

export class MemoryCorpus implements Corpus {
  private readonly articles = new Map<string, Indexed>();
  private readonly entityIndex = new Map<string, CorpusEntity>();

  constructor(articles: ArticleJson[] = []) {
    for (const article of articles) this.add(article);
  }

  async getArticle(id: string): Promise<ArticleJson | null> {
    return this.articles.get(id)?.article ?? null;
  }

  async search(query: string, filters: SearchFilters): Promise<Page<SearchHit>> {
    const terms = queryTerms(query);
    const matches: { entry: Indexed; score: number; snippet: TextSnippet }[] = [];
    for (const entry of this.articles.values()) {
      if (!this.passesFilters(entry, filters)) continue;
      const haystack = `${entry.article.title ?? ''}\n${entry.article.text}`;
      let score = 0;
      let all = true;
      for (const term of terms) {
        const hits = haystack.match(termPattern(term))?.length ?? 0;
        if (hits === 0) {
          all = false;
          break;
        }
        score += hits;
      }
      if (all) matches.push({ entry, score, snippet: snippetFor(entry.article.text, terms) });
    }
    matches.sort((a, b) => b.score - a.score || newestFirst(a.entry.summary, b.entry.summary));
    return page(matches, filters, (m) => ({ ...m.entry.summary, snippet: m.snippet }));
  }

  async quotes(filters: QuoteFilters): Promise<Page<QuoteRecord>> {
    const entity = filters.entity ? this.resolveEntity(filters.entity) : null;
    const found: QuoteRecord[] = [];
    for (const entry of this.sortedArticles()) {
      if (filters.articleId && entry.article.id !== filters.articleId) continue;
      if (filters.outlet && entry.summary.outlet !== filters.outlet.toLowerCase()) continue;
      for (const quote of entry.quotes) {
        if (filters.speaker && !speakerMatches(quote, filters.speaker)) continue;
        if (filters.entity && !(entity && quoteMentions(entry, quote, entity))) continue;
        found.push(quote);
      }
    }
    return page(found, filters, (q) => q);
  }

  async entities(filters: EntityFilters): Promise<Page<EntitySummary>> {
    const q = filters.q?.toLowerCase();
    const name = filters.name?.toLowerCase();
    const found = [...this.entityIndex.values()]
      .filter((e) => (!filters.type || e.type === filters.type) && (!q || e.name.toLowerCase().includes(q)) && (!name || e.name.toLowerCase() === name))
      .map((e) => this.summarise(e))
      .sort((a, b) => b.articles - a.articles || b.mentions - a.mentions || a.name.localeCompare(b.name));
    return page(found, filters, (e) => e);
  }

  async entity(id: string): Promise<EntityDetail | null> {
    const entity = this.entityIndex.get(id);
    if (!entity) return null;
    const quotesBy: QuoteRecord[] = [];
    const mentionedIn: EntityDetail['mentionedIn'] = [];
    const shared = new Map<string, Set<string>>();
    for (const entry of this.sortedArticles()) {
      quotesBy.push(...entry.quotes.filter((q) => q.speaker.entityId === id));
      const mentions = entity.mentions.get(entry.article.id);
      if (!mentions) continue;
      const local = entry.article.entities.find((e) => entry.entityIds.get(e.id) === id);
      mentionedIn.push({ ...entry.summary, mentions, snippet: mentionSnippet(entry.article.text, local) });
      for (const other of new Set(entry.entityIds.values())) {
        if (other === id) continue;
        if (!shared.has(other)) shared.set(other, new Set());
        shared.get(other)!.add(entry.article.id);
      }
    }
    const coMentions: CoMention[] = [...shared]
      .map(([otherId, articles]) => {
        const other = this.entityIndex.get(otherId)!;
        return { id: otherId, name: other.name, type: other.type, articles: articles.size };
      })
      .sort((a, b) => b.articles - a.articles || a.name.localeCompare(b.name))
      .slice(0, 30);
    return { ...this.summarise(entity), quotesBy, mentionedIn, coMentions, coMentionLinks: this.linksAmong(coMentions) };
  }

  async outlet(domain: string): Promise<OutletProfile | null> {
    const wanted = domain.toLowerCase().replace(/^www\./, '');
    const entries = this.sortedArticles().filter((e) => e.summary.outlet === wanted);
    if (entries.length === 0) return null;
    const voiceCounts: Record<Voice, number> = { outlet: 0, quoted: 0, attributed: 0, vague: 0 };
    const tally = new OutletTally();
    let words = 0;
    for (const { article, summary, quotes } of entries) {
      words += summary.counts.words;
      for (const sentence of article.sentences) voiceCounts[sentence.voice]++;
      tally.add(article, quotes);
    }
    const sentences = VOICES.reduce((sum, v) => sum + voiceCounts[v], 0);
    const voiceShare = Object.fromEntries(VOICES.map((v) => [v, sentences ? voiceCounts[v] / sentences : 0])) as Record<Voice, number>;
    return {
      domain: wanted,
      name: entries.find((e) => e.article.siteName)?.article.siteName ?? null,
      articles: entries.length,
      words,
      voiceShare,
      namedSourcesPerArticle: tally.namedSources / entries.length,
      framingPer1000Words: words ? (tally.framing * 1000) / words : 0,
      topSpeakers: tally.topSpeakers(),
      topTechniques: tally.topTechniques(),
      recent: entries.slice(0, 10).map((e) => e.summary),
    };
  }

  async ingest(articles: ArticleJson[]): Promise<IngestResult> {
    const result: IngestResult = { stored: [], duplicates: [] };
    for (const article of articles) {
      if (this.articles.has(article.id)) result.duplicates.push(article.id);
      else {
        this.add(article);
        result.stored.push(article.id);
      }
    }
    return result;
  }

  private add(article: ArticleJson): void {
    const entityIds = new Map<string, string>();
    for (const entity of article.entities) {
      const id = corpusEntityId(entity.type, entity.name);
      entityIds.set(entity.id, id);
      const known = this.entityIndex.get(id) ?? { id, name: entity.name, type: entity.type, mentions: new Map() };
      known.mentions.set(article.id, (known.mentions.get(article.id) ?? 0) + Math.max(1, entity.mentions.length));
      this.entityIndex.set(id, known);
    }
    const summary = summaryOf(article);
    const quotes = quoteRecordsOf(article, (local) => this.entityIndex.get(entityIds.get(local.id)!)!);
    this.articles.set(article.id, { article, summary, entityIds, quotes });
  }

  private passesFilters(entry: Indexed, filters: SearchFilters): boolean {
    const { article, summary } = entry;
    if (filters.outlet && summary.outlet !== filters.outlet.toLowerCase().replace(/^www\./, '')) return false;
    if (filters.from && !(article.publishedAt && article.publishedAt >= filters.from)) return false;
    if (filters.to && !(article.publishedAt && article.publishedAt.slice(0, filters.to.length) <= filters.to)) return false;
    if (filters.technique && !article.framing.some((f) => f.technique === filters.technique)) return false;
    if (filters.voice && !article.sentences.some((s) => s.voice === filters.voice)) return false;
    if (filters.speaker && !entry.quotes.some((q) => speakerMatches(q, filters.speaker!))) return false;
    if (filters.entity) {
      const entity = this.resolveEntity(filters.entity);
      if (!entity || !entity.mentions.has(article.id)) return false;
    }
    return true;
  }

  private resolveEntity(idOrName: string): CorpusEntity | null {
    const byId = this.entityIndex.get(idOrName);
    if (byId) return byId;
    const name = idOrName.toLowerCase();
    for (const entity of this.entityIndex.values()) if (entity.name.toLowerCase() === name) return entity;
    return null;
  }

  private summarise(entity: CorpusEntity): EntitySummary {
    let quotes = 0;
    for (const entry of this.articles.values()) for (const q of entry.quotes) if (q.speaker.entityId === entity.id) quotes++;
    let mentions = 0;
    for (const n of entity.mentions.values()) mentions += n;
    return { id: entity.id, name: entity.name, type: entity.type, articles: entity.mentions.size, mentions, quotes };
  }

  private linksAmong(nodes: CoMention[]): EntityDetail['coMentionLinks'] {
    const links: EntityDetail['coMentionLinks'] = [];
    for (let i = 0; i < nodes.length; i++) {
      const a = this.entityIndex.get(nodes[i]!.id)!;
      for (let j = i + 1; j < nodes.length; j++) {
        const b = this.entityIndex.get(nodes[j]!.id)!;
        let articles = 0;
        for (const articleId of a.mentions.keys()) if (b.mentions.has(articleId)) articles++;
        if (articles > 0) links.push({ source: a.id, target: b.id, articles });
      }
    }
    return links;
  }

  private sortedArticles(): Indexed[] {
    return [...this.articles.values()].sort((a, b) => newestFirst(a.summary, b.summary));
  }
}

function speakerMatches(quote: QuoteRecord, speaker: string): boolean {
  return quote.speaker.entityId === speaker || quote.speaker.name?.toLowerCase() === speaker.toLowerCase();
}

function quoteMentions(entry: Indexed, quote: QuoteRecord, entity: CorpusEntity): boolean {
  const local = entry.article.entities.find((e) => entry.entityIds.get(e.id) === entity.id);
  const source = entry.article.quotes.find((q) => q.id === quote.id);
  return Boolean(local && source && local.mentions.some((m) => m.start >= source.start && m.end <= source.end));
}

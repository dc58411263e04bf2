/**
 * The server's Corpus over the persistent store (SQLite file or PostgreSQL; src/store). The store filters, ranks
 * and counts in SQL; this adapter turns its results into the Corpus shapes with the same builders as the
 * in-memory corpus (corpus-shapes.ts), loading only the articles a page shows.
 *
 * Corpus entity ids are `type:normalised-name` ("person:elena-varga"): the store identifies an entity by type and
 * normalised name, so the id maps back to a store filter (`PERSON:elena varga`) without a lookup table.
 */
import type { ArticleJson, Entity, EntityType, Voice } from '../core/article.js';
import { PresslensError } from '../core/errors.js';
import { normaliseName } from '../store/identity.js';
import type { ArticleQuery, OpenOptions, Store } from '../store/index.js';
import { openStore } from '../store/open.js';
import type {
  CoMention, Corpus, EntityDetail, EntityFilters, EntitySummary, IngestResult, OutletProfile, Page, QuoteFilters,
  QuoteRecord, SearchFilters, SearchHit,
} from './corpus.js';
import {
  corpusEntityId, mentionSnippet, newestFirst, OutletTally, page, pageBounds, queryTerms, quoteRecordsOf, snippetFor, summaryOf,
} from './corpus-shapes.js';

/** The most rows the store returns for one query: enough to count and page a corpus's matches. */
const ALL = 10_000;
/** Search totals are counted this far (the store ranks the newest 1,000 matches of a full-text search). */
const SEARCH_TOTAL_CAP = 1_000;
const ENTITY_TYPES = new Set<string>(['PERSON', 'ORG', 'GPE', 'LOC', 'FAC', 'NORP', 'EVENT', 'WORK', 'PRODUCT', 'LAW', 'MISC']);
const CO_MENTIONS = 30;

interface EntityKey {
  type: EntityType;
  norm: string;
}

export function storeEntityId(type: EntityType, name: string): string {
  return corpusEntityId(type, normaliseName(name) || name);
}

/** `person:elena-varga` → PERSON and "elena varga"; null for anything that is not such an id. */
function parseEntityId(id: string): EntityKey | null {
  const match = /^([a-z]+):([\p{L}\p{N}-]+)$/u.exec(id);
  const type = match?.[1]!.toUpperCase();
  if (!match || !type || !ENTITY_TYPES.has(type)) return null;
  return { type: type as EntityType, norm: match[2]!.replace(/-/g, ' ') };
}

/** A Corpus entity filter (corpus id or name) as a store filter (`TYPE:name` or name). */
function entityFilter(idOrName: string): string {
  const key = parseEntityId(idOrName);
  return key ? `${key.type}:${key.norm}` : idOrName;
}

/** A Corpus speaker filter (corpus id or name) as the name the store matches speakers by. */
function speakerFilter(idOrName: string): string {
  return parseEntityId(idOrName)?.norm ?? idOrName;
}

export class StoreCorpus implements Corpus {
  constructor(private readonly store: Store) {}

  /** Opens (creating when needed) the store at a SQLite path or postgres:// URL. */
  static async open(target: string, options: OpenOptions = {}): Promise<StoreCorpus> {
    return new StoreCorpus(await openStore(target, options));
  }

  get location(): string {
    return this.store.location;
  }

  close(): Promise<void> {
    return this.store.close();
  }

  getArticle(id: string): Promise<ArticleJson | null> {
    return this.store.getArticle(id);
  }

  /**
   * One page from the store (limit and offset go down to its query, so only the page's rows are read), and a
   * total counted up to SEARCH_TOTAL_CAP matches, when the page alone does not settle it.
   */
  async search(query: string, filters: SearchFilters): Promise<Page<SearchHit>> {
    const terms = queryTerms(query);
    const { limit, offset } = pageBounds(filters);
    const storeQuery: ArticleQuery = { ...articleQuery(filters), text: terms.length ? query : undefined };
    const hits = await this.store.search({ ...storeQuery, limit, offset });
    const articles = await this.load(hits.map((hit) => hit.id));
    const items = articles.map((article) => ({ ...summaryOf(article), snippet: snippetFor(article.text, terms) }));
    // A page that is not full, and is not past the end, ends the matches: its end is the total.
    if (hits.length > 0 && hits.length < limit) return { total: offset + hits.length, items };
    const total = await this.store.countArticles(storeQuery, SEARCH_TOTAL_CAP + 1);
    return total > SEARCH_TOTAL_CAP ? { total: SEARCH_TOTAL_CAP, totalCapped: true, items } : { total, items };
  }

  async quotes(filters: QuoteFilters): Promise<Page<QuoteRecord>> {
    if (filters.articleId) return this.articleQuotes(filters.articleId, filters);
    const hits = await this.store.quotes({
      speaker: filters.speaker && speakerFilter(filters.speaker),
      entity: filters.entity && entityFilter(filters.entity),
      outlet: filters.outlet,
      limit: ALL,
    });
    const shown = page(hits, filters, (hit) => hit);
    const articles = new Map((await this.load([...new Set(shown.items.map((hit) => hit.articleId))])).map((a) => [a.id, this.quoteRecords(a)]));
    return { total: shown.total, items: shown.items.map((hit) => articles.get(hit.articleId)!.find((q) => q.id === hit.quoteId)!) };
  }

  async entities(filters: EntityFilters): Promise<Page<EntitySummary>> {
    const q = filters.q && normaliseName(filters.q);
    const name = filters.name && normaliseName(filters.name);
    const found = (await this.store.entities({ type: filters.type, name: name || undefined, limit: ALL }))
      .filter((e) => (!q || normaliseName(e.name).includes(q)) && (!name || normaliseName(e.name) === name));
    const shown = page(found, filters, (e) => e);
    const items: EntitySummary[] = [];
    for (const e of shown.items) {
      const id = storeEntityId(e.type as EntityType, e.name);
      items.push({ id, name: e.name, type: e.type as EntityType, articles: e.articles, mentions: e.mentions, quotes: (await this.quotesBy(id, e.name)).length });
    }
    return { total: shown.total, items };
  }

  async entity(id: string): Promise<EntityDetail | null> {
    const key = parseEntityId(id);
    if (!key) return null;
    const filter = `${key.type}:${key.norm}`;
    const known = (await this.store.entities({ type: key.type, name: key.norm, limit: ALL })).find((e) => normaliseName(e.name) === key.norm);
    if (!known) return null;
    const quotesBy = await this.quotesBy(id, known.name);
    const mentionedIn: EntityDetail['mentionedIn'] = [];
    let mentions = 0;
    for (const article of await this.load(await this.articleIds(filter))) {
      const local = article.entities.filter((e) => storeEntityId(e.type, e.name) === id);
      const count = local.reduce((sum, e) => sum + e.mentions.length, 0);
      mentions += count;
      mentionedIn.push({ ...summaryOf(article), mentions: count, snippet: mentionSnippet(article.text, local[0]) });
    }
    const coMentions: CoMention[] = (await this.store.coMentions(filter, CO_MENTIONS))
      .map((e) => ({ id: storeEntityId(e.type as EntityType, e.name), name: e.name, type: e.type as EntityType, articles: e.articles }))
      .sort((a, b) => b.articles - a.articles || a.name.localeCompare(b.name));
    return {
      id, name: known.name, type: key.type, articles: mentionedIn.length, mentions, quotes: quotesBy.length,
      quotesBy, mentionedIn, coMentions, coMentionLinks: await this.linksAmong(coMentions),
    };
  }

  async outlet(domain: string): Promise<OutletProfile | null> {
    const wanted = domain.toLowerCase().replace(/^www\./, '');
    const profile = (await this.store.outletProfiles(wanted)).find((p) => p.outlet === wanted);
    if (!profile) return null;
    // Speakers and techniques per outlet are not aggregated by the store: read them off the outlet's articles.
    const tally = new OutletTally();
    const summaries = [];
    for await (const article of this.store.articles({ outlet: wanted })) {
      summaries.push(summaryOf(article));
      tally.add(article, this.quoteRecords(article));
    }
    const articles = summaries.length || profile.articles;
    return {
      domain: wanted,
      name: profile.name,
      articles: profile.articles,
      words: profile.words,
      voiceShare: normalisedShares(profile.voiceShares),
      namedSourcesPerArticle: tally.namedSources / articles,
      framingPer1000Words: profile.words ? (tally.framing * 1000) / profile.words : 0,
      topSpeakers: tally.topSpeakers(),
      topTechniques: tally.topTechniques(),
      recent: summaries.sort(newestFirst).slice(0, 10),
    };
  }

  /**
   * Saves through the store's ingest path (deduplication, story grouping). The source key is the article id, so
   * sending an article again, or preloading the examples again, reports it as a duplicate and stores nothing.
   */
  async ingest(articles: ArticleJson[]): Promise<IngestResult> {
    const outcomes = await this.store.saveArticles(articles.map((article) => ({ article, sourceKey: `serve:${article.id}` })), null);
    const result: IngestResult = { stored: [], duplicates: [] };
    outcomes.forEach((outcome, index) => {
      const id = articles[index]!.id;
      if (outcome.error) {
        // Another text under a stored id: the corpus keeps the stored one, as for any duplicate id.
        if (outcome.error.code !== 'duplicate-id') throw outcome.error;
        result.duplicates.push(id);
      } else if (outcome.status === 'stored' || outcome.status === 'near-duplicate') result.stored.push(id);
      else result.duplicates.push(id);
    });
    return result;
  }

  private async articleQuotes(articleId: string, filters: QuoteFilters): Promise<Page<QuoteRecord>> {
    const article = await this.store.getArticle(articleId);
    const outlet = filters.outlet?.toLowerCase().replace(/^www\./, '');
    const speaker = filters.speaker?.toLowerCase();
    const entity = filters.entity ? parseEntityId(filters.entity) : null;
    const records = article ? this.quoteRecords(article) : [];
    const found = records.filter((record, index) => {
      if (outlet && record.outlet !== outlet) return false;
      if (speaker && record.speaker.entityId !== filters.speaker && record.speaker.name?.toLowerCase() !== speaker) return false;
      if (filters.entity) {
        const quote = article!.quotes[index]!;
        const mentioned = (e: Entity) => (entity ? storeEntityId(e.type, e.name) === filters.entity : normaliseName(e.name) === normaliseName(filters.entity!));
        if (!article!.entities.some((e) => mentioned(e) && e.mentions.some((m) => m.start >= quote.start && m.end <= quote.end))) return false;
      }
      return true;
    });
    return page(found, filters, (q) => q);
  }

  /** Quotes whose speaker is this corpus entity: the store finds them by name, the entity id settles it. */
  private async quotesBy(id: string, name: string): Promise<QuoteRecord[]> {
    const hits = await this.store.quotes({ speaker: name, limit: ALL });
    const records = (await this.load([...new Set(hits.map((hit) => hit.articleId))])).flatMap((a) => this.quoteRecords(a));
    return records.filter((q) => q.speaker.entityId === id);
  }

  private async articleIds(entityFilterSpec: string): Promise<string[]> {
    return (await this.store.search({ entity: entityFilterSpec, limit: ALL })).map((hit) => hit.id);
  }

  private async linksAmong(nodes: CoMention[]): Promise<EntityDetail['coMentionLinks']> {
    const articles = await Promise.all(nodes.map(async (node) => new Set(await this.articleIds(entityFilter(node.id)))));
    const links: EntityDetail['coMentionLinks'] = [];
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        let shared = 0;
        for (const id of articles[i]!) if (articles[j]!.has(id)) shared++;
        if (shared > 0) links.push({ source: nodes[i]!.id, target: nodes[j]!.id, articles: shared });
      }
    }
    return links;
  }

  private quoteRecords(article: ArticleJson): QuoteRecord[] {
    return quoteRecordsOf(article, (local) => ({ id: storeEntityId(local.type, local.name), name: local.name }));
  }

  /** The articles with these ids, in this order. */
  private async load(ids: string[]): Promise<ArticleJson[]> {
    const articles = await Promise.all(ids.map((id) => this.store.getArticle(id)));
    return articles.map((article, index) => {
      if (!article) throw new PresslensError('database-error', `article ${ids[index]} vanished from the store while being read`);
      return article;
    });
  }
}

function articleQuery(filters: SearchFilters): ArticleQuery {
  return {
    outlet: filters.outlet,
    from: filters.from,
    to: filters.to,
    entity: filters.entity && entityFilter(filters.entity),
    speaker: filters.speaker && speakerFilter(filters.speaker),
    technique: filters.technique,
    voice: filters.voice,
  };
}

/** The store rounds shares to 3 decimals; scaled back so that they sum to 1 as the Corpus promises. */
function normalisedShares(shares: Record<Voice, number>): Record<Voice, number> {
  const sum = Object.values(shares).reduce((a, b) => a + b, 0);
  return Object.fromEntries(Object.entries(shares).map(([voice, share]) => [voice, sum ? share / sum : 0])) as Record<Voice, number>;
}

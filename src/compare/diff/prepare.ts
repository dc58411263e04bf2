/**
 * Normalises the articles given to the diff: fills absent annotation arrays, names each outlet, and supplies
 * the fallbacks used when a stage has not run (capitalised names for entities; quotation marks and a nearby
 * name for quotes).
 */
import type { ArticleJson, Entity, Quote, Span } from '../../core/article.js';
import { PresslensError } from '../../core/errors.js';
import { capitalisedNames, nameKey } from '../features.js';
import type { ArticleRef, Evidence, LayerSource } from './types.js';

/** What the diff needs of an article: ArticleJson, with the annotation arrays optional. */
export type ComparableArticle = Pick<ArticleJson, 'id' | 'text'> & Partial<ArticleJson>;

export interface PreparedEntity {
  key: string;
  name: string;
  type: string | null;
  mentions: Span[];
}

export interface PreparedQuote extends Span {
  quoteId: string | null;
  kind: Quote['kind'];
  speakerKey: string | null;
  speakerName: string | null;
  speakerMention: Span | null;
}

export interface PreparedArticle {
  ref: ArticleRef;
  article: ComparableArticle;
  entities: PreparedEntity[];
  quotes: PreparedQuote[];
}

export function evidence(article: ComparableArticle, span: Span): Evidence {
  return { articleId: article.id, start: span.start, end: span.end, text: article.text.slice(span.start, span.end) };
}

export function outletName(article: ComparableArticle): string {
  if (article.siteName) return article.siteName;
  if (article.url) {
    try {
      return new URL(article.url).hostname.replace(/^www\./, '');
    } catch {
      // not a URL: fall through to the id
    }
  }
  return article.id;
}

export function prepareArticles(articles: readonly ComparableArticle[]): PreparedArticle[] {
  const seen = new Set<string>();
  return articles.map((article, index) => {
    if (!article || typeof article.id !== 'string' || typeof article.text !== 'string') {
      throw new PresslensError('invalid-input', `article ${index + 1}: needs a string "id" and "text"`);
    }
    if (seen.has(article.id)) throw new PresslensError('invalid-input', `article ${article.id}: the same id is given twice`);
    seen.add(article.id);
    const analysedEntities = article.entities?.length ? article.entities : null;
    const analysedQuotes = article.quotes?.length ? article.quotes : null;
    const entities = analysedEntities ? fromEntities(analysedEntities) : fallbackEntities(article.text);
    const quotes = analysedQuotes ? fromQuotes(article, analysedQuotes, analysedEntities ?? []) : fallbackQuotes(article.text);
    const entitiesFrom: LayerSource = analysedEntities ? 'analysis' : 'fallback';
    const quotesFrom: LayerSource = analysedQuotes ? 'analysis' : 'fallback';
    return {
      ref: {
        id: article.id, outlet: outletName(article), title: article.title ?? null, publishedAt: article.publishedAt ?? null,
        url: article.url ?? null, entitiesFrom, quotesFrom,
      },
      article,
      entities,
      quotes,
    };
  });
}

function fromEntities(entities: readonly Entity[]): PreparedEntity[] {
  return entities
    .map((e) => ({ key: nameKey(e.name), name: e.name, type: e.type, mentions: e.mentions ?? [] }))
    .filter((e) => e.key !== '');
}

/** Capitalised names grouped by key: the stand-in for an entity stage that has not run. */
function fallbackEntities(text: string): PreparedEntity[] {
  const byKey = new Map<string, PreparedEntity>();
  for (const candidate of capitalisedNames(text)) {
    const key = nameKey(candidate.name);
    if (!key) continue;
    const entity = byKey.get(key);
    if (entity) entity.mentions.push({ start: candidate.start, end: candidate.end });
    else byKey.set(key, { key, name: candidate.name, type: null, mentions: [{ start: candidate.start, end: candidate.end }] });
  }
  return [...byKey.values()];
}

function fromQuotes(article: ComparableArticle, quotes: readonly Quote[], entities: readonly Entity[]): PreparedQuote[] {
  const entityNames = new Map(entities.map((e) => [e.id, e.name]));
  return quotes.map((q) => {
    const mention = q.speaker?.mention ?? null;
    const name = (q.speaker?.entityId ? entityNames.get(q.speaker.entityId) : undefined)
      ?? q.speaker?.name ?? (mention ? article.text.slice(mention.start, mention.end) : null);
    return {
      start: q.start, end: q.end, quoteId: q.id, kind: q.kind,
      speakerKey: name ? nameKey(name) : null, speakerName: name, speakerMention: mention,
    };
  });
}

// Text between straight or curly double quotation marks, at least three words long.
const QUOTED = /["“]([^"“”\n]{12,600})["”]/g;
const SAID = /\b(?:said|says|told|added|asked|warned|insisted|claimed|stated|called|described|declared|wrote)\b/;

/**
 * Direct quotes found by their quotation marks, with the speaker taken as the nearest capitalised name in
 * the rest of the sentence when a speech verb is there ("…," said Marta Kovell), else in the sentence
 * before the quote ("Kovell said: …"). Indirect speech is not found by this fallback.
 */
export function fallbackQuotes(text: string): PreparedQuote[] {
  const quotes: PreparedQuote[] = [];
  QUOTED.lastIndex = 0;
  for (let m = QUOTED.exec(text); m; m = QUOTED.exec(text)) {
    const content = m[1]!;
    if (content.trim().split(/\s+/).length < 3) continue;
    const start = m.index + 1;
    const end = start + content.length;
    const after = sentenceAfter(text, end + 1);
    const before = sentenceBefore(text, m.index);
    let speaker: { name: string; start: number; end: number } | null = null;
    if (SAID.test(after.text)) speaker = firstName(after.text, after.start);
    // "Rami Telek, a spokesman for the Front, said …": the sentence's first name is the subject.
    if (!speaker && SAID.test(before.text)) speaker = firstName(before.text, before.start);
    quotes.push({
      start, end, quoteId: null, kind: 'direct',
      speakerKey: speaker ? nameKey(speaker.name) : null, speakerName: speaker?.name ?? null,
      speakerMention: speaker ? { start: speaker.start, end: speaker.end } : null,
    });
  }
  return quotes;
}

function sentenceAfter(text: string, from: number): { text: string; start: number } {
  const stop = text.slice(from, from + 200).search(/[.!?]\s|\n/);
  return { text: text.slice(from, stop < 0 ? from + 200 : from + stop), start: from };
}

function sentenceBefore(text: string, to: number): { text: string; start: number } {
  const window = text.slice(Math.max(0, to - 200), to);
  const cut = Math.max(window.lastIndexOf('. '), window.lastIndexOf('\n'));
  const start = Math.max(0, to - 200) + (cut < 0 ? 0 : cut + 1);
  return { text: text.slice(start, to), start };
}

function firstName(segment: string, offset: number) {
  const name = capitalisedNames(segment)[0];
  return name ? { name: name.name, start: offset + name.start, end: offset + name.end } : null;
}

/** Spans inside quotation marks or reported quotes: used to tell a term in the outlet's voice from a quoted one. */
export function quotedSpans(prepared: PreparedArticle): Span[] {
  const spans: Span[] = prepared.quotes.filter((q) => q.kind !== 'indirect').map((q) => ({ start: q.start, end: q.end }));
  QUOTED.lastIndex = 0;
  for (let m = QUOTED.exec(prepared.article.text); m; m = QUOTED.exec(prepared.article.text)) {
    spans.push({ start: m.index + 1, end: m.index + 1 + m[1]!.length });
  }
  return spans;
}

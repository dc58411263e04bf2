import type { ArticleJson, EntityType } from '../core/article.js';
import { codePointOffsets } from './identity.js';

/**
 * Export formats. Offsets in Article JSON are UTF-16 code units; brat and the W3C Web Annotation model count
 * Unicode code points, so spans are converted for them.
 */
export type ExportFormat = 'jsonl' | 'csv' | 'brat' | 'webanno' | 'newsarticle';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'csv', 'brat', 'webanno', 'newsarticle'];

export const CSV_COLUMNS = [
  'id', 'url', 'title', 'site_name', 'published_at', 'authors', 'language', 'words', 'sentences', 'entities', 'quotes', 'framing',
  'voice_outlet', 'voice_quoted', 'voice_attributed', 'voice_vague',
] as const;

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

/** One CSV row per article (RFC 4180: quoted fields, doubled quotes, CRLF). */
export function csvRow(article: ArticleJson): string {
  const voices = { outlet: 0, quoted: 0, attributed: 0, vague: 0 };
  for (const sentence of article.sentences) voices[sentence.voice]++;
  const values = [
    article.id, article.url, article.title, article.siteName, article.publishedAt, article.authors.join('; '), article.language,
    (article.text.match(/[\p{L}\p{N}]+/gu) ?? []).length, article.sentences.length, article.entities.length, article.quotes.length,
    article.framing.length, voices.outlet, voices.quoted, voices.attributed, voices.vague,
  ];
  return `${values.map(csvField).join(',')}\r\n`;
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // A leading = + - @ would make spreadsheets evaluate the cell; a quote-prefixed apostrophe keeps it text.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** brat standoff: the text file and its .ann (entities, quotes with Speaker relations, framing, sentence voice). */
export function bratFiles(article: ArticleJson): { txt: string; ann: string } {
  const at = codePointOffsets(article.text);
  const lines: string[] = [];
  let t = 0;
  let r = 0;
  let a = 0;
  const textBound = (label: string, start: number, end: number) => {
    const id = `T${++t}`;
    // brat text-bound annotations cannot span a newline within one fragment: split into fragments.
    const fragments: string[] = [];
    const covered: string[] = [];
    let from = start;
    for (const piece of article.text.slice(start, end).split('\n')) {
      const to = from + piece.length;
      if (piece.length) {
        fragments.push(`${at(from)} ${at(to)}`);
        covered.push(piece);
      }
      from = to + 1;
    }
    lines.push(`${id}\t${bratLabel(label)} ${fragments.join(';')}\t${covered.join(' ')}`);
    return id;
  };
  const mentionIds = new Map<string, string>();
  for (const entity of article.entities) {
    for (const mention of entity.mentions) {
      const id = textBound(entity.type, mention.start, mention.end);
      mentionIds.set(`${mention.start}:${mention.end}`, id);
      lines.push(`#${t}\tAnnotatorNotes ${id}\t${entity.name}`);
    }
  }
  for (const quote of article.quotes) {
    if (quote.end <= quote.start) continue;
    const id = textBound('Quote', quote.start, quote.end);
    lines.push(`A${++a}\tKind ${id} ${quote.kind}`);
    const mention = quote.speaker.mention;
    if (mention) {
      const speaker = mentionIds.get(`${mention.start}:${mention.end}`) ?? textBound('Speaker', mention.start, mention.end);
      lines.push(`R${++r}\tSaidBy Arg1:${id} Arg2:${speaker}`);
    }
  }
  for (const finding of article.framing) {
    if (finding.end <= finding.start) continue;
    const id = textBound(finding.technique, finding.start, finding.end);
    lines.push(`#${t}\tAnnotatorNotes ${id}\t${finding.explanation.replace(/\s+/g, ' ')}`);
  }
  for (const sentence of article.sentences) {
    if (sentence.voice === 'outlet' || sentence.end <= sentence.start) continue;
    const id = textBound('Sentence', sentence.start, sentence.end);
    lines.push(`A${++a}\tVoice ${id} ${sentence.voice}`);
  }
  return { txt: article.text, ann: lines.length ? `${lines.join('\n')}\n` : '' };
}

/** brat type names are letters, digits, _ and -: SemEval labels with commas become `Name_Calling-Labeling`. */
function bratLabel(label: string): string {
  return label.replace(/,/g, '-').replace(/[^A-Za-z0-9_-]/g, '_');
}

/** The document's IRI for annotation targets: its URL, else a URN from its id. */
function sourceIri(article: ArticleJson): string {
  return article.url ?? `urn:presslens:article:${encodeURIComponent(article.id)}`;
}

/** A W3C Web Annotation (JSON-LD) AnnotationPage with one annotation per entity mention, quote, finding. */
export function webAnnotations(article: ArticleJson): Record<string, unknown> {
  const at = codePointOffsets(article.text);
  const source = sourceIri(article);
  const base = `urn:presslens:annotation:${encodeURIComponent(article.id)}`;
  const target = (start: number, end: number) => ({
    source,
    selector: [
      { type: 'TextPositionSelector', start: at(start), end: at(end) },
      {
        type: 'TextQuoteSelector', exact: article.text.slice(start, end),
        prefix: article.text.slice(Math.max(0, start - 32), start), suffix: article.text.slice(end, end + 32),
      },
    ],
  });
  const items: Record<string, unknown>[] = [];
  for (const entity of article.entities) {
    entity.mentions.forEach((mention, index) => items.push({
      id: `${base}/${entity.id}/${index + 1}`, type: 'Annotation', motivation: 'identifying',
      body: [{ type: 'TextualBody', purpose: 'tagging', value: entity.type }, { type: 'TextualBody', purpose: 'identifying', value: entity.name }],
      target: target(mention.start, mention.end),
    }));
  }
  for (const quote of article.quotes) {
    const body: Record<string, unknown>[] = [{ type: 'TextualBody', purpose: 'classifying', value: `quote:${quote.kind}` }];
    if (quote.speaker.name) body.push({ type: 'TextualBody', purpose: 'describing', value: `said by ${quote.speaker.name}` });
    items.push({ id: `${base}/${quote.id}`, type: 'Annotation', motivation: 'classifying', body, target: target(quote.start, quote.end) });
  }
  article.framing.forEach((finding, index) => items.push({
    id: `${base}/framing/${index + 1}`, type: 'Annotation', motivation: 'assessing',
    body: [
      { type: 'TextualBody', purpose: 'classifying', value: finding.technique },
      { type: 'TextualBody', purpose: 'commenting', value: finding.explanation },
      ...(finding.alternative ? [{ type: 'TextualBody', purpose: 'editing', value: finding.alternative }] : []),
    ],
    target: target(finding.start, finding.end),
  }));
  return {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: base, type: 'AnnotationPage', partOf: { id: source, label: article.title ?? article.id }, items,
  };
}

const SCHEMA_TYPES: Record<EntityType, string> = {
  PERSON: 'Person', ORG: 'Organization', GPE: 'Place', LOC: 'Place', FAC: 'Place', NORP: 'Thing', EVENT: 'Event',
  WORK: 'CreativeWork', PRODUCT: 'Product', LAW: 'Legislation', MISC: 'Thing',
};

/** schema.org NewsArticle (JSON-LD) with authors, publisher, body and the entities it mentions. */
export function newsArticle(article: ArticleJson): Record<string, unknown> {
  const value: Record<string, unknown> = {
    '@context': 'https://schema.org', '@type': 'NewsArticle', identifier: article.id,
    headline: article.title ?? undefined, description: article.standfirst ?? undefined, url: article.url ?? undefined,
    datePublished: article.publishedAt ?? undefined, inLanguage: article.language ?? undefined,
    author: article.authors.map((name) => ({ '@type': 'Person', name })),
    publisher: article.siteName ? { '@type': 'Organization', name: article.siteName } : undefined,
    articleSection: article.categories.length ? article.categories : undefined,
    articleBody: article.text, wordCount: (article.text.match(/[\p{L}\p{N}]+/gu) ?? []).length,
    mentions: article.entities.map((entity) => ({ '@type': SCHEMA_TYPES[entity.type] ?? 'Thing', name: entity.name })),
  };
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

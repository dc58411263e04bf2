/**
 * Builds ArticleJson fixtures from marked-up text, so that every offset is computed, never typed by hand:
 *
 *   [[surface|entityId]]                 a mention of an entity (declared in `entities`)
 *   [[surface|entityId|quoteId]]         …that is also the speaker mention of a quote
 *   {{quoteId:content}}                  the content span of a quote (declared in `quotes`)
 *   <<surface|technique|alternative>>    a framing finding in the outlet's voice (quoted when inside {{…}})
 *
 * Markup may nest (a mention or finding inside a quote).
 */
import type { ArticleJson, Entity, EntityType, FramingFinding, Quote, QuoteKind, Span } from '../../src/core/article.js';

export interface CaseArticle {
  id: string;
  siteName: string;
  url: string;
  title: string;
  publishedAt: string;
  body: string;
  entities?: Record<string, { name: string; type: EntityType }>;
  quotes?: Record<string, { kind: QuoteKind; speaker: string | null }>;
}

interface Open {
  kind: 'entity' | 'quote' | 'framing';
  start: number;
  quoteId?: string;
}

export function buildArticle(spec: CaseArticle, withAnnotations = true): ArticleJson {
  let text = '';
  const mentions = new Map<string, Span[]>();
  const quoteSpans = new Map<string, Span>();
  const speakerMentions = new Map<string, Span>();
  const framing: FramingFinding[] = [];
  const stack: Open[] = [];
  const body = spec.body;
  for (let i = 0; i < body.length;) {
    if (body.startsWith('[[', i)) {
      stack.push({ kind: 'entity', start: text.length });
      i += 2;
    } else if (body.startsWith('{{', i)) {
      const colon = body.indexOf(':', i);
      stack.push({ kind: 'quote', start: text.length, quoteId: body.slice(i + 2, colon) });
      i = colon + 1;
    } else if (body.startsWith('<<', i)) {
      stack.push({ kind: 'framing', start: text.length });
      i += 2;
    } else if (body.startsWith(']]', i) || body.startsWith('>>', i) || body.startsWith('}}', i)) {
      const open = stack.pop();
      if (!open) throw new Error(`${spec.id}: unbalanced markup at ${i}`);
      i += 2;
      if (open.kind === 'quote') {
        quoteSpans.set(open.quoteId!, { start: open.start, end: text.length });
        continue;
      }
      // The fields after the surface were written into `text`: take them back out.
      const [surface, ...fields] = text.slice(open.start).split('|');
      text = text.slice(0, open.start) + surface;
      const span = { start: open.start, end: open.start + surface!.length };
      if (open.kind === 'entity') {
        const [entityId, quoteId] = fields;
        mentions.set(entityId!, [...(mentions.get(entityId!) ?? []), span]);
        if (quoteId) speakerMentions.set(quoteId, span);
      } else {
        const [technique, alternative] = fields;
        const quoted = stack.some((o) => o.kind === 'quote');
        framing.push({
          technique: technique!, ...span, voice: quoted ? 'quoted' : 'outlet',
          explanation: `"${surface}" is a loaded word for what "${alternative}" says plainly`, alternative: alternative ?? null,
          ruleId: 'fixture',
        });
      }
    } else {
      text += body[i];
      i++;
    }
  }
  if (stack.length) throw new Error(`${spec.id}: unclosed markup`);
  const entities: Entity[] = Object.entries(spec.entities ?? {})
    .filter(([id]) => mentions.has(id))
    .map(([id, e]) => ({ id, type: e.type, name: e.name, mentions: mentions.get(id)! }));
  const quotes: Quote[] = Object.entries(spec.quotes ?? {}).map(([id, q]) => {
    const span = quoteSpans.get(id);
    if (!span) throw new Error(`${spec.id}: quote ${id} is declared but not marked`);
    const speaker = q.speaker ? spec.entities?.[q.speaker] : undefined;
    return {
      id, kind: q.kind, ...span, cue: null,
      speaker: { name: speaker?.name ?? null, entityId: speaker ? q.speaker : null, mention: speakerMentions.get(id) ?? null },
    };
  });
  const blocks = paragraphs(text);
  return {
    schema: 'presslens.article/1', id: spec.id, url: spec.url, title: spec.title, standfirst: null, authors: [],
    publishedAt: spec.publishedAt, siteName: spec.siteName, language: 'en', categories: [], text,
    blocks: blocks.map((b) => ({ type: 'paragraph', ...b })), sentences: [],
    entities: withAnnotations ? entities : [], quotes: withAnnotations ? quotes : [], framing: withAnnotations ? framing : [],
    messages: [],
  };
}

function paragraphs(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const part of text.split('\n\n')) {
    spans.push({ start, end: start + part.length });
    start += part.length + 2;
  }
  return spans;
}

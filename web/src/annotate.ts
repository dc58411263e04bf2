/**
 * Splits an article's text into flat segments, each covered by the same quote, entity mention, speaker
 * mention, findings and sentence voice, so that nested and overlapping annotations render as plain spans of
 * text (never as HTML). Pure: tested without a browser.
 */
import type { ArticleJson, Span, Voice } from './types.js';

export interface Segment extends Span {
  /** Index into article.quotes of the innermost quote covering the segment. */
  quote: number | null;
  /** Index into article.entities whose mention covers the segment. */
  entity: number | null;
  /** Index into article.quotes whose speaker mention covers the segment. */
  speakerOf: number | null;
  /** Indices into article.framing. */
  findings: number[];
  voice: Voice | null;
}

type Layer = 'quote' | 'entity' | 'speakerOf' | 'finding' | 'voice';

interface Interval extends Span {
  layer: Layer;
  index: number;
}

function intervals(article: ArticleJson): Interval[] {
  const all: Interval[] = [];
  article.quotes.forEach((q, index) => {
    all.push({ layer: 'quote', index, start: q.start, end: q.end });
    if (q.speaker.mention) all.push({ layer: 'speakerOf', index, ...q.speaker.mention });
  });
  article.entities.forEach((e, index) => e.mentions.forEach((m) => all.push({ layer: 'entity', index, start: m.start, end: m.end })));
  article.framing.forEach((f, index) => all.push({ layer: 'finding', index, start: f.start, end: f.end }));
  article.sentences.forEach((s, index) => all.push({ layer: 'voice', index, start: s.start, end: s.end }));
  return all;
}

/** Segments of every block, in order; computed once per article. */
export function segmentArticle(article: ArticleJson): Segment[][] {
  const all = intervals(article);
  const blocks = article.blocks.length ? article.blocks : [{ start: 0, end: article.text.length }];
  return blocks.map((block) => segmentSpan(article, block, all));
}

function segmentSpan(article: ArticleJson, block: Span, all: Interval[]): Segment[] {
  const inside = all
    .map((i) => ({ ...i, start: Math.max(i.start, block.start), end: Math.min(i.end, block.end) }))
    .filter((i) => i.start < i.end);
  const cuts = new Set<number>([block.start, block.end]);
  for (const i of inside) {
    cuts.add(i.start);
    cuts.add(i.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const opening = new Map<number, Interval[]>();
  for (const i of inside) opening.set(i.start, [...(opening.get(i.start) ?? []), i]);
  const active: Interval[] = [];
  const segments: Segment[] = [];
  for (let p = 0; p + 1 < points.length; p++) {
    const start = points[p]!;
    const end = points[p + 1]!;
    for (let k = active.length - 1; k >= 0; k--) if (active[k]!.end <= start) active.splice(k, 1);
    // Longer intervals first, so that the innermost (shortest) one opened here wins for single-valued layers.
    active.push(...(opening.get(start) ?? []).sort((a, b) => b.end - a.end));
    const last = (layer: Layer) => {
      for (let k = active.length - 1; k >= 0; k--) if (active[k]!.layer === layer) return active[k]!.index;
      return null;
    };
    const voice = last('voice');
    segments.push({
      start, end,
      quote: last('quote'),
      entity: last('entity'),
      speakerOf: last('speakerOf'),
      findings: active.filter((i) => i.layer === 'finding').map((i) => i.index),
      voice: voice === null ? null : article.sentences[voice]!.voice,
    });
  }
  return segments;
}

/** A stable key per speaker: the article entity when resolved, else the name, else unattributed. */
export function speakerKey(speaker: { name: string | null; entityId: string | null }): string {
  return speaker.entityId ? `entity:${speaker.entityId}` : speaker.name ? `name:${speaker.name.toLowerCase()}` : 'unattributed';
}

export const SPEAKER_COLOURS = 8;

/** Colour slots 0…7 by order of first appearance; unattributed quotes get no slot (a neutral colour). */
export function speakerColours(article: ArticleJson): Map<string, number> {
  const colours = new Map<string, number>();
  for (const quote of article.quotes) {
    const key = speakerKey(quote.speaker);
    if (key !== 'unattributed' && !colours.has(key)) colours.set(key, colours.size % SPEAKER_COLOURS);
  }
  return colours;
}

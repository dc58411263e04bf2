/**
 * Entities and speakers across outlets: who is named where, and whose voices are heard (quoted) where.
 * An article counts as naming an entity when its analysis (or the fallback) lists it, or when the name, or for
 * a person the surname, appears in its text: a missed mention is not an omission.
 */
import type { Span } from '../../core/article.js';
import { findPhrase } from '../features.js';
import type { NameResolver } from './names.js';
import { evidence, type PreparedArticle } from './prepare.js';
import type { EntityCoverage, Evidence, SpeakerCoverage } from './types.js';

const EVIDENCE_PER_ARTICLE = 3;

interface Presence {
  name: string;
  type: string | null;
  spans: Map<string, Span[]>;
}

export function entityPresence(prepared: readonly PreparedArticle[], names: NameResolver): Map<string, Presence> {
  const presence = new Map<string, Presence>();
  for (const p of prepared) {
    for (const entity of p.entities) {
      const key = names.resolve(entity.key);
      const entry = presence.get(key) ?? { name: names.label(key), type: entity.type, spans: new Map() };
      entry.type ??= entity.type;
      const spans = entry.spans.get(p.ref.id) ?? [];
      spans.push(...entity.mentions);
      entry.spans.set(p.ref.id, spans);
      presence.set(key, entry);
    }
  }
  // Search the other articles' text for each name before calling it omitted.
  for (const entry of presence.values()) {
    const words = entry.name.split(/\s+/);
    const surname = words.length > 1 && (entry.type === 'PERSON' || entry.type === null) ? words[words.length - 1]! : null;
    for (const p of prepared) {
      if (entry.spans.get(p.ref.id)?.length) continue;
      let found = findPhrase(p.article.text, entry.name, EVIDENCE_PER_ARTICLE);
      if (!found.length && surname && surname.length > 2) found = findPhrase(p.article.text, surname, EVIDENCE_PER_ARTICLE);
      if (found.length) entry.spans.set(p.ref.id, found);
    }
  }
  return presence;
}

export function entityCoverage(prepared: readonly PreparedArticle[], presence: Map<string, Presence>): EntityCoverage[] {
  const ids = prepared.map((p) => p.ref.id);
  const byId = new Map(prepared.map((p) => [p.ref.id, p.article]));
  const rows: EntityCoverage[] = [];
  for (const [key, entry] of presence) {
    const includedBy = ids.filter((id) => entry.spans.get(id)?.length);
    rows.push({
      key, name: entry.name, type: entry.type, includedBy,
      omittedBy: ids.filter((id) => !includedBy.includes(id)),
      evidence: includedBy.flatMap((id) => sortedSpans(entry.spans.get(id)!).slice(0, EVIDENCE_PER_ARTICLE).map((s) => evidence(byId.get(id)!, s))),
    });
  }
  return rows.sort((a, b) => a.omittedBy.length - b.omittedBy.length || b.evidence.length - a.evidence.length || a.name.localeCompare(b.name));
}

export function speakerCoverage(prepared: readonly PreparedArticle[], presence: Map<string, Presence>, names: NameResolver): SpeakerCoverage[] {
  const speakers = new Map<string, { name: string; counts: Map<string, number>; evidence: Evidence[] }>();
  for (const p of prepared) {
    for (const quote of p.quotes) {
      if (!quote.speakerKey) continue;
      const key = names.resolve(quote.speakerKey);
      const entry = speakers.get(key) ?? { name: names.label(key), counts: new Map<string, number>(), evidence: [] as Evidence[] };
      entry.counts.set(p.ref.id, (entry.counts.get(p.ref.id) ?? 0) + 1);
      if (entry.counts.get(p.ref.id)! <= EVIDENCE_PER_ARTICLE) entry.evidence.push(evidence(p.article, quote));
      speakers.set(key, entry);
    }
  }
  const rows: SpeakerCoverage[] = [];
  for (const [key, entry] of speakers) {
    const quotedBy = prepared.filter((p) => entry.counts.has(p.ref.id)).map((p) => ({ articleId: p.ref.id, quotes: entry.counts.get(p.ref.id)! }));
    const named = presence.get(key)?.spans;
    const rest = prepared.filter((p) => !entry.counts.has(p.ref.id));
    const mentionedOnlyBy = rest.filter((p) => named?.get(p.ref.id)?.length).map((p) => p.ref.id);
    for (const id of mentionedOnlyBy) {
      const article = prepared.find((p) => p.ref.id === id)!.article;
      entry.evidence.push(...sortedSpans(named!.get(id)!).slice(0, 1).map((s) => evidence(article, s)));
    }
    rows.push({
      key, name: entry.name, quotedBy, mentionedOnlyBy,
      absentFrom: rest.filter((p) => !mentionedOnlyBy.includes(p.ref.id)).map((p) => p.ref.id),
      evidence: entry.evidence,
    });
  }
  return rows.sort((a, b) => b.quotedBy.length - a.quotedBy.length || a.name.localeCompare(b.name));
}

function sortedSpans(spans: Span[]): Span[] {
  return [...spans].sort((a, b) => a.start - b.start);
}

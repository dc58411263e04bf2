/**
 * The source ledger shown beside an article: who is quoted and how often, and how much of the text is in each
 * voice. The quotes stage adds it as the `ledger` extension; older or partial output lacks it, and then the
 * UI computes the same figures from `quotes` and `sentences`.
 */
import { speakerKey } from './annotate.js';
import type { ArticleJson, Voice } from './types.js';

export interface LedgerSpeaker {
  name: string;
  entityId: string | null;
  quotes: number;
  share: number;
}

export interface Ledger {
  speakers: LedgerSpeaker[];
  voiceShare: Record<Voice, number>;
  namedSources: number;
  /** True when computed here because the article has no `ledger` extension. */
  computed: boolean;
}

export const VOICES: readonly Voice[] = ['outlet', 'quoted', 'attributed', 'vague'];

export function ledgerFor(article: ArticleJson): Ledger {
  return fromExtension(article['ledger']) ?? computeLedger(article);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Accepts the extension only when it has the documented shape; anything else falls back to computing. */
function fromExtension(value: unknown): Ledger | null {
  if (!value || typeof value !== 'object') return null;
  const { speakers, voiceShare, namedSources } = value as Record<string, unknown>;
  if (!Array.isArray(speakers) || !voiceShare || typeof voiceShare !== 'object' || !isNumber(namedSources)) return null;
  const shares = voiceShare as Record<string, unknown>;
  if (!VOICES.every((v) => isNumber(shares[v]))) return null;
  const rows: LedgerSpeaker[] = [];
  for (const s of speakers as Record<string, unknown>[]) {
    if (!s || typeof s.name !== 'string' || !isNumber(s.quotes) || !isNumber(s.share)) return null;
    rows.push({ name: s.name, entityId: typeof s.entityId === 'string' ? s.entityId : null, quotes: s.quotes, share: s.share });
  }
  return {
    speakers: rows.sort((a, b) => b.quotes - a.quotes),
    voiceShare: Object.fromEntries(VOICES.map((v) => [v, shares[v] as number])) as Record<Voice, number>,
    namedSources,
    computed: false,
  };
}

export function computeLedger(article: ArticleJson): Ledger {
  const rows = new Map<string, LedgerSpeaker>();
  for (const quote of article.quotes) {
    const name = quote.speaker.name ?? (quote.speaker.entityId ? article.entities.find((e) => e.id === quote.speaker.entityId)?.name : undefined);
    if (!name) continue;
    const key = speakerKey({ name, entityId: quote.speaker.entityId });
    const row = rows.get(key) ?? { name, entityId: quote.speaker.entityId, quotes: 0, share: 0 };
    row.quotes++;
    rows.set(key, row);
  }
  const total = article.quotes.length;
  for (const row of rows.values()) row.share = total ? row.quotes / total : 0;
  const voiceShare: Record<Voice, number> = { outlet: 0, quoted: 0, attributed: 0, vague: 0 };
  const sentences = article.sentences.length;
  for (const sentence of article.sentences) voiceShare[sentence.voice] += 1 / sentences;
  return { speakers: [...rows.values()].sort((a, b) => b.quotes - a.quotes), voiceShare, namedSources: rows.size, computed: true };
}

/**
 * Numeric claims: a quantity (a figure, a hedged figure, or a vague quantifier such as "dozens"), the noun it
 * counts and the event around it (killed, injured, fired…), each turned into the range its wording allows.
 * Claims of different outlets about the same noun and event are aligned; ranges that cannot both be true are
 * flagged as conflicting, and a vaguer wording next to a precise one as imprecise.
 */
import { readFileSync } from 'node:fs';
import { nameWordKeys, wordTokens } from '../features.js';
import type { PreparedArticle } from './prepare.js';
import type { NumberAlignment, NumberStatus, NumericClaim } from './types.js';

interface QuantityTables {
  numberWords: Record<string, number>;
  multipliers: Record<string, number>;
  hedges: { words: string[]; low: number; high: number | null; basis: string }[];
  vague: { phrase: string; low: number | null; high: number | null; basis: string }[];
  events: Record<string, string[]>;
  nounAliases: Record<string, string>;
  modifiers: string[];
}

const TABLES: QuantityTables = JSON.parse(readFileSync(new URL('../data/quantities.json', import.meta.url), 'utf8'));
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
const byLength = (a: string, b: string) => b.length - a.length;
const HEDGES = new Map(TABLES.hedges.flatMap((h) => h.words.map((w) => [w, h] as const)));
const VAGUE = new Map(TABLES.vague.map((v) => [v.phrase, v]));
const EVENT_WORDS = new Map(Object.entries(TABLES.events).flatMap(([event, words]) => words.map((w) => [w, event] as const)));
const MODIFIERS = new Set(TABLES.modifiers);
const FIGURE = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:${Object.keys(TABLES.numberWords).sort(byLength).map(escape).join('|')})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?`;
const QUANTITY = new RegExp(
  String.raw`\b(?:(${[...HEDGES.keys()].sort(byLength).map(escape).join('|')})\s+)?` +
  String.raw`(?:(${FIGURE})(?:\s+(${Object.keys(TABLES.multipliers).join('|')}))?|(${[...VAGUE.keys()].sort(byLength).map(escape).join('|')}))\b`,
  'gi',
);
// Words that cannot be the counted noun: the quantity then counts people, when an event verb follows.
const NOT_NOUNS = new Set([
  'were', 'was', 'have', 'had', 'are', 'is', 'died', 'of', 'in', 'on', 'at', 'and', 'or', 'to', 'who', 'more', 'than',
  'a', 'the', 'from', 'by', 'them', 'us', 'those', 'whom', 'which', 'it', 'its', 'their', 'had', 'will', 'would',
]);

const MONTHS = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'p', 'a', 'am', 'pm']);

function figureValue(figure: string, multiplier: string | undefined): number {
  const lower = figure.toLowerCase().replace(/\s+/g, ' ');
  let value = Number(lower.replace(/,/g, ''));
  if (Number.isNaN(value)) {
    const [tens, unit] = lower.split('-');
    value = (TABLES.numberWords[tens!] ?? NaN) + (unit ? TABLES.numberWords[unit] ?? NaN : 0);
  }
  return value * (multiplier ? TABLES.multipliers[multiplier.toLowerCase()]! : 1);
}

function lemma(noun: string): string {
  const alias = TABLES.nounAliases[noun];
  if (alias) return alias;
  if (/ies$/.test(noun) && noun.length > 4) return noun.slice(0, -3) + 'y';
  if (/(?:ches|shes|sses|xes)$/.test(noun)) return noun.slice(0, -2);
  if (/[^s]s$/.test(noun) && noun.length > 3) return noun.slice(0, -1);
  return noun;
}

/** The numeric claims of one text, in order. */
export function extractClaims(articleId: string, text: string): NumericClaim[] {
  const claims: NumericClaim[] = [];
  QUANTITY.lastIndex = 0;
  for (let m = QUANTITY.exec(text); m; m = QUANTITY.exec(text)) {
    const [whole, hedgeWord, figure, multiplier, vaguePhrase] = m;
    if (!figure && !vaguePhrase) continue;
    // Figures inside dates, times, money and ordinals are not counts of things.
    const figureStart = m.index + whole.length - (multiplier ? whole.length - whole.toLowerCase().lastIndexOf(figure?.toLowerCase() ?? '') : (figure ?? '').length);
    if (figure && /\d/.test(figure) && (/[$€£:/.-]$/.test(text.slice(Math.max(0, figureStart - 1), figureStart)) || /^\d{4}$/.test(figure))) continue;
    const sentenceEnd = text.slice(m.index + whole.length).search(/[.!?;]\s|\n|$/);
    const rest = text.slice(m.index + whole.length, m.index + whole.length + Math.max(0, sentenceEnd));
    const words = wordTokens(rest, 12);
    let i = 0;
    while (i < words.length && (words[i]!.norm === 'of' || MODIFIERS.has(words[i]!.norm))) i++;
    let nounToken = words[i];
    let implied = false;
    if (nounToken && MONTHS.has(nounToken.norm)) continue; // "5 May": a date
    // A noun after punctuation ("wounding 23, the army said") is not what the number counts.
    if (!nounToken || NOT_NOUNS.has(nounToken.norm) || /^\d/.test(nounToken.norm) || /[,;:()]/.test(rest.slice(0, nounToken.start))) {
      nounToken = undefined;
      implied = true;
    }
    const noun = nounToken ? lemma(nounToken.norm) : 'people';
    const tail = words.slice(nounToken ? i : 0, (nounToken ? i : 0) + 8).map((w) => w.norm);
    // The event may come before the quantity ("killing four civilians", "wounding 23").
    const lead = wordTokens(text.slice(Math.max(0, m.index - 24), m.index)).slice(-2).map((w) => w.norm);
    let event: string | null = lead.map((w) => EVENT_WORDS.get(w)).find((e) => e !== undefined) ?? null;
    for (let k = 0; k < tail.length && !event; k++) {
      event = EVENT_WORDS.get(tail[k]!) ?? (k + 2 < tail.length ? EVENT_WORDS.get(tail.slice(k, k + 3).join(' ')) ?? null : null);
    }
    // A bare number counts people only next to an event word, and never "one" ("no one was hurt").
    if (implied && (!event || /^(?:one|a\s)/i.test(figure ?? ''))) continue;
    const end = nounToken ? m.index + whole.length + nounToken.end : m.index + whole.length;
    const claim = rangeOf(hedgeWord?.toLowerCase().replace(/\s+/g, ' '), figure, multiplier, vaguePhrase?.toLowerCase().replace(/\s+/g, ' '));
    if (!claim) continue;
    claims.push({
      articleId, start: m.index, end, text: text.slice(m.index, end),
      ...claim, noun, event,
    });
  }
  return claims;
}

function rangeOf(hedge: string | undefined, figure: string | undefined, multiplier: string | undefined, vague: string | undefined) {
  if (vague) {
    const entry = VAGUE.get(vague);
    if (!entry) return null;
    return { value: entry.low !== null && entry.low === entry.high ? entry.low : null, low: entry.low, high: entry.high, quantifier: vague, reason: entry.basis };
  }
  const value = figureValue(figure!, multiplier);
  if (!Number.isFinite(value)) return null;
  if (!hedge) return { value, low: value, high: value, quantifier: null, reason: 'an exact figure' };
  const entry = HEDGES.get(hedge)!;
  return {
    value, low: Math.round(value * entry.low * 100) / 100, high: entry.high === null ? null : Math.round(value * entry.high * 100) / 100,
    quantifier: hedge, reason: `"${hedge}": ${entry.basis}`,
  };
}

const overlaps = (a: NumericClaim, b: NumericClaim) =>
  (a.low === null || b.high === null || a.low <= b.high) && (b.low === null || a.high === null || b.low <= a.high);
const exact = (c: NumericClaim) => c.low !== null && c.low === c.high;
const describe = (c: NumericClaim, outlet: string) =>
  `${outlet}: "${c.text}" (${c.low === null && c.high === null ? 'no range' : exact(c) ? c.low : `${c.low ?? '?'}–${c.high ?? '∞'}`})`;

export function alignNumbers(prepared: readonly PreparedArticle[]): NumberAlignment[] {
  const outlets = new Map(prepared.map((p) => [p.ref.id, p.ref.outlet]));
  const claims: ContextClaim[] = prepared.flatMap((p) => extractClaims(p.ref.id, p.article.text).map((claim) => ({
    claim, context: nameWordKeys(sentenceAround(p.article.text, claim.start)), position: claim.start / p.article.text.length,
  })));
  // Group by noun; within a noun, claims with an event go with that event, claims without one join the only
  // event group when there is exactly one.
  const byNoun = new Map<string, ContextClaim[]>();
  for (const c of claims) byNoun.set(c.claim.noun, [...(byNoun.get(c.claim.noun) ?? []), c]);
  const ids = prepared.map((p) => p.ref.id);
  const rows: NumberAlignment[] = [];
  for (const [noun, list] of byNoun) {
    const events = [...new Set(list.map((c) => c.claim.event).filter((e): e is string => e !== null))];
    const groups = new Map<string | null, ContextClaim[]>();
    for (const c of list) {
      const event = c.claim.event ?? (events.length === 1 ? events[0]! : null);
      groups.set(event, [...(groups.get(event) ?? []), c]);
    }
    for (const [event, group] of groups) {
      for (const members of splitByContext(group)) {
        const articleIds = ids.filter((id) => members.some((c) => c.articleId === id));
        const { status, reason } = judge(members, outlets);
        rows.push({
          key: event ? `${noun}|${event}` : noun, noun, event, status, flagged: status === 'conflicting' || status === 'imprecise',
          reason, articleIds, omittedBy: ids.filter((id) => !articleIds.includes(id)), claims: members,
        });
      }
    }
  }
  const order: Record<NumberStatus, number> = { conflicting: 0, imprecise: 1, consistent: 2, exclusive: 3 };
  return rows.sort((a, b) => order[a.status] - order[b.status] || b.articleIds.length - a.articleIds.length || a.key.localeCompare(b.key));
}

interface ContextClaim {
  claim: NumericClaim;
  /** Name words of the claim's sentence: where and whom the figure is about. */
  context: Set<string>;
  /** Relative position in its article (0–1). */
  position: number;
}

function sentenceAround(text: string, at: number): string {
  const before = text.slice(Math.max(0, at - 300), at);
  const cut = Math.max(before.search(/[.!?]\s[^.!?]*$/), before.lastIndexOf('\n'));
  const after = text.slice(at, at + 300).search(/[.!?]\s|\n/);
  return text.slice(Math.max(0, at - 300) + (cut < 0 ? 0 : cut + 1), after < 0 ? at + 300 : at + after);
}

/**
 * When one article gives several figures for the same thing (deaths in two places), its claims become anchors
 * and every other claim joins the anchor whose sentence names the most of the same places and people (ties:
 * the nearest relative position in the text).
 */
function splitByContext(group: ContextClaim[]): NumericClaim[][] {
  const perArticle = new Map<string, ContextClaim[]>();
  for (const c of group) perArticle.set(c.claim.articleId, [...(perArticle.get(c.claim.articleId) ?? []), c]);
  const anchors = [...perArticle.values()].sort((a, b) => b.length - a.length)[0]!;
  if (anchors.length === 1) return [group.map((c) => c.claim)];
  const buckets = anchors.map((anchor) => [anchor]);
  for (const c of group) {
    if (anchors.includes(c)) continue;
    let best = 0;
    let bestScore = -Infinity;
    anchors.forEach((anchor, i) => {
      let shared = 0;
      for (const key of c.context) if (anchor.context.has(key)) shared++;
      const score = shared - Math.abs(anchor.position - c.position) * 0.5;
      if (score > bestScore) [best, bestScore] = [i, score];
    });
    buckets[best]!.push(c);
  }
  return buckets.map((bucket) => bucket.map((c) => c.claim));
}

function judge(claims: readonly NumericClaim[], outlets: Map<string, string>): { status: NumberStatus; reason: string } {
  const articles = new Set(claims.map((c) => c.articleId));
  if (articles.size < 2) return { status: 'exclusive', reason: `only ${outlets.get(claims[0]!.articleId)} gives this figure` };
  for (let i = 0; i < claims.length; i++) {
    for (let j = i + 1; j < claims.length; j++) {
      const a = claims[i]!;
      const b = claims[j]!;
      if (a.articleId !== b.articleId && !overlaps(a, b)) {
        return { status: 'conflicting', reason: `${describe(a, outlets.get(a.articleId)!)} vs ${describe(b, outlets.get(b.articleId)!)}: the ranges cannot both hold` };
      }
    }
  }
  const precise = claims.filter(exact);
  const vague = claims.filter((c) => !exact(c));
  if (vague.length && precise.length) {
    const p = precise[0]!;
    const v = vague.find((c) => c.articleId !== p.articleId) ?? vague[0]!;
    return { status: 'imprecise', reason: `${describe(p, outlets.get(p.articleId)!)} is precise where ${describe(v, outlets.get(v.articleId)!)} is not (${v.reason})` };
  }
  return { status: 'consistent', reason: 'the figures agree' };
}

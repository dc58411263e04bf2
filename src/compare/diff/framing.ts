/**
 * Framing differences for the same referent: which outlet says "regime" where another says "government".
 * Two sources: the referent-term table (src/compare/data/referent-terms.json, every group with its basis), and
 * the framing findings of the analysis (a finding's `alternative` names the plainer term, which is then looked
 * for in the other articles). A term inside a quotation is reported in the quoted voice, not the outlet's.
 */
import { readFileSync } from 'node:fs';
import type { FramingFinding, Span } from '../../core/article.js';
import { nameKey } from '../features.js';
import { evidence, quotedSpans, type PreparedArticle } from './prepare.js';
import type { FramingDifference, FramingTermUse } from './types.js';

interface TermGroup {
  id: string;
  referent: string;
  basis: string;
  qualified?: boolean;
  terms: { term: string; forms: string[]; connotation: string }[];
}

const GROUPS: TermGroup[] = JSON.parse(readFileSync(new URL('../data/referent-terms.json', import.meta.url), 'utf8')).groups;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');

interface Matcher {
  group: TermGroup;
  pattern: RegExp;
  termOf: Map<string, { term: string; connotation: string }>;
}

const MATCHERS: Matcher[] = GROUPS.map((group) => {
  const termOf = new Map<string, { term: string; connotation: string }>();
  for (const t of group.terms) for (const form of t.forms) termOf.set(form.toLowerCase(), { term: t.term, connotation: t.connotation });
  const forms = [...termOf.keys()].sort((a, b) => b.length - a.length).map(escape);
  // A qualified referent ("the Varossian regime") keeps the proper adjective or name before the term.
  const qualifier = group.qualified ? String.raw`(?:(\p{Lu}[\p{L}'’-]+)\s+)?` : '()';
  return { group, termOf, pattern: new RegExp(String.raw`${qualifier}(?<![\p{L}\p{N}-])(${forms.join('|')})(?![\p{L}\p{N}-])`, 'giu') };
});

interface Use extends FramingTermUse {
  groupKey: string;
  connotation: string;
}

const inside = (span: Span, spans: readonly Span[]) => spans.some((s) => span.start >= s.start && span.end <= s.end);
const overlapping = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

export function framingDifferences(prepared: readonly PreparedArticle[]): FramingDifference[] {
  const ids = prepared.map((p) => p.ref.id);
  const uses: Use[] = [];
  const claimedFindings = new Set<FramingFinding>();
  for (const p of prepared) {
    const quoted = quotedSpans(p);
    const findings = p.article.framing ?? [];
    for (const { group, pattern, termOf } of MATCHERS) {
      pattern.lastIndex = 0;
      for (let m = pattern.exec(p.article.text); m; m = pattern.exec(p.article.text)) {
        const form = m[2]!;
        const start = m.index + m[0].length - form.length;
        const span = { start, end: start + form.length };
        const entry = termOf.get(form.toLowerCase().replace(/\s+/g, ' '))!;
        const finding = findings.find((f) => overlapping(f, span));
        if (finding) claimedFindings.add(finding);
        // The pattern is case-insensitive, so the qualifier's capital is checked here.
        const qualifier = m[1] && /^\p{Lu}/u.test(m[1]) && !/^(The|A|An|This|That|Its|Their)$/.test(m[1]) ? nameKey(m[1]) : '';
        uses.push({
          ...evidence(p.article, span), term: entry.term, connotation: entry.connotation,
          voice: finding?.voice ?? (inside(span, quoted) ? 'quoted' : 'outlet'),
          technique: finding?.technique ?? null, ruleId: finding?.ruleId ?? null,
          groupKey: `${group.id}|${qualifier}`,
        });
      }
    }
  }
  mergeUnqualified(uses);
  const differences: FramingDifference[] = [];
  const byKey = new Map<string, Use[]>();
  for (const use of uses) byKey.set(use.groupKey, [...(byKey.get(use.groupKey) ?? []), use]);
  for (const [key, list] of byKey) {
    const [groupId, qualifier] = key.split('|') as [string, string];
    const group = GROUPS.find((g) => g.id === groupId)!;
    if (new Set(list.map((u) => u.connotation)).size < 2 || new Set(list.map((u) => u.articleId)).size < 2) continue;
    differences.push(difference(
      qualifier ? `${group.referent} (${list.find((u) => u.groupKey === key && /\p{Lu}/u.test(u.text))?.text ?? qualifier})` : group.referent,
      groupId, group.basis, 'table', list, ids,
    ));
  }
  differences.push(...findingDifferences(prepared, claimedFindings, ids));
  return differences;
}

/** Unqualified uses ("the regime") join the referent's one qualified form in the set ("the Varossian regime"). */
function mergeUnqualified(uses: Use[]): void {
  const qualifiers = new Map<string, Set<string>>();
  for (const use of uses) {
    const [group, qualifier] = use.groupKey.split('|') as [string, string];
    if (qualifier) qualifiers.set(group, (qualifiers.get(group) ?? new Set()).add(qualifier));
  }
  for (const use of uses) {
    const [group, qualifier] = use.groupKey.split('|') as [string, string];
    const known = qualifiers.get(group);
    if (!qualifier && known?.size === 1) use.groupKey = `${group}|${[...known][0]}`;
  }
}

function difference(referent: string, groupId: string | null, basis: string, source: 'table' | 'findings', list: Use[], ids: string[]): FramingDifference {
  const terms = new Map<string, { connotation: string | null; articles: Set<string> }>();
  for (const use of list) {
    const entry = terms.get(use.term) ?? { connotation: use.connotation || null, articles: new Set<string>() };
    entry.articles.add(use.articleId);
    terms.set(use.term, entry);
  }
  const outletTerms = new Set(list.filter((u) => u.voice === 'outlet').map((u) => u.term));
  return {
    referent, groupId, basis, source,
    terms: [...terms].map(([term, e]) => ({ term, connotation: e.connotation, articleIds: ids.filter((id) => e.articles.has(id)) })),
    inOutletVoice: outletTerms.size >= 2,
    uses: list.map(({ groupKey: _key, connotation: _connotation, ...use }) => use),
  };
}

/**
 * Findings the table does not cover: the finding's words against its `alternative`, searched for in the
 * other articles ("terror squads" in one, "armed group" in another).
 */
function findingDifferences(prepared: readonly PreparedArticle[], claimed: Set<FramingFinding>, ids: string[]): FramingDifference[] {
  const byAlternative = new Map<string, { alternative: string; basis: string; uses: Use[] }>();
  for (const p of prepared) {
    for (const finding of p.article.framing ?? []) {
      if (claimed.has(finding) || !finding.alternative) continue;
      const key = nameKey(finding.alternative);
      const entry = byAlternative.get(key) ?? { alternative: finding.alternative, basis: finding.explanation, uses: [] };
      entry.uses.push({
        ...evidence(p.article, finding), term: p.article.text.slice(finding.start, finding.end).toLowerCase(), connotation: finding.technique,
        voice: finding.voice, technique: finding.technique, ruleId: finding.ruleId, groupKey: key,
      });
      byAlternative.set(key, entry);
    }
  }
  const differences: FramingDifference[] = [];
  for (const [key, entry] of byAlternative) {
    const pattern = new RegExp(String.raw`(?<![\p{L}\p{N}-])${escape(entry.alternative)}(?![\p{L}\p{N}-])`, 'giu');
    for (const p of prepared) {
      const quoted = quotedSpans(p);
      for (const m of p.article.text.matchAll(pattern)) {
        const span = { start: m.index!, end: m.index! + m[0].length };
        if (entry.uses.some((u) => u.articleId === p.ref.id && overlapping(u, span))) continue;
        entry.uses.push({
          ...evidence(p.article, span), term: entry.alternative.toLowerCase(), connotation: 'the plainer alternative',
          voice: inside(span, quoted) ? 'quoted' : 'outlet', technique: null, ruleId: null, groupKey: key,
        });
      }
    }
    if (new Set(entry.uses.map((u) => u.term)).size < 2 || new Set(entry.uses.map((u) => u.articleId)).size < 2) continue;
    differences.push(difference(entry.alternative, null, entry.basis, 'findings', entry.uses, ids));
  }
  return differences;
}

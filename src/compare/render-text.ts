/**
 * The coverage diff as a report for people: articles get letters (A, B, …) and every finding names the
 * letters that include it, omit it, or word it differently, with short quoted evidence.
 */
import type { CoverageDiff, NumericClaim } from './diff/types.js';

const clip = (text: string, max = 90) => (text.length > max ? text.slice(0, max - 1) + '…' : text);
const q = (text: string) => JSON.stringify(clip(text.replace(/\s+/g, ' ')));

export function renderCoverageText(diff: CoverageDiff): string {
  const letter = new Map(diff.articles.map((a, i) => [a.id, i < 26 ? String.fromCharCode(65 + i) : `#${i + 1}`]));
  const ls = (ids: readonly string[]) => (ids.length ? ids.map((id) => letter.get(id) ?? id).join(' ') : '—');
  const lines: string[] = [`# Coverage of ${diff.articles.length} article${diff.articles.length === 1 ? '' : 's'}`, ''];
  for (const a of diff.articles) {
    lines.push(`[${letter.get(a.id)}] ${a.outlet}${a.publishedAt ? ` · ${a.publishedAt}` : ''}${a.title ? ` · ${q(a.title)}` : ''} (${a.id})`);
  }
  for (const group of diff.wireGroups) lines.push(`wire copies: ${ls(group.articleIds)} (similarity ${group.similarity.toFixed(2)})`);

  const section = (title: string, body: string[]) => {
    if (body.length) lines.push('', `## ${title}`, ...body);
  };
  section('Who is named', diff.entities.filter((e) => e.omittedBy.length).map((e) =>
    `- ${e.name}${e.type ? ` (${e.type})` : ''}: in ${ls(e.includedBy)}; not in ${ls(e.omittedBy)}`));
  section('Whose voices are heard', diff.speakers.map((s) => {
    const quoted = s.quotedBy.map((x) => `${letter.get(x.articleId)}×${x.quotes}`).join(' ');
    const named = s.mentionedOnlyBy.length ? `; named but not quoted in ${ls(s.mentionedOnlyBy)}` : '';
    const absent = s.absentFrom.length ? `; absent from ${ls(s.absentFrom)}` : '';
    return `- ${s.name}: quoted in ${quoted}${named}${absent}`;
  }));
  section('Quotes', diff.quotes.map((g) => {
    const head = g.status === 'shared' ? `shared by ${ls(g.articleIds)}` : `only in ${ls(g.articleIds)}`;
    return `- ${head} — ${g.speaker ?? 'unattributed'}: ${q(g.occurrences[0]!.text)}`;
  }));
  const claim = (c: NumericClaim) => `${letter.get(c.articleId)} ${q(c.text)}`;
  section('Numbers', diff.numbers.filter((n) => n.status !== 'exclusive').map((n) =>
    `- ${n.flagged ? '! ' : ''}${n.status} · ${n.noun}${n.event ? ` (${n.event})` : ''}: ${n.claims.map(claim).join(' · ')} — ${n.reason}`));
  section('Framing', diff.framing.map((f) => {
    const terms = f.terms.map((t) => `${ls(t.articleIds)} ${q(t.term)}`).join(' · ');
    const quotedOnly = f.inOutletVoice ? '' : ' (differences only inside quotes)';
    return `- ${f.referent}: ${terms}${quotedOnly} — ${f.basis}`;
  }));
  const exclusive = diff.numbers.filter((n) => n.status === 'exclusive');
  section('Figures only one outlet gives', exclusive.map((n) => `- ${n.claims.map(claim).join(' · ')}`));
  section('Notes', diff.notes.map((n) => `- ${n}`));
  lines.push('');
  return lines.join('\n');
}


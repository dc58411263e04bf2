import type { ArticleJson } from '../../core/article.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

interface Mark {
  start: number;
  end: number;
  className: string;
  title: string;
}

/**
 * A self-contained annotated page for one article: its text with quotes, entities and framing findings
 * marked, every piece of article content escaped (nothing from the page is ever emitted as markup), no
 * scripts, no outside resources.
 */
export function renderHtml(article: ArticleJson): string {
  return htmlPageStart(article.title ?? '(untitled)', article.language) + renderArticleSection(article) + HTML_PAGE_END;
}

/** The head of the page, shared by one article and a batch (one <article> section each). */
export function htmlPageStart(title: string, language: string | null): string {
  return `<!doctype html>
<html lang="${escapeHtml(language ?? 'en')}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>
body{font:17px/1.6 Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
article+article{border-top:1px solid #ccc;margin-top:3rem}
.meta{color:#555;font:14px system-ui,sans-serif}.standfirst{font-weight:bold}
.sources{font:14px system-ui,sans-serif;border:1px solid #ddd;padding:.5rem 1rem}
.quote{background:#e6f0ff}.quote.indirect{background:#eef7e8}.entity{border-bottom:2px solid #8a6d00}
.framing.outlet{background:#ffe1d6;outline:1px solid #c0392b}.framing.quoted{background:#f3e6ff}
mark{color:inherit}
</style></head><body>
`;
}

export const HTML_PAGE_END = '</body></html>\n';

export function renderArticleSection(article: ArticleJson): string {
  const marks: Mark[] = [
    ...article.quotes.map((q) => ({ start: q.start, end: q.end, className: `quote ${q.kind}`, title: `${q.kind} quote — ${q.speaker.name ?? 'unknown speaker'}` })),
    ...article.entities.flatMap((e) => e.mentions.map((m) => ({ ...m, className: `entity ${e.type}`, title: `${e.type}: ${e.name}` }))),
    ...article.framing.map((f) => ({ start: f.start, end: f.end, className: `framing ${f.voice}`, title: `${f.technique} (${f.voice}): ${f.explanation}${f.alternative ? ` — neutral: ${f.alternative}` : ''} [${f.ruleId}]` })),
  ];
  const body = article.blocks
    .map((block, i) => {
      const tag = block.type === 'heading' ? 'h2' : block.type === 'blockquote' ? 'blockquote' : block.type === 'list-item' ? 'li' : 'p';
      const inner = markUp(article.text, block.start, block.end, marks);
      // Consecutive list items share one <ul>.
      const opensList = block.type === 'list-item' && article.blocks[i - 1]?.type !== 'list-item' ? '<ul>' : '';
      const closesList = block.type === 'list-item' && article.blocks[i + 1]?.type !== 'list-item' ? '</ul>' : '';
      return `${opensList}<${tag} class="${block.type}">${inner}</${tag}>${closesList}`;
    })
    .join('\n');
  const meta = [article.siteName, article.authors.join(', '), article.publishedAt].filter(Boolean).map((v) => escapeHtml(String(v))).join(' · ');
  const sources = renderLedger(article.ledger as LedgerJson | undefined);
  return `<article>
<h1>${escapeHtml(article.title ?? '(untitled)')}</h1><p class="meta">${meta}</p>
${sources}${body}
</article>
`;
}

interface LedgerJson {
  quotes: number;
  namedSources: number;
  voiceShare: Record<string, number>;
  speakers: { name: string | null; mention: string | null; quotes: number; share: number }[];
}

/** The source ledger (quotes stage) as a short list above the article: who speaks, and how much. */
function renderLedger(ledger: LedgerJson | undefined): string {
  if (!ledger) return '';
  const voices = Object.entries(ledger.voiceShare).map(([voice, share]) => `${voice} ${Math.round(share * 100)}%`).join(' · ');
  const items = ledger.speakers.map((s) => {
    const who = s.name ?? (s.mention ? `unnamed: “${s.mention}”` : 'unattributed');
    return `<li>${escapeHtml(who)} ×${s.quotes} · ${(s.share * 100).toFixed(1)}% of the text</li>`;
  });
  return `<section class="sources"><p>${ledger.quotes} quotes, ${ledger.namedSources} named sources · ${escapeHtml(voices)}</p><ul>${items.join('')}</ul></section>\n`;
}

/** Wraps the marked ranges of one block in <mark> elements; overlapping marks are nested where they fit. */
function markUp(text: string, from: number, to: number, marks: readonly Mark[]): string {
  const events: { at: number; open: boolean; mark: Mark }[] = [];
  for (const mark of marks) {
    const start = Math.max(mark.start, from);
    const end = Math.min(mark.end, to);
    if (start >= end) continue;
    events.push({ at: start, open: true, mark: { ...mark, start, end } }, { at: end, open: false, mark: { ...mark, start, end } });
  }
  events.sort((a, b) => a.at - b.at || (a.open === b.open ? (a.open ? b.mark.end - a.mark.end : 0) : a.open ? 1 : -1));
  let html = '';
  let cursor = from;
  const open: Mark[] = [];
  for (const event of events) {
    html += escapeHtml(text.slice(cursor, event.at));
    cursor = event.at;
    if (event.open) {
      open.push(event.mark);
      html += `<mark class="${escapeHtml(event.mark.className)}" title="${escapeHtml(event.mark.title)}">`;
    } else {
      // Close down to this mark, then reopen the marks that were still running.
      const index = open.findIndex((m) => m.start === event.mark.start && m.end === event.mark.end && m.className === event.mark.className);
      if (index < 0) continue;
      const reopen = open.splice(index);
      html += '</mark>'.repeat(reopen.length);
      for (const m of reopen.slice(1)) {
        open.push(m);
        html += `<mark class="${escapeHtml(m.className)}" title="${escapeHtml(m.title)}">`;
      }
    }
  }
  html += escapeHtml(text.slice(cursor, to));
  html += '</mark>'.repeat(open.length);
  return html;
}

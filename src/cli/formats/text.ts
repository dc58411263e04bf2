import type { ArticleJson, Block, Voice } from '../../core/article.js';
import type { FramingSummary } from '../../stages/framing/summary.js';

const VOICES: Voice[] = ['outlet', 'quoted', 'attributed', 'vague'];

/** The `ledger` extension written by the quotes stage (schema/article.schema.json). */
interface SourceLedgerJson {
  quotes: number;
  namedSources: number;
  speakers: { name: string | null; mention: string | null; quotes: number; share: number }[];
}

/** A plain-text report for people: metadata, then what the stages found, each with its evidence. */
export function renderText(article: ArticleJson): string {
  const lines: string[] = [];
  const quote = (start: number, end: number) => JSON.stringify(article.text.slice(start, end));
  lines.push(`# ${article.title ?? '(untitled)'}`);
  const meta: [string, string | null][] = [
    ['id', article.id], ['url', article.url], ['site', article.siteName], ['published', article.publishedAt],
    ['authors', article.authors.join(', ') || null], ['language', article.language],
    ['categories', article.categories.join(', ') || null],
  ];
  for (const [key, value] of meta) if (value) lines.push(`${key.padEnd(11)} ${value}`);
  const words = article.text.split(/\s+/).filter(Boolean).length;
  lines.push(`${'size'.padEnd(11)} ${words} words, ${article.blocks.length} blocks, ${article.sentences.length} sentences`);
  if (article.standfirst) lines.push('', article.standfirst);

  if (article.sentences.length) {
    const share = new Map<Voice, number>();
    for (const s of article.sentences) share.set(s.voice, (share.get(s.voice) ?? 0) + (s.end - s.start));
    const total = [...share.values()].reduce((a, b) => a + b, 0) || 1;
    lines.push('', '## Voice', VOICES.map((v) => `${v} ${Math.round((100 * (share.get(v) ?? 0)) / total)}%`).join(' · '));
  }
  if (article.entities.length) {
    lines.push('', '## Entities');
    for (const e of article.entities) lines.push(`- ${e.name} (${e.type}) ×${e.mentions.length}`);
  }
  const ledger = article.ledger as SourceLedgerJson | undefined;
  if (ledger) {
    lines.push('', '## Sources', `${ledger.quotes} quotes, ${ledger.namedSources} named sources`);
    for (const s of ledger.speakers) {
      const who = s.name ?? (s.mention ? `unnamed: ${JSON.stringify(s.mention)}` : '(unattributed)');
      lines.push(`- ${who} ×${s.quotes} · ${(100 * s.share).toFixed(1)}% of the text`);
    }
  }
  if (article.quotes.length) {
    lines.push('', '## Quotes');
    for (const q of article.quotes) {
      const mention = q.speaker.mention ? ` (as ${quote(q.speaker.mention.start, q.speaker.mention.end)})` : '';
      const cue = q.cue ? ` ${quote(q.cue.start, q.cue.end)}` : '';
      lines.push(`- [${q.kind}] ${q.speaker.name ?? '(unknown speaker)'}${mention}${cue}: ${quote(q.start, q.end)}`);
    }
  }
  const summary = article.framingSummary as FramingSummary | undefined;
  if (summary) {
    lines.push('', '## Loaded language', `outlet's voice ${summary.outlet.per1000Words} per 1,000 words (${summary.outlet.findings}) · quoted ${summary.quoted.per1000Words} per 1,000 words (${summary.quoted.findings})`);
  }
  if (article.framing.length) {
    lines.push('', '## Framing');
    for (const f of article.framing) {
      const alternative = f.alternative ? ` → ${f.alternative}` : '';
      const confidence = f.confidence === undefined ? '' : ` ${f.confidence.toFixed(2)}`;
      lines.push(`- ${f.technique} (${f.voice}) ${quote(f.start, f.end)}${alternative} — ${f.explanation} [${f.ruleId}${confidence}]`);
    }
  }
  if (article.messages.length) {
    lines.push('', '## Messages');
    for (const m of article.messages) lines.push(`- ${m.level} ${m.ruleId}: ${m.message}`);
  }
  lines.push('', '## Text', article.blocks.map((block) => BLOCK_MARKS[block.type] + article.text.slice(block.start, block.end)).join('\n\n'), '');
  return lines.join('\n');
}

// How each block shows in the report: its structure visible, its text unchanged.
const BLOCK_MARKS: Record<Block['type'], string> = { standfirst: '', paragraph: '', heading: '### ', blockquote: '> ', 'list-item': '• ' };

import { emptyMeta, type Block } from '../../../core/article.js';
import type { Limits } from '../../../core/limits.js';
import { assembleBlocks, normaliseBlockText, type BlockDraft } from '../blocks.js';
import type { Extracted } from '../types.js';

/** Splits scraped text into paragraph blocks at blank lines (or at single newlines when there are none). */
export function extractText(raw: string, limits: Limits): Extracted {
  const normalised = raw.replace(/\r\n?/g, '\n');
  const separator = /\n[ \t]*\n/.test(normalised) ? /\n[ \t]*\n+/ : /\n/;
  const drafts: BlockDraft[] = normalised
    .split(separator)
    .map((part) => ({ type: 'paragraph' as const, text: normaliseBlockText(part) }))
    .filter((d) => d.text);
  const { text, blocks } = assembleBlocks(drafts, limits.maxTextChars);
  return { text, blocks, meta: emptyMeta(), messages: [] };
}

/** The text exactly as given; blocks are the runs between blank lines, located in place. */
export function extractVerbatim(raw: string): Extracted {
  const blocks: Block[] = [];
  const separator = /\n[ \t\r]*\n/g;
  let from = 0;
  const push = (start: number, end: number) => {
    while (start < end && /\s/.test(raw[start]!)) start++;
    while (end > start && /\s/.test(raw[end - 1]!)) end--;
    if (end > start) blocks.push({ type: 'paragraph', start, end });
  };
  for (let m = separator.exec(raw); m; m = separator.exec(raw)) {
    push(from, m.index);
    from = m.index + m[0].length;
  }
  push(from, raw.length);
  return { text: raw, blocks, meta: emptyMeta(), messages: [] };
}

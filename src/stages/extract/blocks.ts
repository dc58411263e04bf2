import type { Block, BlockType } from '../../core/article.js';

export interface BlockDraft {
  type: BlockType;
  text: string;
}

/** Pure ASCII is already in every normal form: the common case skips normalisation. */
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/**
 * Collapses runs of whitespace inside one block to single spaces and trims it; soft hyphens (&shy;) are dropped.
 * Text is put in Unicode's composed form (NFC, as the web recommends), so that the same word is the same string
 * whichever way a page encoded its accents or Indic nukta letters.
 */
export function normaliseBlockText(raw: string): string {
  const text = raw.includes('\u00ad') ? raw.replaceAll('\u00ad', '') : raw;
  const collapsed = text.replace(/[\s\u00a0\u2000-\u200b\u2028\u2029\u3000\ufeff]+/g, ' ').trim();
  return ASCII_ONLY.test(collapsed) ? collapsed : collapsed.normalize('NFC');
}


/** Joins blocks into the clean text, one blank line between blocks, and records each block's span. */
export function assembleBlocks(drafts: readonly BlockDraft[], maxChars = Number.POSITIVE_INFINITY): { text: string; blocks: Block[] } {
  const parts: string[] = [];
  const blocks: Block[] = [];
  let offset = 0;
  for (const draft of drafts) {
    if (!draft.text) continue;
    const start = parts.length === 0 ? 0 : offset + 2;
    const end = start + draft.text.length;
    if (end > maxChars && parts.length > 0) break;
    parts.push(draft.text);
    blocks.push({ type: draft.type, start, end });
    offset = end;
  }
  return { text: parts.join('\n\n'), blocks };
}

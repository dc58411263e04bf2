import { parseDocument } from 'htmlparser2';
import type { Deadline } from '../../../core/deadline.js';
import type { Limits } from '../../../core/limits.js';
import { assembleBlocks, type BlockDraft } from '../blocks.js';
import type { Extracted } from '../types.js';
import { chooseContent } from './content.js';
import { readMetadata } from './metadata.js';
import { findStandfirst } from './standfirst.js';
import { walkDocument } from './walk.js';

const sameText = (a: string, b: string) => a.toLowerCase().replace(/\s+/g, ' ') === b.toLowerCase().replace(/\s+/g, ' ');

/**
 * Extracts the article from a page: metadata from what the page declares, the body as typed blocks from the
 * element holding most of the page's prose, and the standfirst when the page shows one above the body.
 */
export function extractHtml(html: string, limits: Limits, deadline: Deadline): Extracted {
  const document = parseDocument(html, { decodeEntities: true });
  deadline.check('HTML parsing');
  const walk = walkDocument(document, limits.maxHtmlDepth, deadline);
  const meta = readMetadata(document, walk.firstH1);
  const content = chooseContent(walk, document);
  const standfirst = findStandfirst(walk, content, meta.standfirst);
  const drafts: BlockDraft[] = [];
  if (standfirst) {
    drafts.push({ type: 'standfirst', text: standfirst.text });
    meta.standfirst = standfirst.text;
  }
  const headlines = [meta.title, walk.firstH1].filter((t): t is string => !!t);
  for (const block of content.blocks) {
    if (block === standfirst) continue;
    if (headlines.some((h) => sameText(h, block.text))) continue;
    drafts.push({ type: block.type, text: block.text });
  }
  const { text, blocks } = assembleBlocks(drafts, limits.maxTextChars);
  const messages: Extracted['messages'] = [];
  if (!text) messages.push({ level: 'warning', ruleId: 'extract/no-content', message: 'no article text found in the page' });
  return { text, blocks, meta, messages };
}

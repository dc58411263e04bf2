import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import type { Deadline } from '../../../core/deadline.js';
import type { Limits } from '../../../core/limits.js';
import { assembleBlocks, normaliseBlockText, type BlockDraft } from '../blocks.js';
import type { Extracted } from '../types.js';
import { readMetadata } from './metadata.js';

const SKIPPED_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'iframe', 'form', 'button', 'select', 'nav', 'footer',
  'aside', 'header', 'menu', 'head', 'figure', 'video', 'audio', 'canvas', 'object', 'embed',
]);
const BLOCK_TAGS: Record<string, BlockDraft['type']> = {
  p: 'paragraph', h1: 'heading', h2: 'heading', h3: 'heading', h4: 'heading', h5: 'heading', h6: 'heading',
  blockquote: 'blockquote', li: 'list-item', pre: 'paragraph', dd: 'paragraph',
};
const BOILERPLATE_HINT = /(^|[\s_-])(nav|menu|share|social|related|comment|cookie|newsletter|subscribe|promo|advert|ads?|banner|footer|sidebar|breadcrumb|popup|modal|widget|teaser|recommend)([\s_-]|$)/i;

function isElement(node: ChildNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

function isBoilerplate(el: Element): boolean {
  if (SKIPPED_TAGS.has(el.name)) return true;
  const attrs = `${el.attribs['class'] ?? ''} ${el.attribs['id'] ?? ''} ${el.attribs['role'] ?? ''}`;
  return attrs.trim() !== '' && BOILERPLATE_HINT.test(attrs) && !/article|content|story|body/i.test(el.attribs['class'] ?? '');
}

/** Text of an element, without recursion (pages may nest 10,000 deep). */
function textOf(root: Element): string {
  const out: string[] = [];
  const stack: ChildNode[] = [...root.children].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'text') out.push(node.data);
    else if (isElement(node) && !isBoilerplate(node)) {
      if (node.name === 'br') out.push(' ');
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    }
  }
  return out.join('');
}

interface Candidate {
  element: Element;
  score: number;
}

/**
 * Finds the element whose block children carry the most prose, then emits the blocks under it in order.
 * A first version; a trained or better-scored content finder replaces the scoring without changing the shape.
 */
export function extractHtml(html: string, limits: Limits, deadline: Deadline): Extracted {
  const document = parseDocument(html, { decodeEntities: true });
  const meta = readMetadata(document);
  const blocks: { element: Element; draft: BlockDraft }[] = [];
  const scores = new Map<Element, number>();
  const stack: { node: ChildNode; depth: number }[] = document.children.map((node) => ({ node, depth: 0 })).reverse();
  let visited = 0;
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if ((++visited & 4095) === 0) deadline.check('HTML extraction');
    if (!isElement(node) || isBoilerplate(node)) continue;
    const type = BLOCK_TAGS[node.name];
    if (type) {
      const text = normaliseBlockText(textOf(node));
      if (text) {
        blocks.push({ element: node, draft: { type, text } });
        let parent = node.parent as Element | null;
        let weight = 1;
        for (let hop = 0; parent && hop < 3; hop++, weight /= 2) {
          scores.set(parent, (scores.get(parent) ?? 0) + weight * Math.min(text.length, 1000) * (/[.!?]["”’]?$/.test(text) ? 1 : 0.3));
          parent = parent.parent as Element | null;
        }
      }
      continue;
    }
    if (depth >= limits.maxHtmlDepth) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, depth: depth + 1 });
  }
  let best: Candidate | null = null;
  for (const [element, score] of scores) if (!best || score > best.score) best = { element, score };
  const chosen = best ? blocks.filter(({ element }) => isInside(element, best.element)) : [];
  const drafts = chosen.map(({ draft }) => draft).filter((d) => d.text !== meta.title);
  const { text, blocks: spans } = assembleBlocks(drafts, limits.maxTextChars);
  const messages: Extracted['messages'] = [];
  if (!text) messages.push({ level: 'warning', ruleId: 'extract/no-content', message: 'no article text found in the page' });
  return { text, blocks: spans, meta, messages };
}

function isInside(node: Element, ancestor: Element): boolean {
  for (let p: Element | null = node; p; p = p.parent as Element | null) if (p === ancestor) return true;
  return false;
}

import type { ChildNode, Document, Element, ParentNode } from 'domhandler';
import type { BlockType } from '../../../core/article.js';
import type { Deadline } from '../../../core/deadline.js';
import { normaliseBlockText } from '../blocks.js';
import { classifyElement, type FurnitureSource } from './boilerplate.js';
import { kickerOf } from './kicker.js';

/** A run of text between block boundaries, with what the content finder needs to judge it. */
export interface TextBlock {
  type: Exclude<BlockType, 'standfirst'>;
  text: string;
  /** Characters of `text` inside links. */
  linkChars: number;
  /** The innermost open block-level element when the block ended: its ancestors decide where the block lies. */
  owner: ParentNode;
  /** Page-furniture elements around the block (innermost last); empty for ordinary content. */
  furniture: Element[];
  /** Position in document order. */
  index: number;
}

export interface WalkResult {
  blocks: TextBlock[];
  /** Reason and comment flag of every page-furniture element met. */
  furniture: Map<Element, FurnitureInfo>;
  /** The text of every <h1>, in order (the first is the usual visible headline). */
  h1Texts: string[];
  /** The kicker set apart at the start of an h1–h3 heading, by the heading's text (see kicker.ts). */
  kickers: Map<string, string>;
  firstH1Element: Element | null;
}

export interface FurnitureInfo {
  reason: string;
  /** What marked it: its tag (nav, aside, footer), an ARIA role, or a class/id word. */
  by: FurnitureSource;
  /** The class/id word that marked it ("widget", "ads"), when a class rule did. */
  word?: string | undefined;
  weak: boolean;
  comments: boolean;
}

const BLOCK_ELEMENTS = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'form', 'fieldset', 'address',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody',
  'tfoot', 'tr', 'td', 'th', 'caption', 'pre', 'figure', 'figcaption', 'hr', 'center', 'details', 'summary',
  'body', 'html', 'menu', 'noscript', 'hgroup', 'output', 'legend', 'frameset', 'frame',
]);
const TYPED: Record<string, TextBlock['type']> = {
  h1: 'heading', h2: 'heading', h3: 'heading', h4: 'heading', h5: 'heading', h6: 'heading',
  li: 'list-item', dt: 'list-item', dd: 'list-item', blockquote: 'blockquote', p: 'paragraph',
};

/** Headings where a headline may carry a kicker: the article's headline is one of these. */
const KICKER_HEADINGS = new Set(['h1', 'h2', 'h3']);

/**
 * Walks the document once, iteratively (pages can nest 10,000 deep), cutting its visible text into blocks at
 * block-level elements and double line breaks. Elements past `maxDepth` are read as inline text.
 */
export function walkDocument(document: Document, maxDepth: number, deadline: Deadline): WalkResult {
  const blocks: TextBlock[] = [];
  const furniture = new Map<Element, FurnitureInfo>();
  const openFurniture: Element[] = [];
  const typeStack: TextBlock['type'][] = [];
  const openElements: Element[] = [];
  const openBlocks: ParentNode[] = [document];
  const h1Texts: string[] = [];
  const kickers = new Map<string, string>();
  const headingStarts: number[] = [];
  let firstH1Element: Element | null = null;
  let buffer: string[] = [];
  let linkChars = 0;
  let linkDepth = 0;
  let lastWasBreak = false;
  let visited = 0;

  const flush = () => {
    if (buffer.length === 0) return;
    const text = normaliseBlockText(buffer.join(''));
    buffer = [];
    const links = linkChars;
    linkChars = 0;
    if (!text) return;
    const type = typeStack.includes('blockquote') ? 'blockquote' : (typeStack[typeStack.length - 1] ?? 'paragraph');
    blocks.push({
      type, text, linkChars: Math.min(links, text.length), owner: openBlocks[openBlocks.length - 1]!,
      furniture: openFurniture.length ? [...openFurniture] : [], index: blocks.length,
    });
  };

  // Nodes to enter, and elements to leave once their children are done: `exits` says which (parallel arrays,
  // rather than an object per node for the collector to sweep).
  const stack: ChildNode[] = [];
  const exits: boolean[] = [];
  for (let i = document.children.length - 1; i >= 0; i--) {
    stack.push(document.children[i]!);
    exits.push(false);
  }
  while (stack.length) {
    const node = stack.pop()!;
    if (exits.pop()) {
      const el = node as Element;
      const depth = openElements.length;
      const isBlock = depth <= maxDepth && BLOCK_ELEMENTS.has(el.name);
      if (isBlock) flush();
      if (KICKER_HEADINGS.has(el.name)) {
        const text = blocks.slice(headingStarts.pop()).map((b) => b.text).join(' ');
        if (text) {
          if (el.name === 'h1') h1Texts.push(text);
          const kicker = kickerOf(el);
          if (kicker) kickers.set(text, kicker);
        }
      }
      if (isBlock) {
        openBlocks.pop();
        if (TYPED[el.name]) typeStack.pop();
      }
      if (el.name === 'a') linkDepth--;
      if (openFurniture[openFurniture.length - 1] === el) openFurniture.pop();
      openElements.pop();
      continue;
    }
    if ((++visited & 4095) === 0) deadline.check('HTML extraction');
    if (node.type === 'text') {
      const data = node.data;
      buffer.push(data);
      if (linkDepth > 0) linkChars += data.trim().length;
      if (lastWasBreak && data.trim()) lastWasBreak = false;
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
    const el = node as Element;
    if (el.name === 'br') {
      // One <br> is a line break inside a block; two in a row separate blocks (text laid out with <br><br>).
      if (lastWasBreak) flush();
      else buffer.push(' ');
      lastWasBreak = true;
      continue;
    }
    const verdict = classifyElement(el);
    if (verdict?.kind === 'drop') continue;
    const depth = openElements.length + 1;
    const isBlock = depth <= maxDepth && BLOCK_ELEMENTS.has(el.name);
    // Inside a paragraph, a photo credit in a <span> is left out of the sentence around it.
    if (!isBlock && verdict?.kind === 'furniture' && verdict.inlineDrop) continue;
    if (isBlock) {
      flush();
      lastWasBreak = false;
      openBlocks.push(el);
      const type = TYPED[el.name];
      if (type) typeStack.push(type);
    }
    if (KICKER_HEADINGS.has(el.name)) {
      flush();
      headingStarts.push(blocks.length);
      if (el.name === 'h1') firstH1Element ??= el;
    }
    if (el.name === 'a') linkDepth++;
    if (verdict?.kind === 'furniture') {
      const { reason, by, weak, comments, word } = verdict;
      furniture.set(el, { reason, by, weak, comments, word });
      openFurniture.push(el);
    }
    openElements.push(el);
    stack.push(el);
    exits.push(true);
    for (let i = el.children.length - 1; i >= 0; i--) {
      stack.push(el.children[i]!);
      exits.push(false);
    }
  }
  flush();
  return { blocks, furniture, h1Texts, kickers, firstH1Element };
}

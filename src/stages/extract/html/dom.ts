import type { ChildNode, Element, ParentNode } from 'domhandler';

export function isElement(node: ChildNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** Nodes visited per character asked for, when a short text is asked for (wrappers around a label). */
const NODES_PER_CHAR = 8;

/**
 * The text inside an element, in document order, without recursion (pages may nest 10,000 deep); scripts and
 * styles left out. A <br> becomes `lineBreak`. A short text (`maxChars`) is looked for among a bounded number of
 * nodes, so that asking every element of a deeply nested page for its label stays linear. The walk follows the
 * tree's child and sibling links: no stack to fill with every child of a wide element when the first few will do.
 * `enough`, when given, is asked after each piece of text whether the text so far is all the caller needs.
 */
export function textOf(root: ParentNode, maxChars = Number.POSITIVE_INFINITY, lineBreak = ' ', enough?: (text: string) => boolean): string {
  let text = '';
  let length = 0;
  let budget = Number.isFinite(maxChars) ? 64 + maxChars * NODES_PER_CHAR : Number.POSITIVE_INFINITY;
  let node: ChildNode | null = root.children[0] ?? null;
  while (node && length < maxChars && budget-- > 0) {
    if (node.type === 'text') {
      text += node.data;
      length += node.data.length;
      if (enough?.(text)) break;
    } else if (node.type === 'tag') {
      if (node.name === 'br') {
        text += lineBreak;
        if (enough?.(text)) break;
      }
      if (node.children.length) {
        node = node.children[0]!;
        continue;
      }
    }
    node = nextInDocument(node, root);
  }
  return text;
}

/**
 * The first line of an element's text after leading white space, as `textOf(root, maxChars, '\n')` gives it.
 * Reading stops once the line has ended, or once it is `longEnough` characters long: a caller that only wants
 * shorter lines then gets a prefix at least that long instead of the whole line.
 */
export function firstLineOf(root: ParentNode, maxChars: number, longEnough: number): string {
  const text = textOf(root, maxChars, '\n', (sofar) => {
    const line = sofar.trimStart();
    return line.includes('\n') || line.length >= longEnough;
  });
  return text.trimStart().split('\n', 1)[0]!;
}

/** The node after `node`'s subtree in document order, staying inside `root` (null past its end). */
function nextInDocument(node: ChildNode, root: ParentNode): ChildNode | null {
  let current: ChildNode = node;
  while (!current.next) {
    const parent = current.parent;
    if (!parent || parent === root) return null;
    current = parent as ChildNode;
  }
  return current.next;
}

/** The raw content of a script element (JSON-LD). */
export function scriptText(el: Element): string {
  return el.children.map((c) => ('data' in c ? c.data : '')).join('');
}

import type { ChildNode, Element, ParentNode } from 'domhandler';

export function isElement(node: ChildNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** Nodes visited per character asked for, when a short text is asked for (wrappers around a label). */
const NODES_PER_CHAR = 8;

/**
 * The text inside an element, without recursion (pages may nest 10,000 deep); scripts and styles left out.
 * A <br> becomes `lineBreak`. A short text (`maxChars`) is looked for among a bounded number of nodes, so that
 * asking every element of a deeply nested page for its label stays linear.
 */
export function textOf(root: ParentNode, maxChars = Number.POSITIVE_INFINITY, lineBreak = ' '): string {
  const out: string[] = [];
  let length = 0;
  let budget = Number.isFinite(maxChars) ? 64 + maxChars * NODES_PER_CHAR : Number.POSITIVE_INFINITY;
  const stack: ChildNode[] = [];
  for (let i = root.children.length - 1; i >= 0; i--) stack.push(root.children[i]!);
  while (stack.length && length < maxChars && budget-- > 0) {
    const node = stack.pop()!;
    if (node.type === 'text') {
      out.push(node.data);
      length += node.data.length;
    } else if (node.type === 'tag') {
      if (node.name === 'br') out.push(lineBreak);
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    }
  }
  return out.join('');
}

/** The raw content of a script element (JSON-LD). */
export function scriptText(el: Element): string {
  return el.children.map((c) => ('data' in c ? c.data : '')).join('');
}

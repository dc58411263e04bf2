import type { ChildNode, Element, ParentNode } from 'domhandler';

export function isElement(node: ChildNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/**
 * The text inside an element, without recursion (pages may nest 10,000 deep); scripts and styles left out.
 * A <br> becomes `lineBreak`.
 */
export function textOf(root: ParentNode, maxChars = Number.POSITIVE_INFINITY, lineBreak = ' '): string {
  const out: string[] = [];
  let length = 0;
  const stack: ChildNode[] = [];
  for (let i = root.children.length - 1; i >= 0; i--) stack.push(root.children[i]!);
  while (stack.length && length < maxChars) {
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

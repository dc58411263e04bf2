import type { Element, ParentNode } from 'domhandler';
import { isDebris } from './boilerplate.js';
import type { TextBlock, WalkResult } from './walk.js';

/**
 * Tuning of the content finder. Each figure is a property of prose in general (sentences are long, end in
 * punctuation and are seldom links), not of any site.
 */
const PROSE = {
  /** Characters a block needs before it counts towards the article (menus and labels are shorter). */
  minChars: 25,
  /** Blocks with more of their text in links than this are link lists, not prose. */
  maxLinkDensity: 0.5,
  /** Descend into a child while it holds at least this share of its parent's prose. */
  descendShare: 0.7,
  /** A piece of furniture (by class name) holding this share of the page's prose is a wrapper, not furniture. */
  wrapperShare: 0.5,
};

const SENTENCE_END = /[.!?…:;"'”’»)\]。！？]$/u;

/** How much a block looks like article prose: its non-link length, less for text without sentence punctuation. */
export function proseWeight(block: TextBlock): number {
  if (block.type === 'heading') return 0;
  const length = block.text.length;
  if (length < PROSE.minChars) return 0;
  const linkDensity = block.linkChars / length;
  if (linkDensity > PROSE.maxLinkDensity) return 0;
  const punctuated = SENTENCE_END.test(block.text) || /[.!?,;]\s/.test(block.text);
  return (length - PROSE.minChars / 2) * (1 - linkDensity) ** 2 * (punctuated ? 1 : 0.4);
}

export interface ContentChoice {
  container: ParentNode | null;
  blocks: TextBlock[];
}

/**
 * Picks the article: the smallest element that still holds most of the page's prose (descending from the
 * root while one child holds most of it), then keeps the blocks inside it that are not furniture or debris.
 */
export function chooseContent(walk: WalkResult, root: ParentNode): ContentChoice {
  const weights = walk.blocks.map(proseWeight);
  const rawMass = massByElement(walk.blocks, weights, () => true);
  const total = rawMass.get(root) ?? 0;
  const furniture = new Set<Element>();
  for (const [el, info] of walk.furniture) {
    const wrapper = !info.comments && (rawMass.get(el) ?? 0) >= PROSE.wrapperShare * total && total > 0;
    if (!wrapper) furniture.add(el);
  }
  const isContent = (block: TextBlock) => !block.furniture.some((el) => furniture.has(el));
  const mass = massByElement(walk.blocks, weights, isContent);
  const container = descend(root, mass);
  if (!container) return { container: null, blocks: [] };
  const kept = walk.blocks.filter((block) => isContent(block) && isInside(block.owner, container) && keepInArticle(block));
  return { container, blocks: kept };
}

function keepInArticle(block: TextBlock): boolean {
  if (block.linkChars / block.text.length > PROSE.maxLinkDensity) return false;
  return !isDebris(block.text);
}

/** Sums block weights into every ancestor of each block's owner, without recursion. */
function massByElement(blocks: readonly TextBlock[], weights: readonly number[], include: (b: TextBlock) => boolean): Map<ParentNode, number> {
  // Each block adds to its owner; owners then pass their totals up in one pass per distinct ancestor chain.
  const own = new Map<ParentNode, number>();
  blocks.forEach((block, i) => {
    if (weights[i]! > 0 && include(block)) own.set(block.owner, (own.get(block.owner) ?? 0) + weights[i]!);
  });
  const mass = new Map<ParentNode, number>();
  for (const [owner, weight] of own) {
    for (let node: ParentNode | null = owner; node; node = node.parent) mass.set(node, (mass.get(node) ?? 0) + weight);
  }
  return mass;
}

function descend(root: ParentNode, mass: Map<ParentNode, number>): ParentNode | null {
  let node = root;
  let nodeMass = mass.get(root) ?? 0;
  if (nodeMass === 0) return null;
  for (;;) {
    let best: ParentNode | null = null;
    let bestMass = 0;
    for (const child of node.children) {
      const childMass = mass.get(child as ParentNode) ?? 0;
      if (childMass > bestMass) {
        best = child as ParentNode;
        bestMass = childMass;
      }
    }
    if (!best || bestMass < PROSE.descendShare * nodeMass) return node;
    node = best;
    nodeMass = bestMass;
  }
}

export function isInside(node: ParentNode, ancestor: ParentNode): boolean {
  for (let p: ParentNode | null = node; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

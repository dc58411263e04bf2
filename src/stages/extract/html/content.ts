import type { Element, ParentNode } from 'domhandler';
import { startsLikeByline } from './authors.js';
import { isDebris, isStopMarker } from './boilerplate.js';
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
  descendShare: 0.9,
  /** …and while what is left behind is less than a paragraph or two of prose (an intro above a gallery). */
  maxLostMass: 400,
  /** A piece of furniture (by class name) holding this share of the page's prose is a wrapper, not furniture. */
  wrapperShare: 0.5,
  /** Weak furniture (by an ambiguous class word) inside the article is kept when it holds this share of it. */
  weakShare: 0.3,
  /** Elements marked by the same furniture word that count together: an article's sections, page-builder blocks. */
  repeatedNames: 3,
  /** Unusable blocks in a row that separate the article from other prose in the same container. */
  runGap: 4,
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
  const strong = new Set<Element>();
  const weak = new Set<Element>();
  const headline = walk.firstH1Element;
  for (const [el, info] of walk.furniture) {
    // A class name is only a hint: an element around the headline, or around most of the page's prose, is
    // a wrapper ("site-content has-sidebar"), not furniture. Comment sections can outweigh the article.
    const aroundHeadline = !!headline && isInside(headline, el);
    if (info.by === 'class' && aroundHeadline) continue;
    // Landmarks are misused as wrappers too: a page that never closes its <header role=banner> holds the whole
    // article inside it, some CMSs put the article in an <aside>. A landmark role around most of the prose is a
    // wrapper; a landmark tag only when it also holds the headline (a long sidebar or author footer does not).
    const overrulable = info.by !== 'tag' || aroundHeadline;
    if (overrulable && !info.comments && total > 0 && (rawMass.get(el) ?? 0) >= PROSE.wrapperShare * total) continue;
    (info.weak ? weak : strong).add(el);
  }
  const outsideStrong = (block: TextBlock) => !block.furniture.some((el) => strong.has(el));
  const mass = massByElement(walk.blocks, weights, outsideStrong);
  const container = descend(root, mass);
  if (!container) return { container: null, blocks: [] };
  const containerMass = mass.get(container) ?? 0;
  // Weak furniture inside the article is dropped unless it carries a real share of the article's prose, alone or
  // with the other elements marked by the same word: an article cut into sections that each carry an ad slot
  // ("section--ads"), or built from page-builder "widgets", is not advertising or page chrome.
  const wordGroups = new Map<string, { count: number; mass: number }>();
  const groupKey = (el: Element) => walk.furniture.get(el)!.word ?? '';
  for (const el of weak) {
    // Widgets inside a sidebar are judged with their sidebar.
    if (el === container || !isInside(el, container) || hasWeakAncestor(el, weak, container)) continue;
    const group = wordGroups.get(groupKey(el)) ?? { count: 0, mass: 0 };
    group.count++;
    group.mass += mass.get(el) ?? 0;
    wordGroups.set(groupKey(el), group);
  }
  const carriesArticle = (el: Element) => {
    if ((mass.get(el) ?? 0) >= PROSE.weakShare * containerMass) return true;
    const group = wordGroups.get(groupKey(el));
    return !!group && group.count >= PROSE.repeatedNames && group.mass >= PROSE.weakShare * containerMass;
  };
  const weakDropped = (el: Element) => weak.has(el) && el !== container && isInside(el, container) && !carriesArticle(el);
  const inside = walk.blocks.filter((block) => isInside(block.owner, container));
  const usable = inside.map((block) => outsideStrong(block) && !block.furniture.some(weakDropped) && keepInArticle(block));
  const kept = trimToMainRun(inside, usable, inside.map(proseWeight));
  return { container, blocks: kept };
}

/**
 * Inside the container the article is one run of prose: runs are cut where several unusable blocks (link
 * lists, furniture, debris) come in a row. Each run loses the short, unpunctuated blocks at its edges (labels, dates, "more" links).
 */
function trimToMainRun(blocks: TextBlock[], usable: boolean[], weights: number[]): TextBlock[] {
  const runs: { from: number; to: number; mass: number }[] = [];
  let current: { from: number; to: number; mass: number } | null = null;
  let gap = 0;
  blocks.forEach((_, i) => {
    if (!usable[i]) {
      gap++;
      if (gap >= PROSE.runGap && current) {
        runs.push(current);
        current = null;
      }
      return;
    }
    gap = 0;
    current ??= { from: i, to: i, mass: 0 };
    current.to = i;
    current.mass += weights[i]!;
  });
  if (current) runs.push(current);
  const kept: TextBlock[] = [];
  for (const run of runs) {
    if (run.mass === 0) continue;
    let from = run.from;
    let to = run.to;
    while (from < to && (!usable[from] || isEdgeDebris(blocks[from]!, weights[from]!, true))) from++;
    let before = 0;
    for (let i = from; i <= to; i++) {
      if (weights[i] === 0 && before >= run.mass / 2 && isStopMarker(blocks[i]!.text)) {
        to = i - 1;
        break;
      }
      before += weights[i]!;
    }
    while (to > from && (!usable[to] || isEdgeDebris(blocks[to]!, weights[to]!, false))) to--;
    let inHeader = true;
    for (let i = from; i <= to; i++) {
      if (inHeader && weights[i]! > 0 && !isHeaderField(blocks[i]!)) inHeader = false;
      if (usable[i] && !(inHeader && isHeaderField(blocks[i]!))) kept.push(blocks[i]!);
    }
  }
  return kept;
}

/** A block at the edge of the article that is not prose: too short and without sentence punctuation. */
function isEdgeDebris(block: TextBlock, weight: number, leading: boolean): boolean {
  if (leading ? isHeaderField(block) : isFieldLabel(block.text)) return true;
  if (weight > 0) return false;
  if (leading && block.type === 'heading') return false;
  return !SENTENCE_END.test(block.text) || block.text.length < 12;
}

/**
 * Above the first paragraph of prose, a byline ("Von Jane Roe", "11.03.2025 – Jane Roe") or a field label
 * ("Datum:", "Autor:") is the article's metadata, not its text, even between the headline and the text.
 */
function isHeaderField(block: TextBlock): boolean {
  return isFieldLabel(block.text) || (block.text.length < 100 && startsLikeByline(block.text));
}

/** "Datum:", "Mehr Themen:": a label ends in a colon but is no sentence; at the article's edges it is debris. */
const isFieldLabel = (text: string) => text.length <= 20 && /^[\p{L} ]+:$/u.test(text);

function keepInArticle(block: TextBlock): boolean {
  if (block.linkChars / block.text.length > PROSE.maxLinkDensity) return false;
  return !isDebris(block.text) && !isStopMarker(block.text);
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
    if (!best || bestMass < PROSE.descendShare * nodeMass || nodeMass - bestMass > PROSE.maxLostMass) return node;
    node = best;
    nodeMass = bestMass;
  }
}

/** True when a weak-furniture element lies inside another one below the container. */
function hasWeakAncestor(el: Element, weak: ReadonlySet<Element>, container: ParentNode): boolean {
  for (let p = el.parent; p && p !== container; p = p.parent) if (weak.has(p as Element)) return true;
  return false;
}

export function isInside(node: ParentNode, ancestor: ParentNode): boolean {
  for (let p: ParentNode | null = node; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

import type { Element, ParentNode } from 'domhandler';
import { classAndId } from './boilerplate.js';
import { proseWeight, type ContentChoice } from './content.js';
import type { TextBlock, WalkResult } from './walk.js';

/** Class and id words that publishers give to the dek / lede shown under the headline. */
const STANDFIRST_NAME = /(?:^|[\s_-])(?:standfirst|dek|deck|lede|lead|leadtext|lead-?text|intro|introduction|teaser-?text|summary|article-?summary|subtitle|sub-?title|subheadline|sub-?headline|excerpt|abstract|description|strapline|kurztext|vorspann|chapo|chapeau|entradilla|sommario|occhiello)(?=$|[\s_-])/;
const LOOK_BACK = 8;
const norm = (s: string) => s.toLowerCase().replace(/[\s\u00a0]+/g, ' ').replace(/[….]+$/u, '').trim();

function namedStandfirst(owner: ParentNode): boolean {
  let node: ParentNode | null = owner;
  for (let hop = 0; node && hop < 3 && node.type === 'tag'; hop++, node = node.parent) {
    if (STANDFIRST_NAME.test(classAndId(node as Element))) return true;
  }
  return false;
}

/**
 * A heading after the headline inside the headline's <hgroup>: HTML's own markup for a subtitle ("Headline" +
 * "Risks come not only from medicines but from politics too"), the dek of the article.
 */
function subtitleOfHeadline(block: TextBlock, walk: WalkResult): boolean {
  const headline = walk.firstH1Element;
  if (block.type !== 'heading' || !headline || headline.parent?.type !== 'tag' || (headline.parent as Element).name !== 'hgroup') return false;
  const group = headline.parent as Element;
  const own = block.owner;
  if (own === headline || own.parent !== group) return false;
  return group.children.indexOf(own as Element) > group.children.indexOf(headline);
}

function matchesDescription(block: TextBlock, description: string | null): boolean {
  if (!description || description.length < 30) return false;
  const d = norm(description);
  const b = norm(block.text);
  return b === d || (d.length >= 40 && b.startsWith(d)) || (b.length >= 40 && d.startsWith(b));
}

/**
 * The standfirst shown above the body: a block just before the article's first prose (or that block itself) that is
 * named like a dek or repeats the page's description.
 */
export function findStandfirst(walk: WalkResult, content: ContentChoice, description: string | null): TextBlock | null {
  const firstBody = content.blocks.find((block) => proseWeight(block) > 0);
  if (!firstBody) return null;
  const from = Math.max(0, firstBody.index - LOOK_BACK);
  for (let i = from; i <= firstBody.index; i++) {
    const block = walk.blocks[i]!;
    if (block.furniture.length || block.text.length < 30 || block.text.length > 800) continue;
    // The headline is never the standfirst, even inside a header named "intro".
    if (block.type === 'heading' && walk.h1Texts.includes(block.text)) continue;
    if (block.linkChars / block.text.length > 0.3) continue;
    if (namedStandfirst(block.owner) || subtitleOfHeadline(block, walk) || (block.type !== 'heading' && matchesDescription(block, description))) return block;
  }
  return null;
}

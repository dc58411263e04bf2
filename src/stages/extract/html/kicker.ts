import type { ChildNode, Element } from 'domhandler';
import { normaliseBlockText } from '../blocks.js';
import { textOf } from './dom.js';

/** Elements a kicker is written in: inline boxes styled as a line of their own. */
const KICKER_TAGS = new Set(['span', 'small', 'strong', 'b', 'em', 'i', 'a', 'div', 'p', 'mark', 'sup']);
const SEPARATOR_ONLY = /^[\s:;|–—·•\-/]*$/;
const MAX_KICKER_WORDS = 10;
const MAX_PIECES = 4;

const isWhitespaceText = (node: ChildNode) => node.type === 'text' && !node.data.trim();
const isSilent = (node: ChildNode) => node.type === 'comment' || node.type === 'script' || node.type === 'style' || isWhitespaceText(node);

/**
 * The kicker of a headline element: the label written before the headline inside the same <h1> ("Interne
 * Unterlagen im Netz" in <h1><span class="dachzeile">…</span><span class="headline">…</span></h1>). Readers see
 * it as a separate line above the headline, not as part of the headline's words. It is recognised by structure
 * alone: the heading's first piece is an element that is set apart (it has a class, or an element or a line
 * break follows it), followed by at least one more piece of several words. Emphasis inside running headline
 * text (<h1><em>Trump</em> says …</h1>) has no class and is followed by plain text, so it stays.
 */
export function kickerOf(heading: Element): string | null {
  let pieces = heading.children.filter((node) => !isSilent(node));
  // A link or wrapper around the whole heading: look inside it.
  while (pieces.length === 1 && pieces[0]!.type === 'tag' && (pieces[0] as Element).children.length) {
    pieces = (pieces[0] as Element).children.filter((node) => !isSilent(node));
  }
  const meaningful = pieces.filter((node) => !(node.type === 'tag' && node.name === 'br') && !SEPARATOR_ONLY.test(pieceText(node)));
  if (meaningful.length < 2 || meaningful.length > MAX_PIECES) return null;
  const first = meaningful[0]!;
  if (first !== pieces[0] || first.type !== 'tag' || !KICKER_TAGS.has(first.name)) return null;
  const kicker = normaliseBlockText(pieceText(first));
  const rest = normaliseBlockText(meaningful.slice(1).map(pieceText).join(' '));
  if (!kicker || kicker.split(' ').length > MAX_KICKER_WORDS || rest.split(' ').length < 2) return null;
  // A lower-case start continues the first piece's sentence (<span>Ehezoff</span> der Pochers …); a <small>
  // after the headline is its subtitle, not the headline after a kicker.
  if (/^\p{Ll}/u.test(rest) || meaningful.slice(1).every((node) => node.type === 'tag' && node.name === 'small')) return null;
  const next = pieces[1]!;
  const setApart = !!first.attribs['class'] || next.type === 'tag';
  return setApart ? kicker : null;
}

function pieceText(node: ChildNode): string {
  if (node.type === 'text') return node.data;
  return node.type === 'tag' ? textOf(node) : '';
}

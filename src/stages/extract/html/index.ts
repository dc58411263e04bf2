import { parseDocument } from 'htmlparser2';
import type { Deadline } from '../../../core/deadline.js';
import type { Limits } from '../../../core/limits.js';
import { assembleBlocks, type BlockDraft } from '../blocks.js';
import type { Extracted } from '../types.js';
import { chooseContent } from './content.js';
import { parseTextDate } from './dates.js';
import { readMetadata } from './metadata.js';
import { findStandfirst } from './standfirst.js';
import { walkDocument, type TextBlock, type WalkResult } from './walk.js';
import { classAndId } from './boilerplate.js';
import { cleanAuthors } from './authors.js';
import { normaliseBlockText } from '../blocks.js';
import { textOf } from './dom.js';
import type { Element } from 'domhandler';

const TITLE_NAME = /(?:^|[\s_-])(?:entry-?title|post-?title|article-?title|page-?title|headline|story-?title|news-?title|title)(?=$|[\s_-])/;
const HEADING_SCAN = 400;

/** Headings near the top of the page, and blocks named like a title: where the shown headline is. */
function visibleHeadings(walk: WalkResult): string[] {
  const out: string[] = [];
  for (const block of walk.blocks.slice(0, HEADING_SCAN)) {
    if (block.text.length > 300) continue;
    if (block.type === 'heading' || (block.owner.type === 'tag' && TITLE_NAME.test(classAndId(block.owner as Element)))) out.push(block.text);
  }
  return out;
}

const HEADLINE_REACH = 12;

/** The nearest heading above the article's first block: where a reader sees the article's own headline. */
function headingAboveArticle(walk: WalkResult, articleStart: number): string | null {
  for (let i = articleStart - 1; i >= 0 && i >= articleStart - HEADLINE_REACH; i--) {
    const block = walk.blocks[i]!;
    if (block.furniture.length || block.text.length > 300) continue;
    if (block.type === 'heading' || (block.owner.type === 'tag' && TITLE_NAME.test(classAndId(block.owner as Element)))) return block.text;
  }
  return null;
}

const DATE_SCAN = 60;

/**
 * Last resort for the publication date: a short line with a date ("Posted on 2 March 2019", "12.05.2020")
 * among the blocks around the start of the article.
 */
function dateShownNearArticle(walk: WalkResult, articleStart: number): string | null {
  const from = Math.max(0, articleStart - DATE_SCAN);
  for (const block of walk.blocks.slice(from, articleStart + DATE_SCAN)) {
    if (block.text.length > 120) continue;
    const date = parseTextDate(block.text);
    if (date) return date;
  }
  return datelineOfArticle(walk, articleStart);
}

const DATELINE_BLOCKS = 3;
const DATELINE_CHARS = 48;

/**
 * Press releases and agency copy open their first paragraph with the date ("27.1.2022 – Bei der …",
 * "Pressemitteilung vom 25. Januar 2022 | Berlin – …"): a date in the opening words of the article's first
 * blocks. Whole words only, so that "27.1.2022" is never read as a cut "27.1.20".
 */
function datelineOfArticle(walk: WalkResult, articleStart: number): string | null {
  for (const block of walk.blocks.slice(articleStart, articleStart + DATELINE_BLOCKS)) {
    const opening = block.text.length > DATELINE_CHARS ? block.text.slice(0, DATELINE_CHARS).replace(/\S*$/, '') : block.text;
    const date = parseTextDate(opening);
    if (date) return date;
  }
  return null;
}

const EMPHASIS = new Set(['b', 'strong', 'em', 'i']);

/**
 * Last resort for the author: a signature closing the article, a name set apart in bold or italics on a line
 * of its own ("<p><b><i>Stefan Weber</i></b></p>"). A full name only (two or three capitalised words), so that
 * a closing "Fotos" or "Mehr" is not read as one.
 */
function signatureOfArticle(walk: WalkResult, blocks: readonly TextBlock[]): string[] {
  const last = blocks[blocks.length - 1];
  if (!last) return [];
  // The article's last block, or the line just after it (edge trimming leaves short unpunctuated lines out).
  for (const block of walk.blocks.slice(last.index, last.index + 3)) {
    if (block.type === 'heading' || block.furniture.length || block.text.length > 40 || block.owner.type !== 'tag') continue;
    const names = cleanAuthors(block.text, true);
    if (names.length !== 1 || names[0] !== block.text || !/^\S+(?: \S+){1,2}$/.test(block.text)) continue;
    const emphasised = (block.owner as Element).children.some((child) => child.type === 'tag' && EMPHASIS.has(child.name) && normaliseBlockText(textOf(child)) === block.text);
    if (emphasised) return names;
  }
  return [];
}

/** Text compared regardless of case and spacing (a block that repeats the headline). */
const comparable = (text: string) => text.toLowerCase().replace(/\s+/g, ' ');

/**
 * Extracts the article from a page: metadata from what the page declares, the body as typed blocks from the
 * element holding most of the page's prose, and the standfirst when the page shows one above the body.
 */
export function extractHtml(html: string, limits: Limits, deadline: Deadline): Extracted {
  const document = parseDocument(html, { decodeEntities: true });
  deadline.check('HTML parsing');
  const walk = walkDocument(document, limits.maxHtmlDepth, deadline);
  const content = chooseContent(walk, document);
  const articleStart = content.blocks[0]?.index ?? walk.blocks.length;
  const meta = readMetadata(document, { headings: visibleHeadings(walk), h1Texts: walk.h1Texts, kickers: walk.kickers, nearArticle: headingAboveArticle(walk, articleStart) });
  meta.publishedAt ??= dateShownNearArticle(walk, articleStart);
  if (meta.authors.length === 0) meta.authors = signatureOfArticle(walk, content.blocks);
  const standfirst = findStandfirst(walk, content, meta.standfirst);
  const drafts: BlockDraft[] = [];
  if (standfirst) {
    drafts.push({ type: 'standfirst', text: standfirst.text });
    meta.standfirst = standfirst.text;
  }
  const headlines = [meta.title, walk.h1Texts[0]].filter((t): t is string => !!t).map(comparable);
  for (const block of content.blocks) {
    if (block === standfirst) continue;
    if (headlines.length && headlines.includes(comparable(block.text))) continue;
    drafts.push({ type: block.type, text: block.text });
  }
  const { text, blocks } = assembleBlocks(drafts, limits.maxTextChars);
  const messages: Extracted['messages'] = [];
  if (!text) messages.push({ level: 'warning', ruleId: 'extract/no-content', message: 'no article text found in the page' });
  return { text, blocks, meta, messages };
}

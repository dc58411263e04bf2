import { emptyMeta, type Block, type Message } from '../../../core/article.js';
import type { Deadline } from '../../../core/deadline.js';
import type { Limits } from '../../../core/limits.js';
import { isJsWhitespace } from '../../../core/whitespace.js';
import { assembleBlocks, normaliseBlockText, type BlockDraft } from '../blocks.js';
import type { Extracted } from '../types.js';
import { splitBreadcrumb } from './breadcrumb.js';
import { parseByline } from './byline.js';
import { dateOnlyLine } from './dates.js';
import { compileTextRules, type TextRules } from './rules.js';
import { splitUnits, type Unit } from './units.js';

export type TextExtractor = (raw: string, limits: Limits, deadline: Deadline) => Extracted;

/**
 * Builds the reader of scraped plain text once (rules compiled from rules.json). It finds the page's
 * structure the way a reader does: a breadcrumb or section label above the headline, the headline, bylines
 * and dates, a standfirst, subheadings between paragraphs, lists; and it drops page debris (share bars,
 * "Read more" links, ads, cookie and newsletter boxes, footers), each removal reported as an info message.
 */
export function createTextExtractor(): TextExtractor {
  const rules = compileTextRules();
  return (raw, limits, deadline) => {
    const units = splitUnits(raw, rules, deadline);
    const messages: Message[] = [];
    const meta = emptyMeta();
    markDebris(units, rules, meta.categories, messages);
    const content = units.filter((u) => u.kind !== 'debris');
    dropTrailingFragments(content, rules, messages);
    const body = content.filter((u) => u.kind !== 'debris');
    const drafts = readStructure(body, rules, meta, messages);
    const { text, blocks } = assembleBlocks(drafts, limits.maxTextChars);
    if (blocks.length < drafts.length) {
      messages.push({ level: 'warning', ruleId: 'extract/truncated', message: `text cut after ${blocks.length} of ${drafts.length} blocks (limit ${limits.maxTextChars} characters)` });
    }
    if (!text) messages.push({ level: 'warning', ruleId: 'extract/no-content', message: 'no article text found: every line was page debris' });
    meta.standfirst = drafts[0]?.type === 'standfirst' && blocks.length ? drafts[0].text : null;
    return { text, blocks, meta, messages };
  };
}

function markDebris(units: Unit[], rules: TextRules, categories: string[], messages: Message[]): void {
  for (const unit of units) {
    if (unit.kind === 'list-item') continue;
    const line = unit.text;
    const words = wordCount(line);
    const tags = line.length <= rules.tags.maxChars ? rules.tags.pattern.exec(line) : null;
    if (tags) {
      for (const tag of tags[2]!.split(rules.tags.separator)) addCategory(categories, tag.trim());
      unit.kind = 'debris';
      messages.push(info('tags', `read "${clip(line)}" as tags (categories)`));
      continue;
    }
    const rule = rules.debris.find((r) => line.length <= r.maxChars && words <= r.maxWords && r.pattern.test(line));
    if (rule) {
      unit.kind = 'debris';
      messages.push(info(rule.id, `removed page debris "${clip(line)}"`));
    }
  }
}

/** Short unpunctuated lines after the last paragraph are page furniture (see rules.json "trailing"). */
function dropTrailingFragments(content: Unit[], rules: TextRules, messages: Message[]): void {
  const lastSentence = content.findLastIndex((u) => u.kind === 'text' && endsLikeSentence(u.text));
  if (lastSentence < 0) return;
  for (let i = content.length - 1; i > lastSentence; i--) {
    const unit = content[i]!;
    if (unit.kind !== 'text' || endsLikeSentence(unit.text) || wordCount(unit.text) > rules.trailing.maxWords) break;
    unit.kind = 'debris';
    messages.push(info('trailing', `removed trailing fragment "${clip(unit.text)}"`));
  }
}

/** Head (breadcrumb, title, bylines, standfirst), then the body with its headings and lists. */
function readStructure(units: Unit[], rules: TextRules, meta: Extracted['meta'], messages: Message[]): BlockDraft[] {
  let i = 0;
  const at = (k: number) => units[k];
  const isTitle = (k: number) => {
    const unit = at(k);
    return !!unit && unit.kind === 'text' && titleLike(unit.text, rules) && k + 1 < units.length && !bylineOrDate(unit.text, rules);
  };

  const takeBylines = () => {
    let taken = 0;
    for (let unit = at(i); unit && unit.kind === 'text'; unit = at(i)) {
      if (!readBylineOrDate(unit.text, rules, meta)) break;
      i++;
      taken++;
    }
    return taken;
  };
  // Some pages put the date or byline above everything else.
  takeBylines();

  // A breadcrumb or section label sits directly above the headline.
  const first = at(i);
  if (first && first.kind === 'text' && isTitle(i + 1) && breadcrumbLike(first.text, rules)) {
    const pieces = splitBreadcrumb(first.text, rules.breadcrumb);
    const isKicker = pieces.length === 1 && wordCount(first.text) <= rules.kicker.maxWords && first.text.length < at(i + 1)!.text.length;
    const linkTexts = pieces.every((piece) => wordCount(piece) <= rules.breadcrumb.maxPieceWords && !/[:;!?,]|\.\s/u.test(piece));
    if (linkTexts && (pieces.length >= 2 || isKicker)) {
      for (const piece of pieces) addCategory(meta.categories, piece);
      messages.push(info(isKicker ? 'kicker' : 'breadcrumb', `read "${clip(first.text)}" as categories: ${pieces.join(', ')}`));
      i++;
    }
  }
  if (isTitle(i)) meta.title = withoutSiteSuffix(at(i++)!.text, rules);

  const bylinesBefore = takeBylines();

  const drafts: BlockDraft[] = [];
  const candidate = at(i);
  if (meta.title !== null && candidate?.kind === 'text' && !headingLike(candidate.text, rules)) {
    const bylineFollows = !!at(i + 1) && at(i + 1)!.kind === 'text' && bylineOrDate(at(i + 1)!.text, rules);
    const paragraphsAfter = units.slice(i + 1).filter((u) => u.kind !== 'debris').length;
    const summaryLike = bylinesBefore === 0 && !/^["“‘'«„]/u.test(candidate.text) && !rules.standfirst.dateline.test(candidate.text)
      && wordCount(candidate.text) <= rules.standfirst.maxWords
      && sentenceCount(candidate.text) <= rules.standfirst.maxSentences
      && paragraphsAfter >= rules.standfirst.minParagraphsAfter;
    if (bylineFollows || summaryLike) {
      drafts.push({ type: 'standfirst', text: candidate.text });
      i++;
      takeBylines();
    }
  }

  const questions = !sentencePerLine(units.slice(i), rules);
  for (; i < units.length; i++) {
    const unit = units[i]!;
    if (unit.kind === 'list-item') {
      drafts.push({ type: 'list-item', text: unit.text });
      continue;
    }
    if (parseByline(unit.text, rules.byline)) {
      readBylineOrDate(unit.text, rules, meta);
      messages.push(info('byline', `read "${clip(unit.text)}" as a byline`));
      continue;
    }
    const next = units[i + 1];
    const isHeading = headingLike(unit.text, rules, questions) && drafts.length > 0 && !!next
      && (next.kind === 'list-item' || !headingLike(next.text, rules, questions));
    drafts.push({ type: isHeading ? 'heading' : 'paragraph', text: unit.text });
  }
  return drafts;
}

function readBylineOrDate(line: string, rules: TextRules, meta: Extracted['meta']): boolean {
  const byline = parseByline(line, rules.byline);
  if (byline) {
    for (const author of byline.authors) if (!meta.authors.includes(author)) meta.authors.push(author);
    meta.publishedAt ??= byline.publishedAt;
    return true;
  }
  const date = line.length <= rules.dateline.maxChars ? dateOnlyLine(line, rules.dateline.prefix) : null;
  if (date) {
    meta.publishedAt ??= date;
    return true;
  }
  return false;
}

function bylineOrDate(line: string, rules: TextRules): boolean {
  return readBylineOrDate(line, rules, emptyMeta());
}

function titleLike(line: string, rules: TextRules): boolean {
  return line.length <= rules.title.maxChars && wordCount(line) <= rules.title.maxWords
    && startsLikeHeadline(line) && !endsLikeSentence(line, '?');
}

function headingLike(line: string, rules: TextRules, questions = true): boolean {
  const words = wordCount(line);
  return line.length <= rules.heading.maxChars && words <= rules.heading.maxWords
    && startsLikeHeadline(line) && /\p{L}/u.test(line) && quotesBalanced(line)
    && !endsLikeSentence(line, questions && words >= 3 ? '?' : '');
}

/** True for text laid out one sentence per line, where a line on its own says nothing about structure. */
function sentencePerLine(body: readonly Unit[], rules: TextRules): boolean {
  const { share, minUnits } = rules.heading.sentencePerLine;
  const lines = body.filter((u) => u.kind === 'text');
  if (lines.length < minUnits) return false;
  return lines.filter((u) => sentenceCount(u.text) === 1).length >= share * lines.length;
}

/** A line that opens with a quotation mark closes with one, and the other way round. */
function quotesBalanced(line: string): boolean {
  return /^["“‘'«„]/u.test(line) === /["”’'»]$/u.test(line);
}

function withoutSiteSuffix(title: string, rules: TextRules): string {
  const stripped = title.replace(rules.title.siteSuffix, '');
  return wordCount(stripped) >= 3 ? stripped : title;
}

function breadcrumbLike(line: string, rules: TextRules): boolean {
  return line.length <= rules.breadcrumb.maxChars && wordCount(line) <= rules.breadcrumb.maxWords && !endsLikeSentence(line);
}

function startsLikeHeadline(line: string): boolean {
  return /^["“‘'«„]?[\p{Lu}\p{N}]/u.test(line);
}

/** Ends with sentence punctuation (inside closing quotes or brackets too); `allowed` marks are not counted. */
function endsLikeSentence(line: string, allowed = ''): boolean {
  const last = line.replace(/["'”’»)\]]+$/u, '').slice(-1);
  return /[.!?…:;,]/u.test(last) && !allowed.includes(last);
}

function sentenceCount(text: string): number {
  return 1 + (text.match(/[.!?…]["'”’)]*\s+(?=["“‘(]?\p{Lu})/gu)?.length ?? 0);
}

/** Runs of non-space characters (what `text.split(/\s+/).filter(Boolean)` would give), counted without making them. */
function wordCount(text: string): number {
  let words = 0;
  let inWord = false;
  for (let k = 0; k < text.length; k++) {
    const space = isJsWhitespace(text.charCodeAt(k));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

function addCategory(categories: string[], name: string): void {
  const clean = normaliseBlockText(name);
  if (clean && !categories.includes(clean)) categories.push(clean);
}

function info(rule: string, message: string): Message {
  return { level: 'info', ruleId: `extract/text/${rule}`, message };
}

function clip(line: string): string {
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

/** The text exactly as given; blocks are the runs between blank lines, located in place. */
export function extractVerbatim(raw: string): Extracted {
  const blocks: Block[] = [];
  const separator = /\n[ \t\r]*\n/g;
  let from = 0;
  const push = (start: number, end: number) => {
    while (start < end && /\s/.test(raw[start]!)) start++;
    while (end > start && /\s/.test(raw[end - 1]!)) end--;
    if (end > start) blocks.push({ type: 'paragraph', start, end });
  };
  for (let m = separator.exec(raw); m; m = separator.exec(raw)) {
    push(from, m.index);
    from = m.index + m[0].length;
  }
  push(from, raw.length);
  return { text: raw, blocks, meta: emptyMeta(), messages: [] };
}

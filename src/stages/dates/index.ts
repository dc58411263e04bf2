/**
 * The dates stage: date and time expressions found by chrono-node (casual English), resolved against the
 * article's `publishedAt` when it is known. Published as the `dates` extension:
 *   { start, end, text, value: "YYYY" | "YYYY-MM" | "YYYY-MM-DD" | "YYYY-MM-DDTHH:MM" | null, grain, relative }
 * `relative` is true when the expression needs a reference date (no explicit year: "on Wednesday", "last year",
 * "May 5"); its `value` is then null unless `publishedAt` is known. Dates are never entities.
 */
// The English locale alone: the package's main entry loads all 16 of its locales (~190 ms more CPU at every
// worker's start); the parsers are the same objects either way.
import { casual } from 'chrono-node/en';
import type { Chrono, Component, ParsedResult, Parser } from 'chrono-node';
import type { Article } from '../../core/article.js';
import { lastAtOrBefore } from '../../core/sorted.js';
import type { Stage, StageFactory } from '../../core/stage.js';
import { ParserChoice } from './parser-choice.js';

export type DateGrain = 'year' | 'month' | 'day' | 'hour' | 'minute';

export interface DateMention {
  start: number;
  end: number;
  text: string;
  value: string | null;
  grain: DateGrain;
  relative: boolean;
}

const DAY_WORDS = /\b(?:today|tonight|yesterday|tomorrow|morning|afternoon|evening|night|monday|tuesday|wednesday|thursday|friday|saturday|sunday|these days|nowadays)\b/i;
const EXPLICIT_YEAR = /\b\d{4}\b|'\d{2}\b/;

/** chrono's casual English parser plus "these days" / "nowadays" (the present, at day grain). */
function createParser(): ParserChoice {
  const parser = casual.clone();
  const present: Parser = {
    pattern: () => /\b(?:these days|nowadays)\b/i,
    extract: (context) => ({ day: context.refDate.getDate(), month: context.refDate.getMonth() + 1, year: context.refDate.getFullYear() }),
  };
  parser.parsers.push(present);
  return new ParserChoice(parser, new Map([[present, ['these days', 'nowadays']]]));
}

/** The publication time, in the publisher's own time zone when the ISO string gives one ("Wednesday" is theirs). */
export interface Reference {
  instant: Date;
  /** Minutes east of UTC, when known. */
  timezone?: number;
}

export function parseReference(publishedAt: string | null): Reference | null {
  if (!publishedAt) return null;
  const instant = new Date(publishedAt);
  if (Number.isNaN(instant.getTime())) return null;
  const zone = /(?:([+-])(\d{2}):?(\d{2})|Z)$/.exec(publishedAt);
  if (!zone) return { instant };
  const minutes = zone[1] ? (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3])) : 0;
  return { instant, timezone: minutes };
}

export interface TextSpan {
  start: number;
  end: number;
}

/**
 * Between two stretches of text read in one chrono call: a character none of chrono's patterns or refiners
 * accepts inside an expression or between two merged ones (it is neither a space, a word character nor
 * punctuation they look for), so each stretch is read as in its sentence (where a space comes before a
 * stretch) while the call's fixed cost is shared. Only a stretch opening with punctuation reads differently
 * after it than at the start of a call; the stage starts a new call for one that opens its sentence.
 */
const STRETCH_SEPARATOR = '\u0000';

/**
 * The date expressions `parser` finds in the given stretches of `text`, read in one call (in order, not
 * overlapping). `afterSeparator`: the first stretch is read after a separator, as a stretch that is not the first
 * of its call (see the stage's `run`), rather than at the start of the input.
 */
export function findDates(parser: Chrono, text: string, stretches: readonly TextSpan[], publishedAt: Reference | null, afterSeparator = false): DateMention[] {
  const reference = publishedAt ?? { instant: new Date() };
  const found: DateMention[] = [];
  // Where each stretch starts in the joined string, to map chrono's offsets back to the text.
  const joinedStarts: number[] = [];
  let joined = '';
  for (const stretch of stretches) {
    if (joined || afterSeparator) joined += STRETCH_SEPARATOR;
    joinedStarts.push(joined.length);
    joined += text.slice(stretch.start, stretch.end);
  }
  for (const result of parser.parse(joined, reference)) {
    const surface = result.text.trimEnd();
    if (!/\p{L}|\d{4}|\d+[/-]\d+/u.test(surface)) continue; // bare numbers ("38", "2.2") are not dates
    const k = lastAtOrBefore(joinedStarts, result.index);
    const start = stretches[k]!.start + result.index - joinedStarts[k]!;
    const relative = !EXPLICIT_YEAR.test(surface);
    const grain = grainOf(result, surface);
    found.push({
      start,
      end: start + surface.length,
      text: surface,
      value: relative && !publishedAt ? null : format(result, grain),
      grain,
      relative,
    });
  }
  return found;
}

function grainOf(result: ParsedResult, surface: string): DateGrain {
  const start = result.start;
  if (start.isCertain('minute')) return 'minute';
  if (start.isCertain('hour')) return 'hour';
  if (start.isCertain('day') || DAY_WORDS.test(surface)) return 'day';
  if (start.isCertain('month')) return 'month';
  if (start.isCertain('year')) return 'year';
  return 'day';
}

function format(result: ParsedResult, grain: DateGrain): string {
  const get = (c: Component) => result.start.get(c) ?? 0;
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const year = pad(get('year'), 4);
  if (grain === 'year') return year;
  if (grain === 'month') return `${year}-${pad(get('month'))}`;
  const day = `${year}-${pad(get('month'))}-${pad(get('day'))}`;
  if (grain === 'day') return day;
  return `${day}T${pad(get('hour'))}:${pad(get('minute'))}`;
}

/**
 * Every expression chrono's casual English parsers read holds a digit or one of these words (month and weekday
 * names and abbreviations, casual day and time words, time units, weekend: chrono-node 2.x `locales/en/constants` and
 * parsers). A piece of text without any is not handed to chrono at all: most sentences of news prose.
 */
const DATE_HINT = new RegExp(
  // Digits: a year, a date or time with separators, an ordinal, a clock time or unit, "at 5".
  '\\d{4}|\\d\\s*[/:\\-–]\\s*\\d|\\d\\s*(?:[ap]\\.?m\\b|st\\b|nd\\b|rd\\b|th\\b|o.?clock|[smhdwy]\\b)|\\b(?:at|from|by|on|until|till|to)\\s+\\d|\\b(?:' + [
    'jan(?:uary)?', 'feb(?:ruary)?', 'mar(?:ch)?', 'apr(?:il)?', 'may', 'june?', 'july?', 'aug(?:ust)?', 'sep(?:t(?:ember)?)?', 'oct(?:ober)?', 'nov(?:ember)?', 'dec(?:ember)?',
    'sun(?:day)?', 'mon(?:day)?', 'tue(?:sday)?', 'wed(?:nesday)?', 'thu(?:r|rs|rsday)?', 'fri(?:day)?', 'sat(?:urday)?',
    'now', 'today', 'tonight', 'tomorrow', 'overmorrow', 'tmrw?', 'yesterday', 'night', 'morning', 'afternoon', 'evening', 'midnight', 'midday', 'noon', 'nowadays', 'these days',
    'secs?', 'seconds?', 'mins?', 'minutes?', 'hrs?', 'hours?', 'days?', 'weeks?', 'mos', 'months?', 'qtr', 'quarters?', 'yrs?', 'years?', 'weekends?',
  ].join('|') + ')\\b',
  'i',
);

/** Whether chrono could find a date expression in the text (false: it certainly finds none worth keeping). */
export function mayHoldDate(text: string): boolean {
  return DATE_HINT.test(text);
}

const DATE_HINTS = new RegExp(DATE_HINT.source, 'gi');

/**
 * Words of context chrono may need around a hint to read the whole expression: before it, "for approximately a
 * couple of (weeks)", "on the twenty-seventh of (May)"; after it, "(Monday) of next week", "(9) in the morning".
 * Every part of an expression that is not within these words of a hint holds a hint of its own.
 */
const WORDS_BEFORE_HINT = 6;
const WORDS_AFTER_HINT = 5;

const isSpace = (code: number) => code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0x2028 || code === 0x2029 || (code >= 0x2000 && code <= 0x200a) || code === 0x202f || code === 0x3000;

/** Where the `words`-th word before `at` starts, never before `floor`. */
function wordsBack(text: string, at: number, words: number, floor: number): number {
  let i = at;
  for (let w = 0; w < words && i > floor; w++) {
    while (i > floor && isSpace(text.charCodeAt(i - 1))) i--;
    while (i > floor && !isSpace(text.charCodeAt(i - 1))) i--;
  }
  return i;
}

/** Where the `words`-th word after `at` ends, never after `ceiling`. */
function wordsForward(text: string, at: number, words: number, ceiling: number): number {
  let i = at;
  for (let w = 0; w < words && i < ceiling; w++) {
    while (i < ceiling && isSpace(text.charCodeAt(i))) i++;
    while (i < ceiling && !isSpace(text.charCodeAt(i))) i++;
  }
  return i;
}

/**
 * The stretches of text[from, to) that chrono must read: each date hint with a few words either side, cut at
 * spaces, overlapping stretches merged. chrono's time grows with the length of what it reads (every one of its
 * parsers scans the whole string), so it reads these instead of whole sentences; empty when there is no hint.
 */
export function hintWindows(text: string, from: number, to: number): { start: number; end: number }[] {
  const windows: { start: number; end: number }[] = [];
  const piece = text.slice(from, to);
  DATE_HINTS.lastIndex = 0;
  for (let m = DATE_HINTS.exec(piece); m; m = DATE_HINTS.exec(piece)) {
    const hintStart = from + m.index;
    const hintEnd = hintStart + m[0].length;
    const start = wordsBack(text, hintStart, WORDS_BEFORE_HINT, from);
    const end = wordsForward(text, hintEnd, WORDS_AFTER_HINT, to);
    const last = windows[windows.length - 1];
    // Overlapping stretches are read as one: chrono must see "Monday at 5 pm" whole, and each text only once.
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else windows.push({ start, end });
  }
  return windows;
}

/** chrono's time grows faster than the text: a run-on sentence is read in pieces cut at a space. */
const MAX_PIECE = 600;
function pieces(text: string, start: number, end: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  while (end - start > MAX_PIECE) {
    let cut = text.lastIndexOf(' ', start + MAX_PIECE);
    if (cut <= start + MAX_PIECE / 2) cut = start + MAX_PIECE;
    out.push({ start, end: cut });
    start = cut;
  }
  out.push({ start, end });
  return out;
}

/**
 * Stretches read per chrono call, in characters: enough to share the call's fixed cost (its context, 19 parsers
 * and 16 refiners set up for every call) among many stretches, few enough that one call stays short.
 */
const MAX_BATCH = 2_000;

/**
 * What chrono finds in one call's stretches: each parser scans only the stretches that may hold what it looks
 * for. The stretches are read in groups, one per set of parsers (`ParserChoice.choose` of each stretch), each
 * group in one chrono call with its parsers alone; a stretch reads the same in any call (the separator before
 * it, or the start of the input for the call's first stretch, as in one call of all), and what a parser left
 * out could find holds a word the stretch lacks. Sorted by start, the found expressions are those of one call
 * of all with every parser that any stretch needs (in order: they never overlap).
 */
function datesOfCall(choice: ParserChoice, text: string, stretches: readonly TextSpan[], reference: Reference | null): DateMention[] {
  const groups = new Map<number, TextSpan[]>();
  for (const stretch of stretches) {
    const mask = choice.choose(text.slice(stretch.start, stretch.end));
    const group = groups.get(mask);
    if (group) group.push(stretch);
    else groups.set(mask, [stretch]);
  }
  const found: DateMention[] = [];
  for (const [mask, group] of groups) {
    for (const date of findDates(choice.withParsers(mask), text, group, reference, group[0] !== stretches[0])) found.push(date);
  }
  return groups.size > 1 ? found.sort((a, b) => a.start - b.start) : found;
}

export const createDatesStage: StageFactory = () => {
  const parser = createParser();
  const stage: Stage = {
    name: 'dates',
    run(article: Article, deadline) {
      const reference = parseReference(article.meta.publishedAt);
      // The stretches to read, and where a new chrono call starts (the stretch's index): all gathered first, then
      // read from one call site that every document with a stretch reaches. A call reached only when a batch
      // fills up (long articles) had been compiled without type feedback and sent the stage back to the
      // interpreter at the first long article (docs/ARCHITECTURE.md, "One shape per kind of object").
      const windows: TextSpan[] = [];
      /** Per stretch, the first stretch of its call. */
      const callFirst: number[] = [];
      let first = 0;
      let batchLength = 0;
      // Sentence by sentence, so that no expression is read across a sentence end.
      const spans = article.sentences.length ? article.sentences : article.blocks;
      for (const span of spans) {
        for (const piece of pieces(article.text, span.start, span.end)) {
          deadline.check('date expressions');
          for (const window of hintWindows(article.text, piece.start, piece.end)) {
            // A sentence opening with punctuation ("(On Monday") is read from the start of a call, where chrono
            // takes that punctuation for the boundary before an expression; after a separator it would not.
            const opensWithPunctuation = window.start === piece.start && !/\w/.test(article.text[window.start]!);
            if (windows.length > 0 && (opensWithPunctuation || batchLength >= MAX_BATCH)) {
              first = windows.length;
              batchLength = 0;
            }
            callFirst.push(first);
            windows.push(window);
            batchLength += window.end - window.start;
          }
        }
      }
      const dates: DateMention[] = [];
      for (let from = 0, k = 1; k <= windows.length; k++) {
        if (k < windows.length && callFirst[k] === from) continue;
        for (const found of datesOfCall(parser, article.text, windows.slice(from, k), reference)) dates.push(found);
        from = k;
      }
      article.extensions['dates'] = dates;
    },
  };
  return stage;
};

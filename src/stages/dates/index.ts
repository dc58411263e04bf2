/**
 * The dates stage: date and time expressions found by chrono-node (casual English), resolved against the
 * article's `publishedAt` when it is known. Published as the `dates` extension:
 *   { start, end, text, value: "YYYY" | "YYYY-MM" | "YYYY-MM-DD" | "YYYY-MM-DDTHH:MM" | null, grain, relative }
 * `relative` is true when the expression needs a reference date (no explicit year: "on Wednesday", "last year",
 * "May 5"); its `value` is then null unless `publishedAt` is known. Dates are never entities.
 */
import * as chrono from 'chrono-node';
import type { Article } from '../../core/article.js';
import type { Stage, StageFactory } from '../../core/stage.js';

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
function createParser(): chrono.Chrono {
  const parser = chrono.casual.clone();
  parser.parsers.push({
    pattern: () => /\b(?:these days|nowadays)\b/i,
    extract: (context) => ({ day: context.refDate.getDate(), month: context.refDate.getMonth() + 1, year: context.refDate.getFullYear() }),
  });
  return parser;
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

export function findDates(parser: chrono.Chrono, text: string, from: number, to: number, publishedAt: Reference | null): DateMention[] {
  const reference = publishedAt ?? { instant: new Date() };
  const found: DateMention[] = [];
  for (const result of parser.parse(text.slice(from, to), reference)) {
    const surface = result.text.trimEnd();
    if (!/\p{L}|\d{4}|\d+[/-]\d+/u.test(surface)) continue; // bare numbers ("38", "2.2") are not dates
    const relative = !EXPLICIT_YEAR.test(surface);
    const grain = grainOf(result, surface);
    found.push({
      start: from + result.index,
      end: from + result.index + surface.length,
      text: surface,
      value: relative && !publishedAt ? null : format(result, grain),
      grain,
      relative,
    });
  }
  return found;
}

function grainOf(result: chrono.ParsedResult, surface: string): DateGrain {
  const start = result.start;
  if (start.isCertain('minute')) return 'minute';
  if (start.isCertain('hour')) return 'hour';
  if (start.isCertain('day') || DAY_WORDS.test(surface)) return 'day';
  if (start.isCertain('month')) return 'month';
  if (start.isCertain('year')) return 'year';
  return 'day';
}

function format(result: chrono.ParsedResult, grain: DateGrain): string {
  const get = (c: chrono.Component) => result.start.get(c) ?? 0;
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

export const createDatesStage: StageFactory = () => {
  const parser = createParser();
  const stage: Stage = {
    name: 'dates',
    run(article: Article, deadline) {
      const reference = parseReference(article.meta.publishedAt);
      const dates: DateMention[] = [];
      // Sentence by sentence: bounded work per call, and the deadline is checked between them.
      const spans = article.sentences.length ? article.sentences : article.blocks;
      for (const span of spans) {
        for (const piece of pieces(article.text, span.start, span.end)) {
          deadline.check('date expressions');
          // Each chrono call costs about as much as reading a hundred words: skip the pieces with no hint.
          if (!mayHoldDate(article.text.slice(piece.start, piece.end))) continue;
          dates.push(...findDates(parser, article.text, piece.start, piece.end, reference));
        }
      }
      article.extensions['dates'] = dates;
    },
  };
  return stage;
};

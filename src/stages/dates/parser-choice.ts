/**
 * chrono runs every one of its parsers' patterns over the whole string it is given, while a string can match only
 * the few whose words it holds: a parser whose pattern needs a word (or a digit) that the string lacks finds
 * nothing there, so it is left out of the call. The parsers kept run in their order and the same refiners follow,
 * so the results are those of the full parser; only the scans that could not match are saved.
 */
import { Chrono } from 'chrono-node/en';
import type { Parser } from 'chrono-node';

/**
 * What each of chrono's casual English parsers (chrono-node 2.x, by class name) cannot match without: one of these
 * words in any case (every expression its pattern accepts holds one), or a digit. A parser not listed always runs.
 */
const NEEDS: Record<string, readonly string[] | 'digit'> = {
  ISOFormatParser: 'digit',
  ENYearMonthDayParser: 'digit',
  SlashDateFormatParser: 'digit',
  ENSlashMonthFormatParser: 'digit',
  ENTimeExpressionParser: 'digit',
  // Every month name and abbreviation (MONTH_DICTIONARY) holds one of these.
  ENMonthNameLittleEndianParser: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  ENMonthNameMiddleEndianParser: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  ENMonthNameParser: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  ENYearMonthNameParser: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  // Weekday names and abbreviations (WEEKDAY_DICTIONARY), "weekend", "weekday".
  ENWeekdayParser: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'week'],
  ENCasualDateParser: ['now', 'today', 'tonight', 'tomorrow', 'overmorrow', 'tmr', 'yesterday', 'night'],
  ENCasualTimeParser: ['morning', 'afternoon', 'evening', 'night', 'midday', 'noon'],
  ENEndOfCurrentMonthParser: ['month'],
  ENRelativeDateFormatParser: ['this', 'last', 'past', 'next', 'after'],
  ENTimeUnitAgoFormatParser: ['ago', 'before', 'earlier'],
  ENTimeUnitLaterFormatParser: ['later', 'after', 'from now', 'henceforth', 'forward', 'out'],
};

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
/** Parsers at most: the choice is a bit mask. */
const MAX_PARSERS = 31;

export class ParserChoice {
  /** The parsers that always run (bits of the mask). */
  private readonly always: number;
  /** Per needed word (lower case, or "0"…"9" for a digit), the parsers it or a word inside it lets run. */
  private readonly parsersOf = new Map<string, number>();
  /**
   * Finds, at every place where needed words start, the longest (whose bits cover the shorter ones there), in one
   * pass and in any case (chrono's patterns are case-insensitive, without the u flag: ASCII letters only).
   */
  private readonly needed: RegExp;
  private readonly byMask = new Map<number, Chrono>();

  /** `extraNeeds`: what the project's own parsers added to `full` need, as for chrono's in `NEEDS`. */
  constructor(private readonly full: Chrono, extraNeeds: ReadonlyMap<Parser, readonly string[]> = new Map()) {
    const parsers = full.parsers.length > MAX_PARSERS ? [] : full.parsers;
    const own = new Map<string, number>();
    let always = 0;
    parsers.forEach((parser, k) => {
      const needs = extraNeeds.get(parser) ?? NEEDS[parser.constructor.name];
      if (!needs) always |= 1 << k;
      for (const word of needs === 'digit' ? DIGITS : needs ?? []) own.set(word, (own.get(word) ?? 0) | (1 << k));
    });
    this.always = always;
    for (const word of own.keys()) {
      let bits = 0;
      for (const [inner, innerBits] of own) if (word.includes(inner)) bits |= innerBits;
      this.parsersOf.set(word, bits);
    }
    const words = [...own.keys()].sort((a, b) => b.length - a.length);
    this.needed = new RegExp(`(?=(${words.join('|')}))`, 'gi');
  }

  /** The parsers (a bit mask over `full`'s) that may match in `text`; 0 when every parser runs. */
  choose(text: string): number {
    if (!this.parsersOf.size) return 0;
    let mask = this.always;
    for (const match of text.matchAll(this.needed)) mask |= this.parsersOf.get(match[1]!.toLowerCase())!;
    return mask;
  }

  /**
   * `full` with only the parsers of a mask from `choose`, made once per mask: of the text the mask was chosen for,
   * it finds what `full` finds.
   */
  withParsers(mask: number): Chrono {
    if (!this.parsersOf.size) return this.full;
    let parser = this.byMask.get(mask);
    if (!parser) {
      parser = new Chrono({ parsers: this.full.parsers.filter((_, k) => mask & (1 << k)), refiners: this.full.refiners });
      this.byMask.set(mask, parser);
    }
    return parser;
  }
}

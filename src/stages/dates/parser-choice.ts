/**
 * chrono runs every one of its parsers' patterns over the whole string it is given, while a string can match only
 * the few whose words it holds: a parser whose pattern needs a word (or a digit) that the string lacks finds
 * nothing there, so it is left out of the call. The parsers kept run in their order and the same refiners follow,
 * so the results are those of the full parser; only the scans that could not match are saved.
 */
import * as chrono from 'chrono-node';

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

/** Parsers at most: the choice is a bit mask. */
const MAX_PARSERS = 31;

export class ParserChoice {
  private readonly needs: (readonly string[] | 'digit' | null)[];
  private readonly byMask = new Map<number, chrono.Chrono>();

  /** `extraNeeds`: what the project's own parsers added to `full` need, as for chrono's in `NEEDS`. */
  constructor(private readonly full: chrono.Chrono, extraNeeds: ReadonlyMap<chrono.Parser, readonly string[]> = new Map()) {
    this.needs = full.parsers.length > MAX_PARSERS ? [] : full.parsers.map((parser) => extraNeeds.get(parser) ?? NEEDS[parser.constructor.name] ?? null);
  }

  /** A parser that finds in `text` what `full` finds: `full` without the parsers that cannot match it. */
  for(text: string): chrono.Chrono {
    if (!this.needs.length) return this.full;
    const lower = text.toLowerCase();
    const hasDigit = /[0-9]/.test(text);
    let mask = 0;
    for (let k = 0; k < this.needs.length; k++) {
      const needs = this.needs[k]!;
      if (needs === null || (needs === 'digit' ? hasDigit : needs.some((word) => lower.includes(word)))) mask |= 1 << k;
    }
    let parser = this.byMask.get(mask);
    if (!parser) {
      parser = new chrono.Chrono({ parsers: this.full.parsers.filter((_, k) => mask & (1 << k)), refiners: this.full.refiners });
      this.byMask.set(mask, parser);
    }
    return parser;
  }
}

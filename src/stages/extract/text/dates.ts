/**
 * Finds a written publication date ("12 March 2024", "March 12, 2024 2:05 pm GMT", "2024-03-12T14:05Z")
 * in a short line of scraped text and turns it into ISO-8601. Dates are taken as written (no time zone
 * conversion): a time with UTC/GMT or an offset keeps it, a time without one is a local time.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '((?:19|20)\\d{2})';
// Zone abbreviations with one fixed meaning; ambiguous ones (IST, ET, PT) are accepted but not converted.
const ZONE_OFFSETS: Record<string, string> = {
  utc: 'Z', gmt: 'Z', z: 'Z', bst: '+01:00', cet: '+01:00', cest: '+02:00', eet: '+02:00', eest: '+03:00',
  est: '-05:00', edt: '-04:00', cst: '-06:00', cdt: '-05:00', mst: '-07:00', mdt: '-06:00', pst: '-08:00', pdt: '-07:00',
  jst: '+09:00', aest: '+10:00', aedt: '+11:00',
};
const ZONE = `(${Object.keys(ZONE_OFFSETS).join('|')}|ist|et|pt|[+-]\\d{2}:?\\d{2})`;
const TIME = `(?:,?\\s*(?:at\\s+)?(\\d{1,2})[:.](\\d{2})(?:\\s*([ap])\\.?m\\.?)?(?:\\s*${ZONE}\\b)?)?`;
const ISO = '(\\d{4})-(\\d{2})-(\\d{2})(?:[t ](\\d{2}):(\\d{2})(?::\\d{2}(?:\\.\\d+)?)?(z|[+-]\\d{2}:?\\d{2})?)?';

const DAY_MONTH_YEAR = new RegExp(`\\b${DAY}\\s+${MONTH},?\\s+${YEAR}${TIME}`, 'i');
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\s+${DAY},?\\s+${YEAR}${TIME}`, 'i');
const ISO_DATE = new RegExp(`\\b${ISO}\\b`, 'i');
const WEEKDAY = /\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?/gi;

export interface FoundDate {
  iso: string;
  start: number;
  end: number;
}

/** The first date written in `line`, with where it is, or null. */
export function findDate(line: string): FoundDate | null {
  let m = ISO_DATE.exec(line);
  if (m) {
    const iso = compose(+m[1]!, +m[2]!, +m[3]!, m[4], m[5], undefined, m[6]);
    if (iso) return { iso, start: m.index, end: m.index + m[0].length };
  }
  m = DAY_MONTH_YEAR.exec(line);
  if (m) {
    const iso = compose(+m[3]!, monthNumber(m[2]!), +m[1]!, m[4], m[5], m[6], m[7]);
    if (iso) return { iso, start: m.index, end: m.index + m[0].length };
  }
  m = MONTH_DAY_YEAR.exec(line);
  if (m) {
    const iso = compose(+m[3]!, monthNumber(m[1]!), +m[2]!, m[4], m[5], m[6], m[7]);
    if (iso) return { iso, start: m.index, end: m.index + m[0].length };
  }
  return null;
}

/**
 * The date of a line that holds nothing but a date (after an optional prefix such as "Published:" and an
 * optional weekday), or null when the line says more than that.
 */
export function dateOnlyLine(line: string, prefix: RegExp): string | null {
  const found = findDate(line);
  if (!found) return null;
  const rest = (line.slice(0, found.start).trimStart().replace(prefix, '') + ' ' + line.slice(found.end)).replace(WEEKDAY, ' ');
  return /[\p{L}\p{N}]/u.test(rest) ? null : found.iso;
}

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

function compose(year: number, month: number, day: number, hour?: string, minute?: string, meridiem?: string, zone?: string): string | null {
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  const date = `${year}-${pad(month)}-${pad(day)}`;
  if (hour === undefined || minute === undefined) return date;
  let h = +hour;
  const min = +minute;
  if (meridiem) {
    if (h < 1 || h > 12) return date;
    h = (h % 12) + (meridiem.toLowerCase() === 'p' ? 12 : 0);
  }
  if (h > 23 || min > 59) return date;
  return `${date}T${pad(h)}:${pad(min)}:00${zoneSuffix(zone)}`;
}

function zoneSuffix(zone: string | undefined): string {
  if (!zone) return '';
  const named = zone.toLowerCase();
  if (/^[a-z]+$/.test(named)) return ZONE_OFFSETS[named] ?? '';
  const digits = zone.replace(':', '');
  return `${digits.slice(0, 3)}:${digits.slice(3)}`;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

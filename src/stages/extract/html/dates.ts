import monthData from './months.json' with { type: 'json' };

const MONTHS = new Map<string, number>();
for (const names of Object.values(monthData.months)) {
  names.forEach((forms, index) => forms.forEach((form) => MONTHS.has(form) || MONTHS.set(form, index + 1)));
}
const MONTH_NAME = [...MONTHS.keys()].sort((a, b) => b.length - a.length).join('|');
const ISO = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?/;
const COMPACT = /^\s*(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2}))?/;
const NUMERIC_DMY = /(?<!\d)(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})(?!\d)/;
const SLASHED_YMD = /(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)/;
/** "Written: 2023-11-07 15:03:30": pages print the machine form too (CMS defaults, Chinese and Korean news). */
const DASHED_YMD = /(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])/;
const SLASHED_DMY = /(?<!\d)(\d{1,2})\/(\d{1,2})\/(\d{4})(?!\d)/;
const DAY_MONTH_YEAR = new RegExp(`(?<![\\p{L}\\d])(\\d{1,2})(?:\\.|st|nd|rd|th|er|º)?\\s*(?:de\\s+)?(${MONTH_NAME})\\.?,?\\s*(?:de\\s+)?(\\d{4})(?!\\d)`, 'iu');
const MONTH_DAY_YEAR = new RegExp(`(?<![\\p{L}])(${MONTH_NAME})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`, 'iu');
const URL_DATE = /\/((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?:[/_-]|$)/;

function valid(year: number, month: number, day: number): boolean {
  if (year < 1990 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number | string) => String(n).padStart(2, '0');

function day(year: number, month: number, dayOfMonth: number): string | null {
  return valid(year, month, dayOfMonth) ? `${year}-${pad(month)}-${pad(dayOfMonth)}` : null;
}

/**
 * Reads a machine-readable date (ISO-8601, RFC 2822, compact 20190802) into ISO-8601. The calendar day is kept
 * as written: a time zone is carried along, never applied, so a late-evening story keeps its own date.
 */
export function parseMachineDate(raw: string): string | null {
  const iso = raw.match(ISO);
  if (iso) {
    const date = day(+iso[1]!, +iso[2]!, +iso[3]!);
    if (!date) return null;
    if (iso[4] === undefined) return date;
    const zone = iso[7] ? (iso[7] === 'Z' ? 'Z' : iso[7].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : '';
    return `${date}T${pad(iso[4])}:${iso[5]}:${iso[6] ?? '00'}${zone}`;
  }
  const compact = raw.match(COMPACT);
  if (compact && /^\s*\d{8}(?:T?\d{4,6})?\s*$/.test(raw)) return day(+compact[1]!, +compact[2]!, +compact[3]!);
  return parseTextDate(raw);
}

/** Finds a date written for people ("2. August 2019", "Aug 2, 2019", "02.08.2019", "2019/08/02") in a string. */
export function parseTextDate(text: string): string | null {
  let m = text.match(SLASHED_YMD) ?? text.match(DASHED_YMD);
  if (m) return day(+m[1]!, +m[2]!, +m[3]!);
  m = text.match(DAY_MONTH_YEAR);
  if (m) return day(+m[3]!, MONTHS.get(m[2]!.toLowerCase())!, +m[1]!);
  m = text.match(MONTH_DAY_YEAR);
  if (m) return day(+m[3]!, MONTHS.get(m[1]!.toLowerCase())!, +m[2]!);
  m = text.match(NUMERIC_DMY);
  if (m) {
    const year = m[3]!.length === 2 ? 2000 + +m[3]! : +m[3]!;
    return day(year, +m[2]!, +m[1]!);
  }
  m = text.match(SLASHED_DMY);
  if (m) {
    // 02/08/2019 is ambiguous; day-first is the reading of most of the world, month-first when day-first is impossible.
    return day(+m[3]!, +m[2]!, +m[1]!) ?? day(+m[3]!, +m[1]!, +m[2]!);
  }
  return null;
}

/** A date in a URL path (/2019/08/02/slug). */
export function dateFromUrl(url: string | null): string | null {
  const m = url?.match(URL_DATE);
  return m ? day(+m[1]!, +m[2]!, +m[3]!) : null;
}

const DATE_LINE_WORDS = new RegExp(`(?:${MONTH_NAME}|uhr|am|pm|um|on|at|le|de|den|updated|aktualisiert|veröffentlicht|published|posted|written|created|erstellt|geändert|stand|last modified|zuletzt aktualisiert|mis à jour|publié)\\.?`, 'giu');

/** True for a line that is only a date (and time): "03.04.2020", "11 Jan 2019", "Aktualisiert: 2. Mai 2020, 14:00". */
export function isDateLine(text: string): boolean {
  if (text.length > 60 || !parseTextDate(text)) return false;
  return text.replace(DATE_LINE_WORDS, ' ').replace(/[\d\s.,:;/|()\-–—]+/g, '') === '';
}

const UTC_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:Z|\+00:00)$/;
const OFFSET = /T\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*([+-])(\d{2}):?(\d{2})$/;

/** The non-zero UTC offset a machine date is written with ("+02:00"), or null. */
export function offsetOf(raw: string): string | null {
  const m = raw.trim().match(OFFSET);
  return m && (m[2] !== '00' || m[3] !== '00') ? `${m[1]}${m[2]}:${m[3]}` : null;
}

/**
 * A time written in UTC ("2021-11-04T23:00:00Z"), restated in the page's own zone when the page shows it
 * ("+01:00" from its other dates): "2021-11-05T00:00:00+01:00". Readers see the local day, and so does the gold.
 */
export function inZone(utc: string, offset: string): string {
  const m = utc.match(UTC_TIME);
  const o = offset.match(/^([+-])(\d{2}):(\d{2})$/);
  if (!m || !o) return utc;
  const shiftMinutes = (o[1] === '-' ? -1 : 1) * (+o[2]! * 60 + +o[3]!);
  const local = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) + shiftMinutes * 60_000);
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${offset}`;
}

/**
 * The day shown on the page for a time written in UTC, when the shown day is the UTC day's neighbour that a
 * time zone can reach (at most 14 hours away): the page's own date, as a calendar day.
 */
export function shownDayOf(utc: string, shownDay: string): string | null {
  const m = utc.match(UTC_TIME);
  if (!m) return null;
  const utcMs = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  const [y, mo, d] = shownDay.split('-').map(Number) as [number, number, number];
  const dayStart = Date.UTC(y, mo - 1, d);
  const hours = (utcMs - dayStart) / 3_600_000;
  // Shown day D holds this instant for some offset in [-12, +14] hours: D 00:00 - 14h <= t < D 24:00 + 12h.
  const sameDay = shownDay === `${m[1]}-${m[2]}-${m[3]}`;
  return !sameDay && hours >= -14 && hours < 36 ? shownDay : null;
}

import rules from './authors.json' with { type: 'json' };
import { isDateLine } from './dates.js';

const alternation = (entries: string[]) => entries.join('|');
/** "Ein Beitrag von", "Interview:", "Guest post by" (authors.json). */
const INTRODUCTION = new RegExp(`^(?:${alternation(rules.introductions.entries)})\\s*`, 'iu');
/** A job title before the name: "FOCUS-Online-Experte Robin Tschöpe" → "Robin Tschöpe" (when a capital follows). */
const ROLE_BEFORE_NAME = new RegExp(`^(?:${alternation(rules.roles.entries)})\\s+`, 'iu');
const CREDENTIAL = new RegExp(`^(?:${alternation(rules.credentials.entries)})$`, 'iu');
const TRAILING_INTERFACE_WORD = new RegExp(`(?:\\s+(?:${alternation(rules.interfaceWords.entries)}))+$`, 'iu');
const ACCOUNT_SLUG = new RegExp(rules.accountSlugs.pattern, 'u');
const WEEKDAY = new RegExp(`^(?:${alternation(rules.weekdays.entries)})\\.?$`, 'iu');
/** A list item that describes the author ("Projektleiterin der Stiftung", "Senior Editor"), not another author. */
const ROLE_AFTER_NAME = new RegExp(`^(?:${alternation(rules.rolesAfterName.entries)})(?=$|\\s)`, 'iu');
/** A newsroom desk ("Redaktion", "Staff Writer"): an author of last resort (authors.json `desks`). */
export const DESK = new RegExp(rules.desks.pattern, 'iu');

/** A visible line that begins like a byline ("By Jane Roe", "Eine Kolumne von Jane Roe"); photo credits are not bylines. */
const BYLINE_START = new RegExp(`^[\\s—–-]*(?:(?:${alternation(rules.introductions.entries.filter((entry) => !/^(?:fotos|photos)/.test(entry)))})\\s*|(?:(?:written|posted|published|reported)\\s+by|by|von|par|por|di|door|av|af)\\s+)(\\S)`, 'iu');

export function startsLikeByline(line: string): boolean {
  const start = line.match(BYLINE_START);
  if (start) return /\p{Lu}/u.test(start[1]!);
  // "11.12.2019 – Jane Roe", "06.11.2023 13:30 von Jane Roe": a date, then a byline or a name alone.
  const afterDate = withoutLeadingDate(line);
  if (afterDate === line) return false;
  if (BYLINE_START.test(afterDate)) return true;
  // A name alone after the date is written out (two words or more): "| Politik" or "| categories:" are not names.
  const names = afterDate.split(' ').length <= 4 && !afterDate.includes(':') ? cleanAuthors(afterDate, true) : [];
  return names.length > 0 && names.every((name) => name.includes(' '));
}

/** Words that introduce a byline in the languages we have met; removed from the front of an author string. */
const BYLINE_PREFIX = /^(?:(?:written|posted|published|reported|text|story|words|photos?|interview)\s+(?:by|von)\s*:?\s+|by\s+|von\s+|par\s+|por\s+|di\s+|door\s+|av\s+|af\s+|(?:autor(?:in|innen|en)?|authors?|auteur(?:e|s)?)\b\s*:?\s*|text\s*:\s*|texte?\s*:\s*|redaktion\s*:\s*|from\s+)/i;
/**
 * Either case of each letter, for words matched inside case-sensitive patterns (under the `i` flag, \\p{Lu}
 * matches lower-case letters too, so patterns that test capitals cannot use it).
 */
const anyCase = (words: string) => words.replace(/\p{L}/gu, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
/** Everything from here on is not part of a name: dates, times, "updated", separators, "on"/"am"/"le" + date or place. */
const TRAILING_NOISE = new RegExp(`\\s*(?:[|•·]|\\s[-–—]\\s|,?\\s+(?:${anyCase('updated|aktualisiert|veröffentlicht|published|posted')}|on|am|le|el|il|in|für|for|at)\\s+(?=[\\d\\p{Lu}])|\\(|\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}:\\d{2}|\\b${anyCase('vor')}\\s+\\d|\\b\\d+\\s+(?:${anyCase('min|minutes?|hours?|stunden?')})\\b|(?<=\\p{L}\\s\\p{L}+)\\s\\p{L}+\\s?:\\s|\\s*\\/\\s*[\\p{Lu}\\d-]{2,8}$|\\s@[\\w.]+).*$`, 'u');
/** Separators between names: commas, "and"/"und"/"&", and the "and" of other languages before a capital ("Isabel Caro y José Wilson"). */
const NAME_SEPARATOR = new RegExp(`\\s*(?:[,;&]|\\b(?:${anyCase('and|und')})\\b|\\s(?:y|e|et|en|og|och)\\s(?=\\p{Lu}))\\s*`, 'u');
const NOT_A_NAME = /(?:https?:|www\.|@|\.com\b|\.de\b|\.[a-z]{2,3}$|^\d|\b(?:admin|administrator|anonymous|unknown|guest|gast|no author)\b|^(?:name|by|von|par|por|di|door|autor|author|posted|written|text|texte|fotos?|email|e-mail|website|webseite|kommentar|comment)$)/i;
/** A user handle standing alone ("gnaddrig", "c1ph4"): blogs sign posts with them. */
const HANDLE = /^[\p{L}][\p{L}\p{N}_.-]{1,29}$/u;
const NAME_WORD = /^[\p{Lu}\p{Lt}][\p{L}\p{M}'’.-]*$|^(?:van|von|de|der|den|da|di|du|del|della|la|le|bin|al|ibn|y|zu|ten|ter)$/u;

/**
 * Turns a byline or metadata author field into person names: strips "By"/"Von", roles, dates and separators,
 * splits "A and B" / "A, B", and rejects strings that are not names (URLs, handles, long phrases).
 */
export function cleanAuthors(raw: string, strict: boolean): string[] {
  let text = withoutLeadingDate(raw.replace(/\s+/g, ' ').trim()).replace(/^[\s,;:|–—-]+/, '');
  for (let i = 0; i < 2; i++) text = withoutRole(text.replace(INTRODUCTION, '').replace(BYLINE_PREFIX, ''));
  text = text.replace(TRAILING_NOISE, '').replace(/^[\s,;:|–—-]+|[\s,;:|–—-]+$/g, '');
  if (!text) return [];
  const parts = text.split(NAME_SEPARATOR).map((p) => p.trim()).filter(Boolean);
  const names: string[] = [];
  for (const [index, rawPart] of parts.entries()) {
    if (NOT_A_NAME.test(rawPart) || (index > 0 && ROLE_AFTER_NAME.test(rawPart))) continue;
    const part = ACCOUNT_SLUG.test(rawPart) ? nameFromSlug(rawPart) : withoutTrailingNoise(rawPart);
    if (!part || NOT_A_NAME.test(part) || CREDENTIAL.test(part) || WEEKDAY.test(part) || part.length > 60) continue;
    const words = part.split(' ');
    if (words.length > 5) continue;
    // From visible text, a name is capitalised words; metadata fields are trusted more (handles like "gnaddrig").
    if (strict && !words.every((w) => NAME_WORD.test(w)) && !(parts.length === 1 && words.length === 1 && HANDLE.test(part))) continue;
    names.push(part);
  }
  return names;
}

/** "12. März 2024 – Jane Roe" → "Jane Roe", "06.11.2023 13:30 von Jane Roe" → "von Jane Roe": a byline that opens with its date. */
function withoutLeadingDate(text: string): string {
  const separator = text.match(/\s[-–—|•·]\s|\s(?=(?:by|von|par|por|door)\s)/i);
  if (!separator) return text;
  return isDateLine(text.slice(0, separator.index)) ? text.slice(separator.index! + separator[0].length) : text;
}

function withoutRole(text: string): string {
  const role = text.match(ROLE_BEFORE_NAME);
  return role && /^\p{Lu}/u.test(text.slice(role[0].length)) ? text.slice(role[0].length) : text;
}

/** "Martin Junker Kontakt" → "Martin Junker"; "Tomas Spahn Fr" → "Tomas Spahn" (a weekday before the date). */
function withoutTrailingNoise(part: string): string {
  let words = ` ${part}`.replace(TRAILING_INTERFACE_WORD, '').trim().split(' ');
  while (words.length > 1 && (WEEKDAY.test(words[words.length - 1]!) || CREDENTIAL.test(words[words.length - 1]!))) words = words.slice(0, -1);
  return words.join(' ');
}

function nameFromSlug(slug: string): string {
  return slug.split(/[._]/).map((word) => word[0]!.toUpperCase() + word.slice(1)).join(' ');
}

import { findDate } from './dates.js';
import type { TextRules } from './rules.js';

export interface Byline {
  authors: string[];
  publishedAt: string | null;
}

const NAME_PARTICLES = new Set(['de', 'del', 'della', 'der', 'den', 'van', 'von', 'la', 'le', 'da', 'di', 'du', 'dos', 'das', 'bin', 'ibn', 'al', 'el', 'y', 'st.']);

/**
 * Reads a byline ("By Jane Doe and Sam Lee, Harbour Correspondent | 12 March 2024"): the names before
 * the first role or separator, and a date when the line carries one. Null when the line is not a byline
 * (for instance a sentence that starts with "By 2030, …").
 */
export function parseByline(line: string, rules: TextRules['byline']): Byline | null {
  if (line.length > rules.maxChars) return null;
  const endsSentence = /[.!?]["'”’)]*$/u.test(line) && !/\b\p{Lu}\.$/u.test(line);
  if (endsSentence && line.split(/\s+/).length > rules.maxSentenceWords) return null;
  const match = rules.pattern.exec(line);
  if (!match) return null;
  let rest = match[1]!;
  const date = findDate(rest);
  if (date) rest = rest.slice(0, date.start) + ' | ' + rest.slice(date.end);
  const namesPart = rest.split(/\s*[|·•—–;]\s*|\s+-\s+/)[0] ?? '';
  const authors: string[] = [];
  for (const piece of namesPart.split(/\s*,\s*|\s+and\s+|\s*&\s*/i)) {
    const name = piece.replace(/\s+(?:in|for|at)\s+.*$/, '').trim();
    if (looksLikeName(name, rules.notNameWords)) authors.push(name);
    else break; // a role or a place after the names: the names are over
  }
  if (authors.length === 0 && (endsSentence || line.split(/\s+/).length > rules.maxSentenceWords)) return null;
  return { authors, publishedAt: date?.iso ?? null };
}

function looksLikeName(name: string, notNameWords: RegExp): boolean {
  const words = name.split(/\s+/).filter(Boolean);
  if (words.length < 1 || words.length > 5 || notNameWords.test(name)) return false;
  return words.every((w) => NAME_PARTICLES.has(w.toLowerCase()) || /^(?:\p{Lu}|(?:al|el)-\p{Lu}|O'\p{Lu})[\p{L}.'’-]*$/u.test(w));
}

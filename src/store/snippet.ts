/**
 * Search snippets made from an article's text in JavaScript, the same way on both drivers. FTS5's snippet()
 * and PostgreSQL's ts_headline() tokenise the whole article for every hit (0.3–1.7 ms a hit at 100k articles,
 * more for a word the article repeats): a page of 20 hits cost more than finding them.
 *
 * Matching here is for display only (which article matches is the index's decision): a word of the text is
 * marked when its light stem (lower case, accents dropped, one common English suffix removed) equals that of a
 * query word, which covers the inflections the indexes' stemmers fold together in the usual cases.
 */

/** Words shown around the first match, like FTS5's snippet(…, 16). */
const SNIPPET_WORDS = 16;
/** Words of context kept before the first match. */
const LEAD_WORDS = 4;
const SUFFIXES = ['ing', 'es', 'ed', 'ly', 's', 'e'];

const WORD = /[\p{L}\p{N}]+/gu;
const ASCII = /^[\x00-\x7f]*$/;
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** How far before the first hit the snippet may start (more than LEAD_WORDS words, or SNIPPET_WORDS near the end). */
const LOOK_BACK_CHARS = 240;

/**
 * Lower case, accents dropped, one common suffix removed (a word of at least 3 letters is left), a final y
 * read as i: "ferry", "ferries"; "house", "housing"; "bridge", "bridges" share a stem.
 */
export function lightStem(word: string): string {
  // Most words are ASCII: Unicode normalisation only for the others.
  let stem = (ASCII.test(word) ? word : word.normalize('NFKD').replace(/\p{M}/gu, '')).toLowerCase();
  const suffix = SUFFIXES.find((s) => stem.endsWith(s) && stem.length - s.length >= 3);
  if (suffix) stem = stem.slice(0, -suffix.length);
  return stem.endsWith('y') ? `${stem.slice(0, -1)}i` : stem;
}

/** The words of a query to mark: every word outside excluded terms (`-word`, `-"a phrase"`). */
export function snippetTerms(query: string): Set<string> {
  const terms = new Set<string>();
  for (const part of query.match(/-?"[^"]*"|\S+/g) ?? []) {
    if ((part.startsWith('-') && part.length > 1) || part === 'OR' || part === 'AND') continue;
    for (const word of part.match(WORD) ?? []) terms.add(lightStem(word));
  }
  return terms;
}

/**
 * About SNIPPET_WORDS words of `text` from just before the first word matching `terms`, matches between « »,
 * `…` where the text is cut. Text without a match (the words were in the title) gives its opening words. Only
 * words opening like a term are stemmed, and words are split only around the snippet: splitting a whole
 * article into words costs more than finding its hits.
 */
export function makeSnippet(text: string, terms: ReadonlySet<string>): string {
  const hit = firstHit(text, terms);
  const regionStart = hit < 0 ? 0 : Math.max(0, hit - LOOK_BACK_CHARS);
  const words: Array<{ at: number; word: string }> = [];
  let first = -1;
  const scan = new RegExp(WORD.source, 'gu');
  scan.lastIndex = regionStart;
  for (let found = scan.exec(text); found; found = scan.exec(text)) {
    // The look-back may start inside a word: that word is left out.
    if (found.index === regionStart && regionStart > 0 && WORD_CHAR.test(text[regionStart - 1]!)) continue;
    words.push({ at: found.index, word: found[0] });
    if (found.index === hit) first = words.length - 1;
    // One word past the snippet tells whether the text goes on.
    if (words.length > (first >= 0 ? Math.max(0, first - LEAD_WORDS) : hit < 0 ? 0 : Infinity) + SNIPPET_WORDS) break;
  }
  if (words.length === 0) return '';
  const from = Math.max(0, Math.min(first < 0 ? 0 : first - LEAD_WORDS, words.length - SNIPPET_WORDS));
  const to = Math.min(words.length, from + SNIPPET_WORDS);
  const more = to < words.length;
  const end = more ? words[to - 1]!.at + words[to - 1]!.word.length : text.length;
  let out = from > 0 || regionStart > 0 ? '…' : '';
  let at = words[from]!.at;
  for (let i = from; i < to; i++) {
    const { at: start, word } = words[i]!;
    if (!terms.has(lightStem(word))) continue;
    out += `${text.slice(at, start)}«${word}»`;
    at = start + word.length;
  }
  out += text.slice(at, end);
  return more ? `${out}…` : out;
}

/** Where the first word stemming like a term starts, or -1. */
function firstHit(text: string, terms: ReadonlySet<string>): number {
  if (terms.size === 0) return -1;
  // A stem keeps its word's first two letters (bar a y read as i, and accents): candidates are found by the
  // regular expression engine, and only they are stemmed.
  const openings = [...new Set([...terms].map((term) => escape(term.slice(0, 2)).replace('i', '[iy]')))];
  const candidates = new RegExp(`(?<![\\p{L}\\p{N}])(?:${openings.join('|')})[\\p{L}\\p{N}]*`, 'giu');
  for (const candidate of text.matchAll(candidates)) {
    if (terms.has(lightStem(candidate[0]))) return candidate.index;
  }
  // Accented openings are not in the expression: look at the non-ASCII words too (rare in English news).
  if (ASCII.test(text)) return -1;
  for (const word of text.matchAll(WORD)) if (!ASCII.test(word[0]) && terms.has(lightStem(word[0]))) return word.index;
  return -1;
}

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

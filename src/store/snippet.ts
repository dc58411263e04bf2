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

/**
 * Lower case, accents dropped, one common suffix removed (a word of at least 3 letters is left), a final y
 * read as i: "ferry", "ferries"; "house", "housing"; "bridge", "bridges" share a stem.
 */
export function lightStem(word: string): string {
  let stem = word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
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
 * `…` where the text is cut. Text without a match (the words were in the title) gives its opening words.
 */
export function makeSnippet(text: string, terms: ReadonlySet<string>): string {
  const words = [...text.matchAll(WORD)];
  if (words.length === 0) return '';
  const first = words.findIndex((word) => terms.has(lightStem(word[0])));
  const from = Math.max(0, Math.min(first < 0 ? 0 : first - LEAD_WORDS, words.length - SNIPPET_WORDS));
  const to = Math.min(words.length, from + SNIPPET_WORDS);
  const start = words[from]!.index;
  const end = to < words.length ? words[to - 1]!.index + words[to - 1]![0].length : text.length;
  let out = from > 0 ? '…' : '';
  let at = start;
  for (let i = from; i < to; i++) {
    const word = words[i]!;
    if (!terms.has(lightStem(word[0]))) continue;
    out += `${text.slice(at, word.index)}«${word[0]}»`;
    at = word.index + word[0].length;
  }
  out += text.slice(at, end);
  return to < words.length ? `${out}…` : out;
}

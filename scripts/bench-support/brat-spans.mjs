// Spans as the quotes diagnostics compare them with brat gold, the way the harness does: [start, end) in UTF-16
// code units, a content trimmed of quotation marks and white space at its edges, a source or cue of white space.
const QUOTE_MARKS_AND_SPACE = /["'`´“”„‟‘’‚‛«»‹›\s]/u;
const SPACE = /\s/u;

/** The span without the marks at its edges (quotation marks too when `quoteMarks`); null when absent or empty. */
export function trimSpan(text, span, quoteMarks) {
  if (!span) return null;
  const edge = quoteMarks ? QUOTE_MARKS_AND_SPACE : SPACE;
  let [start, end] = span;
  while (start < end && edge.test(text[start])) start++;
  while (end > start && edge.test(text[end - 1])) end--;
  return end > start ? [start, end] : null;
}

export const sameSpan = (a, b) => a && b && a[0] === b[0] && a[1] === b[1];

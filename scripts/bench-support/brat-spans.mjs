// What the quotes diagnostics read from an analysed article, trimmed as `presslens eval quotes` compares spans
// (src/cli/eval-quotes.ts: a content of quotation marks and white space, a source or cue of white space).
import { trimSpan } from '../../dist/cli/eval-quotes.js';

/** Each quote's content, cue and speaker mention as trimmed [start, end) spans (null when absent), with its rule. */
export function predictedSpans(text, article) {
  return article.quotes.map((q) => ({
    content: trimSpan(text, [q.start, q.end], true), cue: trimSpan(text, q.cue && [q.cue.start, q.cue.end], false),
    mention: trimSpan(text, q.speaker.mention && [q.speaker.mention.start, q.speaker.mention.end], false), rule: q.provenance.ruleId,
  }));
}

export const sameSpan = (a, b) => a && b && a[0] === b[0] && a[1] === b[1];

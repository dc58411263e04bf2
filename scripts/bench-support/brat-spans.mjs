// What the quotes diagnostics read from an analysed article, trimmed as `presslens eval quotes` compares spans
// (src/cli/eval-quotes.ts: a content of quotation marks and white space, a source or cue of white space).
import { readFileSync } from 'node:fs';
import { createPipeline } from '../../dist/core/pipeline.js';
import { bratPairs, readBratRelations, trimSpan } from '../../dist/cli/eval-quotes.js';

/**
 * The first `limit` (all when absent) annotated articles of brat folder `dir`, each analysed as verbatim text with
 * no time limit: its brat pair, text, gold relations and Article, one at a time.
 */
export function* analysedBratArticles(dir, limit) {
  const pipeline = createPipeline({ limits: { timeLimitMs: 0 } });
  for (const pair of bratPairs(dir).slice(0, limit ? Number(limit) : undefined)) {
    const text = readFileSync(pair.text, 'utf8');
    const gold = readBratRelations(readFileSync(pair.ann, 'utf8'), text);
    yield { pair, text, gold, article: pipeline.analyze({ id: pair.name, text, verbatim: true }) };
  }
}

/** Each quote's content, cue and speaker mention as trimmed [start, end) spans (null when absent), with its rule. */
export function predictedSpans(text, article) {
  return article.quotes.map((q) => ({
    content: trimSpan(text, [q.start, q.end], true), cue: trimSpan(text, q.cue && [q.cue.start, q.cue.end], false),
    mention: trimSpan(text, q.speaker.mention && [q.speaker.mention.start, q.speaker.mention.end], false), rule: q.provenance.ruleId,
  }));
}

export const sameSpan = (a, b) => a && b && a[0] === b[0] && a[1] === b[1];

import type { FramingFinding, Span } from '../../core/article.js';
import type { TokenTable } from '../tokenize/index.js';

// Speech verbs: a short quoted fragment in a sentence with one of these is most likely a partial quote.
const SPEECH = /(?<![\w-])(?:said|says|say|told|tells|added|adds|stated|wrote|writes|called|calls|described|describes|announced|declared|insisted|warned|argued|claimed|according|noted|urged|vowed|promised|dubbed|termed|labelled|labeled)\b/i;
const MAX_WORDS = 3;

/**
 * Scare quotes: a short quoted fragment (one to three words, no sentence punctuation inside) set in the
 * middle of the outlet's sentence with no speech verb around it — the marks distance the outlet from the
 * word ("the so-called “experts”"). The finding covers the word and its marks; the marks are the outlet's.
 */
export function findScareQuotes(text: string, stretches: readonly Span[], tokens: TokenTable): Omit<FramingFinding, 'voice'>[] {
  const out: Omit<FramingFinding, 'voice'>[] = [];
  for (const s of stretches) {
    const inner = text.slice(s.start, s.end);
    if (!inner.trim() || /[.,;:!?]/.test(inner) || inner.trim().split(/\s+/).length > MAX_WORDS) continue;
    const open = s.start - 1;
    const close = s.end;
    if (open < 0 || close >= text.length) continue;
    const before = text.slice(Math.max(0, open - 2), open);
    if (/[:,]\s?$/.test(before) || /^\s*$/.test(text.slice(text.lastIndexOf('\n', open) + 1, open))) continue;
    const sentenceText = sentenceAround(text, tokens, s);
    if (SPEECH.test(sentenceText)) continue;
    out.push({
      technique: 'Scare_Quotes', start: open, end: close + 1,
      explanation: 'Quotation marks around a word the outlet uses, distancing it from the word without saying why.',
      alternative: 'the word without marks, or attribute it to who uses it', ruleId: 'framing/scare-quotes',
      confidence: 0.6, kind: 'scare-quotes',
    });
  }
  return out;
}

function sentenceAround(text: string, tokens: TokenTable, span: Span): string {
  let lo = 0;
  let hi = tokens.count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens.end[mid]! <= span.start) lo = mid + 1;
    else hi = mid;
  }
  const s = tokens.sentence[lo] ?? -1;
  if (s < 0) return text.slice(Math.max(0, span.start - 120), span.end + 120);
  const first = tokens.sentenceFirst[s]!;
  const last = tokens.sentenceFirst[s + 1]! - 1;
  return text.slice(tokens.start[first]!, tokens.end[last]!);
}

import data from './span-conventions.json' with { type: 'json' };
import type { TokenView } from './attribution.js';

/** A cue and the reported content after it, as token ranges: cue [cueFrom, cueTo), content from `contentFrom`. */
export interface CueAndContent {
  cueTo: number;
  contentFrom: number;
}

/**
 * Where PolNeAR's annotators put the boundaries between source, cue and content when the rules could put them
 * in more than one place (span-conventions.json, each convention with its reason and train counts). Built once
 * per stage; every check is a set look-up on the token view's lower-case forms.
 */
export class SpanConventions {
  private readonly cuePrepositions = new Set(data.cuePrepositions.words);
  private readonly quantityWords = new Set(data.quantityWords.words);

  /**
   * "boasted about his plan", "refuses to disavow": the preposition (or infinitive "to") just after the cue is
   * the cue's, and the content starts after it — whether the rules started the content at the preposition or
   * after it. `contentTo` bounds the content: a preposition that would leave fewer than two content tokens stays.
   */
  cueThroughPreposition(view: TokenView, cueTo: number, contentFrom: number, contentTo: number): CueAndContent {
    const at = contentFrom === cueTo || contentFrom === cueTo + 1 ? cueTo : -1;
    if (at < 0 || at >= contentTo - 2 || view.inQuote[at]! >= 0 || !this.cuePrepositions.has(view.lower[at]!)) return { cueTo, contentFrom };
    // "said as much", "has said about 20 people …": the word is an adverb, not the cue's preposition.
    // "pointed to as an example": a cue that already ends with its particle takes no second one.
    if (this.cuePrepositions.has(view.lower[at - 1]!) || view.lower[at - 1] === 'to') return { cueTo, contentFrom };
    const next = view.lower[at + 1]!;
    if (view.tokens.kind[at + 1] === 1 || this.quantityWords.has(next)) return { cueTo, contentFrom };
    // "says on its website that …": an adjunct before the reported clause, which the content start missed.
    for (let k = at + 1; k < Math.min(contentTo, at + 7) && !view.isPunct(k); k++) if (view.lower[k] === 'that') return { cueTo, contentFrom };
    return { cueTo: at + 1, contentFrom: Math.max(contentFrom, at + 1) };
  }
}

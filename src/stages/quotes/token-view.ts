import type { Span } from '../../core/article.js';
import { WordTable } from '../../core/word-table.js';
import { tokenIds } from '../tokenize/forms.js';
import type { TokenTable } from '../tokenize/index.js';
import { hashString } from './hashed.js';
import type { QuotedSpan } from './marks.js';

/** A token form's lower-cased text and its hash (hashed.ts), made once per distinct form. */
interface LowerForm {
  lower: string;
  hash: number;
}

/**
 * Every form seen by any TokenView of the thread (exact surfaces, core/word-table.ts): a form seen before gives
 * its lower-cased string and hash without a slice, a `toLowerCase` or a hash of a new string. Views keep no ids,
 * so the table may restart (when full) before any view is made.
 */
const LOWER_FORMS = new WordTable<LowerForm>({
  folding: 'exact',
  maxWords: 200_000,
  describe: (surface) => {
    const lower = surface.toLowerCase();
    return { lower, hash: hashString(lower) };
  },
});

/** Token-level view of an article built once per document: lower-cased token strings and quote membership. */
export class TokenView {
  readonly lower: string[];
  /** For each token: the hash of its lower-case form (hashed.ts), the word part of the learned parts' features. */
  readonly hash: Int32Array;
  /** For each token: index into `quoted` of the quote whose content or marks hold it, else -1. */
  readonly inQuote: Int32Array;

  constructor(readonly text: string, readonly tokens: TokenTable, readonly quoted: readonly QuotedSpan[]) {
    const { count, start, end } = tokens;
    this.lower = new Array<string>(count);
    this.hash = new Int32Array(count);
    LOWER_FORMS.restartIfFull();
    const ids = tokenIds(LOWER_FORMS, text, tokens);
    for (let i = 0; i < count; i++) {
      const form = LOWER_FORMS.info(ids[i]!);
      this.lower[i] = form.lower;
      this.hash[i] = form.hash;
    }
    this.inQuote = new Int32Array(count).fill(-1);
    this.capitalised = new Uint8Array(count);
    let t = 0;
    quoted.forEach((q, index) => {
      while (t < count && start[t]! < q.open) t++;
      for (let i = t; i < count && end[i]! <= q.close; i++) this.inQuote[i] = index;
    });
  }

  /** First token starting at or after `offset`. */
  tokenAt(offset: number): number {
    const { start, count } = this.tokens;
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (start[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Per token: 0 not yet known, 1 capitalised, 2 not (asked for often, so computed once). */
  private readonly capitalised: Uint8Array;

  isCapitalised(i: number): boolean {
    let known = this.capitalised[i]!;
    if (known === 0) {
      const start = this.tokens.start[i]!;
      const ch = this.text[start]!;
      let caps = ch !== ch.toLowerCase() && ch === ch.toUpperCase();
      if (!caps && this.tokens.end[i]! - start > 3 && this.text.slice(start + 1, start + 4).includes('-')) {
        caps = /^\p{Ll}{1,3}-\p{Lu}/u.test(this.text.slice(start, this.tokens.end[i]!)); // al-Ka’abi
      }
      known = caps ? 1 : 2;
      this.capitalised[i] = known;
    }
    return known === 1;
  }

  isPunct(i: number): boolean {
    return this.tokens.kind[i] === 2 || this.tokens.kind[i] === 3;
  }

  span(from: number, to: number): Span {
    return { start: this.tokens.start[from]!, end: this.tokens.end[to - 1]! };
  }
}

import type { Span } from '../../core/article.js';

/** A stretch of text between quotation marks, found by `findQuotedSpans`. */
export interface QuotedSpan {
  /** Index of the opening mark. */
  open: number;
  /** Index just after the closing mark (the block end when the quote is left open). */
  close: number;
  /** The content inside the marks, whitespace trimmed. */
  start: number;
  end: number;
  /** The quote carries on from the previous paragraph (an opening mark repeated at a paragraph start). */
  continued: boolean;
  /** The paragraph ended inside the quote with no opening mark at the next one: an unbalanced mark. */
  unbalanced: boolean;
  /** Single marks at the top level (headlines, British style). */
  single: boolean;
}

const enum Mark {
  None,
  OpenDouble,
  CloseDouble,
  AmbiguousDouble,
  OpenSingle,
  CloseSingle,
}

const isLetter = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
const isSpaceOrStart = (ch: string | undefined) => ch === undefined || /[\s([{—–-]/u.test(ch);

/** What the character at `i` is as a quotation mark, and how many characters it takes ('' and `` are marks). */
function markAt(text: string, i: number): [Mark, number] {
  const ch = text[i];
  switch (ch) {
    case '“': case '„': case '«': return [Mark.OpenDouble, 1];
    // A right mark after a space or the paragraph start and before a letter cannot close anything: it is a
    // mistyped left mark (”Mr. Trump embodies …” ― a reader's name), read like a straight one.
    case '”': return isSpaceOrStart(text[i - 1]) && isLetter(text[i + 1]) ? [Mark.AmbiguousDouble, 1] : [Mark.CloseDouble, 1];
    case '»': return [Mark.CloseDouble, 1];
    case '"': return [Mark.AmbiguousDouble, 1];
    case '`': return text[i + 1] === '`' ? [Mark.OpenDouble, 2] : [Mark.None, 1];
    case "'":
      if (text[i + 1] === "'") return [Mark.AmbiguousDouble, 2];
      // A straight single mark is an apostrophe inside a word (don't) or after a plural (voters'): only a
      // mark when it opens before a letter after a space, or closes before a non-letter after a non-space.
      if (isSpaceOrStart(text[i - 1]) && isLetter(text[i + 1])) return [Mark.OpenSingle, 1];
      if (!isLetter(text[i + 1]) && text[i - 1] !== undefined && !/\s/u.test(text[i - 1]!)) return [Mark.CloseSingle, 1];
      return [Mark.None, 1];
    case '‘': return isLetter(text[i - 1]) ? [Mark.None, 1] : [Mark.OpenSingle, 1];
    case '’': return isLetter(text[i + 1]) ? [Mark.None, 1] : [Mark.CloseSingle, 1];
    default: return [Mark.None, 1];
  }
}

const MARK_CHARS = /["'`“”„«»‘’]/g;

/** Whether a paragraph opens with a quotation mark (a multi-paragraph quote carries on there). */
function opensWithMark(text: string, block: Span): boolean {
  let i = block.start;
  while (i < block.end && /\s/u.test(text[i]!)) i++;
  const [mark] = i < block.end ? markAt(text, i) : [Mark.None];
  return mark === Mark.OpenDouble || mark === Mark.AmbiguousDouble;
}

function trimmed(text: string, from: number, to: number): [number, number] {
  while (from < to && /\s/u.test(text[from]!)) from++;
  while (to > from && /\s/u.test(text[to - 1]!)) to--;
  return [from, to];
}

/**
 * Finds every quoted stretch of the text, paragraph by paragraph, in one linear scan per paragraph.
 * Double marks (curly, straight, `` ''), single marks nested inside them (part of the content), single marks
 * at the top level (headlines, British style). A paragraph that ends inside a double quote continues into
 * the next one when that one opens with a mark (the convention for multi-paragraph quotes); otherwise the
 * quote is closed at the paragraph end and flagged unbalanced.
 */
export function findQuotedSpans(text: string, blocks: readonly Span[]): QuotedSpan[] {
  const found: QuotedSpan[] = [];
  let carried = false;
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b]!;
    let openDouble = -1; // index of the opening mark
    let contentFrom = -1; // just after it ('' and `` are two characters)
    let openSingle = -1;
    let continued = carried;
    carried = false;
    const emit = (open: number, contentFrom: number, contentTo: number, close: number, single: boolean, unbalanced: boolean) => {
      const [start, end] = trimmed(text, contentFrom, contentTo);
      if (end > start) found.push({ open, close, start, end, continued: continued && !single, unbalanced, single });
      if (!single) continued = false;
    };
    MARK_CHARS.lastIndex = block.start;
    for (let m = MARK_CHARS.exec(text); m && m.index < block.end; m = MARK_CHARS.exec(text)) {
      const i = m.index;
      const [mark, length] = markAt(text, i);
      MARK_CHARS.lastIndex = i + length;
      if (mark === Mark.None) continue;
      const opens = mark === Mark.OpenDouble || (mark === Mark.AmbiguousDouble && openDouble < 0);
      const closes = mark === Mark.CloseDouble || (mark === Mark.AmbiguousDouble && openDouble >= 0);
      if (opens) {
        if (openDouble >= 0) emit(openDouble, contentFrom, i, i, false, true); // a new opening: the last one never closed
        openDouble = i;
        contentFrom = i + length;
        openSingle = -1;
      } else if (closes && openDouble >= 0) {
        // ''… 'old-school,''' : the first of three marks closes the nested single quote, the other two the quote.
        const nestedClose = length === 2 && text[i + 2] === "'" ? 1 : 0;
        MARK_CHARS.lastIndex = i + nestedClose + length;
        emit(openDouble, contentFrom, i + nestedClose, i + nestedClose + length, false, false);
        openDouble = -1;
      } else if (mark === Mark.OpenSingle && openDouble < 0 && openSingle < 0) {
        openSingle = i;
      } else if (mark === Mark.CloseSingle && openDouble < 0 && openSingle >= 0) {
        emit(openSingle, openSingle + 1, i, i + 1, true, false);
        openSingle = -1;
      }
    }
    if (openDouble >= 0) {
      const next = blocks[b + 1];
      carried = next !== undefined && opensWithMark(text, next);
      emit(openDouble, contentFrom, block.end, block.end, false, !carried);
    }
  }
  return found;
}

import { describe, expect, it } from 'vitest';
import { findQuotedSpans } from './marks.js';

/** Blocks of a text whose paragraphs are separated by blank lines. */
function blocks(text: string) {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  for (const part of text.split('\n\n')) {
    out.push({ start, end: start + part.length });
    start += part.length + 2;
  }
  return out;
}

const contents = (text: string) => findQuotedSpans(text, blocks(text)).map((q) => text.slice(q.start, q.end));

describe('findQuotedSpans', () => {
  it('finds curly and straight double quotes, content inside the marks', () => {
    expect(contents('“We will win,” she said. He replied: "Not yet."')).toEqual(['We will win,', 'Not yet.']);
  });

  it('keeps nested single marks and apostrophes inside the content', () => {
    expect(contents('“They called it ‘a farce’ and didn’t stay,” he said.')).toEqual(['They called it ‘a farce’ and didn’t stay,']);
  });

  it("closes a nested single quote and the quote at three straight marks (''…'old-school,''')", () => {
    expect(contents("''I would call the pier 'old-school,''' said Greta Lind. ''It stays.''")).toEqual(["I would call the pier 'old-school,'", 'It stays.']);
  });

  it('reads single marks at the top level (headlines) but not apostrophes', () => {
    expect(contents('Mayor ‘ready to resign’ after vote')).toEqual(['ready to resign']);
    expect(contents('The voters’ choice and Hamas’ bureau, don’t worry.')).toEqual([]);
  });

  it('continues a quote into the next paragraph that opens with a mark', () => {
    const text = '“First paragraph of the speech.\n\n“Second paragraph,” she said.';
    const found = findQuotedSpans(text, blocks(text));
    expect(found.map((q) => [text.slice(q.start, q.end), q.continued, q.unbalanced])).toEqual([
      ['First paragraph of the speech.', false, false],
      ['Second paragraph,', true, false],
    ]);
  });

  it('closes an unbalanced mark at the paragraph end and flags it', () => {
    const text = 'He said “this never ends\n\nNext paragraph without marks.';
    const found = findQuotedSpans(text, blocks(text));
    expect(found).toHaveLength(1);
    expect(text.slice(found[0]!.start, found[0]!.end)).toBe('this never ends');
    expect(found[0]!.unbalanced).toBe(true);
  });

  it('reads a right mark before a word at a paragraph start as a mistyped left mark', () => {
    expect(contents('”The harbour is too small for the ferries.” ― Ida Berg')).toEqual(['The harbour is too small for the ferries.']);
    expect(contents('She said ”we will stay” and left.')).toEqual(['we will stay']);
    expect(contents('“We will stay,” she said, “for now.”')).toEqual(['We will stay,', 'for now.']);
  });

  it('reads the PolNeAR-style two-apostrophe marks', () => {
    expect(contents("''It is over,'' he said.")).toEqual(['It is over,']);
  });
});

import fc from 'fast-check';
import { parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { firstLineOf, textOf } from './dom.js';

const root = (html: string) => parseDocument(html, { decodeEntities: true }).children.find((node) => node.type === 'tag') as Element;

describe('textOf', () => {
  it('reads the text in document order, leaving scripts and styles out and turning <br> into the line break asked for', () => {
    const div = root('<div>Port <b>Maren <i>ferry</i></b><script>var x = 1;</script><style>p{}</style><br>pier<!-- note --> closes</div>');
    expect(textOf(div)).toBe('Port Maren ferry pier closes');
    expect(textOf(div, Number.POSITIVE_INFINITY, '\n')).toBe('Port Maren ferry\npier closes');
  });

  it('stops once it has the characters asked for, at the end of the text node that reached them', () => {
    const div = root('<div><p>Harbour</p><p>closure</p><p>vote</p></div>');
    expect(textOf(div, 7)).toBe('Harbour');
    expect(textOf(div, 8)).toBe('Harbourclosure');
  });

  it('walks 10,000 levels deep without recursion', () => {
    const div = root(`<div>${'<span>'.repeat(10_000)}deep${'</span>'.repeat(10_000)}</div>`);
    expect(textOf(div)).toBe('deep');
  });
});

describe('firstLineOf', () => {
  const reference = (el: Element) => textOf(el, 200, '\n').trimStart().split('\n', 1)[0]!;

  it('gives the first line after leading white space, across elements and line breaks', () => {
    expect(firstLineOf(root('<div>\n   \n  <span>Von</span> Jane Roe<br>Berlin</div>'), 200, 100)).toBe('Von Jane Roe');
    expect(firstLineOf(root('<p>By Jane Roe</p>'), 200, 100)).toBe('By Jane Roe');
  });

  it('stops at the limit with a prefix at least that long', () => {
    const line = firstLineOf(root(`<p>${'word '.repeat(60)}</p><p>more</p>`), 200, 100);
    expect(line.length).toBeGreaterThanOrEqual(100);
    expect(reference(root(`<p>${'word '.repeat(60)}</p><p>more</p>`)).startsWith(line)).toBe(true);
  });

  it('agrees with the whole first line wherever that line is shorter than the limit', () => {
    const piece = fc.oneof(
      fc.constantFrom('<br>', '\n', '  ', '<p>', '</p>', '<span>', '</span>', '<div>', '</div>', '<script>x</script>', '<!-- c -->'),
      fc.string({ minLength: 1, maxLength: 40 }).map((s) => s.replace(/[<&]/g, ' ')),
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
      const el = root(`<div>${pieces.join('')}</div>`);
      const full = reference(el);
      const line = firstLineOf(el, 200, 100);
      if (full.length < 100) expect(line).toBe(full);
      else expect(line.length).toBeGreaterThanOrEqual(100);
    }), { numRuns: 300 });
  });
});

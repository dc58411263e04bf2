import { describe, expect, it } from 'vitest';
import { createPipeline } from './pipeline.js';
import { articleProblems } from '../test-support/schema.js';

describe('pipeline', () => {
  const pipeline = createPipeline();

  it('produces contract JSON that validates against the schema', () => {
    const article = pipeline.analyze({ id: 'a1', text: 'First paragraph. It has two sentences.\n\nSecond one.' });
    expect(articleProblems(article)).toEqual([]);
    expect(article.id).toBe('a1');
    expect(article.blocks.map((b) => article.text.slice(b.start, b.end))).toEqual([
      'First paragraph. It has two sentences.', 'Second one.',
    ]);
    expect(article.sentences.map((s) => article.text.slice(s.start, s.end))).toEqual([
      'First paragraph.', 'It has two sentences.', 'Second one.',
    ]);
  });

  it('keeps verbatim text byte for byte', () => {
    const text = '  Title line\r\n\r\n“Quoted,” she said.  \n';
    const article = pipeline.analyze({ text, verbatim: true });
    expect(article.text).toBe(text);
    expect(articleProblems(article)).toEqual([]);
  });

  it('gives a stable content hash as id when none is given', () => {
    const a = pipeline.analyze({ text: 'Same text.' });
    const b = pipeline.analyze({ text: 'Same text.' });
    expect(a.id).toMatch(/^[0-9a-f]{16}$/);
    expect(a.id).toBe(b.id);
  });

  it('stops a document that runs past its time limit', () => {
    const slow = createPipeline({ limits: { timeLimitMs: 1 } });
    const html = '<html><body>' + '<div><p>Some words in a paragraph.</p></div>'.repeat(50_000) + '</body></html>';
    expect(() => slow.analyze({ html, label: 'big.html' })).toThrowError(/big\.html: time limit of 1 ms exceeded/);
  });

  it('refuses input over the size limit with a clear error', () => {
    const small = createPipeline({ limits: { maxInputBytes: 100 } });
    expect(() => small.analyze({ text: 'x'.repeat(200), label: 'long.txt' })).toThrowError(/long\.txt: input is 200 bytes, over the limit of 100/);
  });
});

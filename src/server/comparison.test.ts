import { describe, expect, it } from 'vitest';
import type { ArticleJson } from '../core/article.js';
import { alignSentences } from './comparison.js';

/** An article of plain paragraphs, without the segment stage's sentences (the splitter's case). */
function plainArticle(id: string, paragraphs: string[]): ArticleJson {
  const text = paragraphs.join('\n\n');
  let at = 0;
  const blocks = paragraphs.map((p) => {
    const block = { type: 'paragraph' as const, start: at, end: at + p.length };
    at += p.length + 2;
    return block;
  });
  return {
    schema: 'presslens.article/1', id, url: null, title: null, standfirst: null, authors: [], publishedAt: null, siteName: null,
    language: 'en', categories: [], text, blocks, sentences: [], entities: [], quotes: [], framing: [], messages: [],
  };
}

// An invented flood in an invented town, told by two invented outlets.
const river = plainArticle('river-courier', [
  'The Tamsel river burst its banks in Harrowmere on Sunday, flooding 40 homes. Firefighters rescued a family of five from a roof.',
  'Mayor Ida Brenn said the town had warned the province about the levee for years.',
]);
const valley = plainArticle('valley-post', [
  'Forty homes were flooded in Harrowmere on Sunday when the Tamsel river burst its banks.',
  'The province said repairs to the levee were planned for next spring. Firefighters rescued a family of five from a roof on Mill Lane.',
]);

describe('alignSentences', () => {
  const groups = alignSentences([river, valley]);
  const texts = (status: string) => groups.filter((g) => g.status === status).map((g) => g.occurrences.map((o) => o.text));

  it('pairs sentences that say the same thing in other words, and only those', () => {
    expect(texts('shared')).toEqual([
      ['The Tamsel river burst its banks in Harrowmere on Sunday, flooding 40 homes.', 'Forty homes were flooded in Harrowmere on Sunday when the Tamsel river burst its banks.'],
      ['Firefighters rescued a family of five from a roof.', 'Firefighters rescued a family of five from a roof on Mill Lane.'],
    ]);
    expect(texts('exclusive')).toEqual([
      ['Mayor Ida Brenn said the town had warned the province about the levee for years.'],
      ['The province said repairs to the levee were planned for next spring.'],
    ]);
  });

  it('names who carries and who omits each sentence, with spans into each article\'s text', () => {
    const mayor = groups.find((g) => g.occurrences[0]!.text.startsWith('Mayor'))!;
    expect(mayor).toMatchObject({ articleIds: ['river-courier'], omittedBy: ['valley-post'] });
    for (const group of groups) {
      for (const o of group.occurrences) {
        const article = [river, valley].find((a) => a.id === o.articleId)!;
        expect(article.text.slice(o.start, o.end)).toBe(o.text);
      }
    }
  });

  it('places every sentence of every article in exactly one group', () => {
    const count = (id: string) => groups.flatMap((g) => g.occurrences).filter((o) => o.articleId === id).length;
    expect([count('river-courier'), count('valley-post')]).toEqual([3, 3]);
  });

  it('uses the segment stage\'s sentences when the analysis has them', () => {
    const segmented = { ...river, id: 'segmented', sentences: [{ start: 0, end: river.text.indexOf('\n\n'), voice: 'outlet' as const }] };
    const [only] = alignSentences([segmented, { ...segmented, id: 'copy' }]);
    expect(only!.occurrences.map((o) => o.text)).toEqual([river.text.slice(0, river.text.indexOf('\n\n')), river.text.slice(0, river.text.indexOf('\n\n'))]);
  });
});

import { describe, expect, it } from 'vitest';
import { chooseAuthors, type AuthorEvidence } from './author-choice.js';

const evidence = (partial: Partial<AuthorEvidence>): AuthorEvidence => ({
  declared: [], fieldLists: [], bylines: [], authorLinks: [], bylineLines: [], publishers: new Set(), ...partial,
});

describe('chooseAuthors', () => {
  it('takes the most explicit source, passing over one that only names the publisher', () => {
    expect(chooseAuthors(evidence({ declared: [['Maren Gazette'], ['Jo Tamsin']], publishers: new Set(['marengazette']) }))).toEqual(['Jo Tamsin']);
    expect(chooseAuthors(evidence({ declared: [['Maren Gazette']], publishers: new Set(['marengazette']) }))).toEqual(['Maren Gazette']);
  });

  it('keeps a desk ("Redaktion") only when no source names a person', () => {
    expect(chooseAuthors(evidence({ declared: [['Redaktion']], bylineLines: ['Von Mara Quist'] }))).toEqual(['Mara Quist']);
    expect(chooseAuthors(evidence({ declared: [['Redaktion']] }))).toEqual(['Redaktion']);
  });

  it('passes over a first visible byline naming the publisher, and over furniture past it', () => {
    const publishers = new Set(['marengazette']);
    expect(chooseAuthors(evidence({ bylineLines: ['By Maren Gazette', 'Written by: Jo Tamsin'], publishers }))).toEqual(['Jo Tamsin']);
    expect(chooseAuthors(evidence({ bylines: ['By Maren Gazette', 'Mehr'], publishers }))).toEqual(['Maren Gazette']);
    expect(chooseAuthors(evidence({ bylines: ['Walter von Aachen'] }))).toEqual(['Walter von Aachen']);
  });

  it('drops the publisher and a co-author\'s initials listed beside a person', () => {
    expect(chooseAuthors(evidence({ declared: [['Rob Ellis', 'Maren Gazette']], publishers: new Set(['marengazette']) }))).toEqual(['Rob Ellis']);
    expect(chooseAuthors(evidence({ declared: [['Tina Berger', 'TB']] }))).toEqual(['Tina Berger']);
  });

  it('completes the names from a metadata field listing more of them', () => {
    expect(chooseAuthors(evidence({ declared: [['Jo Tamsin']], fieldLists: [['Jo Tamsin'], ['Jo Tamsin', 'Sam Oduya']] }))).toEqual(['Jo Tamsin', 'Sam Oduya']);
    // A list that does not hold the chosen name is another story's.
    expect(chooseAuthors(evidence({ declared: [['Jo Tamsin']], fieldLists: [['Ada Brennick', 'Sam Oduya']] }))).toEqual(['Jo Tamsin']);
  });

  it('writes out a first name standing alone when a visible byline gives the surname', () => {
    expect(chooseAuthors(evidence({ declared: [['Nils']], bylineLines: ['Eine Kolumne von Nils Varga'] }))).toEqual(['Nils Varga']);
    expect(chooseAuthors(evidence({ declared: [['Nils']], bylineLines: ['Von Nils'] }))).toEqual(['Nils']);
  });

  it('reads a visible byline when nothing is declared', () => {
    expect(chooseAuthors(evidence({ bylineLines: ['A guest post by Ines Carvo'] }))).toEqual(['Ines Carvo']);
  });
});

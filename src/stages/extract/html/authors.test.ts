import { describe, expect, it } from 'vitest';
import { cleanAuthors, startsLikeByline } from './authors.js';

describe('cleanAuthors', () => {
  it('strips byline words, dates and separators, and splits lists', () => {
    expect(cleanAuthors('By Jane Roe and John Doe | 2 Aug 2019', true)).toEqual(['Jane Roe', 'John Doe']);
    expect(cleanAuthors('Von Greta Lindqvist, 02.08.2019', true)).toEqual(['Greta Lindqvist']);
    expect(cleanAuthors('Written by Ada Brennick (Reuters)', true)).toEqual(['Ada Brennick']);
  });

  it('rejects what is not a name', () => {
    expect(cleanAuthors('https://example.org/author/jane', false)).toEqual([]);
    expect(cleanAuthors('click here to read more of this story', true)).toEqual([]);
  });

  it('keeps a newsroom desk as a name (chooseAuthors ranks it below people)', () => {
    expect(cleanAuthors('Redaktion', true)).toEqual(['Redaktion']);
    expect(cleanAuthors('By Staff Writer', true)).toEqual(['Staff Writer']);
  });

  it('reads verbs and labels that introduce bylines, a date before the byline, and stops at the next label', () => {
    expect(cleanAuthors('Geschrieben von Mara Quist', true)).toEqual(['Mara Quist']);
    expect(cleanAuthors('Written by: Ada Brennick', true)).toEqual(['Ada Brennick']);
    expect(cleanAuthors('Autoren Jelka Dorn und Jutta Kramm', true)).toEqual(['Jelka Dorn', 'Jutta Kramm']);
    expect(cleanAuthors('- Redaktion: Eberhard Voss (Pressesprecher)', true)).toEqual(['Eberhard Voss']);
    expect(cleanAuthors('06.11.2023 13:30 von Olga', true)).toEqual(['Olga']);
    expect(cleanAuthors('Auteur : Kofi Mensah  Edition : M-A. Pierron', true)).toEqual(['Kofi Mensah']);
    expect(cleanAuthors('En kiosques : juillet 2020', true)).toEqual([]);
    expect(cleanAuthors('Wilma Perdido @wperdido', false)).toEqual(['Wilma Perdido']);
    expect(cleanAuthors('Jane Roe Ein Kommentar', true)).toEqual(['Jane Roe']);
    expect(cleanAuthors('Autor: Peter Lindqvist/KKP', true)).toEqual(['Peter Lindqvist']);
    expect(cleanAuthors('Alle Beiträge', true)).toEqual([]);
  });

  it('drops a job description listed after the name', () => {
    expect(cleanAuthors('Autorin: Uta Brenner, Projektleiterin der Stiftung in Tunis.', true)).toEqual(['Uta Brenner']);
    expect(cleanAuthors('Jane Roe, Senior Editor', true)).toEqual(['Jane Roe']);
  });

  it('accepts a handle standing alone, not among other lower-case words', () => {
    expect(cleanAuthors('gnaddrig', false)).toEqual(['gnaddrig']);
    expect(cleanAuthors('gnaddrig and more words here', true)).toEqual([]);
  });

  it('strips introductions, roles, credentials, interface words and weekdays (authors.json)', () => {
    expect(cleanAuthors('Ein Beitrag von Hanna Vell', true)).toEqual(['Hanna Vell']);
    expect(cleanAuthors('Interview: Rafe Olsson', true)).toEqual(['Rafe Olsson']);
    expect(cleanAuthors('Guest post by Ines Carvo', true)).toEqual(['Ines Carvo']);
    expect(cleanAuthors('Portal-Experte Jonas Freel', true)).toEqual(['Jonas Freel']);
    expect(cleanAuthors('Dana Whitcomb, PhD', false)).toEqual(['Dana Whitcomb']);
    expect(cleanAuthors('Pia Sandor Follow', true)).toEqual(['Pia Sandor']);
    expect(cleanAuthors('Lio Barrett Alle Artikel', true)).toEqual(['Lio Barrett']);
    expect(cleanAuthors('Tomas Weyl Fr', true)).toEqual(['Tomas Weyl']);
    expect(cleanAuthors('Donnerstag', true)).toEqual([]);
    expect(cleanAuthors('Por', true)).toEqual([]);
  });

  it('keeps name particles that look like joining words, and splits lists joined in other languages', () => {
    expect(cleanAuthors('Par Loïs Le Marec | 30 septembre 2018', true)).toEqual(['Loïs Le Marec']);
    expect(cleanAuthors('Jane Roe le 30 septembre 2018', true)).toEqual(['Jane Roe']);
    expect(cleanAuthors('Isabel Varo, Rocío Llanes y José Miguel Vidal', true)).toEqual(['Isabel Varo', 'Rocío Llanes', 'José Miguel Vidal']);
    expect(cleanAuthors('Staff writer Jane Roe', true)).toEqual(['Jane Roe']);
    expect(cleanAuthors('12. März 2024 – Jane Roe', true)).toEqual(['Jane Roe']);
    expect(cleanAuthors('March 12, 2024 | By Jane Roe and John Doe | Maren Gazette', true)).toEqual(['Jane Roe', 'John Doe']);
  });

  it('tells a byline line by its opening words and a capital after them', () => {
    expect(startsLikeByline('Eine Kolumne von Nils Varga')).toBe(true);
    expect(startsLikeByline('By Jane Roe')).toBe(true);
    expect(startsLikeByline('by the harbour wall, a new café')).toBe(false);
    expect(startsLikeByline('Fotos: Jane Roe')).toBe(false);
    expect(startsLikeByline('11.12.2019 - Amelia Lorenz')).toBe(true);
    expect(startsLikeByline('Mai 21 2019, 14:34 | Medien, Politik')).toBe(false);
    expect(startsLikeByline('January 13, 2020 at 08:45 AM | categories:')).toBe(false);
  });

  it('writes out an account slug made from a name, but not a domain', () => {
    expect(cleanAuthors('mara.linde', false)).toEqual(['Mara Linde']);
    expect(cleanAuthors('lakeside.at', false)).toEqual([]);
  });
});

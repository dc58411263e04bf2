import { describe, expect, it } from 'vitest';
import { alignNumbers, extractClaims } from './numbers.js';
import { prepareArticles } from './prepare.js';

const claim = (text: string) => extractClaims('x', text).map(({ text: span, value, low, high, quantifier, noun, event }) => ({ span, value, low, high, quantifier, noun, event }));

describe('extractClaims', () => {
  it('reads figures, number words, hedges and vague quantifiers as ranges with the counted noun', () => {
    expect(claim('Militants fired 1,200 rockets.')).toEqual([{ span: '1,200 rockets', value: 1200, low: 1200, high: 1200, quantifier: null, noun: 'rocket', event: 'launch' }]);
    expect(claim('At least twelve people were killed.')[0]).toMatchObject({ value: 12, low: 12, high: null, quantifier: 'at least', noun: 'people', event: 'death' });
    expect(claim('About 40 homes were flooded.')[0]).toMatchObject({ low: 36, high: 44, quantifier: 'about', noun: 'home' });
    expect(claim('Dozens of rockets hit the town.')[0]).toMatchObject({ value: null, low: 24, high: 99, quantifier: 'dozens of', noun: 'rocket' });
    expect(claim('Scores died in the attack.')[0]).toMatchObject({ span: 'Scores', low: 40, high: 199, noun: 'people', event: 'death' });
    expect(claim('Many families fled.')[0]).toMatchObject({ low: null, high: null, quantifier: 'many', noun: 'family' });
  });

  it('takes the event from before the figure, and no noun across punctuation', () => {
    expect(claim('killing four civilians and wounding 23, the army said.')).toEqual([
      expect.objectContaining({ span: 'four civilians', noun: 'people', event: 'death' }),
      expect.objectContaining({ span: '23', noun: 'people', event: 'injury' }),
    ]);
  });

  it('skips dates, times, money, years and bare numbers with nothing counted', () => {
    expect(claim('On 5 May at 10:30 the council spent $40 in 2031 and 12 of them met.')).toEqual([]);
    expect(claim('No one was hurt.')).toEqual([]);
  });
});

describe('alignNumbers', () => {
  const align = (...texts: string[]) => alignNumbers(prepareArticles(texts.map((text, i) => ({ id: `a${i}`, text, siteName: `Outlet ${i}` }))));

  it('flags a precise figure outside a vague range as conflicting', () => {
    const [row] = align('Militants fired 100 rockets at the town.', 'Militants fired dozens of rockets at the town.');
    expect(row).toMatchObject({ key: 'rocket|launch', status: 'conflicting', flagged: true });
    expect(row!.reason).toContain('"100 rockets" (100)');
    expect(row!.reason).toContain('"dozens of rockets" (24–99)');
  });

  it('marks a vague or hedged figure next to a compatible precise one as imprecise, equal figures as consistent', () => {
    expect(align('About 40 people were arrested.', '41 people were arrested.')[0]).toMatchObject({ status: 'imprecise', flagged: true });
    expect(align('Scores died in the flood.', '60 people died in the flood.')[0]).toMatchObject({ status: 'imprecise' });
    expect(align('Four people were killed.', 'The attack killed four people.')[0]).toMatchObject({ status: 'consistent', flagged: false });
    expect(align('Four people were killed.', 'The flood closed two roads.').map((r) => [r.key, r.status, r.omittedBy])).toEqual([
      ['people|death', 'exclusive', ['a1']], ['road', 'exclusive', ['a0']],
    ]);
  });

  it('keeps figures about different places apart when one article gives both', () => {
    const rows = align(
      'Rockets killed four people in Amberlow. An air strike on Osk killed seven people.',
      'In Osk, nine people were killed by the air strike.',
      'Four people were killed in Amberlow overnight.',
    );
    const deaths = rows.filter((r) => r.key === 'people|death').map((r) => [r.status, r.claims.map((c) => c.text)]);
    expect(deaths).toEqual([
      ['conflicting', ['seven people', 'nine people']],
      ['consistent', ['four people', 'Four people']],
    ]);
  });
});

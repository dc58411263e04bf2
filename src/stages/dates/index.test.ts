import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../core/pipeline.js';
import { articleProblems } from '../../test-support/schema.js';
import * as chrono from 'chrono-node';
import { hintWindows, mayHoldDate, type DateMention } from './index.js';

const pipeline = createPipeline();
const datesOf = (text: string, publishedAt?: string) => {
  const article = pipeline.analyze(publishedAt ? { text, publishedAt } : { text });
  expect(articleProblems(article)).toEqual([]);
  return (article['dates'] as DateMention[]).map((d) => ({ text: d.text, value: d.value, grain: d.grain, relative: d.relative }));
};

describe('dates stage', () => {
  const text = 'The council met on Wednesday. Last year it had refused. This morning alone, two ferries left. The treaty of March 3, 2019 stands.';

  it('resolves relative expressions against publishedAt', () => {
    expect(datesOf(text, '2021-05-14T09:00:00Z')).toEqual([
      { text: 'on Wednesday', value: '2021-05-12', grain: 'day', relative: true },
      { text: 'Last year', value: '2020', grain: 'year', relative: true },
      { text: 'This morning', value: '2021-05-14', grain: 'day', relative: true },
      { text: 'March 3, 2019', value: '2019-03-03', grain: 'day', relative: false },
    ]);
  });

  it('reads "today" in the publisher\'s time zone when publishedAt gives one', () => {
    const late = datesOf('Today the council met.', '2021-05-12T23:30:00-04:00');
    expect(late[0]).toMatchObject({ text: 'Today', value: '2021-05-12' });
    expect(datesOf('Today the council met.', '2021-05-13T03:30:00Z')[0]).toMatchObject({ value: '2021-05-13' });
  });

  it('leaves relative values null when the publication date is unknown, absolute ones resolved', () => {
    const found = datesOf(text);
    expect(found.filter((d) => d.relative).every((d) => d.value === null)).toBe(true);
    expect(found.find((d) => !d.relative)?.value).toBe('2019-03-03');
  });

  it('keeps spans on the text and ignores bare numbers', () => {
    const article = pipeline.analyze({ text: 'He scored 38 runs in 2 days; the deal closed on 1996-08-30.' });
    const dates = article['dates'] as DateMention[];
    expect(dates.map((d) => article.text.slice(d.start, d.end))).toEqual(dates.map((d) => d.text));
    expect(dates.map((d) => d.value)).toContain('1996-08-30');
    expect(dates.some((d) => d.text === '38')).toBe(false);
  });
});

describe('date hint pre-filter', () => {
  const parser = chrono.casual.clone();
  // Fictional sentences: every one that chrono reads a date in must pass the filter.
  const sentences = [
    'The ferry left two weeks ago.', 'A couple of days later the mayor resigned.', 'We meet at 5 pm.', 'Talks resume at 9.',
    'The vote is set for 9/11.', 'The market closed at 10:30.', 'She arrived on the 3rd of May.', 'It happened in 2014.',
    'Over the weekend the council met.', 'Tonight the harbour board votes.', 'Within an hour the road was shut.',
    'Last quarter profits fell.', 'He said so on Wed.', 'They left this morning.', 'The plan expires at the end of the month.',
    'Nowadays few ferries run.', 'The board said the plan would fail.', 'Forty people were hurt in the crash.',
  ];

  it('passes every sentence in which chrono finds an expression with letters or a year', () => {
    for (const sentence of sentences) {
      const found = parser.parse(sentence, new Date(2020, 0, 1)).filter((r) => /\p{L}|\d{4}|\d+[/-]\d+/u.test(r.text));
      if (found.length) expect(mayHoldDate(sentence), sentence).toBe(true);
    }
  });

  it('skips sentences with no date word or date-like number', () => {
    expect(mayHoldDate('The board said the plan would fail.')).toBe(false);
    expect(mayHoldDate('Shares rose to $8.42 a share.')).toBe(false); // chrono would read "8.42 a" as a time
    expect(mayHoldDate('Forty people were hurt.')).toBe(false);
  });
});

describe('reading only the stretches around date hints', () => {
  it('keeps a few words either side of each hint, merges overlapping stretches and skips text without hints', () => {
    const text = 'The harbour board met again and, after a long and heated debate about fares, voted on Monday at 5 pm to close the pier.';
    const stretches = hintWindows(text, 0, text.length).map((w) => text.slice(w.start, w.end));
    expect(stretches).toEqual(['heated debate about fares, voted on Monday at 5 pm to close the pier.']);
    const apart = 'In March the council voted, and then many of the residents who had long campaigned against the plan for years were not surprised by it.';
    expect(hintWindows(apart, 0, apart.length).map((w) => apart.slice(w.start, w.end))).toEqual(['In March the council voted, and then', 'long campaigned against the plan for years were not surprised by it.']);
    expect(hintWindows('The board said the plan would fail.', 0, 35)).toEqual([]);
  });

  // Fictional sentences with the expressions chrono reads across several words, at the start of a sentence
  // and inside one, with punctuation around them: read in one article, each must come out as chrono reads it alone.
  const sentences = [
    '(On Monday the ferry resumed.)', 'The vote (on Monday) was close.', 'For approximately a couple of weeks the pier stayed shut.',
    'The fair opens on the twenty-seventh of May in Northport.', 'The strike ends on Monday of next week, the union said.',
    'It sailed at 9 in the morning and at 10:30 p.m. EST.', 'Talks ran from March 3 to March 7, 2019, in the town hall.',
    'Fares rise at the end of the month.', 'They may vote in May.', '“Tomorrow,” she said, “we sail.”', 'Three days later, it was 2 days after the storm.',
    'The ledger of 1996-08-30 was found, with a note dated 9/11/2001.', '+3 days is what the board promised.', 'May 5 was the deadline.',
  ];

  it('finds in a whole article what chrono finds in each sentence alone', () => {
    const publishedAt = '2021-05-14T09:00:00Z';
    const reference = { instant: new Date(publishedAt), timezone: 0 };
    const article = pipeline.analyze({ text: sentences.join(' '), publishedAt, verbatim: true });
    const expected = article.sentences.flatMap((sentence) => chrono.casual.parse(article.text.slice(sentence.start, sentence.end), reference)
      .filter((r) => /\p{L}|\d{4}|\d+[/-]\d+/u.test(r.text))
      .map((r) => ({ start: sentence.start + r.index, text: r.text.trimEnd() })));
    const found = (article['dates'] as DateMention[]).map((d) => ({ start: d.start, text: d.text }));
    expect(found).toEqual(expected);
    expect(found.length).toBeGreaterThan(sentences.length);
  });
});

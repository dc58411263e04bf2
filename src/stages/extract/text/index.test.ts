import { describe, expect, it } from 'vitest';
import { Deadline } from '../../../core/deadline.js';
import { DEFAULT_LIMITS } from '../../../core/limits.js';
import { splitBreadcrumb } from './breadcrumb.js';
import { parseByline } from './byline.js';
import { dateOnlyLine, findDate } from './dates.js';
import { createTextExtractor } from './index.js';
import { compileTextRules } from './rules.js';

const rules = compileTextRules();
const extract = createTextExtractor();
const run = (text: string) => {
  const out = extract(text, DEFAULT_LIMITS, Deadline.none());
  return { ...out, blockTexts: out.blocks.map((b) => [b.type, out.text.slice(b.start, b.end)]) };
};

describe('breadcrumbs', () => {
  it.each([
    ['IraqIranMiddle EastPalestine', ['Iraq', 'Iran', 'Middle East', 'Palestine']],
    ['World > Europe > Elections', ['World', 'Europe', 'Elections']],
    ['UKPolitics', ['UK', 'Politics']],
    ['SportMcLarenMacArthur Cup', ['Sport', 'McLaren', 'MacArthur Cup']],
    ['Business / Markets', ['Business', 'Markets']],
    ['iPhone', ['iPhone']],
  ])('splits %j by its glue and separators', (line, pieces) => {
    expect(splitBreadcrumb(line, rules.breadcrumb)).toEqual(pieces);
  });
});

describe('bylines and dates', () => {
  it('reads names, drops roles, picks up a date', () => {
    expect(parseByline('By Jane Doe and Sam Lee, Staff Reporters | March 12, 2024', rules.byline)).toEqual({ authors: ['Jane Doe', 'Sam Lee'], publishedAt: '2024-03-12' });
    expect(parseByline('Written by Ana de la Cruz in Port Elmsworth', rules.byline)).toEqual({ authors: ['Ana de la Cruz'], publishedAt: null });
  });

  it('does not take a sentence that starts with "By" for a byline', () => {
    expect(parseByline('By 2030, the harbour will have doubled in size.', rules.byline)).toBeNull();
    expect(parseByline('By the end of the meeting, nobody had voted for the plan at all.', rules.byline)).toBeNull();
  });

  it('parses written dates to ISO-8601, keeping the zone only when one is written', () => {
    expect(findDate('Published 3rd Feb 2023, 2:05 pm GMT')?.iso).toBe('2023-02-03T14:05:00Z');
    expect(findDate('2024-05-18T08:00:00+01:00')?.iso).toBe('2024-05-18T08:00:00+01:00');
    expect(findDate('Sept. 9, 2021 at 17.30')?.iso).toBe('2021-09-09T17:30:00');
    expect(findDate('31 February 2024')).toBeNull();
    expect(dateOnlyLine('Updated: Tuesday, 12 March 2024', rules.dateline.prefix)).toBe('2024-03-12');
    expect(dateOnlyLine('The vote on 12 March 2024 was close', rules.dateline.prefix)).toBeNull();
  });
});

describe('scraped text', () => {
  it('finds title, standfirst, heading and removes debris, keeping every paragraph', () => {
    const out = run([
      'Opinion', '', 'Why the pier matters', '', 'A short summary of the argument that follows.', '',
      'First paragraph of the body.', '', 'Advertisement', '', 'Second paragraph of the body.', '',
      'What comes next', '', 'Third paragraph.', '', 'Share this', '', 'Back to top button',
    ].join('\n'));
    expect(out.meta.title).toBe('Why the pier matters');
    expect(out.meta.categories).toEqual(['Opinion']);
    expect(out.meta.standfirst).toBe('A short summary of the argument that follows.');
    expect(out.blockTexts).toEqual([
      ['standfirst', 'A short summary of the argument that follows.'],
      ['paragraph', 'First paragraph of the body.'],
      ['paragraph', 'Second paragraph of the body.'],
      ['heading', 'What comes next'],
      ['paragraph', 'Third paragraph.'],
    ]);
    expect(out.messages.map((m) => m.ruleId)).toEqual(['extract/text/advertisement', 'extract/text/share', 'extract/text/back-to-top', 'extract/text/kicker']);
  });

  it('keeps sentences that merely mention cookies, newsletters or sharing', () => {
    const text = 'The bakery said it uses butter in its cookies.\n\nHer newsletter about tides has 3,000 readers.\n\nShare prices rose after the announcement on Friday.';
    expect(run(text).text).toBe(text);
  });

  it('takes a first line that is a sentence as body, not as a title', () => {
    const out = run('The ferry was late again on Monday.\n\nPassengers waited an hour.');
    expect(out.meta.title).toBeNull();
    expect(out.blockTexts.map(([, t]) => t)).toEqual(['The ferry was late again on Monday.', 'Passengers waited an hour.']);
  });

  it('reads a byline before the first paragraph as the start of the body, not a standfirst', () => {
    const out = run('Harbour to close for repairs\n\nBy Lena Marsh\n\nThe harbour will close for a week.\n\nBoats will moor at the outer quay.\n\nThe board apologised.');
    expect(out.meta.authors).toEqual(['Lena Marsh']);
    expect(out.meta.standfirst).toBeNull();
    expect(out.blocks[0]!.type).toBe('paragraph');
  });

  it('reports a text that is all debris as having no content', () => {
    const out = run('Share this\n\nAdvertisement\n\nBack to top');
    expect(out.text).toBe('');
    expect(out.messages.at(-1)).toMatchObject({ level: 'warning', ruleId: 'extract/no-content' });
  });

  it('cuts the text at a block boundary when it exceeds the length limit, with a warning', () => {
    const out = extract('One paragraph here.\n\nAnother paragraph there.\n\nA third one.', { ...DEFAULT_LIMITS, maxTextChars: 30 }, Deadline.none());
    expect(out.text).toBe('One paragraph here.');
    expect(out.messages.map((m) => m.ruleId)).toContain('extract/truncated');
  });

  it('stops at the deadline on a long text', () => {
    const long = 'A line of scraped text.\n'.repeat(20_000);
    expect(() => extract(long, DEFAULT_LIMITS, Deadline.none())).not.toThrow();
    const expired = new Deadline(1, 'long.txt');
    const until = performance.now() + 5;
    while (performance.now() < until) { /* let the 1 ms budget run out */ }
    expect(() => extract(long, DEFAULT_LIMITS, expired)).toThrow(/long\.txt: time limit of 1 ms exceeded during text extraction/);
  });
});

describe('standfirst and datelines', () => {
  it('takes a paragraph that opens with a news dateline as the body, not a standfirst', () => {
    for (const lede of ['PORT ELMSWORTH — The harbour board voted on Monday.', 'LONDON (Gazette Wire) - The harbour board voted on Monday.']) {
      const out = run(`Board votes on harbour\n\n${lede}\n\nIt was close.\n\nThe chair abstained.`);
      expect(out.meta.title).toBe('Board votes on harbour');
      expect(out.meta.standfirst).toBeNull();
    }
  });
});

describe('text laid out one sentence per line', () => {
  it('keeps questions on their own line as body sentences, while short titled lines stay headings', () => {
    const sentences = Array.from({ length: 10 }, (_, n) => `The harbour board met for the ${n + 1}th time.`);
    const out = run(['Board meets again', '', ...sentences.slice(0, 5), 'What happens now?', ...sentences.slice(5)].join('\n'));
    expect(out.blockTexts).toContainEqual(['paragraph', 'What happens now?']);
    const spaced = run(['Board meets again', '', 'The board met.', '', 'What happens now for the harbour?', '', 'Nobody knows yet.'].join('\n'));
    expect(spaced.blockTexts).toContainEqual(['heading', 'What happens now for the harbour?']);
  });

  it('drops credit lines and gallery controls', () => {
    const out = run('Storm hits the pier\n\nWaves broke over the pier on Sunday night.\n\nSam Lee/AFP/Getty Images\n\nHide Caption 3 of 30\n\nThe pier reopened on Monday.');
    expect(out.text).toBe('Waves broke over the pier on Sunday night.\n\nThe pier reopened on Monday.');
  });
});

describe('time zones in dates', () => {
  it('converts fixed zone abbreviations and keeps ambiguous ones local', () => {
    expect(findDate('7 June 2024 14:20 BST')?.iso).toBe('2024-06-07T14:20:00+01:00');
    expect(findDate('June 7, 2024 9:05 a.m. EDT')?.iso).toBe('2024-06-07T09:05:00-04:00');
    expect(findDate('7 June 2024 14:20 IST')?.iso).toBe('2024-06-07T14:20:00');
  });
});

describe('bylines that are not', () => {
  it('does not take days, outlets or sentences for authors', () => {
    expect(parseByline('By Saturday, more than 3,500 troops had been deployed, the Pentagon said.', rules.byline)).toBeNull();
    expect(parseByline('By Karista Doe, Harbour Tribune November 15, 2018:', rules.byline)).toEqual({ authors: ['Karista Doe'], publishedAt: '2018-11-15' });
  });
});

describe('page furniture around the headline', () => {
  it('drops relative times, reading times and player labels, so the headline is found', () => {
    for (const furniture of ['Updated 3 hours ago', 'Published 2 hours ago | 4 min read', 'Listen to this article', 'Play video']) {
      const out = run(`${furniture}\n\nHarbour tolls to rise\n\n${furniture}\n\nTolls will rise by 5% in April.\n\nThe board said costs had grown.`);
      expect(out.meta.title).toBe('Harbour tolls to rise');
      expect(out.text).toBe('Tolls will rise by 5% in April.\n\nThe board said costs had grown.');
    }
    expect(run('Verse\n\nAs written (Gal.\n2:11).\n\nThe end.').text).toContain('2:11).');
  });
});

import * as chrono from 'chrono-node';
import { describe, expect, it } from 'vitest';
import { ParserChoice } from './parser-choice.js';

const full = chrono.casual.clone();
const choice = new ParserChoice(full);
const reference = new Date(2021, 4, 14, 9);
/** The parser the stage reads `text` with. */
const parserFor = (text: string) => choice.withParsers(choice.choose(text));
const found = (parser: chrono.Chrono, text: string) => parser.parse(text, reference).map((r) => [r.index, r.text, r.start.date().toISOString()]);

describe('ParserChoice', () => {
  // Fictional sentences covering every parser of the casual configuration, in mixed case.
  const sentences = [
    'The ferry left two weeks ago.', 'A couple of days LATER the mayor resigned.', 'We meet at 5 pm.', 'The vote is set for 9/11.',
    'The market closed at 10:30 on 2019-03-04.', 'She arrived on the 3rd of May.', 'It happened in 2014 Mar.', 'Over the Weekend the council met.',
    'TONIGHT the harbour board votes.', 'Within an hour the road was shut.', 'Last quarter profits fell.', 'He said so on Wed.',
    'They left this Morning.', 'The plan expires at the end of the month.', 'Talks resume next week, on Thursday 4 June 2020.',
    'The port reopened 3 days earlier, 12/2021.', 'Two hours from now the tide turns.', 'The board said the plan would fail.',
  ];

  it('finds what the full parser finds', () => {
    for (const sentence of sentences) expect(found(parserFor(sentence), sentence), sentence).toEqual(found(full, sentence));
    const joined = sentences.join('\u0000');
    expect(found(parserFor(joined), joined)).toEqual(found(full, joined));
  });

  it('leaves out the parsers a text cannot match, and reuses the parser it made for the same choice', () => {
    const plain = parserFor('The board said the plan would fail.');
    expect(plain.parsers.length).toBeLessThan(full.parsers.length - 10);
    expect(parserFor('The council said the vote would pass.')).toBe(plain);
    expect(parserFor('On 4 May 2020 at 10:30, three weeks ago, last night, later this month').parsers.length).toBe(full.parsers.length);
  });
});

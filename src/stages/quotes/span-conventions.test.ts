import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../core/pipeline.js';
import { quoteSpans } from '../../test-support/quote-spans.js';

// Fictional sentences: every name and event is invented. Each test pins one of PolNeAR's span conventions
// (span-conventions.json) as the whole stage applies it.
const pipeline = createPipeline();
const analyze = (text: string) => pipeline.analyze({ text, verbatim: true });


describe('span conventions', () => {
  it('puts the preposition between a cue and its content into the cue', () => {
    const article = analyze('The harbour master complained about the noise of the new ferries from Lindholm.');
    expect(quoteSpans(article)).toEqual([['the noise of the new ferries from Lindholm', 'complained about', 'The harbour master']]);
  });

  it('leaves an infinitive "to" at the start of the content', () => {
    const article = analyze('Mayor Edda Lind vowed to rebuild the old pier at Sandvik before the winter storms.');
    expect(quoteSpans(article)[0]?.[1]).toBe('vowed');
  });

  it('leaves a preposition that is an adverb of quantity ("said as much", "about 20")', () => {
    const article = analyze('Councillor Pia Moen has said about 20 fishermen will lose their berths at Sandvik next year.');
    expect(quoteSpans(article)[0]?.[1]).toBe('has said');
  });
});

describe('cue through an adverb or a particle', () => {
  it('runs a cue that ends with an adverb on over the verb after it', () => {
    expect(quoteSpans(analyze('The mayor happily retweeted their messages of support.'))).toEqual([['their messages of support', 'happily retweeted', 'The mayor']]);
    expect(quoteSpans(analyze('Fishermen have long complained that the pier is unsafe.'))[0]?.[1]).toBe('have long complained');
  });

  it('takes an adverb particle into the cue, but not before "to"', () => {
    expect(quoteSpans(analyze('Mayor Edda Lind talked up the new ferry to Lindholm.'))[0]?.slice(0, 2)).toEqual(['the new ferry to Lindholm', 'talked up']);
  });
});

describe('cue start', () => {
  it('opens a participle cue with the verb and object before it, which leave the speaker', () => {
    const article = analyze('The harbour board released a statement saying the ferries would run again on Monday.');
    expect(quoteSpans(article)).toEqual([['the ferries would run again on Monday', 'released a statement saying', 'The harbour board']]);
  });

  it('keeps a speech verb before a participle cue out of it', () => {
    const article = analyze('“We are ready,” she said at a news conference announcing that the pier would open.');
    expect(quoteSpans(article)[1]?.[1]).toBe('announcing');
  });
});

describe('cue end', () => {
  it('never ends a cue with a determiner that learned particles chained on', () => {
    const article = analyze('Mayor Tova Lind signed an agreement to allow ferries from Sandvik to dock at night.');
    expect(quoteSpans(article)[0]?.[1]).toBe('signed');
  });
});

describe('speaker after its cue', () => {
  it('keeps appositives and a relative clause to the end of the clause', () => {
    const article = analyze('“We sail at dawn,” said Dana Holm, a ferry pilot from Lindholm, who has sailed for 30 years.');
    expect(quoteSpans(article)[0]?.[2]).toBe('Dana Holm, a ferry pilot from Lindholm, who has sailed for 30 years');
  });

  it('ends with the comma before a participle or an adjunct such as "in a statement"', () => {
    const adding = analyze('“We sail at dawn,” said Dana Holm, 44, of Sandvik, adding that the weather was fine.');
    expect(quoteSpans(adding)[0]?.[2]).toBe('Dana Holm, 44, of Sandvik,');
    expect(quoteSpans(adding)[1]).toEqual(['that the weather was fine', 'adding', 'Dana Holm, 44, of Sandvik,']); // the participle shares the speaker
    const statement = analyze('“We sail at dawn,” said Dana Holm, the chair of the Ferry Board, in a statement.');
    expect(quoteSpans(statement)[0]?.[2]).toBe('Dana Holm, the chair of the Ferry Board,');
  });
});

describe('speaker before its cue', () => {
  it('starts at the name before an appositive, also when a relative clause follows it', () => {
    const two = analyze('Gustav Berg, research director for Lindholm Marine, a consulting company, said the ferries were late.');
    expect(quoteSpans(two)[0]?.[2]).toBe('Gustav Berg, research director for Lindholm Marine, a consulting company,');
    const relative = analyze('Mats Olsen, president of the Harbour Workers Union, which represents ferry crews, said the strike would end.');
    expect(quoteSpans(relative)[0]?.[2]).toBe('Mats Olsen, president of the Harbour Workers Union,');
  });

  it('leaves out an aside between the name and the cue, but keeps an "including" part', () => {
    expect(quoteSpans(analyze('Dana Holm, in a statement, said the ferries were late.'))[0]?.[2]).toBe('Dana Holm');
    expect(quoteSpans(analyze('Proponents, including the Sandvik mayors, say the ferries are fine.'))[0]?.[2]).toBe('Proponents, including the Sandvik mayors,');
  });

  it('keeps the place of a speaker phrase ("officials in Sandvik"), but not a time ("officials in January")', () => {
    expect(quoteSpans(analyze('Harbour officials in Sandvik said the pier would reopen in the spring.'))[0]?.[2]).toBe('Harbour officials in Sandvik');
    expect(quoteSpans(analyze('Harbour officials in January said the pier would reopen in the spring.'))[0]?.[2]).not.toContain('in January');
  });

  it('leaves out the same asides from a speaker the recovered frames read (an aside too long for the main rules)', () => {
    const text = 'Dana Holm, in a long and at times heated interview with the Sandvik harbour paper on Sunday evening after the council vote on the pier, said the pier would reopen.';
    expect(quoteSpans(analyze(text))).toEqual([['the pier would reopen', 'said', 'Dana Holm']]);
  });

  it('keeps a time adjunct after a participle, but not after a name', () => {
    expect(quoteSpans(analyze('A court document filed Thursday says that the ferry company owes the town money.'))[0]?.[2]).toBe('A court document filed Thursday');
    expect(quoteSpans(analyze('The mayor on Tuesday said the ferries were late.'))[0]?.[2]).toBe('The mayor');
  });

  it('makes a possessor the speaker of a noun cue, keeping its "’s"', () => {
    // (Not after a cue such as "contradicted" or "doubted": its content would hold the claim, which is then not
    // annotated.)
    const article = analyze('The storm came a week after Sandvik police’s earlier claim that the pier was safe.');
    expect(quoteSpans(article)[0]).toEqual(['that the pier was safe', 'earlier claim', 'Sandvik police’s']);
    expect(quoteSpans(analyze('He’s claiming that the pier is safe.'))[0]?.slice(1)).toEqual(['’s claiming', 'He']);
  });

  it('keeps a share such as "six in 10" whole, and still leaves out a time adjunct after a name', () => {
    expect(quoteSpans(analyze('Six in 10 say the ferry is too slow.'))[0]?.[2]).toBe('Six in 10');
    expect(quoteSpans(analyze('About one in five voters say the ferry is too slow.'))[0]?.[2]).toBe('About one in five voters');
    expect(quoteSpans(analyze('The mayor in 2009 said the ferries were late.'))[0]?.[2]).toBe('The mayor');
  });
});


describe('nested attributions', () => {
  it('drops a frame inside the content of another one, as PolNeAR annotates only the outer one', () => {
    expect(quoteSpans(analyze('Mayor Edda Lind said she hopes the new pier at Sandvik opens before the winter storms.'))).toEqual([
      ['she hopes the new pier at Sandvik opens before the winter storms', 'said', 'Mayor Edda Lind'],
    ]);
    expect(quoteSpans(analyze('The harbour master told reporters the council had approved the plan for the old pier.'))).toHaveLength(1);
  });

  it('reads the period of an abbreviation as part of a word, not as a mark that sets a nested frame apart', () => {
    expect(quoteSpans(analyze('The board noted that Mr. Holm is expected to open the pier in May.'))).toEqual([
      ['that Mr. Holm is expected to open the pier in May', 'noted', 'The board'],
    ]);
  });

  it('keeps a second frame that a comma and a clause opener set apart', () => {
    const article = analyze('Mayor Edda Lind said the ferries would run again, and the harbour master warned that the pier was unsafe.');
    expect(quoteSpans(article)).toEqual([
      ['the ferries would run again', 'said', 'Mayor Edda Lind'],
      ['that the pier was unsafe', 'warned', 'the harbour master'],
    ]);
  });
});

describe('contents beside each other', () => {
  it('ends a content before a frame that a comma and a clause opener set apart', () => {
    const article = analyze('Mayor Edda Lind spoke about the broken pier at Sandvik, as the harbour master warned that the ferries would stop in May.');
    expect(quoteSpans(article)).toEqual([
      ['the broken pier at Sandvik', 'spoke about', 'Mayor Edda Lind'],
      ['that the ferries would stop in May', 'warned', 'the harbour master'],
    ]);
  });
});

describe('speaker after its cue ("CONTENT, said SOURCE")', () => {
  it('does not take a clause after the cue for the speaker', () => {
    for (const text of ['In Sandvik, the mayor, a Republican, said the plan failed.', 'In Sandvik, the mayor, a Republican, said taxes would rise.', 'Rep. Ola Dahl (D-Minn.), chair of the harbour committee, said he fully supports the compromise.']) {
      const found = quoteSpans(analyze(text));
      expect(found.map((q) => q[2]), text).not.toContain('the plan failed');
      for (const [content, , mention] of found) {
        expect(content, text).not.toMatch(/^In Sandvik|^Rep\. Ola Dahl/u);
        expect(mention ?? '', text).not.toMatch(/^(?:the plan|taxes|he fully)/u);
      }
    }
    expect(quoteSpans(analyze('In Sandvik, the mayor, a Republican, said the plan failed.'))).toEqual([['the plan failed', 'said', 'the mayor, a Republican,']]);
  });

  it('still reads a name or a role after the cue as the speaker', () => {
    expect(quoteSpans(analyze('The ferry will be late again, said Dana Holm, a pilot from Lindholm.'))).toEqual([['The ferry will be late again', 'said', 'Dana Holm, a pilot from Lindholm']]);
    expect(quoteSpans(analyze('The ferry will be late again, said the first mate of the Lindholm ferry.'))[0]?.[2]).toBe('the first mate of the Lindholm ferry');
  });
});

describe('speaker after "according to"', () => {
  it('runs to the clause end when only words follow, and stops at a comma', () => {
    expect(quoteSpans(analyze('The pier will close in May, according to a report from the Sandvik harbour board.'))[0]?.[2]).toBe('a report from the Sandvik harbour board');
    expect(quoteSpans(analyze('The pier will close in May, according to Dana Holm, a ferry pilot.'))[0]?.[2]).toBe('Dana Holm');
  });

  it('runs to the comma that closes an opening "According to …", where the content starts', () => {
    expect(quoteSpans(analyze('According to a 2014 study by economists Ola Berg and Jon Holm, ferry fares rose faster than wages.'))).toEqual([
      ['ferry fares rose faster than wages', 'According to', 'a 2014 study by economists Ola Berg and Jon Holm'],
    ]);
    expect(quoteSpans(analyze('According to Dana Holm, a ferry pilot, the pier will close in May.'))[0]?.[2]).toBe('Dana Holm');
  });
});

describe('sentence subject of a participle cue', () => {
  it('starts after a dateline', () => {
    const article = analyze('Sandvik (AFP) – Mayor Edda Lind took a swipe at the harbour board, saying the pier was unsafe.');
    expect(quoteSpans(article).find((q) => q[1] === 'saying')?.[2]).toBe('Mayor Edda Lind');
  });
});

describe('lists of speakers', () => {
  it('runs a speaker phrase left over the "and" of a list of speakers', () => {
    expect(quoteSpans(analyze('Local fishermen and harbour pilots said the new pier at Sandvik was too short.'))[0]?.[2]).toBe('Local fishermen and harbour pilots');
    expect(quoteSpans(analyze('The mayor and her advisers insisted that the ferries would keep running.'))[0]?.[2]).toBe('The mayor and her advisers');
    expect(quoteSpans(analyze('On Monday, he and Brita Holm argued that the harbour fees were too high.'))[0]?.[2]).toBe('he and Brita Holm');
  });

  it('stops at an "and" that joins two clauses', () => {
    expect(quoteSpans(analyze('The ferry was delayed again and officials said the engine had failed.'))[0]?.[2]).toBe('officials');
    expect(quoteSpans(analyze('Tourists kept leaving the island and others complained that the fares had doubled.'))[0]?.[2]).toBe('others');
  });
});

describe('sentence subject of a participle cue', () => {
  it('skips an opener before the subject', () => {
    expect(quoteSpans(analyze('This year, the harbour board rejected the plan, saying the pier was too costly.'))[0]?.[2]).toBe('the harbour board');
  });

  it('keeps an appositive with its comma and leaves an aside out', () => {
    expect(quoteSpans(analyze('Lind, the mayor of Sandvik, rejected the plan, saying the pier was too costly.'))[0]?.[2]).toBe('Lind, the mayor of Sandvik,');
    expect(quoteSpans(analyze('Lind, meanwhile, rejected the plan, saying the pier was too costly.'))[0]?.[2]).toBe('Lind');
  });

  it('stops the appositive before a part with a verb', () => {
    expect(quoteSpans(analyze('Lind, the mayor, rejected the plan on Monday, saying the pier was too costly.'))[0]?.[2]).toBe('Lind, the mayor,');
  });
});

describe('content before its attribution', () => {
  it('starts after a dateline: a place in capitals before a hyphen dash, or any dateline before a dash', () => {
    const contents = (text: string) => quoteSpans(analyze(text)).map((q) => q[0]);
    expect(contents('SANDVIK - The ferries will run again in May, the harbour master said.')).toEqual(['The ferries will run again in May']);
    expect(contents('Sandvik (Nordic Press) – The ferries will run again in May, the harbour master said.')).toEqual(['The ferries will run again in May']);
    expect(contents('Holm - a pilot for 30 years - will retire in May, the harbour master said.')).toEqual(['Holm - a pilot for 30 years - will retire in May']);
  });
});

describe('a quote inside a sentence', () => {
  it('takes the attribution after it when that ends the sentence, and the words before it in its clause as content', () => {
    const article = analyze('The ferries stopped running in May. But “the pier will not open before the winter storms,” said Dana Holm, the harbour master.');
    expect(quoteSpans(article)).toEqual([['But “the pier will not open before the winter storms,', 'said', 'Dana Holm, the harbour master']]);
    const opener = analyze('For weeks now, the harbour board had “waited far too long to act on the pier,” Councillor Pia Moen told reporters.');
    expect(quoteSpans(opener)).toEqual([['the harbour board had “waited far too long to act on the pier,', 'told', 'Councillor Pia Moen']]);
  });

  it('leaves a quote inside a sentence that goes on after it without a cue', () => {
    const article = analyze('The mayor called the plan “a waste of money for the town,” and the vote failed.');
    expect(article.quotes.every((q) => !q.cue || article.text.slice(q.cue.start, q.cue.end) === 'called')).toBe(true);
  });

  it('takes the words before a quote with no attribution from its clause start, a "that" or a cue word into the content', () => {
    const contents = (text: string) => analyze(text).quotes.map((q) => [q.kind, text.slice(q.start, q.end)]);
    expect(contents('The ferries ran late again. The new timetable “was written by people who never take the ferry” and the queues grew.')).toEqual([
      ['mixed', 'The new timetable “was written by people who never take the ferry'],
    ]);
    expect(contents('The ferries ran late again. Lind groused to the board that the timetable “was written by people who never take the ferry” and left.')).toEqual([
      ['mixed', 'that the timetable “was written by people who never take the ferry'],
    ]);
    // A kicker in capitals is a heading, not content.
    expect(contents('Ferry news in brief.\n\nTHE FERRY WARS OF SANDVIK “The harbour board has never been this divided over a single pier in all its years.” [Sandvik Herald.]')).toEqual([
      ['direct', 'The harbour board has never been this divided over a single pier in all its years.'],
    ]);
  });
});

describe('cue medium', () => {
  it('runs a cue after its quote on over "in a statement" that ends the sentence', () => {
    expect(quoteSpans(analyze('“The pier will open in May,” the harbour board said in a statement.'))[0]?.[1]).toBe('said in a statement');
  });

  it('leaves other adjuncts and a statement that does not end the sentence out of the cue', () => {
    expect(quoteSpans(analyze('“The pier will open in May,” the harbour board said in an interview.'))[0]?.[1]).toBe('said');
    expect(quoteSpans(analyze('“The pier will open in May,” the harbour board said in a statement on Monday.'))[0]?.[1]).toBe('said');
  });
});

describe('cue through an infinitive', () => {
  it('runs a cue that ends with "to" on over a verb of the cue lexicon', () => {
    expect(quoteSpans(analyze('The fishermen continued to complain that the ferry from Lindholm was late again.'))).toEqual([['that the ferry from Lindholm was late again', 'continued to complain', 'The fishermen']]);
  });

  it('leaves a noun after "to" in the content', () => {
    expect(quoteSpans(analyze('Mayor Edda Lind pointed to reports that the ferry from Lindholm was late again.'))[0]?.[1]).toBe('pointed to');
  });
});

describe('prepositions left to the content', () => {
  it('leaves "as" at the start of the content', () => {
    expect(quoteSpans(analyze('The harbour board has described as reckless the plan to close the old pier at Sandvik.'))).toEqual([['as reckless the plan to close the old pier at Sandvik', 'has described', 'The harbour board']]);
  });
});

describe('subjects of raising verbs', () => {
  it('gives a raising verb after "it" no speaker', () => {
    const quote = analyze('It seems that the ferries from Lindholm will stop running before the winter.').quotes[0];
    expect(quote?.speaker.mention).toBeNull();
  });

  it('gives a raising verb after any subject no speaker: the subject is a content part', () => {
    expect(quoteSpans(analyze('Mayor Edda Lind seemed most concerned with the cost of the new pier at Sandvik.'))).toEqual([
      ['Mayor Edda Lind', 'seemed', null],
      ['most concerned with the cost of the new pier at Sandvik', 'seemed', null],
    ]);
  });
});

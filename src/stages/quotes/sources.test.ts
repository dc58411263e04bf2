import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../core/pipeline.js';
import { quoteSpans } from '../../test-support/quote-spans.js';

// Fictional sentences: every name and event is invented. Each test pins where a source (and its cue) is read
// from, for relations whose source or cue PolNeAR train showed the stage taking from the wrong words.
const pipeline = createPipeline();
const analyze = (text: string) => pipeline.analyze({ text, verbatim: true });


describe('sources of participle cues: the sentence subject', () => {
  it('reads the word after a determiner or "of" as part of the subject, not its verb', () => {
    expect(quoteSpans(analyze('The retired harbour pilot has filed a complaint about the ferry, saying the new pier is unsafe.'))).toEqual([
      ['the new pier is unsafe', 'saying', 'The retired harbour pilot'],
    ]);
    expect(quoteSpans(analyze('The former minister of state opened the fair on Monday, saying the town had never looked better.'))[0]?.[2]).toBe('The former minister of state');
  });

  it('ends the subject before an "-ly" adverb', () => {
    expect(quoteSpans(analyze('Mayor Edda Lind largely ignored the fishermen, saying the pier could wait.'))[0]?.[2]).toBe('Mayor Edda Lind');
  });

  it('skips an opener that runs on over a place after its town and over parts that open with a preposition', () => {
    const rally = quoteSpans(analyze('At a rally in Lindholm, Nordvik, on Tuesday, Mayor Edda Lind praised the new ferry, calling it a gift to the island.'));
    expect(rally.map((q) => q[2])).toEqual(['Mayor Edda Lind', 'Mayor Edda Lind']);
    expect(quoteSpans(analyze('In June 2019, after the storm hit Sandvik, Gustav Berg toured the harbour, saying the damage was worse than feared.'))).toEqual([
      ['the damage was worse than feared', 'saying', 'Gustav Berg'],
    ]);
  });
});

describe('speakers named after their cue', () => {
  it('ends before a relative clause that reports speech, which is an attribution of its own', () => {
    expect(quoteSpans(analyze('“The pier will not survive another winter,” said Dana Holm, who said the council had ignored every warning.'))).toEqual([
      ['The pier will not survive another winter,', 'said', 'Dana Holm'],
      ['the council had ignored every warning', 'said', 'who'],
    ]);
  });

  it('does not count the periods of abbreviations against the length of a name after its cue', () => {
    expect(quoteSpans(analyze('“The pier has to be rebuilt,” said Rep. Edda J. Lind of North Sandvik.'))[0]?.[2]).toBe('Rep. Edda J. Lind of North Sandvik');
  });

  it('reads the period of a state abbreviation as part of the speaker\'s place', () => {
    expect(quoteSpans(analyze('“The ferry is late again,” said Dana Holm, 44, of Tampa, Fla. “It always is.”'))[0]?.[2]).toBe('Dana Holm, 44, of Tampa, Fla.');
  });

  it('keeps a relative clause that reports no speech', () => {
    expect(quoteSpans(analyze('“The pier will not survive another winter,” said Dana Holm, who has sailed from Sandvik for 30 years.'))[0]?.[2]).toBe(
      'Dana Holm, who has sailed from Sandvik for 30 years',
    );
  });
});

describe('quotes inside a sentence with their attribution after them', () => {
  it('reads the attribution when a short adjunct after the cue ends the sentence (the words before the quote are content)', () => {
    expect(quoteSpans(analyze('The harbour board had “waited far too long to act on the pier,” Councillor Pia Moen told reporters.'))).toEqual([
      ['The harbour board had “waited far too long to act on the pier,', 'told', 'Councillor Pia Moen'],
    ]);
  });

  it('leaves a short quoted phrase unattributed there: it is framing\'s', () => {
    expect(quoteSpans(analyze('The board called the pier “a wreck,” Councillor Pia Moen told reporters.')).filter((q) => q[0] === 'a wreck,')).toEqual([]);
  });
});

describe('participle cues after reported speech', () => {
  it('shares the speaker of "CONTENT, SOURCE CUE" with the participle after it', () => {
    const shared = quoteSpans(analyze('The old pier will not survive the winter, the harbour master said, adding that the ferry would stop in March.'));
    expect(shared.find((q) => q[1] === 'adding')?.[2]).toBe('the harbour master');
  });
});

describe('sources of fronted participle cues', () => {
  it('ends the subject after the comma before its verb', () => {
    const fronted = quoteSpans(analyze('After saying the pier was unsafe, the harbour master ended up in the council chamber with the mayor.'));
    expect(fronted.find((q) => q[1] === 'saying')?.[2]).toBe('the harbour master');
  });
});

describe('speaker phrases that are no noun phrase', () => {
  it('gives no source for a phrase that ends with a verb form, but keeps the people a poll asked', () => {
    expect(quoteSpans(analyze('At the meeting, Mayor Lind faced stern opposition from the fishermen.')).map((q) => q[2])).not.toContain('Mayor Lind faced');
    expect(quoteSpans(analyze('Most of the fishermen surveyed said the pier should be rebuilt.'))[0]?.[2]).toBe('Most of the fishermen surveyed');
  });

  it('gives no source for a lone verb form or an "-ing" verb before its object', () => {
    expect(quoteSpans(analyze('The owner of the harbour club, Mark Schmidt, faced stern opposition from the fishermen.')).map((q) => q[2])).toEqual([null]);
    expect(quoteSpans(analyze('The fishermen of Sandvik welcomed the news, leaving the council fearful that the budget would grow.')).map((q) => q[2])).not.toContain(
      'leaving the council',
    );
    expect(quoteSpans(analyze('Mayor Lind, abandoning her earlier doubts about the ferry, joined the council in praising the plan.')).map((q) => q[2])).not.toContain(
      'abandoning her',
    );
  });
});

describe('speakers before their cue with a relative clause', () => {
  it('keeps a "who" clause that describes the speaker, as PolNeAR marks it', () => {
    expect(quoteSpans(analyze('Ann Lind, who has run the Sandvik ferry for 20 years, said the new pier was badly built.'))[0]?.[2]).toBe(
      'Ann Lind, who has run the Sandvik ferry for 20 years,',
    );
  });

  it('keeps an age', () => {
    expect(quoteSpans(analyze('Dana Holm, 44, said the new pier was badly built.'))[0]?.[2]).toBe('Dana Holm, 44,');
  });

  it('leaves out a "who" clause that reports speech of its own', () => {
    expect(quoteSpans(analyze('Ann Lind, who said last year that the pier was unsafe, warned that the ferry would stop.')).map((q) => q[2])).toContain('Ann Lind');
  });
});

describe('quotes that end a headline', () => {
  it('reads the words before the quote as its speaker only when the headline is a paragraph of its own', () => {
    expect(quoteSpans(analyze('Sandvik mayor ‘ready to rebuild the pier’\n\nThe town council met on Monday.'))[0]?.[2]).toBe('Sandvik mayor');
    const inside = quoteSpans(analyze('The council met on Monday and the vote was close. But “the pier will be rebuilt by spring, whatever it costs.”'));
    expect(inside.map((q) => q[2])).not.toContain('But');
  });
});

describe('a contracted "is" or "has" after a pronoun', () => {
  it('is no possessive: the speaker ends before it', () => {
    expect(quoteSpans(analyze('Dana Holm visited the harbour on Monday. She’s said the new pier is unsafe.'))).toEqual([['the new pier is unsafe', 'said', 'She']]);
    expect(quoteSpans(analyze('He’s found that the Sandvik pier was badly built.'))[0]?.[2]).toBe('He');
  });

  it('leaves an expletive "it" or "there" with no speaker', () => {
    expect(quoteSpans(analyze('It’s hard to know whether the Sandvik ferry will run again.'))).toEqual([['whether the Sandvik ferry will run again', 'hard to know', null]]);
    expect(quoteSpans(analyze('There’s broad agreement that the new pier must be finished by spring.')).map((q) => q[2])).toEqual([null]);
  });

  it('gives no speaker to a clause shared with an expletive "it is"', () => {
    const spans = quoteSpans(analyze('It’s a cold spring for the Sandvik council, insisting that the pier will reopen in May.'));
    expect(spans).toEqual([['that the pier will reopen in May', 'insisting', null]]);
    expect(quoteSpans(analyze('It ended with the Sandvik council insisting that the pier will reopen in May.')).map((q) => q[2])).toEqual(['the Sandvik council']);
  });

  it('gives no speaker to an expletive "it" before the "is" of its cue, but keeps a progressive\'s subject', () => {
    expect(quoteSpans(analyze('It’s not clear whether Mayor Lind knew that the pier was unsafe.')).map((q) => q[2])).toEqual([null]);
    expect(quoteSpans(analyze('It is also suggesting that the pier was badly built.')).map((q) => q[2])).toEqual(['It']);
  });
});

describe('speaker phrases cut short at a quotation', () => {
  it('keeps the name before an appositive that ends with a preposition, and no speaker without one', () => {
    expect(quoteSpans(analyze('“The pier will not last another winter,” said Jon Berg, the author of “Harbour Lives,” a history of the town.'))).toEqual([
      ['The pier will not last another winter,', 'said', 'Jon Berg'],
    ]);
    expect(quoteSpans(analyze('“The ferry is late again,” wrote the authors of the “Sandvik Harbour Report.”'))[0]?.[2]).toBeNull();
  });
});

describe('speaker phrases that open with a word no noun phrase opens with', () => {
  it('gives no speaker for "Despite …" or an existential "There"', () => {
    expect(quoteSpans(analyze('Despite polls showing that most islanders want a bridge, the council voted for a ferry.'))[0]).toEqual(['that most islanders want a bridge', 'showing', null]);
    expect(quoteSpans(analyze('There are fears that the new pier will not survive the winter.'))).toEqual([['that the new pier will not survive the winter', 'are fears', null]]);
  });
});

describe('a possessor with an abbreviated title', () => {
  it('keeps the title: "Mr. Lind’s claim"', () => {
    // Not inside another frame's content ("rejected Mr. Lind’s claim …" nests it: PolNeAR keeps the outer frame only).
    expect(quoteSpans(analyze('In March, Mr. Lind’s claim that the pier is safe was tested.')).map((q) => q[2])).toContain('Mr. Lind’s');
  });
});

describe('a speaker phrase that is the object of a preposition', () => {
  it('gives no speaker for "released on [Thursday] showed"', () => {
    expect(quoteSpans(analyze('A poll released on Thursday showed that most islanders want a bridge.')).map((q) => q[2])).toEqual([null]);
    expect(quoteSpans(analyze('Aides to Mayor Lind say she will not run again.')).map((q) => q[2])).toEqual(['Aides to Mayor Lind']);
  });
});

describe('a speaker phrase with a lower-case "state" before it', () => {
  it('runs left over "state": "Minnesota state delegate …"', () => {
    expect(quoteSpans(analyze('Minnesota state delegate Ola Berg, clad in a red cape, said the convention could be long.')).map((q) => q[2])).toEqual(['Minnesota state delegate Ola Berg, clad in a red cape,']);
    expect(quoteSpans(analyze('More black Democratic state lawmakers have endorsed the mayor.')).map((q) => q[2])).toEqual(['More black Democratic state lawmakers']);
  });
});

describe('a participle cue after a clause whose own cue has a speaker', () => {
  it('shares that speaker phrase, with its appositive or relative clause, and without a time adjunct', () => {
    const spans = (text: string) => quoteSpans(analyze(text)).map((q) => q[2]);
    expect(spans('Dana Holm, who runs the night ferry, also decried the plan to close the pier, noting she had never missed a crossing.')).toEqual([
      'Dana Holm, who runs the night ferry,', 'Dana Holm, who runs the night ferry,',
    ]);
    expect(spans('Mayor Lind on Tuesday dismissed the harbour board as a talking shop, arguing that it had never built anything.')).toEqual(['Mayor Lind', 'Mayor Lind']);
  });

  it('keeps the sentence subject when the clause speaker the rules read starts later', () => {
    const quotes = quoteSpans(analyze('Sandvik’s harbour master, Ola Berg, a fisherman, said Tuesday that he had voted for the bridge, but cautioned against reading that as an endorsement.'));
    expect(quotes.find((q) => q[1] === 'cautioned against')?.[2]).toBe('Sandvik’s harbour master, Ola Berg, a fisherman,');
  });
});

describe('a cue coordinated inside a relative clause', () => {
  it('speaks for the relative pronoun, not for the sentence subject', () => {
    const speakerOf = (text: string, cue: string) => quoteSpans(analyze(text)).find((q) => q[1] === cue)?.[2];
    expect(speakerOf('The board questioned Ola Berg, who last week surprised the council by declaring the pier unsafe.', 'declaring')).toBe('who');
    expect(speakerOf('Young fishermen, who have joined the union in large numbers to oppose the bridge, are angry.', 'to oppose')).toBe('who');
  });

  it('speaks for the subject after an object relative pronoun', () => {
    const quotes = quoteSpans(analyze('The mayor’s speech on Tuesday, in which he listed the costs of the pier but then announced that it would close, surprised the council.'));
    expect(quotes.find((q) => q[1] === 'then announced')?.[2]).toBe('he');
  });

  it('keeps the sentence subject when a dash closes the relative clause', () => {
    const quotes = quoteSpans(analyze('Ola Berg was among the “basement dwellers” ― a group of engineers who seldom met politicians ― but relished his brushes with fame, saying it was fun.'));
    expect(quotes.find((q) => q[1] === 'relished')?.[2]).toBe('Ola Berg');
  });
});

describe('a speaker phrase that opens with a pronoun', () => {
  const speakers = (text: string) => quoteSpans(analyze(text)).map((q) => q[2]);

  it('is the pronoun alone: a pronoun takes no modifiers', () => {
    expect(speakers('The crowd cheered for Ola Berg, who has in the past described the ferry as a disgrace.')).toEqual(['who']);
    expect(speakers('Each time he met the pilots, he came away convinced that the ferry was safe.')).toEqual(['he']);
  });

  it('is the subject after an object relative pronoun', () => {
    expect(speakers('The vote was a blow to Mayor Lind, who many in the harbour board had described as a reformer.')).toEqual(['many in the harbour board']);
  });

  it('is the pronoun alone when a pronoun ends it', () => {
    expect(quoteSpans(analyze('The mayor was asked about the pier. Then she added, “We will rebuild it.”')).map((q) => q[2])).toContain('she');
  });

  it('keeps an initial, a list and a floating quantifier', () => {
    expect(speakers('I. Dana Holm, the harbour master, has indicated that the pier will close.')).toEqual(['I. Dana Holm, the harbour master,']);
    expect(speakers('Even as they all vowed to carry on, the fishermen were tired.')).toEqual(['they all']);
  });
});

describe('the agent of a passive cue named after it', () => {
  const spans = (text: string) => quoteSpans(analyze(text)).map((q) => [q[1], q[2]]);

  it('is the source of the passive frame', () => {
    expect(spans('Mayor Lind has been criticized by some of her rivals for failing to visit the harbour.')).toContainEqual(['has been criticized', 'some of her rivals']);
    expect(spans('The ferry company, which has been accused by the harbour board of hiding losses, denies it.')).toContainEqual(['has been accused', 'the harbour board']);
  });

  it('is not read past an infinitive or a participle', () => {
    expect(spans('The court is expected to rule soon on a case brought by the fishermen.')).toEqual([['is expected', null], ['is expected', null]]);
  });
});

describe('a speaker phrase read inside a relative clause on the sentence subject', () => {
  const speakers = (text: string) => quoteSpans(analyze(text)).map((q) => q[2]);

  it('is the sentence subject: the cue is the main verb', () => {
    expect(speakers('Harbour officials who spoke with The Sandvik Post said the pier is unsafe.')).toEqual(['Harbour officials']);
  });

  it('is kept when another clause opens before the cue', () => {
    expect(speakers('The idea of shunning those who backed the mayor gathered steam this week as a number of writers suggested such a list.')).toEqual(['a number of writers']);
  });
});

describe('an infinitive cue after a causative verb and its object', () => {
  const speakerOf = (text: string, cue: string) => quoteSpans(analyze(text)).find((q) => q[1] === cue)?.[2];

  it('speaks for the object', () => {
    expect(speakerOf('The storm damage led harbour master Ola Berg to declare that the pier is unsafe.', 'to declare')).toBe('harbour master Ola Berg');
  });

  it('keeps the sentence subject for a reflexive object', () => {
    expect(speakerOf('Mayor Lind did allow herself to say that the pier is unsafe.', 'to say')).toBe('Mayor Lind');
  });
});

describe('an infinitive cue after an adjective that judges the act', () => {
  it('has no speaker: "hard to say", "safe to say"', () => {
    expect(quoteSpans(analyze('Whether the new ferry will be enough to save the island is hard to say - there is no precedent for it.'))).toEqual([
      ['there is no precedent for it', 'to say', null],
    ]);
    expect(quoteSpans(analyze('Given her earlier remarks on the pier, it’s safe to say she is thinking of the harbour board.')).map((q) => q[2])).toEqual([null]);
  });
});

describe('a dateline before the sentence subject', () => {
  const speakers = (text: string) => quoteSpans(analyze(text)).map((q) => q[2]);

  it('is left out after a place in capitals, with a day, a state abbreviation or a spaced hyphen', () => {
    expect(speakers('NORDVIK, Aug 31 (Reuters) - Mayor Edda Lind met the fishermen on Thursday and said the town must act.')).toEqual(['Mayor Edda Lind']);
    expect(speakers('SANDVIK - Edda Lind painted a dire portrait of the harbour, delivering a sweeping indictment of the board.')).toContain('Edda Lind');
    expect(speakers('SANDVIK - Edda Lind painted a dire portrait of the harbour, delivering a sweeping indictment of the board.')).not.toContain('SANDVIK - Edda Lind');
  });
});

describe('the sentence subject of a participle cue, with its appositives', () => {
  const speakerOf = (text: string, cue: string) => quoteSpans(analyze(text)).find((q) => q[1] === cue)?.[2];

  it('is no time phrase when it opens with a determiner: "The mayor, a fisherman,"', () => {
    expect(speakerOf('The mayor, a fisherman, signed the deal on Monday, saying it was fair.', 'saying')).toBe('The mayor, a fisherman,');
  });

  it('keeps the appositives read before the predicate', () => {
    expect(speakerOf('The harbour minister of Nordvik, Ola Berg, alluded to the vote during a meeting on Monday with reporters, saying the pier might close.', 'saying')).toBe(
      'The harbour minister of Nordvik, Ola Berg,',
    );
  });
});

describe('the sentence subject of a participle cue after an opener', () => {
  const speakerOf = (text: string, cue: string) => quoteSpans(analyze(text)).find((q) => q[1] === cue)?.[2];

  it('starts after a time phrase, a participle or an opener word and its comma', () => {
    expect(speakerOf('Late last month, the ferry company wrote a letter to the board, calling the reports inaccurate.', 'calling')).toBe('the ferry company');
    expect(speakerOf('Amid calls from some islanders to close the harbour for the winter, Mayor Lind toured the pier, saying it was safe.', 'saying')).toBe('Mayor Lind');
  });
});

describe('a source after "according to" at the end of its clause', () => {
  it('ends before a relative clause or a spaced dash', () => {
    expect(quoteSpans(analyze('Most islanders support the bridge, according to a new poll that shows the ferry losing riders.')).map((q) => q[2])).toEqual(['a new poll']);
    expect(quoteSpans(analyze('The pier will cost twice as much, according to the harbour board - half a year of its budget.')).map((q) => q[2])).toEqual(['the harbour board']);
  });
});

describe('a source after an opening "According to"', () => {
  it('runs to the comma that ends the opener, and the content starts after it', () => {
    expect(quoteSpans(analyze('According to a 2013 study by two economists at the harbour board, the pier will last ten more years.'))).toEqual([
      ['the pier will last ten more years', 'According to', 'a 2013 study by two economists at the harbour board'],
    ]);
  });
});

describe('a source after "according to" before a comma', () => {
  it('runs on over its prepositional parts to the comma', () => {
    expect(quoteSpans(analyze('The ferry lost 40,000 riders last year, according to a count by the harbour board, which runs the pier.')).map((q) => q[2])).toEqual([
      'a count by the harbour board',
    ]);
  });
});

describe('a direct quote after a participle cue', () => {
  it('shares the speaker phrase of its clause', () => {
    expect(quoteSpans(analyze('Mayor Lind on Tuesday attacked the harbour board, saying, “They have failed the island.”')).map((q) => q[2])).toEqual(['Mayor Lind', 'Mayor Lind']);
  });

  it('speaks for the sentence subject after an opener', () => {
    expect(quoteSpans(analyze('Speaking at a town hall event in Sandvik, Mayor Lind attacked the board, saying, “They have failed the island.”')).find((q) => q[1] === 'saying')?.[2]).toBe('Mayor Lind');
  });
});

describe('a coordinated cue', () => {
  it('shares the speaker phrase of the cue before it as annotated', () => {
    expect(quoteSpans(analyze('Harbour Watch President Dana Holm issued a statement saying the pier is unsafe and said the board will have a day of reckoning.'))).toEqual([
      ['the pier is unsafe', 'issued a statement saying', 'Harbour Watch President Dana Holm'],
      ['the board will have a day of reckoning', 'said', 'Harbour Watch President Dana Holm'],
    ]);
  });
});

describe('a sentence adverb before the speaker phrase', () => {
  const speakers = (text: string) => quoteSpans(analyze(text)).map((q) => q[2]);

  it('is left out before a comma or a name', () => {
    expect(speakers('Still, Ola Berg, a senior adviser to the mayor, said the pier would close.')).toEqual(['Ola Berg, a senior adviser to the mayor,']);
    expect(speakers('The ferry was late again. Now Dana Holm, who runs the night ferry, has agreed to serve on the harbour board.')).toEqual(['Dana Holm, who runs the night ferry,']);
  });
});

import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../core/pipeline.js';

const pipeline = createPipeline();

/** Each quote of a one-sentence (fictional) text as [content, cue, mention, rule]. */
function frames(text: string) {
  const article = pipeline.analyze({ text, verbatim: true });
  const at = (s: { start: number; end: number } | null) => (s ? text.slice(s.start, s.end) : null);
  return article.quotes.map((q) => [at(q), at(q.cue), at(q.speaker.mention), q.provenance?.ruleId]);
}

describe('frames for cues the main rules leave unframed', () => {
  it('takes the question put to someone as content with no source', () => {
    expect(frames('Asked whether the harbour would reopen before winter, the mayor smiled.')).toEqual([
      ['whether the harbour would reopen before winter', 'Asked', null, 'quotes/reported-asked'],
    ]);
    expect(frames('The mayor smiled when asked about the storm damage.')).toEqual([
      ['the storm damage', 'asked about', null, 'quotes/reported-asked'],
    ]);
    expect(frames('When asked, the mayor smiled.')).toEqual([]);
  });

  it('takes who asked as the source of the question when "by" names them', () => {
    expect(frames('Asked by the radio host whether she had practiced the speech, the mayor smiled.')).toEqual([
      ['whether she had practiced the speech', 'Asked', 'the radio host', 'quotes/reported-asked'],
    ]);
  });

  it('reads a speaker behind an aside', () => {
    expect(frames('Marta Olsen, 58, who runs a bakery near the square, says she has never seen the market this quiet.')).toEqual([
      // An age is part of the speaker, and so is everything up to the cue after it (PolNeAR train: 8 whole, 1 the name alone).
      ['she has never seen the market this quiet', 'says', 'Marta Olsen, 58, who runs a bakery near the square,', 'quotes/reported-loose-source'],
    ]);
    expect(frames('Marta Olsen, in a statement, says she has never seen the market this quiet.')[0]?.[2]).toBe('Marta Olsen');
  });

  it('takes the possessor of a nominal cue as its source', () => {
    expect(frames('The union criticised his warning that the plant would close by spring.')).toEqual([
      ['that the plant would close by spring', 'warning', 'his', 'quotes/reported-nominal'],
    ]);
    // No linking word: the noun introduces no content.
    expect(frames('The union criticised his warning yesterday.')).toEqual([]);
  });

  it('ends the content of a nominal cue that is the sentence subject before the sentence verb, not a clause', () => {
    expect(frames('His support for closing the old pier isn’t shared by the council.')).toEqual([
      ['closing the old pier', 'support for', 'His', 'quotes/reported-nominal'],
    ]);
    expect(frames('Her warning that the pier is unsafe was ignored.')[0]?.[0]).toMatch(/^that the pier is unsafe/);
  });

  it('splits a seem/appear stance into subject and complement, with no source', () => {
    expect(frames('The residents seemed unconvinced by the plan.')).toEqual([
      ['The residents', 'seemed', null, 'quotes/reported-raising'],
      ['unconvinced by the plan', 'seemed', null, 'quotes/reported-raising'],
    ]);
    expect(frames('It appears to be running out of patience.')).toEqual([
      ['to be running out of patience', 'appears', null, 'quotes/reported-raising'],
    ]);
    expect(frames('The singer appeared on television on Monday.')).toEqual([]);
    // A subject with an aside before the verb is read as a speaker with one would be (subjectWithAside).
    expect(frames('The new harbour board, headed by Lena Berg, seems ready to sell the pier.')[0]).toEqual(
      ['The new harbour board, headed by Lena Berg', 'seems', null, 'quotes/reported-raising'],
    );
  });

  it('makes the subject of a seem/appear cue the main rules frame a content part, not a source', () => {
    expect(frames('Beneath the fireworks, Mr. Halvorsen seemed most concerned with the pier.')).toEqual([
      ['Mr. Halvorsen', 'seemed', null, 'quotes/reported-before'],
      ['most concerned with the pier', 'seemed', null, 'quotes/reported-before'],
    ]);
    // "it" stands for no one: the complement alone.
    expect(frames('It seems the pier will close in March.')).toEqual([
      ['the pier will close in March', 'seems', null, 'quotes/reported-before'],
    ]);
  });

  it('takes a hearsay adverb as the cue of an unsourced attribution, its clause the content in two parts', () => {
    expect(frames('The harbour board is reportedly weighing a sale of the old ferry terminal.')).toEqual([
      ['The harbour board is', 'reportedly', null, 'quotes/reported-hearsay'],
      ['weighing a sale of the old ferry terminal', 'reportedly', null, 'quotes/reported-hearsay'],
    ]);
    expect(frames('Reportedly, the ferry will stop running in March.')).toEqual([
      ['the ferry will stop running in March', 'Reportedly', null, 'quotes/reported-hearsay'],
    ]);
    // A cue verb after it is the main rules' cue, its speaker before the adverb.
    expect(frames('The mayor reportedly said the pier would close.')).toEqual([
      ['the pier would close', 'reportedly said', 'The mayor', 'quotes/reported-before'],
    ]);
  });

  it('makes the opener before "SPEAKER CUE, “…" a content part when the quotation goes on in lower case, and a relative word before the speaker', () => {
    expect(frames('An economic downturn, he said, “could be a good time to repair the pier.”')).toEqual([
      ['An economic downturn', 'said', 'he', 'quotes/direct-before'],
      ['could be a good time to repair the pier.', 'said', 'he', 'quotes/direct-before'],
    ]);
    // A relative word before the speaker of a quotation is a part of its own, as in reported speech.
    expect(frames('She criticised the old server, which he described as “like an open orchid.”')).toEqual([
      ['which', 'described', 'he', 'quotes/direct-before'],
      ['as “like an open orchid.”', 'described', 'he', 'quotes/direct-before'],
    ]);
    // A quotation that opens a sentence of its own leaves the opener to the outlet.
    expect(frames('In other words, she said, “The era of cheap ferries is over.”').map((f) => f[0])).toEqual(['The era of cheap ferries is over.']);
  });

  it('keeps reported speech whose content holds a direct quote’s attribution, cut before that clause', () => {
    const text = 'She said fathers would not be eligible for the paid leave that the new law grants, and when pressed on why, the minister replied, "It is meant for mothers."';
    expect(frames(text)).toEqual([
      ['fathers would not be eligible for the paid leave that the new law grants, and when pressed on why', 'said', 'She', 'quotes/reported-before'],
      ['It is meant for mothers.', 'replied', 'the minister', 'quotes/direct-before'],
    ]);
    expect(frames('Lena Holm said the ferry was late when she said “enough” to the captain.')[0]).toEqual(
      ['the ferry was late when she said “enough” to the captain', 'said', 'Lena Holm', 'quotes/reported-before'],
    );
  });

  it('makes a relative "that" before the speaker a content part when the content lacks its subject', () => {
    expect(frames('Holm came second in the ferry vote, a finish that he said defied expectations.')).toEqual([
      ['that', 'said', 'he', 'quotes/reported-before'],
      ['defied expectations', 'said', 'he', 'quotes/reported-before'],
    ]);
    // An adverb the speaker phrase leaves out may stand between the relative word and the speaker.
    expect(frames('It was her speech at the pier, which even critics say was the best of her campaign.')).toEqual([
      ['which', 'say', 'critics', 'quotes/reported-before'],
      ['was the best of her campaign', 'say', 'critics', 'quotes/reported-before'],
    ]);
    // A content with its own subject: "that" is no part of it.
    expect(frames('It was late in the evening by the time that she said the pier would close.').map((f) => f[0])).toEqual(['the pier would close']);
  });

  it('makes a relative word that opens the frame’s clause a content part of its own', () => {
    expect(frames('The union bought a stake in the old quarry, which Mr. Halvorsen says he is working hard to keep open.')).toEqual([
      ['which', 'says', 'Mr. Halvorsen', 'quotes/reported-before'],
      ['he is working hard to keep open', 'says', 'Mr. Halvorsen', 'quotes/reported-before'],
    ]);
    // Set apart by commas, the relative word replaces the words before it as the part before the cue.
    expect(frames('The ferry leaves from the north pier, which, Lena Marsh said, is usually crowded on market days.')).toEqual([
      ['which', 'said', 'Lena Marsh', 'quotes/reported-after'],
      ['is usually crowded on market days', 'said', 'Lena Marsh', 'quotes/reported-after'],
    ]);
    expect(frames('The council will vote on what the mayor calls a modest budget.')).toEqual([
      ['what', 'calls', 'the mayor', 'quotes/reported-before'],
      ['a modest budget', 'calls', 'the mayor', 'quotes/reported-before'],
    ]);
    // After a preposition the relative word is the setting of the statement, not its content.
    expect(frames('The hearing, in which the mayor said the budget was balanced, lasted two hours.').map((q) => q[0])).not.toContain('which');
  });

  it('makes the subject of an agentless passive a content part beside the complement', () => {
    expect(frames('The harbour repairs are expected to finish before the winter storms.')).toEqual([
      ['The harbour repairs', 'are expected', null, 'quotes/reported-agentless'],
      ['to finish before the winter storms', 'are expected', null, 'quotes/reported-agentless'],
    ]);
    // A passive of perception or judgement too.
    expect(frames('Outside the harbour, the ferries are seen as a relic.')).toEqual([
      ['the ferries', 'are seen as', null, 'quotes/reported-agentless'],
      ['a relic', 'are seen as', null, 'quotes/reported-agentless'],
    ]);
    // Any agentless passive but one of feeling or of being asked: the subject is what is said of.
    expect(frames('Councillor Holm was accused of hiding the ferry accounts from the board.')).toEqual([
      ['Councillor Holm', 'was accused of', null, 'quotes/reported-agentless'],
      ['hiding the ferry accounts from the board', 'was accused of', null, 'quotes/reported-agentless'],
    ]);
    // A subject with an aside between commas is read whole, the aside with it.
    expect(frames('The harbour board, which has held fees flat since 2008, is expected to act in December.')).toEqual([
      ['The harbour board, which has held fees flat since 2008', 'is expected', null, 'quotes/reported-agentless'],
      ['to act in December', 'is expected', null, 'quotes/reported-agentless'],
    ]);
    // Not for a passive of feeling, whose subject is who feels it.
    expect(frames('The residents were worried about the new road.').map((q) => q[0])).not.toContain('The residents');
    expect(frames('The harbour master was asked about the new road.').map((q) => q[0])).not.toContain('The harbour master');
  });

  it('keeps a one-word part of a two-part frame', () => {
    expect(frames('Everyone, the inspector says, is safe at the quarry.')).toEqual([
      ['Everyone', 'says', 'the inspector', 'quotes/reported-parenthetical'],
      ['is safe at the quarry', 'says', 'the inspector', 'quotes/reported-parenthetical'],
    ]);
    expect(frames('She seems ready to sell the bakery.')).toEqual([
      ['She', 'seems', null, 'quotes/reported-raising'],
      ['ready to sell the bakery', 'seems', null, 'quotes/reported-raising'],
    ]);
  });

  it('takes the clause after a parenthetical "according to" that follows a short opener as the content', () => {
    expect(frames('Since last November, according to the harbour board, the ferries have run late twice a week.')).toEqual([
      ['Since last November', 'according to', 'the harbour board', 'quotes/according-to-after'],
      ['the ferries have run late twice a week', 'according to', 'the harbour board', 'quotes/according-to-after'],
    ]);
    expect(frames('The ferry will stop running in May, according to the harbour board.')).toEqual([
      ['The ferry will stop running in May', 'according to', 'the harbour board', 'quotes/according-to-after'],
    ]);
  });
});

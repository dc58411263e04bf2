import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../core/pipeline.js';
import { quoteSpans } from '../../test-support/quote-spans.js';

// Fictional sentences: every name and event is invented. Each test pins one attribution rule of attribution.ts
// as the whole stage applies it (docs/QUOTES.md).
const pipeline = createPipeline();

/** Each quote of `text` as [content, cue, speaker mention]. */
function spans(text: string) {
  return quoteSpans(pipeline.analyze({ text, verbatim: true }));
}

describe('speakers before a direct quote’s cue', () => {
  it('reads past an adverb between the speaker and the cue', () => {
    expect(spans('Councillor Pia Moen then asked, “Who will pay for the new pier at Sandvik?”')).toEqual([['Who will pay for the new pier at Sandvik?', 'then asked', 'Councillor Pia Moen']]);
  });

  it('keeps the appositive of a speaker before the cue', () => {
    expect(spans('Mats Olsen, president of the ferry union, said: “The boats will not sail on Monday.”')[0]?.[2]).toBe('Mats Olsen, president of the ferry union,');
  });

  it('takes a name and a colon before a quote for the speaker and the cue', () => {
    expect(spans('HARBOUR POLLS SHIFT - Jeffrey M. Lund: “Our survey of Sandvik shows a clear shift.”')).toEqual([['Our survey of Sandvik shows a clear shift.', ':', 'Jeffrey M. Lund']]);
    expect(spans('What that means for the ferries - More from Lund and Holm: “The timetable will not hold.”')[0]?.slice(1)).toEqual([':', 'Lund and Holm']);
  });

  it('gives a passive cue before a quote no speaker', () => {
    expect(spans('The harbour plan was labeled “a costly mistake for Sandvik and its fishermen.”')[0]?.[2] ?? null).toBeNull();
  });
});

describe('agentless passives', () => {
  it('reads a passive through an adverb or a negation', () => {
    expect(spans('Mayor Edda Lind is widely expected to close the old pier at Sandvik this winter.')[0]?.[2] ?? null).toBeNull();
    expect(spans('The harbour board was not expected to approve the new ferry timetable for Lindholm.')[0]?.[2] ?? null).toBeNull();
  });

  it('reads a passive whose subject no speaker-phrase rule reads', () => {
    // A long subject with a number in it: no speaker phrase is read before the cue, the passive still has content.
    expect(spans('Most of the ferry crews of more than 100 are expected to quickly move to the new harbour in Lindholm.')).toContainEqual(['to quickly move to the new harbour in Lindholm', 'are expected', null]);
  });
});

describe('speaker phrases before a reported-speech cue', () => {
  it('skips a time adjunct after a party label', () => {
    expect(spans('Sen. Eva Dahl (R-Iowa) on Wednesday criticized the new harbour levy for Sandvik.')).toEqual([['the new harbour levy for Sandvik', 'criticized', 'Sen. Eva Dahl (R-Iowa)']]);
  });

  it('takes a part set apart by dashes into the speaker', () => {
    expect(spans('Party elders — what is left of the old harbour guard — are acquiescing to the plan for Sandvik.')[0]?.[2]).toBe('Party elders — what is left of the old harbour guard —');
  });

  it('leaves an aside between dashes out of the speaker', () => {
    expect(spans('Mrs. Lind -- whose husband signed the harbour act into law -- has publicly derided the new levy on ferries.')[0]?.[2]).toBe('Mrs. Lind');
  });
});

describe('participles after a direct quote', () => {
  it('speaks for the quote’s speaker after a short adjunct, not for the quotation', () => {
    const quotes = spans('The board met on Monday. “They have a plan for the harbour,” the mayor said of the union, adding that the ferries would stop.');
    expect(quotes[1]).toEqual(['that the ferries would stop', 'adding', 'the mayor']);
  });

  it('names no speaker that opens inside a quotation', () => {
    const quotes = spans('The board met on Monday. “They have a plan for the harbour,” the mayor said of the union on the long pier at Sandvik, adding that the ferries would stop.');
    expect(quotes[1]?.[2] ?? null).toBeNull();
  });
});

describe('"CONTENT, SOURCE CUE"', () => {
  it('is not read when the speaker phrase ends with a relative pronoun', () => {
    const quotes = spans('“I was opposed to the new pier,” said Ola Berg, a councillor who declined to run for reelection.');
    expect(quotes.some((q) => q[0]?.includes('said Ola Berg'))).toBe(false);
    expect(quotes.find((q) => q[1] === 'declined')?.[2]).toBe('who');
  });
});

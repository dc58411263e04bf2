import { describe, expect, it } from 'vitest';
import { Article, emptyMeta, type ArticleJson, type Entity } from '../../core/article.js';
import { Deadline } from '../../core/deadline.js';
import { DEFAULT_LIMITS } from '../../core/limits.js';
import { createPipeline } from '../../core/pipeline.js';
import { articleProblems } from '../../test-support/schema.js';
import { createSegmentStage } from '../segment/index.js';
import { createQuotesStage } from './index.js';
import type { SourceLedger } from './voice.js';

const pipeline = createPipeline();
const analyze = (text: string) => pipeline.analyze({ text, verbatim: true });

/** Each quote as [kind, content, cue, mention, speaker name]. */
function table(article: ArticleJson) {
  const at = (s: { start: number; end: number } | null) => (s ? article.text.slice(s.start, s.end) : null);
  return article.quotes.map((q) => [q.kind, at(q), at(q.cue), at(q.speaker.mention), q.speaker.name]);
}

// A fictional article: every name and event is invented.
const STORY = [
  'The Northland transport ministry said on Monday that the new bridge would open in May.',
  '“We have finished the hard part,” Jana Kowalczyk, the minister of transport, told reporters. “The rest is paint,” she added.',
  'The ministry warned that the budget could still grow.',
  'Tomas Berg, spokesman for the Riverside Residents Association, hailed how quickly the work had gone.',
  '“Nobody expected this,” he said. Critics say the bridge is too narrow.',
  '“We will keep watching every step.”',
].join('\n\n');

describe('quotes stage', () => {
  it('finds direct and indirect quotes with cue and speaker, pronouns and organisations resolved', () => {
    const article = analyze(STORY);
    expect(articleProblems(article)).toEqual([]);
    expect(table(article)).toEqual([
      ['indirect', 'that the new bridge would open in May', 'said', 'The Northland transport ministry', 'Northland'],
      ['direct', 'We have finished the hard part,', 'told', 'Jana Kowalczyk, the minister of transport,', 'Jana Kowalczyk'],
      ['direct', 'The rest is paint,', 'added', 'she', 'Jana Kowalczyk'],
      ['indirect', 'that the budget could still grow', 'warned', 'The ministry', 'Northland'],
      ['indirect', 'how quickly the work had gone', 'hailed', 'Tomas Berg, spokesman for the Riverside Residents Association,', 'Tomas Berg'],
      ['direct', 'Nobody expected this,', 'said', 'he', 'Tomas Berg'],
      ['indirect', 'the bridge is too narrow', 'say', 'Critics', null],
      ['direct', 'We will keep watching every step.', 'said', 'he', 'Tomas Berg'], // continues his quote: same cue
    ]);
  });

  it('keeps both content parts around a parenthetical attribution, and one attribution across a quote that runs on', () => {
    const article = analyze([
      'The ferry line was a success, Ola Brandt said, until the harbour froze in 1999.',
      'This plan, she says, is different.',
      '“The port is ready,” said Brandt. “The boats are not.”',
    ].join('\n\n'));
    expect(table(article)).toEqual([
      ['indirect', 'The ferry line was a success', 'said', 'Ola Brandt', 'Ola Brandt'],
      ['indirect', 'until the harbour froze in 1999', 'said', 'Ola Brandt', 'Ola Brandt'],
      ['indirect', 'This plan', 'says', 'she', 'Ola Brandt'],
      ['indirect', 'is different', 'says', 'she', 'Ola Brandt'],
      ['direct', 'The port is ready,', 'said', 'Brandt', 'Ola Brandt'],
      ['direct', 'The boats are not.', 'said', 'Brandt', 'Ola Brandt'],
    ]);
  });

  it('gives every sentence a voice and flags vague attribution', () => {
    const article = analyze(STORY);
    const voiceOf = (fragment: string) => article.sentences.find((s) => article.text.slice(s.start, s.end).includes(fragment))?.voice;
    expect(voiceOf('We have finished')).toBe('attributed'); // less than half of it inside the marks
    expect(voiceOf('The rest is paint')).toBe('quoted');
    expect(voiceOf('The ministry warned')).toBe('attributed');
    expect(voiceOf('Critics say')).toBe('vague');
    const vague = article.framing.filter((f) => f.technique === 'Vague_Attribution');
    expect(vague.map((f) => [article.text.slice(f.start, f.end), f.ruleId, f.voice])).toEqual([['Critics say', 'quotes/vague-attribution', 'outlet']]);
    expect(vague[0]!.alternative).toMatch(/name the source/i);
  });

  it('reads mixed quotes and the impersonal passive', () => {
    const article = analyze('The mayor described the plan as “a gift to the city” and a model for others.\n\nIt is believed that the cost doubled.');
    expect(table(article)).toEqual([
      ['mixed', 'the plan as “a gift to the city” and a model for others', 'described', 'The mayor', null],
      ['indirect', 'that the cost doubled', 'is believed', null, null],
    ]);
    expect(article.sentences.map((s) => s.voice)).toEqual(['attributed', 'vague']);
  });

  it('reads transcript turns: the capitalised name speaks, the colon is the cue', () => {
    const article = analyze('“HOST: Where were you on Monday?\n\n“MARTA OLSEN: At the harbour, all day.”');
    expect(table(article).map((row) => row.slice(0, 4))).toEqual([
      ['direct', 'Where were you on Monday?', ':', 'HOST'],
      ['direct', 'At the harbour, all day.', ':', 'MARTA OLSEN'],
    ]);
  });

  it('keeps a titled speaker ("Mr. Brandt") inside a parenthetical attribution', () => {
    const article = analyze('Back in Lunden, Mr. Brandt said, he sold the ferry.');
    expect(table(article).map((row) => row.slice(0, 4))).toEqual([
      ['indirect', 'Back in Lunden', 'said', 'Mr. Brandt'],
      ['indirect', 'he sold the ferry', 'said', 'Mr. Brandt'],
    ]);
  });

  it('reads a quote in a headline, said by the words before it', () => {
    const article = analyze('Harbour board ‘will not raise the fees this year’\n\nThe board met on Monday.');
    expect(table(article)).toEqual([['direct', 'will not raise the fees this year', null, 'Harbour board', null]]);
  });

  it('keeps the source ledger: speakers, quote counts, text shares, voices, named sources', () => {
    const article = analyze(STORY);
    const ledger = article.ledger as SourceLedger;
    expect(ledger.quotes).toBe(article.quotes.length);
    expect(ledger.namedSources).toBe(3);
    expect(ledger.speakers.find((s) => s.name === 'Tomas Berg')?.quotes).toBe(3);
    expect(ledger.speakers.find((s) => s.name === null)?.mention).toBe('Critics');
    const total = Object.values(ledger.voiceShare).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 2);
  });

  it('prefers the entities stage: speaker name and id from the entity whose mention is the speaker', () => {
    const text = 'Officials met on Friday.\n\n“The deal is done,” the envoy said. Ms. Adeyemi later left.';
    const article = new Article({ id: 'e', text, meta: emptyMeta(), blocks: [{ type: 'paragraph', start: 0, end: 24 }, { type: 'paragraph', start: 26, end: text.length }] });
    const limits = DEFAULT_LIMITS;
    createSegmentStage({ limits }).run(article, Deadline.none());
    const envoy = text.indexOf('the envoy');
    const entities: Entity[] = [{ id: 'e7', type: 'PERSON', name: 'Folake Adeyemi', mentions: [{ start: text.indexOf('Adeyemi'), end: text.indexOf('Adeyemi') + 7 }] }];
    article.entities = entities;
    article.extensions.references = [{ start: envoy, end: envoy + 9, entityId: 'e7', kind: 'nominal' }];
    createQuotesStage({ limits }).run(article, Deadline.none());
    expect(article.quotes.map((q) => [q.speaker.name, q.speaker.entityId, text.slice(q.speaker.mention!.start, q.speaker.mention!.end)])).toEqual([
      ['Folake Adeyemi', 'e7', 'the envoy'],
    ]);
  });

  it('keeps initials, party labels and appositives inside speaker names, as PolNeAR annotates them', () => {
    const article = analyze([
      '“The harbour will reopen,” said Representative Mara K. Lindqvist of Northland.',
      '“The vote is a farce,” Sen. Ada Brook (D-Vt.) said. Sen. Per Holm (R-Ore.) said the vote was fair.',
      'Ola Brandt, president of the Eastfield ferry union, said the strike would end on Friday.',
    ].join('\n\n'));
    expect(table(article).map((row) => row.slice(0, 4))).toEqual([
      ['direct', 'The harbour will reopen,', 'said', 'Representative Mara K. Lindqvist of Northland'],
      ['direct', 'The vote is a farce,', 'said', 'Sen. Ada Brook (D-Vt.)'],
      ['indirect', 'the vote was fair', 'said', 'Sen. Per Holm (R-Ore.)'],
      ['indirect', 'the strike would end on Friday', 'said', 'Ola Brandt, president of the Eastfield ferry union,'],
    ]);
  });

  it('puts contracted auxiliaries in the cue, not in the speaker', () => {
    const article = analyze('He’s claiming that the vote was rigged.\n\nThey’re predicting a loss in Eastfield.');
    expect(table(article).map((row) => row.slice(1, 4))).toEqual([
      ['that the vote was rigged', '’s claiming', 'He'],
      ['a loss in Eastfield', '’re predicting', 'They'],
    ]);
  });

  it('attributes a quote whose comma closes a nested quote, and a participle cue after it, to the same speaker', () => {
    const article = analyze('“You say you ‘accept responsibility for the flood,’” Lind said, adding that the council had known for years.');
    expect(table(article).map((row) => row.slice(0, 4))).toEqual([
      ['direct', 'You say you ‘accept responsibility for the flood,’', 'said', 'Lind'],
      ['indirect', 'that the council had known for years', 'adding', 'Lind'],
    ]);
  });

  it('takes the "that" before a quote into its content, as PolNeAR does', () => {
    const article = analyze('The mayor said that “the bridge will open in May.”');
    expect(table(article).map((row) => row.slice(0, 4))).toEqual([['mixed', 'that “the bridge will open in May.”', 'said', 'The mayor']]);
  });

  it('takes the words between a cue and the quote after it into the content, as PolNeAR does', () => {
    const article = analyze('The harbour master called Berg “a danger to every ferry on the fjord.”\n\nMayor Lind says Berg “has never once sailed a ferry.”');
    expect(table(article).map((row) => row.slice(0, 4))).toEqual([
      ['mixed', 'Berg “a danger to every ferry on the fjord.”', 'called', 'The harbour master'],
      ['mixed', 'Berg “has never once sailed a ferry.”', 'says', 'Mayor Lind'],
    ]);
  });

  it('counts the marks of the quotation a mixed quote holds toward the sentence\'s voice, as a direct quote\'s', () => {
    const article = analyze('She had “wanted to be a ferry pilot since she was five years old,” her brother told the Sandvik Herald.');
    expect(table(article).map((row) => row[0])).toEqual(['mixed']);
    expect(article.sentences.map((sentence) => sentence.voice)).toEqual(['quoted']);
  });

  it('leaves titles in title case inside the outlet\'s sentence unattributed', () => {
    const article = analyze('The mayor read from “A River Runs Through Eastfield Again” at the library.');
    expect(article.quotes).toEqual([]);
  });

  it('reads quotes signed with a dash and a name at the end of the line', () => {
    const article = analyze('Readers on the new bridge.\n\n“We waited twenty years for this.” ― Marta Quill\n“It is too narrow for buses.”— Tomas J. Reyes.');
    expect(table(article)).toEqual([
      ['direct', 'We waited twenty years for this.', '―', 'Marta Quill', 'Marta Quill'],
      ['direct', 'It is too narrow for buses.', '—', 'Tomas J. Reyes', 'Tomas J. Reyes'],
    ]);
  });

  it('gives a participle cue the sentence subject, after an opener and up to its verb', () => {
    const article = analyze('On Thursday, Mayor Lind took a heckler in stride, saying the man would not be hurt.\n\nSmall groups of fishermen gathered outside, calling the plan a disgrace.');
    expect(table(article).map((row) => row.slice(1, 4))).toEqual([
      ['the man would not be hurt', 'saying', 'Mayor Lind'],
      ['the plan a disgrace', 'calling', 'Small groups of fishermen'],
    ]);
  });

  it('reads a participle cue after a comma inside closing quotation marks', () => {
    const article = analyze('Mayor Edda Lind mocked the claim that the pier was “built to last,” saying the harbour board had ignored every report.');
    expect(table(article)).toContainEqual(['indirect', 'the harbour board had ignored every report', 'saying', 'Mayor Edda Lind', 'Edda Lind']);
  });

  it('gives a coordinated cue after its auxiliaries the sentence subject, but not a passive one', () => {
    const article = analyze('Mayor Lind has opened two ferry lines and has also boasted of her plan to build a third.\n\nThe harbour master is retiring but is expected to stay on the board.');
    expect(table(article).map((row) => row.slice(1, 4))).toContainEqual(['her plan to build a third', 'has also boasted of', 'Mayor Lind']);
    expect(table(article).filter((row) => row[3] === 'The harbour master')).toEqual([]);
  });

  it('reads a speaker named in "-ing", an aside that ends in a quotation and a name with its party label before an appositive', () => {
    const article = analyze([
      'Ebeling said the ferry would run again in May.',
      'Mayor Lind, who calls the pier a “disgrace,” said the repairs would start soon.',
      "Carl Berg, citing ''the cost of steel,'' said the bridge would wait.",
      'And Sen. Ola Brandt (R-Nord), another harbour veteran, said he had not been asked.',
    ].join('\n\n'));
    const said = table(article).filter((row) => row[2] === 'said').map((row) => [row[1], row[3]]);
    expect(said).toEqual([
      ['the ferry would run again in May', 'Ebeling'],
      ['the repairs would start soon', 'Mayor Lind'],
      ['the bridge would wait', 'Carl Berg'],
      ['he had not been asked', 'Sen. Ola Brandt (R-Nord), another harbour veteran,'],
    ]);
  });

  it('reads "CONTENT, SOURCE CUE" when the content ends in a quotation with two-apostrophe marks', () => {
    const article = analyze("The harbour plan was ''a complete farce,'' Mr. Berg said.");
    expect(table(article)).toEqual([['mixed', "The harbour plan was ''a complete farce,''", 'said', 'Mr. Berg', 'Berg']]);
  });

  it('reads a subject with a relative clause that runs on to an aside before the cue', () => {
    const article = analyze('Yet some fishermen who have listened to the mayor over the decades, on the radio or at small town meetings, said the new pier was too short.');
    expect(table(article).map((row) => row.slice(1, 4))).toEqual([
      ['the new pier was too short', 'said', 'some fishermen who have listened to the mayor over the decades, on the radio or at small town meetings,'],
    ]);
  });

  it('gives an infinitive of purpose the sentence subject and its "to" in the cue, not after an expletive subject', () => {
    const article = analyze('The harbour board met on Friday to discuss the cost of the new pier.\n\nIt is too early to say whether the ferry will run.');
    expect(table(article).map((row) => row.slice(1, 4))).toEqual([['the cost of the new pier', 'to discuss', 'The harbour board']]);
  });

  it('takes a long source after "according to" up to the next mark', () => {
    const article = analyze('The ferry fares rose twice in a year, according to the annual report of the Sandvik harbour board.');
    expect(table(article)).toEqual([
      ['indirect', 'The ferry fares rose twice in a year', 'according to', 'the annual report of the Sandvik harbour board', 'Sandvik'],
    ]);
  });

  it('handles text without quotes, unbalanced marks, a quote to the end and 500 quotes', () => {
    expect(analyze('Nothing here is quoted. It is plain prose.').quotes).toEqual([]);
    const open = analyze('The report ends here.\n\n“This quotation mark is never closed and runs to the end');
    expect(table(open)).toEqual([['direct', 'This quotation mark is never closed and runs to the end', null, null, null]]);
    expect(open.messages.some((m) => m.ruleId === 'quotes/unbalanced-mark')).toBe(true);
    const stray = analyze('He paused " and then walked away.\n\nShe said that it rained.');
    expect(table(stray).map((q) => q[0])).toContain('indirect');
    const many = analyze(Array.from({ length: 500 }, (_, i) => `“Point number ${i} stands,” Anna Lind said.`).join('\n\n'));
    expect(many.quotes).toHaveLength(500);
    expect(many.quotes.every((q) => q.speaker.name === 'Anna Lind')).toBe(true);
    expect(articleProblems(many)).toEqual([]);
  });

  it('stays linear on a run-on sentence full of cues and on thousands of one-line attributions', () => {
    // Without bounds on content and name look-ups these took minutes (quadratic); now they finish quickly.
    const runOn = analyze(`The mayor said that ${'the council said that it rained and '.repeat(3000)}it ended.`);
    // (Every second "the council said" lies inside the content before it, which PolNeAR would not annotate.)
    expect(runOn.quotes.length).toBeGreaterThan(1400);
    expect(runOn.quotes.every((q) => q.end - q.start < 2000)).toBe(true);
    const lines = analyze('Anna Berg said that it rained. '.repeat(4000));
    expect(lines.quotes).toHaveLength(4000);
    expect(new Set(lines.quotes.map((q) => q.speaker.name))).toEqual(new Set(['Anna Berg']));
  });
});

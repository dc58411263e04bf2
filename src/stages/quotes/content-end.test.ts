import { describe, expect, it } from 'vitest';
import { Deadline } from '../../core/deadline.js';
import { createPipeline } from '../../core/pipeline.js';
import { tokenize } from '../tokenize/index.js';
import { AttributionFinder, contentLimit } from './attribution.js';
import { TokenView } from './token-view.js';
import { EndScorer, endFeatures, startClass } from './content-end.js';
import { hashString, mix, template, WeightTable } from './hashed.js';
import { loadQuoteLexicon } from './lexicon.js';
import { findQuotedSpans } from './marks.js';

// Fictional sentences; the content-end model is replaced by small hand-made ones so each test shows one mechanism.
const pipeline = createPipeline();
const rulesOnly = loadQuoteLexicon(null);

function viewOf(text: string): TokenView {
  const article = pipeline.analyze({ text, verbatim: true });
  return new TokenView(text, tokenize(text, article.sentences), findQuotedSpans(text, article.blocks));
}

function contents(weights: WeightTable, text: string): string[] {
  const view = viewOf(text);
  const finder = new AttributionFinder({ ...rulesOnly, contentEnd: weights });
  return finder.find(view, view.tokens.sentenceFirst.length - 1, Deadline.none()).map((a) => text.slice(a.start, a.end));
}

/** A cut before a word, for a content of one kind (startClass): the kind's "next word" feature. */
const kindNext = (kind: number, next: string) => mix(mix(template('k|n'), kind), hashString(next));

describe('content-end ranker', () => {
  it('tells noun-phrase contents from clauses by their first word and a verb close after it', () => {
    const view = viewOf('Holm cited the figure. Holm said that it rained. Holm wants to go. He left. The ferries would run again.');
    const at = (word: string) => view.lower.indexOf(word);
    const clause = (shape: string) => mix(hashString(shape), hashString('<clause>'));
    expect(startClass(view, at('the'))).toBe(hashString('<det>'));
    expect(startClass(view, at('that'))).toBe(hashString('that'));
    expect(startClass(view, at('to'))).toBe(hashString('to'));
    expect(startClass(view, at('he'))).toBe(hashString('<pron>'));
    expect(startClass(view, at('ferries') - 1)).toBe(clause('<det>'));
    expect(startClass(view, 0)).toBe(clause('<Cap>'));
  });

  it('ends a noun-phrase content before an adjunct and lets a clause run on, by the weights of its kind', () => {
    const text = 'The mayor cited the figure during the debate. The mayor said that the pier opened during the storm.';
    // Without kinds the sentence end wins; a cut before "during" weighs for noun phrases (after "cited the") and
    // against clauses (after "said that").
    const plain: [number, number][] = [[mix(template('n'), hashString('during')), 0.1], [template('sentence-end'), 0.2]];
    const kinds: [number, number][] = [[kindNext(hashString('<det>'), 'during'), 5], [kindNext(hashString('that'), 'during'), -5]];
    expect(contents(new WeightTable(plain), text)).toEqual(['the figure during the debate', 'that the pier opened during the storm']);
    expect(contents(new WeightTable([...plain, ...kinds]), text)).toEqual(['the figure', 'that the pier opened during the storm']);
  });

  it('ends a content where its cue word’s contents end: "cited the figure [at …]", "said the figure rose at …"', () => {
    const text = 'The mayor cited the figure at the forum. The mayor said the figure rose at the forum.';
    const cueNext = (cue: string, next: string) => mix(mix(template('cue|n'), hashString(cue)), hashString(next));
    const plain: [number, number][] = [[mix(template('n'), hashString('at')), 0.1], [template('sentence-end'), 0.2]];
    expect(contents(new WeightTable(plain), text)).toEqual(['the figure at the forum', 'the figure rose at the forum']);
    expect(contents(new WeightTable([...plain, [cueNext('cited', 'at'), 1], [cueNext('said', 'at'), -1]]), text)).toEqual(['the figure', 'the figure rose at the forum']);
  });

  it('scores each cut as the sum of the weights of the features training sees', () => {
    const view = viewOf('Officials in Sandvik warned on Monday that the ferry, which is old, would stop running in May.');
    const limit = contentLimit(view, 0);
    const start = view.lower.indexOf('that');
    const isCue = () => false;
    // Weights on many of the features, so that any feature the scorer leaves out or adds changes the best cut.
    const entries: [number, number][] = [];
    const cue = view.hash[view.lower.indexOf('warned')]!;
    for (let end = start + 2; end <= limit; end++) endFeatures(view, start, end, limit, isCue, cue).forEach((f, k) => entries.push([f, ((f % 7) - 3) / (k + 1)]));
    const weights = new WeightTable(new Map(entries));
    for (const asked of [0, cue]) {
      let best = limit;
      let bestScore = -Infinity;
      for (let end = start + 2; end <= limit; end++) {
        if (end < limit && weights.get(mix(template('n'), view.hash[end]!)) <= 0) continue;
        const score = weights.score(endFeatures(view, start, end, limit, isCue, asked));
        if (score > bestScore) [best, bestScore] = [end, score];
      }
      expect(new EndScorer(weights, view, isCue).bestEnd(start, limit, asked)).toBe(best);
    }
  });

  it('asks from where the span conventions start the content: past the preposition the cue takes', () => {
    // "warned of": the output content starts after "of". Two-token contents score, three-token ones do not: asked
    // from "heavy", the cut before "at" makes two tokens; asked from "of", it would make three.
    const text = 'The harbour master warned of heavy storms at sea.';
    const weights = new WeightTable([[mix(template('len'), 2), 4], [mix(template('len'), 3), -4], [mix(template('n'), hashString('at')), 0.1]]);
    expect(contents(weights, text)).toEqual(['heavy storms']);
  });
});

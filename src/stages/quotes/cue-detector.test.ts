import { describe, expect, it } from 'vitest';
import { Deadline } from '../../core/deadline.js';
import { createPipeline } from '../../core/pipeline.js';
import { tokenize } from '../tokenize/index.js';
import { AttributionFinder } from './attribution.js';
import { TokenView } from './token-view.js';
import { candidateThreshold, cueDetectorFrom, cueTokenFeatures, detectorAsks, endsInLy, stemOf } from './cue-detector.js';
import { hashString, mix, template } from './hashed.js';
import { loadQuoteLexicon } from './lexicon.js';
import { findQuotedSpans } from './marks.js';

// Fictional sentences; the detectors are small hand-made ones, so each test shows one mechanism.
const pipeline = createPipeline();
const rulesOnly = loadQuoteLexicon(null);
const feature = (name: string, part: string) => mix(template(name), hashString(part));

function viewOf(text: string): { view: TokenView; sentences: number } {
  const article = pipeline.analyze({ text, verbatim: true });
  return { view: new TokenView(text, tokenize(text, article.sentences), findQuotedSpans(text, article.blocks)), sentences: article.sentences.length };
}

describe('cue detector features', () => {
  it('gives a word’s regular inflections one stem', () => {
    expect(new Set(['wants', 'wanted', 'wanting', 'want'].map(stemOf))).toEqual(new Set(['want']));
    expect(new Set(['believes', 'believed', 'believe', 'believing'].map(stemOf))).toEqual(new Set(['believ']));
    expect(stemOf('is')).toBe('is'); // too short to strip
  });

  it('looks past auxiliaries and manner adverbs for the word that holds the stance', () => {
    const text = 'The ferry union has also repeatedly opposed the new rota.';
    const { view } = viewOf(text);
    const opposed = view.lower.indexOf('opposed');
    const features = cueTokenFeatures(view, rulesOnly, opposed, 0, view.tokens.count - 1);
    expect(features).toContain(feature('subj', 'union'));
    expect(features).toContain(feature('stem', 'oppos'));
    expect(endsInLy(view, view.lower.indexOf('repeatedly'))).toBe(true);
    expect(endsInLy(view, view.lower.indexOf('union'))).toBe(false);
  });
});

describe('cue detector candidates', () => {
  it('lets a word before "that" in with a lower score', () => {
    const { view } = viewOf('The harbour master fears that the pier will crack, and fears the winter.');
    const [before, after] = view.lower.flatMap((w, i) => (w === 'fears' ? [i] : []));
    expect(candidateThreshold({ threshold: 0 }, view, before!)).toBeLessThan(0);
    expect(candidateThreshold({ threshold: 0 }, view, after!)).toBe(0);
  });
});

describe('cue detector sentence context', () => {
  // "said" and "told" are sure cues (rate ≥ 0.5); "wants" and "plans" are not.
  const rates = new Map([['said', 0.9], ['told', 0.8], ['wants', 0.3], ['plans', 0.2], ['vowed', 0.6]]);
  const withContext = { ...rulesOnly, cueDetector: cueDetectorFrom({ about: '', threshold: 0, minRate: 0.05, weights: {} }, rates) };
  const bucketFeature = (name: string, value: number) => mix(template(name), value);
  const contextOf = (text: string, word: string) => {
    const { view } = viewOf(text);
    return cueTokenFeatures(view, withContext, view.lower.indexOf(word), 0, view.tokens.count - 1);
  };

  it('sees a sure cue before the word: the word then stands inside someone’s reported content', () => {
    // strong-around = 8 × (bucket of the sure cue before) + (bucket of the one after); 0: none within reach.
    const inside = contextOf('The harbour master said the mayor wants a new ferry.', 'wants');
    expect(inside).toContain(bucketFeature('strong-around', 3 * 8)); // "said" three tokens back, none after
    expect(inside).toContain(mix(mix(template('w|strong-around'), hashString('wants')), 2));
    const alone = contextOf('The mayor wants a new ferry for the island.', 'wants');
    expect(alone).toContain(bucketFeature('strong-around', 0));
    expect(alone).toContain(mix(mix(template('w|strong-around'), hashString('wants')), 0));
  });

  it('sees a sure cue after the word, quoted words and a “that” ahead', () => {
    const features = contextOf('The mayor plans to call the rota “a disgrace” and told the union that it must yield.', 'plans');
    expect(features).toContain(bucketFeature('strong-around', 5)); // "told" ten tokens on
    // quote-that-ahead = 8 × (bucket of the first quoted word ahead) + (bucket of a "that" ahead)
    expect(features).toContain(bucketFeature('quote-that-ahead', 4 * 8)); // the mark five tokens on; "that" beyond eight
    const told = contextOf('The mayor told reporters on Monday that the ferry will run.', 'told');
    expect(told).toContain(bucketFeature('quote-that-ahead', 3)); // "that" four tokens on
  });

  it('knows no sure cue without learned rates (the rules-only lexicon), yet still sees what lies ahead', () => {
    const { view } = viewOf('The harbour master said the mayor wants “a new ferry”.');
    const features = cueTokenFeatures(view, rulesOnly, view.lower.indexOf('wants'), 0, view.tokens.count - 1);
    expect(features).toContain(bucketFeature('strong-around', 0));
    expect(features).toContain(bucketFeature('quote-that-ahead', 1 * 8));
  });

  it('scores an asked word without making its suffix or stem string (tables built at load) to the same features', () => {
    const { view } = viewOf('The mayor vows to reopen the ferry.');
    const i = view.lower.indexOf('vows');
    const fromTables = cueTokenFeatures(view, withContext, i, 0, view.tokens.count - 1);
    expect(withContext.cueDetector.suffixes!.get(hashString('vows'))).toBe(hashString('ows'));
    expect(fromTables).toContain(feature('suf', 'ows'));
    expect(fromTables).toContain(feature('stem', 'vow'));
  });
});

describe('training over the segment stage alone (scripts/train-quotes.mjs)', () => {
  it('sees the same sentences and blocks as the whole pipeline, which the detector and frame filter read', () => {
    const text = 'Harbour Talks Stall\n\nThe mayor of Port Ellery said on Monday that the ferry “will run,” and the union wants more.\n\nDr. Tova Lind, 58, disagreed. She told reporters: “Not yet.”';
    const whole = pipeline.analyze({ text, verbatim: true });
    const segmented = createPipeline({ extractOnly: true }).analyze({ text, verbatim: true });
    expect(segmented.sentences.map((x) => [x.start, x.end])).toEqual(whole.sentences.map((x) => [x.start, x.end]));
    expect(segmented.blocks).toEqual(whole.blocks);
    expect(whole.sentences.length).toBeGreaterThan(2);
  });
});

describe('which words the detector is asked about', () => {
  const rates = new Map([['vowed', 0.6], ['vow', 0.3], ['state', 0.01], ['ferry', 0.0]]);
  const detector = cueDetectorFrom({ about: '', threshold: 1, minRate: 0.05, weights: { [feature('stem', 'vow')]: 2 } }, rates);

  it('asks about unseen regular inflections of an asked word, not about words seen with a low rate', () => {
    const { view } = viewOf('Mayor Tova Lind vows to reopen the ferry, but the state says the ferry costs too much.');
    expect(detectorAsks(detector, view, view.lower.indexOf('vows'))).toBe(true); // never seen in training
    expect(detectorAsks(detector, view, view.lower.indexOf('ferry'))).toBe(false); // seen, rarely a cue
    expect(detectorAsks(detector, view, view.lower.indexOf('state'))).toBe(false);
  });

  it('proposes an unseen inflection as a cue by its stem', () => {
    const text = 'Mayor Tova Lind vows to reopen the ferry before the summer.';
    const { view, sentences } = viewOf(text);
    const found = new AttributionFinder({ ...rulesOnly, cueDetector: detector }).find(view, sentences, Deadline.none());
    expect(found.map((a) => [text.slice(a.cue!.start, a.cue!.end), text.slice(a.mention!.start, a.mention!.end), text.slice(a.start, a.end)])).toEqual([
      ['vows', 'Mayor Tova Lind', 'to reopen the ferry before the summer'],
    ]);
  });
});

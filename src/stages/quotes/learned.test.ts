import { describe, expect, it } from 'vitest';
import { Deadline } from '../../core/deadline.js';
import { createPipeline } from '../../core/pipeline.js';
import { tokenize } from '../tokenize/index.js';
import { AttributionFinder } from './attribution.js';
import { TokenView } from './token-view.js';
import { sourceWindowStart, StartScorer } from './boundaries.js';
import { detectorAsks, type CueDetector } from './cue-detector.js';
import type { FrameCandidate } from './frame-filter.js';
import { hashString, mix, template, WeightTable } from './hashed.js';
import { loadQuoteLexicon, type QuoteLexicon } from './lexicon.js';
import { findQuotedSpans } from './marks.js';

// Fictional sentences; the learned models are replaced by small hand-made ones so each test shows one mechanism.
const pipeline = createPipeline();

function viewOf(text: string): { view: TokenView; sentences: number } {
  const article = pipeline.analyze({ text, verbatim: true });
  return { view: new TokenView(text, tokenize(text, article.sentences), findQuotedSpans(text, article.blocks)), sentences: article.sentences.length };
}

function contents(lexicon: QuoteLexicon, text: string, record?: (frame: FrameCandidate, features: number[]) => void): string[] {
  const { view, sentences } = viewOf(text);
  const finder = new AttributionFinder(lexicon, record ? { recordFrame: record } : {});
  return finder.find(view, sentences, Deadline.none()).map((a) => text.slice(a.start, a.end));
}

const rulesOnly = loadQuoteLexicon(null);
/** A feature by its template and word parts, as the stage builds it ("c" + "said" = the cue word is "said"). */
const feature = (name: string, ...parts: string[]) => parts.reduce((h, part) => mix(h, hashString(part)), template(name));
const weights = (...entries: [number, number][]) => new WeightTable(entries);
const TEXT = 'Mayor Ilse Varga said that the tram would run again. The council denied that the depot had flooded.';

describe('frame filter', () => {
  it('describes a candidate by its cue, rule, source and content', () => {
    const seen: number[][] = [];
    contents(rulesOnly, TEXT, (_frame, features) => seen.push(features));
    expect(seen).toHaveLength(2);
    expect(seen[0]).toEqual(expect.arrayContaining([template('bias'), feature('c', 'said'), feature('r', 'quotes/reported-before'), feature('s', 'name'), feature('cf', 'that'), template('content-to-end'), template('content-after')]));
    expect(seen[1]).toEqual(expect.arrayContaining([feature('c', 'denied'), feature('sh', 'council'), feature('s', 'group')]));
  });

  it('drops the candidates its weights score below the threshold and keeps the others', () => {
    const frameModel = { weights: weights([template('bias'), 1], [feature('c', 'denied'), -3]), threshold: 0, detectedThreshold: 0, minRate: 0.4, addRate: 0.55 };
    expect(contents(rulesOnly, TEXT)).toEqual(['that the tram would run again', 'that the depot had flooded']);
    expect(contents({ ...rulesOnly, frameModel }, TEXT)).toEqual(['that the tram would run again']);
  });

  it('lets a recorder see every candidate, unfiltered, for training', () => {
    const frameModel = { weights: weights([template('bias'), -5]), threshold: 0, detectedThreshold: 0, minRate: 0.4, addRate: 0.55 };
    const recorded: string[] = [];
    const kept = contents({ ...rulesOnly, frameModel }, TEXT, (frame) => recorded.push(frame.rule));
    expect(recorded).toEqual(['quotes/reported-before', 'quotes/reported-before']);
    expect(kept).toHaveLength(2);
  });
});

describe('boundary rankers', () => {
  it('starts content where the content ranker scores best, and keeps the rules’ start without candidates', () => {
    const { view } = viewOf('Anna Roos told reporters on Monday that the ferry was late.');
    const scorer = new StartScorer({ source: weights(), content: weights([feature('w', 'that'), 3]) }, view, rulesOnly);
    const told = view.lower.indexOf('told');
    expect(view.lower[scorer.contentStart(told, told + 1, told + 8, told + 1)]).toBe('that');
    expect(scorer.contentStart(told, told + 1, told + 1, told + 1)).toBe(told + 1);
  });

  it('looks for a speaker’s start back to the previous sentence stop or quote, not past "Mr."', () => {
    const text = 'It rained. Then Mr. Ansel Byrne of the ferry board said that it would clear.';
    const { view } = viewOf(text);
    const cue = view.lower.indexOf('said');
    const first = view.lower.indexOf('then');
    expect(view.lower[sourceWindowStart(view, rulesOnly, cue, first)]).toBe('then');
  });

  it('moves the speaker’s start where the source ranker points', () => {
    const text = 'The tenants union at Birch Road said that the rent was too high.';
    const plain = new AttributionFinder(rulesOnly);
    const ranked = new AttributionFinder({ ...rulesOnly, boundaryModel: { source: weights([template('sentence-start'), 5]), content: weights() } });
    const mention = (finder: AttributionFinder) => {
      const { view, sentences } = viewOf(text);
      const a = finder.find(view, sentences, Deadline.none())[0]!;
      return a.mention ? text.slice(a.mention.start, a.mention.end) : null;
    };
    // The rules alone stop at "at", and the object of a preposition is no speaker.
    expect(mention(plain)).toBeNull();
    expect(mention(ranked)).toBe('The tenants union at Birch Road');
  });
});

describe('cue detector', () => {
  // A hand-made detector that knows two cue words the lexicon lacks (a wish and a plan).
  const detector = (threshold: number): CueDetector => ({
    weights: weights([feature('w', 'wants'), 5], [feature('w', 'plans'), 3]),
    threshold,
    minRate: 0.1,
    asked: weights([hashString('wants'), 1], [hashString('plans'), 1]),
  });
  const TEXT_WISH = 'The harbour authority wants the ferry timetable extended to the outer islands. Senator Ilka Varga plans to table a bill on rural buses.';

  function quotes(lexicon: QuoteLexicon, text: string) {
    const { view, sentences } = viewOf(text);
    return new AttributionFinder(lexicon).find(view, sentences, Deadline.none()).map((a) => ({
      cue: a.cue && text.slice(a.cue.start, a.cue.end), mention: a.mention && text.slice(a.mention.start, a.mention.end), content: text.slice(a.start, a.end),
    }));
  }

  it('adds cues of belief, wish and plan beyond the lexicon, framed by the rules', () => {
    expect(quotes(rulesOnly, TEXT_WISH)).toEqual([]);
    expect(quotes({ ...rulesOnly, cueDetector: detector(1) }, TEXT_WISH)).toEqual([
      { cue: 'wants', mention: 'The harbour authority', content: 'the ferry timetable extended to the outer islands' },
      { cue: 'plans', mention: 'Senator Ilka Varga', content: 'to table a bill on rural buses' },
    ]);
  });

  it('proposes only words scoring at its threshold, and only words it is asked about', () => {
    expect(quotes({ ...rulesOnly, cueDetector: detector(4) }, TEXT_WISH).map((q) => q.cue)).toEqual(['wants']);
    const { view } = viewOf(TEXT_WISH);
    expect(detectorAsks(detector(0), view, view.lower.indexOf('wants'))).toBe(true);
    expect(detectorAsks(detector(0), view, view.lower.indexOf('ferry'))).toBe(false);
  });

  it('never takes a distancing adjective for a cue, however the detector scores it', () => {
    // Regression: "Some so-called “experts” appeared …" came out as a vague source ("Some") reporting a claim.
    const eager: CueDetector = { weights: weights([feature('w', 'so-called'), 9]), threshold: 1, minRate: 0.01, asked: weights([hashString('so-called'), 1]) };
    expect(quotes({ ...rulesOnly, cueDetector: eager }, 'Some so-called “experts” appeared on the panel on Tuesday.')).toEqual([]);
  });

  it('lets the frame filter hold the detector’s candidates to their own threshold', () => {
    const frameModel = { weights: weights([template('bias'), 1]), threshold: 0, detectedThreshold: 2, minRate: 0.4, addRate: 0.55 };
    const text = `${TEXT_WISH} The council denied that the depot had flooded.`;
    expect(quotes({ ...rulesOnly, cueDetector: detector(1), frameModel }, text).map((q) => q.cue)).toEqual(['denied']);
    expect(quotes({ ...rulesOnly, cueDetector: detector(1), frameModel: { ...frameModel, detectedThreshold: 1 } }, text).map((q) => q.cue)).toEqual(['wants', 'plans', 'denied']);
  });
});

describe('hashed features', () => {
  it('finds each weight by its feature number and weighs unknown features 0', () => {
    const table = new WeightTable(Array.from({ length: 1000 }, (_, k) => [mix(template('w'), hashString(`word${k}`)), k / 10] as const));
    expect(table.get(mix(template('w'), hashString('word417')))).toBeCloseTo(41.7);
    expect(table.get(mix(template('p'), hashString('word417')))).toBe(0);
    expect(table.score([mix(template('w'), hashString('word1')), mix(template('w'), hashString('word2'))])).toBeCloseTo(0.3);
  });

  it('keeps feature numbers small non-negative integers and tells the order of parts apart', () => {
    const a = mix(hashString('x'), hashString('y'));
    expect(Number.isInteger(a) && a >= 0 && a < 2 ** 30).toBe(true);
    expect(a).not.toBe(mix(hashString('y'), hashString('x')));
  });
});

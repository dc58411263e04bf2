import { describe, expect, it } from 'vitest';
import type { FramingFinding } from '../../core/article.js';
import { framingSummary, isLoadedFlag, MODEL_FLAG_CONFIDENCE } from './summary.js';

const finding = (over: Partial<FramingFinding>): FramingFinding => ({
  technique: 'Loaded_Language', start: 0, end: 5, voice: 'outlet', explanation: 'x', alternative: null,
  ruleId: 'framing/model@test', confidence: 0.9, kind: 'model', ...over,
});

describe('isLoadedFlag', () => {
  it('counts model findings only from the flag confidence up', () => {
    expect(isLoadedFlag(finding({ confidence: MODEL_FLAG_CONFIDENCE }))).toBe(true);
    expect(isLoadedFlag(finding({ confidence: MODEL_FLAG_CONFIDENCE - 0.01 }))).toBe(false);
  });

  it('treats the model’s Name_Calling,Labeling like its other techniques', () => {
    expect(isLoadedFlag(finding({ technique: 'Name_Calling,Labeling', confidence: MODEL_FLAG_CONFIDENCE }))).toBe(true);
    expect(isLoadedFlag(finding({ technique: 'Name_Calling,Labeling', confidence: MODEL_FLAG_CONFIDENCE - 0.01 }))).toBe(false);
    expect(isLoadedFlag(finding({ technique: 'Name_Calling,Labeling', kind: 'name-calling', ruleId: 'framing/lexicon/name-calling/x', confidence: 0.1 }))).toBe(true);
  });

  it('leaves hedges and contested terms out whatever their source', () => {
    expect(isLoadedFlag(finding({ technique: 'Hedge', kind: 'hedge' }))).toBe(false);
    expect(isLoadedFlag(finding({ technique: 'Contested_Term', kind: 'loaded-label' }))).toBe(false);
  });
});

describe('framingSummary', () => {
  it('counts flags per voice per 1,000 words', () => {
    const summary = framingSummary([finding({}), finding({ voice: 'quoted' }), finding({ confidence: 0.1 })], 500);
    expect(summary.outlet).toEqual({ findings: 1, per1000Words: 2 });
    expect(summary.quoted).toEqual({ findings: 1, per1000Words: 2 });
  });
});

// Runs every golden case in test/cases and diffs extraction against expected.json.
// UPDATE=1 npx vitest run test/golden.test.ts   rewrites expected.json from the current output.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPipeline } from '../src/core/pipeline.js';
import { articleProblems } from '../src/test-support/schema.js';
import { formatExpected, goldenProjection, listCases, readCase } from './golden-cases.mjs';

const update = process.env['UPDATE'] === '1';

describe('golden cases (test/cases)', () => {
  const pipelines = new Map<string, ReturnType<typeof createPipeline>>();
  const pipelineFor = (limits: object | undefined) => {
    const key = JSON.stringify(limits ?? {});
    if (!pipelines.has(key)) pipelines.set(key, createPipeline({ extractOnly: true, limits: limits ?? {} }));
    return pipelines.get(key)!;
  };

  for (const name of listCases()) {
    it(name, () => {
      const { input, options, expectedPath, expected } = readCase(name);
      const article = pipelineFor(options.limits).analyze(input);
      expect(articleProblems(article)).toEqual([]);
      if (update) writeFileSync(expectedPath, formatExpected(article));
      else {
        expect(expected, `${name}: no expected.json — run UPDATE=1 npx vitest run test/golden.test.ts`).not.toBeNull();
        expect(goldenProjection(article)).toEqual(expected);
      }
      if (input.verbatim) expect(article.text).toBe(input.text);
    });
  }
});

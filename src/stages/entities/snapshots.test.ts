import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../core/pipeline.js';
import { entitiesSnapshot } from './snapshot.js';

// Fictional articles (test/fixtures/entities/README.md) and the stage's output on them, written by
// scripts/entities-snapshots.mjs: speed work on the stage must leave every entity, mention, reference and message as it was.
const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/entities/', import.meta.url));
const pipeline = createPipeline();

describe('entities stage output on the fixture articles', () => {
  const texts = readdirSync(FIXTURES).filter((name) => name.endsWith('.txt')).sort();
  it('has fixtures to compare', () => expect(texts.length).toBeGreaterThanOrEqual(3));
  for (const name of texts) {
    it(`is unchanged on ${name}`, () => {
      const article = pipeline.analyze({ text: readFileSync(FIXTURES + name, 'utf8') });
      const expected: unknown = JSON.parse(readFileSync(FIXTURES + name.replace(/\.txt$/, '.entities.json'), 'utf8'));
      expect(entitiesSnapshot(article)).toEqual(expected);
    });
  }
});

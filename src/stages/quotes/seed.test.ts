import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../core/pipeline.js';

// ../shared beside the repository, or PRESSLENS_SHARED when the repository is checked out elsewhere.
const SHARED = process.env.PRESSLENS_SHARED ?? fileURLToPath(new URL('../../../../shared', import.meta.url));
const SEED = `${SHARED}/fixtures/seed/000_c2b7df70bbd86754.txt`;
const GOLD = SEED.replace(/\.txt$/, '.gold.json');
const present = existsSync(SEED) && existsSync(GOLD);
if (!present) console.warn(`quotes seed test skipped: ${SEED} not found (needs ../shared)`);

interface GoldQuote {
  text: string;
  speaker: string | null;
}

const fold = (s: string) => s.replace(/[“”‘’"']/g, '').trim();

describe.skipIf(!present)('quotes on the seed article (../shared/fixtures/seed)', () => {
  it('finds the gold quotes and speakers', () => {
    const article = createPipeline().analyze({ text: readFileSync(SEED, 'utf8') });
    const gold = (JSON.parse(readFileSync(GOLD, 'utf8')) as { quotes: GoldQuote[] }).quotes;
    let found = 0;
    let speakers = 0;
    for (const g of gold) {
      const match = article.quotes.find((q) => fold(article.text.slice(q.start, q.end)) === fold(g.text));
      if (!match) continue;
      found++;
      const lastWord = g.speaker?.split(/[\s-]/).pop()?.toLowerCase();
      if (lastWord ? match.speaker.name?.toLowerCase().includes(lastWord) : match.speaker.name === null) speakers++;
    }
    expect(found).toBeGreaterThanOrEqual(15);
    expect(speakers).toBeGreaterThanOrEqual(14);
    expect(article.framing.some((f) => f.technique === 'Vague_Attribution' && article.text.slice(f.start, f.end).includes('recent reports'))).toBe(true);
  });
});

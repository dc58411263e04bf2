// The seed article of ../shared/fixtures/seed must score full marks on seed-check's `meta` line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/test-support/cli.js';
import { sharedDir } from './shared-data.js';

const shared = sharedDir();
const seed = shared && join(shared, 'fixtures/seed/000_c2b7df70bbd86754.txt');
const available = !!seed && existsSync(seed);
if (!available) console.warn('seed test skipped: ../shared (or $PRESSLENS_SHARED) with fixtures/seed and eval/seed-check.mjs is not here');

describe.skipIf(!available)('seed article (needs ../shared)', () => {
  it('scores meta 6/6 on seed-check', () => {
    const analysed = runCli(['analyze', seed!, '--format', 'json']);
    expect(analysed.status).toBe(0);
    const check = spawnSync(process.execPath, [join(shared!, 'eval/seed-check.mjs'), '-'], { input: analysed.stdout, encoding: 'utf8' });
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/^meta 6\/6 /m);
  });
});

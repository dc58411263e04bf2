import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const REPO = fileURLToPath(new URL('..', import.meta.url));

/**
 * The shared evaluation folder (third-party data and scorers, never committed): $PRESSLENS_SHARED, else
 * ../shared next to the repository (or next to the folder of git worktrees). Null when absent.
 */
export function sharedDir(): string | null {
  const candidates = [process.env['PRESSLENS_SHARED'], resolve(REPO, '../shared'), resolve(REPO, '../../shared')];
  return candidates.find((dir): dir is string => !!dir && existsSync(resolve(dir, 'eval'))) ?? null;
}

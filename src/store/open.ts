import { resolve } from 'node:path';
import { SqliteConnection, type SqliteOptions } from './sqlite.js';
import type { ResidencyOptions } from '../compare/cluster/clusterer.js';
import type { SearchTuning } from './search.js';
import { SqlStore } from './sql-store.js';
import type { Store } from './types.js';

export const DEFAULT_DATABASE = 'presslens.db';

export interface OpenOptions extends SqliteOptions {
  /** PostgreSQL connections kept open. */
  poolSize?: number;
  /** Search bounds (src/store/search.ts). */
  search?: SearchTuning;
  /** How much of the story clusterer stays in memory (default STORE_RESIDENCY; docs/COMPARE.md, "Stored clusters"). */
  clusterResidency?: ResidencyOptions;
}

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** Opens (creating and migrating when needed) the store at a SQLite path or a postgres:// URL. */
export async function openStore(target: string = DEFAULT_DATABASE, options: OpenOptions = {}): Promise<Store> {
  if (isPostgresUrl(target)) {
    // The PostgreSQL driver is loaded only for a PostgreSQL store (~40 ms before a SQLite ingest could start).
    const { PostgresConnection, redact } = await import('./postgres.js');
    return SqlStore.open(new PostgresConnection(target, { max: options.poolSize ?? 4 }), redact(target), options.search, options.clusterResidency);
  }
  const path = resolve(target);
  return SqlStore.open(new SqliteConnection(path, options), path, options.search, options.clusterResidency);
}

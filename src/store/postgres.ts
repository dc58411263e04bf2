import pg from 'pg';
import { PresslensError } from '../core/errors.js';
import type { SqlConnection, Row } from './connection.js';

// COUNT(*) and SUM() come back as int8/numeric; the corpus never gets near 2^53, so numbers are safe.
const TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/** Numbers `?` placeholders as PostgreSQL wants ($1, $2, …). Statements never contain a literal `?`. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Deadlock and serialization failures: the transaction did nothing and can simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);

/** Most parameters one PostgreSQL statement takes. */
const MAX_PARAMETERS = 65_000;

abstract class PgQueryable implements SqlConnection {
  readonly dialect = 'postgres' as const;
  protected abstract query(sql: string, params: readonly unknown[]): Promise<pg.QueryResult>;
  abstract transaction<T>(work: (tx: SqlConnection) => Promise<T>): Promise<T>;
  abstract close(): Promise<void>;

  async all<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }

  async get<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.query(sql, params)).rows[0] as T | undefined;
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }

  async exec(script: string): Promise<void> {
    await this.query(script, []);
  }

  async insertMany(table: string, columns: readonly string[], rows: readonly unknown[][], suffix = ''): Promise<void> {
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
    for (let from = 0; from < rows.length; from += perStatement) {
      const chunk = rows.slice(from, from + perStatement);
      const tuples = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
      await this.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples} ${suffix}`, chunk.flat());
    }
  }
}

class PgTransaction extends PgQueryable {
  constructor(private readonly client: pg.PoolClient, private readonly label: string) {
    super();
  }

  protected async query(sql: string, params: readonly unknown[]): Promise<pg.QueryResult> {
    return this.client.query(numberPlaceholders(sql), params as unknown[]).catch((error: unknown) => {
      throw describePgError(error, this.label);
    });
  }

  async transaction<T>(work: (tx: SqlConnection) => Promise<T>): Promise<T> {
    return work(this);
  }

  async close(): Promise<void> {}
}

/** A pool of PostgreSQL connections; each transaction holds one client from BEGIN to COMMIT. */
export class PostgresConnection extends PgQueryable {
  private readonly pool: pg.Pool;
  readonly label: string;

  constructor(url: string, options: { max?: number } = {}) {
    super();
    this.label = redact(url);
    this.pool = new pg.Pool({ connectionString: url, max: options.max ?? 4, types: TYPES });
    // An idle client losing its server must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  protected async query(sql: string, params: readonly unknown[]): Promise<pg.QueryResult> {
    return this.pool.query(numberPlaceholders(sql), params as unknown[]).catch((error: unknown) => {
      throw describePgError(error, this.label);
    });
  }

  /** Runs `work` in a transaction, again (up to 5 times) when PostgreSQL aborts it for a deadlock. */
  async transaction<T>(work: (tx: SqlConnection) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(work);
      } catch (error) {
        const code = ((error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code) ?? '';
        if (!RETRYABLE.has(code) || attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
      }
    }
  }

  private async attempt<T>(work: (tx: SqlConnection) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw describePgError(error, this.label);
    });
    try {
      await client.query('BEGIN');
      const result = await work(new PgTransaction(client, this.label));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw describePgError(error, this.label);
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}

/** A connection URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

function describePgError(error: unknown, label: string): Error {
  if (error instanceof PresslensError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === '53100') return new PresslensError('disk-full', `${label}: the database server's disk is full; the current article was not written`, { cause: error });
  if (code === '55P03' || code === '40P01') return new PresslensError('database-busy', `${label}: ${message}`, { cause: error });
  if (code === 'ECONNREFUSED' || code === 'ENOENT' || code === '3D000' || code === '28P01' || code === '28000') {
    return new PresslensError('database-error', `${label}: cannot connect to the database: ${message}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(message);
}

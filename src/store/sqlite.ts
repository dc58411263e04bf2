import Database from 'better-sqlite3';
import { PresslensError } from '../core/errors.js';
import { Mutex, type SqlConnection, type Row } from './connection.js';

export interface SqliteOptions {
  /** How long to wait for another process's write lock before giving up, in milliseconds. */
  busyTimeoutMs?: number;
  /** Largest size the database may grow to, in bytes (a quota; SQLite then reports the disk as full). */
  maxSizeBytes?: number;
  readonly?: boolean;
}

type Statement = Database.Statement<unknown[]>;

/** better-sqlite3 behind the shared async surface: WAL journal, one handle, transactions serialised. */
export class SqliteConnection implements SqlConnection {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Statement>();
  private readonly mutex = new Mutex();
  private inTransaction = false;

  constructor(readonly path: string, options: SqliteOptions = {}) {
    try {
      this.db = new Database(path, { readonly: options.readonly ?? false, timeout: options.busyTimeoutMs ?? 5000 });
      if (!options.readonly) {
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL');
        // A 64 MB page cache keeps the indexes of a large corpus in memory while ingesting.
        this.db.pragma('cache_size = -65536');
        this.db.pragma('temp_store = MEMORY');
      }
      this.db.pragma('foreign_keys = ON');
      if (options.maxSizeBytes) {
        const pageSize = this.db.pragma('page_size', { simple: true }) as number;
        this.db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxSizeBytes / pageSize))}`);
      }
    } catch (error) {
      throw describeSqliteError(error, path);
    }
  }

  async all<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.guard(() => this.prepare(sql).all(...params) as T[]);
  }

  async get<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return this.guard(() => this.prepare(sql).get(...params) as T | undefined);
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.guard(() => this.prepare(sql).run(...params).changes);
  }

  async exec(script: string): Promise<void> {
    this.guard(() => this.db.exec(script));
  }

  /**
   * One prepared single-row INSERT per table and column list, run once per row. Measured against multi-row
   * INSERTs of 64, 32, …, 1 rows (docs/STORE.md, "Ingest speed, sixth session"): SQLite does the same work per
   * row either way, and the multi-row form cost more in JavaScript (a statement's text built to find it, the
   * rows sliced and flattened into one parameter array), about a third more CPU for an article's quotes.
   */
  async insertMany(table: string, columns: readonly string[], rows: readonly unknown[][], suffix = ''): Promise<void> {
    if (rows.length === 0) return;
    const insert = this.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ${suffix}`);
    this.guard(() => {
      for (const row of rows) insert.run(row);
    });
  }

  async transaction<T>(work: (tx: SqlConnection) => Promise<T>): Promise<T> {
    if (this.inTransaction) return work(this);
    return this.mutex.lock(async () => {
      this.guard(() => this.db.exec('BEGIN IMMEDIATE'));
      this.inTransaction = true;
      try {
        const result = await work(this);
        this.guard(() => this.db.exec('COMMIT'));
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      } finally {
        this.inTransaction = false;
      }
    });
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // Lets SQLite refresh the statistics its planner uses, cheaply, as its documentation advises on close.
    // Best effort: a full disk or a lock must not hide the error that ended the run.
    if (!this.db.readonly) {
      try {
        this.db.pragma('optimize');
      } catch {
        // the statistics stay as they were
      }
    }
    this.db.close();
  }

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.guard(() => this.db.prepare(sql));
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw describeSqliteError(error, this.path);
    }
  }
}

/** Turns SQLite's error codes into errors that say what happened and what to do. */
export function describeSqliteError(error: unknown, path: string): Error {
  if (error instanceof PresslensError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new PresslensError('database-busy', `${path}: the database is locked by another process (${message}); try again when it is done, or raise --busy-timeout`, { cause: error });
  }
  if (code === 'SQLITE_FULL') {
    return new PresslensError('disk-full', `${path}: the database or disk is full; the current article was not written (free space or raise --max-db-size)`, { cause: error });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new PresslensError('database-error', `${path}: cannot use the database: ${message}`, { cause: error });
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) return error as Error;
  return error instanceof Error ? error : new Error(message);
}

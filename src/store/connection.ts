/**
 * The little SQL surface both drivers share. Statements use `?` placeholders (the PostgreSQL driver numbers
 * them); every write of an article happens inside `transaction`, so a crash or a full disk never leaves half of
 * one behind.
 */
export type Dialect = 'sqlite' | 'postgres';

export type Row = Record<string, unknown>;

export interface SqlConnection {
  readonly dialect: Dialect;
  all<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Inserts rows in as few statements as the driver allows; `suffix` is e.g. an ON CONFLICT clause. */
  insertMany(table: string, columns: readonly string[], rows: readonly unknown[][], suffix?: string): Promise<void>;
  /** Runs `work` in one transaction; transactions of one connection never interleave. */
  transaction<T>(work: (tx: SqlConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Serialises async critical sections (a single SQLite handle must not interleave two transactions). */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async lock<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise((resolve) => (release = resolve));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}

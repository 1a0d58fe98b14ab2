import type { Backend } from '../database-url';
import { idleSqliteConnection } from '../adapters/bound-statements';

/** A row as the driver returns it, keyed by column name. */
export type DriverRow = Record<string, unknown>;

/** knex's client: the pool the MikroORM connection owns (its real class is not exported typed). */
export interface PoolClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

/** How the reader runs one statement on a backend's driver, outside MikroORM and knex. */
export interface ReaderDriver {
  /** The n-th (1-based) parameter placeholder. */
  placeholder(n: number): string;
  /** A JavaScript value already converted by MikroORM's platform → what the driver binds. */
  bind(value: unknown): unknown;
  rows(client: PoolClient, sql: string, values: unknown[]): Promise<DriverRow[]>;
}

async function pooled<T>(client: PoolClient, run: (connection: unknown) => Promise<T>): Promise<T> {
  const connection = await client.acquireConnection();
  try {
    return await run(connection);
  } finally {
    await client.releaseConnection(connection);
  }
}

interface SqliteStatement {
  all(values: unknown[]): DriverRow[];
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
}

/**
 * SQLite (better-sqlite3): each statement prepared once per connection. The reader's SQL texts
 * are a few per entity (one per filter shape), so the cache needs no bound.
 */
function sqliteDriver(): ReaderDriver {
  const caches = new WeakMap<object, Map<string, SqliteStatement>>();
  const run = (db: SqliteDatabase, sql: string, values: unknown[]): DriverRow[] => {
    let cache = caches.get(db);
    if (!cache) caches.set(db, (cache = new Map<string, SqliteStatement>()));
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = db.prepare(sql)));
    return statement.all(values);
  };
  return {
    placeholder: () => '?',
    bind(value) {
      if (typeof value === 'boolean') return value ? 1 : 0;
      // An INTEGER, as MikroORM's inlined literal would be (not a REAL).
      if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
      return value;
    },
    rows(client, sql, values) {
      // The single connection sitting idle is used in the same synchronous step (see
      // idleSqliteConnection); a transaction holding it, or a waiter, sends us through the pool.
      const idle = idleSqliteConnection(client);
      if (idle !== undefined) return Promise.resolve(run(idle as SqliteDatabase, sql, values));
      return pooled(client, async (db) => run(db as SqliteDatabase, sql, values));
    },
  };
}

interface PgClient {
  query(config: { text: string; values: unknown[] }): Promise<{ rows: DriverRow[] }>;
}

/** PostgreSQL (pg): extended protocol, `$n` placeholders, unnamed statements (see README). */
function postgresDriver(): ReaderDriver {
  return {
    placeholder: (n) => `$${n}`,
    bind: (value) => value,
    rows: (client, text, values) =>
      pooled(client, async (c) => (await (c as PgClient).query({ text, values })).rows),
  };
}

interface MariaDbCallbackConnection {
  query(
    options: { sql: string },
    values: unknown[],
    callback: (error: Error | null, rows: DriverRow[]) => void,
  ): void;
}

/** MariaDB: the callback connection knex's MariaDB dialect opens, with its connection options. */
function mariadbDriver(): ReaderDriver {
  return {
    placeholder: () => '?',
    bind: (value) => value,
    rows: (client, sql, values) =>
      pooled(
        client,
        (c) =>
          new Promise<DriverRow[]>((resolve, reject) =>
            (c as MariaDbCallbackConnection).query({ sql }, values, (error, rows) =>
              error ? reject(error) : resolve(rows),
            ),
          ),
      ),
  };
}

/** The reader's driver for a SQL backend; MongoDB has none (the reader refuses it). */
export function readerDriver(backend: Exclude<Backend, 'mongodb'>): ReaderDriver {
  if (backend === 'sqlite') return sqliteDriver();
  return backend === 'postgresql' ? postgresDriver() : mariadbDriver();
}

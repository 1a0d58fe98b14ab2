import type { Backend } from '../database-url';
import {
  idleSqliteConnection,
  type KnexClient,
  onPooledConnection,
  sqliteStatementCache,
} from '../adapters/bound-statements';

/** A row as the driver returns it, keyed by column name. */
export type DriverRow = Record<string, unknown>;

/** knex's client: the pool the MikroORM connection owns. */
export type PoolClient = KnexClient;

/** How the reader runs one statement on a backend's driver, outside MikroORM and knex. */
export interface ReaderDriver {
  /** The n-th (1-based) parameter placeholder. */
  placeholder(n: number): string;
  /** A JavaScript value already converted by MikroORM's platform → what the driver binds. */
  bind(value: unknown): unknown;
  rows(client: PoolClient, sql: string, values: unknown[]): Promise<DriverRow[]>;
}

/** SQLite (better-sqlite3): each statement prepared once per connection (bounded cache). */
function sqliteDriver(): ReaderDriver {
  const prepared = sqliteStatementCache();
  return {
    placeholder: () => '?',
    bind(value) {
      if (typeof value === 'boolean') return value ? 1 : 0;
      // An INTEGER, as MikroORM's inlined literal would be (not a REAL).
      if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
      return value;
    },
    // The single connection sitting idle is used in place; a transaction holding it, or a
    // waiter, sends the statement through the pool.
    rows: (client, sql, values) =>
      onPooledConnection(client, idleSqliteConnection, (db) =>
        Promise.resolve(prepared(db, sql).all(values) as DriverRow[]),
      ),
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
      onPooledConnection(
        client,
        undefined,
        async (c) => (await (c as PgClient).query({ text, values })).rows,
      ),
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
      onPooledConnection(
        client,
        undefined,
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

import { Configuration, DefaultLogger, type Options } from '@mikro-orm/core';

/** The part of a MikroORM knex connection the fast path uses (its real class is not exported typed). */
interface SqlConnection {
  config: { get(key: 'onQuery'): (sql: string, params: unknown[]) => string; getLogger(): Logger };
  client: { client: KnexClient };
  connected: boolean;
  ensureConnection(): Promise<void>;
  executeQuery<T>(query: string, cb: () => Promise<T>, context?: object): Promise<T>;
  transformRawResult<T>(res: unknown, method: string): T;
}
interface Logger {
  isEnabled(namespace: string, context?: object): boolean;
  logQuery(context: object): void;
}
/** knex's client: the pool a MikroORM SQL connection owns. */
export interface KnexClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}
type Execute = (
  query: unknown,
  params?: unknown[],
  method?: string,
  ctx?: unknown,
  loggerContext?: object,
) => Promise<unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a mixin's constructor type
type ConnectionClass = new (...args: any[]) => { execute: Execute };

/** How one backend runs a statement with bound parameters on a pooled driver connection. */
export interface BoundRunner {
  /** Driver values, or undefined when a parameter needs MikroORM's own formatting. */
  bind(params: readonly unknown[]): unknown[] | undefined;
  run(connection: unknown, sql: string, values: unknown[]): Promise<unknown>;
  /**
   * A pooled connection nobody holds or waits for, usable without checking it out: only for a
   * synchronous driver, whose statement runs to completion before any other code can run.
   */
  idle?(knexClient: unknown): unknown;
}

/** Prepared statements of one better-sqlite3 connection, by SQL text (bounded). */
const MAX_STATEMENTS = 256;
interface SqliteStatement {
  reader: boolean;
  all(values: unknown[]): unknown;
  run(values: unknown[]): unknown;
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
}

/**
 * A cache of better-sqlite3 statements per connection: `prepared(db, sql)` prepares each SQL
 * text once per connection, at most {@link MAX_STATEMENTS} of them.
 */
export function sqliteStatementCache(): (db: unknown, sql: string) => SqliteStatement {
  const caches = new WeakMap<object, Map<string, SqliteStatement>>();
  return (connection, sql) => {
    const db = connection as SqliteDatabase;
    let cache = caches.get(db);
    if (!cache) caches.set(db, (cache = new Map<string, SqliteStatement>()));
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= MAX_STATEMENTS) cache.clear();
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}

/**
 * Runs `run` on a connection of knex's pool: an idle one in place when `idle` finds it (a
 * synchronous driver, see {@link idleSqliteConnection}), else one checked out and released.
 */
export async function onPooledConnection<T>(
  client: KnexClient,
  idle: ((knexClient: unknown) => unknown) | undefined,
  run: (connection: unknown) => Promise<T>,
): Promise<T> {
  // Checked and used in one synchronous step.
  const free = idle?.(client);
  if (free !== undefined) return run(free);
  const connection = await client.acquireConnection();
  try {
    return await run(connection);
  } finally {
    await client.releaseConnection(connection);
  }
}

/**
 * SQLite: statements prepared once per connection and cached (MikroORM inlines every value into
 * the SQL text, so knex's dialect prepares a new statement on every query). Integers bind as
 * SQLite INTEGERs (BigInt), as the inlined literal was; booleans and dates keep the formatted path.
 */
export function sqliteRunner(): BoundRunner {
  const prepared = sqliteStatementCache();
  return {
    idle: idleSqliteConnection,
    bind(params) {
      const out = new Array<unknown>(params.length);
      for (let i = 0; i < params.length; i++) {
        const p = params[i];
        if (typeof p === 'number') out[i] = Number.isSafeInteger(p) ? BigInt(p) : p;
        else if (typeof p === 'string' || typeof p === 'bigint' || p === null) out[i] = p;
        else return undefined;
      }
      return out;
    },
    run(connection, sql, values) {
      const statement = prepared(connection, sql);
      return Promise.resolve(statement.reader ? statement.all(values) : statement.run(values));
    },
  };
}

/** The part of knex's pool (tarn 3) read to find an idle connection. */
interface TarnPool {
  numUsed(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
  free?: Array<{ resource?: { open?: boolean } }>;
}

/**
 * SQLite's single connection when it sits free in knex's pool: better-sqlite3 is synchronous,
 * so a statement run on it right now completes before a transaction could check it out, and
 * skipping the pool's acquire/release (a pending operation with a timer each) is safe. A held
 * connection (a transaction), a waiter, or an unexpected pool shape gives undefined: the
 * caller then checks the connection out as usual.
 */
export function idleSqliteConnection(knexClient: unknown): unknown {
  const pool = (knexClient as { pool?: TarnPool }).pool;
  if (!pool || typeof pool.numUsed !== 'function' || !Array.isArray(pool.free)) return undefined;
  if (pool.numUsed() !== 0 || pool.numPendingAcquires() !== 0 || pool.numPendingCreates() !== 0)
    return undefined;
  const db = pool.free.length === 1 ? pool.free[0].resource : undefined;
  return db?.open === true ? db : undefined;
}

interface PgClient {
  query(config: { text: string; values: unknown[] }): Promise<unknown>;
}

/**
 * PostgreSQL: the statement text once with `$n` placeholders and the values sent apart (the
 * extended protocol), instead of a new literal SQL text per value. Strings, safe integers,
 * booleans and null only; anything else keeps MikroORM's formatting.
 */
export function postgresRunner(): BoundRunner {
  const texts = new Map<string, string>();
  return {
    bind(params) {
      for (const p of params) {
        const t = typeof p;
        if (t === 'string' || t === 'boolean' || p === null) continue;
        if (t === 'number' && Number.isSafeInteger(p)) continue;
        return undefined;
      }
      return params as unknown[];
    },
    run(connection, sql, values) {
      let text = texts.get(sql);
      if (text === undefined) {
        let n = 0;
        text = sql.replace(/\?/g, () => `$${++n}`);
        if (texts.size >= MAX_STATEMENTS) texts.clear();
        texts.set(sql, text);
      }
      return (connection as PgClient).query({ text, values });
    },
  };
}

/** A placeholder per parameter, none of knex's `??` identifiers or `\?` escapes, one statement. */
function isPlain(sql: string, count: number): boolean {
  if (sql.includes('??') || sql.includes('\\?') || sql.includes(';')) return false;
  let n = 0;
  for (let i = sql.indexOf('?'); i !== -1; i = sql.indexOf('?', i + 1)) n++;
  return n === count;
}

/**
 * A subclass of a MikroORM SQL connection whose `execute` runs plain statements outside a
 * transaction straight on a pooled driver connection with bound values. Everything else
 * (transactions, knex builders, query logging, values needing formatting) goes through the
 * original path unchanged, and the result is shaped by the connection's own transformRawResult.
 */
export function withBoundStatements<C extends ConnectionClass>(Base: C, runner: BoundRunner): C {
  const original = (Base.prototype as { execute: Execute }).execute;
  const idleOf = runner.idle && ((knexClient: unknown): unknown => runner.idle!(knexClient));
  const execute: Execute = async function (
    this: SqlConnection,
    query,
    params = [],
    method = 'all',
    ctx,
    loggerContext,
  ) {
    const values = typeof query === 'string' && !ctx ? runner.bind(params) : undefined;
    // A custom onQuery may rewrite the SQL: it keeps the original path, which calls it once.
    if (
      !values ||
      this.config.get('onQuery') !== Configuration.DEFAULTS.onQuery ||
      !isPlain(query as string, params.length) ||
      this.config.getLogger().isEnabled('query', loggerContext)
    ) {
      return original.call(this, query, params, method, ctx, loggerContext);
    }
    if (!this.connected) await this.ensureConnection();
    const sql = query as string;
    const client = this.client.client;
    const run = (): Promise<unknown> =>
      onPooledConnection(client, idleOf, async (connection) =>
        this.transformRawResult(await runner.run(connection, sql, values), method),
      );
    // executeQuery only times the statement and builds two context objects for logQuery; with
    // MikroORM's own logQuery and the query namespace off (checked above) that entry is dropped.
    if (this.config.getLogger().logQuery === DefaultLogger.prototype.logQuery) return run();
    return this.executeQuery(sql, run, { query: sql, params, ...loggerContext });
  };
  const Bound = class extends Base {};
  Object.defineProperty(Bound.prototype, 'execute', { value: execute, writable: true });
  Object.defineProperty(Bound, 'name', { value: Base.name });
  return Bound;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a mixin's constructor type
type DriverClass = new (...args: any[]) => object;

/**
 * The driver class with its connections (primary and read replicas) built from `Connection`.
 * MikroORM builds them in the driver's constructor, so the subclass replaces them right after.
 */
export function driverWithConnection(
  Driver: DriverClass,
  Connection: ConnectionClass,
): Options['driver'] {
  const Bound = class extends Driver {
    constructor(...args: unknown[]) {
      super(...args);
      const config = args[0];
      const self = this as unknown as {
        connection: unknown;
        replicas: unknown;
        createReplicas(make: (conf: unknown) => unknown): unknown;
      };
      const Make = Connection as unknown as new (...args: unknown[]) => unknown;
      self.connection = new Make(config);
      self.replicas = self.createReplicas((conf) => new Make(config, conf, 'read'));
    }
  };
  Object.defineProperty(Bound, 'name', { value: Driver.name });
  return Bound as unknown as Options['driver'];
}

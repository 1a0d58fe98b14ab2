import { Configuration, DefaultLogger } from '@mikro-orm/core';
import {
  postgresRunner,
  sqliteRunner,
  withBoundStatements,
  type BoundRunner,
} from '../../../plugins/orm/src/adapters/bound-statements';

/** A stand-in for a MikroORM SQL connection: records which path each statement took. */
class FakeConnection {
  readonly calls: string[] = [];
  readonly released: unknown[] = [];
  logging = false;
  /** Statements that went through MikroORM's timing/logging wrapper. */
  readonly timed: string[] = [];
  onQuery = Configuration.DEFAULTS.onQuery;
  logger: { isEnabled(namespace?: string): boolean; logQuery(context: object): void } = {
    isEnabled: () => this.logging,
    logQuery: () => undefined,
  };
  config = {
    get: () => this.onQuery,
    getLogger: () => this.logger,
  };
  client = {
    client: {
      acquireConnection: async () => 'conn',
      releaseConnection: async (c: unknown) => void this.released.push(c),
    },
  };
  async ensureConnection(): Promise<void> {}
  async executeQuery<T>(q: string, cb: () => Promise<T>): Promise<T> {
    this.timed.push(q);
    return cb();
  }
  transformRawResult<T>(res: unknown, method: string): T {
    return { res, method } as T;
  }
  async execute(query: unknown, ..._rest: unknown[]): Promise<unknown> {
    this.calls.push(`original:${String(query)}`);
    return 'original';
  }
}

function connection(runner: BoundRunner): FakeConnection {
  const Bound = withBoundStatements(FakeConnection, runner);
  return new Bound();
}

const recording = (): BoundRunner & { runs: unknown[][] } => {
  const runs: unknown[][] = [];
  return {
    runs,
    bind: sqliteRunner().bind,
    run: async (conn, sql, values) => {
      runs.push([conn, sql, values]);
      return [{ id: 1 }];
    },
  };
};

describe('bound statements', () => {
  it('runs a plain statement on a pooled connection with bound values, then releases it', async () => {
    const runner = recording();
    const c = connection(runner);
    const out = await c.execute('select * from w where id = ? limit ?', [7, 1], 'get');
    expect(runner.runs).toEqual([['conn', 'select * from w where id = ? limit ?', [7n, 1n]]]);
    expect(out).toEqual({ res: [{ id: 1 }], method: 'get' });
    expect(c.released).toEqual(['conn']);
    expect(c.calls).toEqual([]);
  });

  it.each([
    ['a transaction', 'select ?', [1], {}],
    ['a boolean on SQLite', 'select ?', [true], undefined],
    ['a Date', 'select ?', [new Date()], undefined],
    ['knex identifiers', 'select ?? from t where a = ?', ['x', 1], undefined],
    ['two statements', 'delete from a where id = ?; delete from b', [1], undefined],
    ['a count mismatch', 'select ?', [1, 2], undefined],
  ])('keeps the original path for %s', async (_label, sql, params, ctx) => {
    const runner = recording();
    const c = connection(runner);
    expect(await c.execute(sql, params, 'all', ctx)).toBe('original');
    expect(runner.runs).toEqual([]);
  });

  it('keeps the original path when an onQuery hook may rewrite the SQL', async () => {
    const runner = recording();
    const c = connection(runner);
    c.onQuery = (sql: string) => `/* app */ ${sql}`;
    expect(await c.execute('select ?', [1])).toBe('original');
    expect(runner.runs).toEqual([]);
  });

  it('keeps the original path while queries are logged (same debug output)', async () => {
    const runner = recording();
    const c = connection(runner);
    c.logging = true;
    expect(await c.execute('select ?', [1])).toBe('original');
  });

  it("skips the query-log wrapper only when MikroORM's own logQuery would drop the entry", async () => {
    const c = connection(recording());
    await c.execute('select 1 where ? = ?', [1, 1]);
    expect(c.timed).toEqual(['select 1 where ? = ?']); // a custom logQuery sees every query
    c.logger = new DefaultLogger({ writer: () => undefined, debugMode: false });
    await c.execute('select 2 where ? = ?', [1, 1]);
    expect(c.timed).toEqual(['select 1 where ? = ?']);
  });

  it('PostgreSQL: numbers the placeholders, refuses floats', async () => {
    const pg = postgresRunner();
    expect(pg.bind([1.5])).toBeUndefined();
    expect(pg.bind(['a', 2, true, null])).toEqual(['a', 2, true, null]);
    const sent: unknown[] = [];
    await pg.run({ query: async (q: unknown) => sent.push(q) }, 'a = ? and b = ?', [1, 2]);
    expect(sent).toEqual([{ text: 'a = $1 and b = $2', values: [1, 2] }]);
  });

  it('SQLite: prepares a statement once per connection', async () => {
    const sqlite = sqliteRunner();
    let prepared = 0;
    const db = {
      prepare: () => {
        prepared++;
        return { reader: true, all: (v: unknown[]) => v, run: () => undefined };
      },
    };
    for (let i = 0; i < 3; i++) await sqlite.run(db, 'select ?', [BigInt(i)]);
    expect(prepared).toBe(1);
  });

  it('SQLite: uses the pooled connection in place only while nobody holds or awaits it', () => {
    const idle = sqliteRunner().idle!;
    const db = { open: true };
    const pool = (used: number, pending: number, free: unknown[]) => ({
      pool: {
        numUsed: () => used,
        numPendingAcquires: () => pending,
        numPendingCreates: () => 0,
        free,
      },
    });
    expect(idle(pool(0, 0, [{ resource: db }]))).toBe(db);
    expect(idle(pool(1, 0, []))).toBeUndefined(); // a transaction holds it
    expect(idle(pool(0, 1, [{ resource: db }]))).toBeUndefined(); // someone waits for it
    expect(idle(pool(0, 0, [{ resource: { open: false } }]))).toBeUndefined();
    expect(idle({})).toBeUndefined(); // not a pool this code knows
  });
});

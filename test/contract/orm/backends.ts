import { randomBytes } from 'node:crypto';
import type { Backend } from '@pith/orm';
import { unreachableReason } from '../../support/services';

/** A backend the contract suite runs on: how to reach it and how to make a throwaway database. */
export interface BackendFixture {
  readonly backend: Backend;
  /** Why the backend cannot run here; undefined when it can. */
  readonly unavailable: string | undefined;
  /** Whether its absence fails the run under CI=true (SQL servers) or only skips (MongoDB). */
  readonly requiredInCi: boolean;
  /** Creates a fresh database and returns its URL. */
  create(): Promise<string>;
  drop(): Promise<void>;
  /** Server backends: the same database reached through another port (a proxy, a wrong port). */
  readonly network?: {
    readonly host: string;
    readonly port: number;
    urlThrough(port: number, password?: string): string;
  };
}

/** The part of node-postgres the fixture uses (pg ships no types here). */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}

/** A database name unique to this jest worker and file. */
export function uniqueDbName(): string {
  return `pith_orm_${process.pid}_${randomBytes(3).toString('hex')}`;
}

export function sqliteFixture(file: string): BackendFixture {
  return {
    backend: 'sqlite',
    unavailable: undefined,
    requiredInCi: true,
    create: async () => `sqlite:${file}`,
    drop: async () => undefined,
  };
}

export function postgresFixture(): BackendFixture {
  const host = '127.0.0.1';
  const port = 5432;
  const dbName = uniqueDbName();
  const admin = async <T>(fn: (c: PgClient) => Promise<T>): Promise<T> => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- pg ships no types here
    const { Client } = require('pg') as { Client: new (config: object) => PgClient };
    const client = new Client({
      host,
      port,
      user: 'postgres',
      database: 'test',
      connectionTimeoutMillis: 3000,
    });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  const urlThrough = (p: number, password?: string): string =>
    `postgres://postgres${password ? `:${password}` : ''}@${host}:${p}/${dbName}`;
  return {
    backend: 'postgresql',
    unavailable: unreachableReason(host, port),
    requiredInCi: true,
    create: async () => {
      await admin((c) => c.query(`CREATE DATABASE ${dbName}`));
      return urlThrough(port);
    },
    drop: () =>
      admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)).then(() => undefined),
    network: { host, port, urlThrough },
  };
}

export function mariadbFixture(): BackendFixture {
  const host = '127.0.0.1';
  const port = 3306;
  const dbName = uniqueDbName();
  const admin = async (sql: string): Promise<void> => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when MariaDB runs
    const mariadb = require('mariadb') as typeof import('mariadb');
    const conn = await mariadb.createConnection({ host, port, user: 'root', connectTimeout: 3000 });
    try {
      await conn.query(sql);
    } finally {
      await conn.end();
    }
  };
  const urlThrough = (p: number, password?: string): string =>
    `mariadb://root${password ? `:${password}` : ''}@${host}:${p}/${dbName}`;
  return {
    backend: 'mariadb',
    unavailable: unreachableReason(host, port),
    requiredInCi: true,
    create: async () => {
      await admin(`CREATE DATABASE ${dbName}`);
      return urlThrough(port);
    },
    drop: () => admin(`DROP DATABASE IF EXISTS ${dbName}`),
    network: { host, port, urlThrough },
  };
}

export function mongoFixture(): BackendFixture {
  const base = process.env.MONGO_URL;
  const dbName = uniqueDbName();
  const url = base ? new URL(base) : undefined;
  if (url) url.pathname = `/${dbName}`;
  const host = url?.hostname ?? '127.0.0.1';
  const port = Number(url?.port || 27017);
  return {
    backend: 'mongodb',
    unavailable: base ? unreachableReason(host, port) : 'MONGO_URL is not set',
    requiredInCi: false,
    create: async () => url!.href,
    // The suite drops the database through its own connection (no separate admin client).
    drop: async () => undefined,
    network: {
      host,
      port,
      urlThrough: (p, password) => {
        const copy = new URL(url!.href);
        copy.port = String(p);
        copy.hostname = '127.0.0.1';
        if (password) {
          copy.username ||= 'pith';
          copy.password = password;
        }
        // Through the proxy the client must talk to that one server, not discover the set.
        copy.searchParams.delete('replicaSet');
        copy.searchParams.set('directConnection', 'true');
        return copy.href;
      },
    },
  };
}

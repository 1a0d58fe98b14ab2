import path from 'node:path';
import { PithError } from '@pith/core';

/** The backends the orm plugin speaks; the URL scheme picks one. */
export type Backend = 'sqlite' | 'postgresql' | 'mariadb' | 'mongodb';

/** A parsed `DATABASE_URL`: the backend, what MikroORM needs, and a printable form. */
export interface DatabaseTarget {
  readonly backend: Backend;
  /** Network URL for server backends (credentials included, never logged). */
  readonly clientUrl?: string;
  /** Database name (server backends) or file path / `:memory:` (SQLite). */
  readonly dbName: string;
  /** The URL with its password masked, for logs and errors. */
  readonly display: string;
}

const SCHEMES: Readonly<Record<string, Backend>> = {
  'sqlite:': 'sqlite',
  'file:': 'sqlite',
  'postgres:': 'postgresql',
  'postgresql:': 'postgresql',
  'mysql:': 'mariadb',
  'mariadb:': 'mariadb',
  'mongodb:': 'mongodb',
  'mongodb+srv:': 'mongodb',
};

/**
 * Parses a `DATABASE_URL`: `sqlite:data/app.db`, `sqlite::memory:`, a bare file path,
 * `postgres://user:pw@host:5432/db`, `mysql://` or `mariadb://`, `mongodb://host/db`.
 *
 * @example
 * parseDatabaseUrl('postgres://postgres@127.0.0.1:5432/app', '/srv/app').backend; // 'postgresql'
 */
export function parseDatabaseUrl(url: string, rootDir: string): DatabaseTarget {
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0]?.toLowerCase();
  const isWindowsDrive = scheme !== undefined && /^[a-z]:$/i.test(scheme);
  if (scheme === undefined || isWindowsDrive) return sqliteTarget(url, rootDir);
  const backend = SCHEMES[scheme];
  if (!backend) {
    throw new PithError(
      'ERR_ORM_URL_INVALID',
      `plugins.orm.url has scheme "${scheme}"; expected one of ${Object.keys(SCHEMES).join(' ')} or a file path`,
    );
  }
  if (backend === 'sqlite')
    return sqliteTarget(url.slice(scheme.length).replace(/^\/\//, ''), rootDir);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PithError('ERR_ORM_URL_INVALID', `plugins.orm.url is not a valid ${scheme} URL`);
  }
  const dbName = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!dbName) {
    throw new PithError(
      'ERR_ORM_URL_INVALID',
      `plugins.orm.url (${maskPassword(parsed)}) names no database; add it as the path, e.g. ${scheme}//host/app`,
    );
  }
  return { backend, clientUrl: url, dbName, display: maskPassword(parsed) };
}

function sqliteTarget(file: string, rootDir: string): DatabaseTarget {
  if (!file) throw new PithError('ERR_ORM_URL_INVALID', 'plugins.orm.url names no SQLite file');
  const dbName = file === ':memory:' ? file : path.resolve(rootDir, file);
  return { backend: 'sqlite', dbName, display: `sqlite:${dbName}` };
}

function maskPassword(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password) copy.password = '*****';
  return copy.href;
}

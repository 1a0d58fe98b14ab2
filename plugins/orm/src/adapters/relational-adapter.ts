import { randomUUID } from 'node:crypto';
import { ReferenceKind, type EntityMetadata, type MikroORM, type Options } from '@mikro-orm/core';
import type { Backend, DatabaseTarget } from '../database-url';
import { requirePackage, type Adapter, type ConnectionSettings, type SchemaMode } from './adapter';
import {
  driverWithConnection,
  postgresRunner,
  sqliteRunner,
  withBoundStatements,
  type BoundRunner,
} from './bound-statements';

type SqlBackend = Exclude<Backend, 'mongodb'>;

interface Dialect {
  readonly pkg: string;
  readonly driver: string;
  /** The connection class the driver builds, and how plain statements run bound on it. */
  readonly bound?: { readonly connection: string; readonly runner: () => BoundRunner };
  /** Driver-level connect and statement timeouts, in the driver's own option names. */
  connection(settings: ConnectionSettings): Record<string, unknown>;
}

const DIALECTS: Readonly<Record<SqlBackend, Dialect>> = {
  sqlite: {
    pkg: '@mikro-orm/better-sqlite',
    driver: 'BetterSqliteDriver',
    bound: { connection: 'BetterSqliteConnection', runner: sqliteRunner },
    connection: (s) => ({ timeout: s.queryTimeout }),
  },
  postgresql: {
    pkg: '@mikro-orm/postgresql',
    driver: 'PostgreSqlDriver',
    bound: { connection: 'PostgreSqlConnection', runner: postgresRunner },
    connection: (s) => ({
      connectionTimeoutMillis: s.connectTimeout,
      statement_timeout: s.queryTimeout,
      query_timeout: s.queryTimeout + 1000,
    }),
  },
  mariadb: {
    pkg: '@mikro-orm/mariadb',
    driver: 'MariaDbDriver',
    connection: (s) => ({ connectTimeout: s.connectTimeout, queryTimeout: s.queryTimeout }),
  },
};

/** How a schema summary starts when `migrate` found no migration at all (the plugin warns). */
export const NO_MIGRATIONS = 'the schema is empty';

/** SQLite: `UNIQUE constraint failed: user.email, user.name`. */
const SQLITE_UNIQUE = /UNIQUE constraint failed: ([\w.]+)/;
/** MariaDB: `Duplicate entry '…' for key 'user_email_unique'`. */
const MARIADB_UNIQUE = /for key '(?:[\w]+\.)?([\w]+)'/;

/**
 * SQLite, PostgreSQL and MariaDB through MikroORM's knex drivers. The id is a UUID generated in
 * JavaScript and stored as `varchar(36)`, so it is the same string on every SQL backend and an
 * invalid id simply matches no row.
 */
export function relationalAdapter(backend: SqlBackend): Adapter {
  const dialect = DIALECTS[backend];
  return {
    backend,
    options(target: DatabaseTarget, settings: ConnectionSettings): Options {
      const pkg = requirePackage<Record<string, never>>(dialect.pkg, `a ${backend} URL`);
      const { bound } = dialect;
      return {
        driver: bound
          ? driverWithConnection(
              pkg[dialect.driver],
              withBoundStatements(pkg[bound.connection], bound.runner()),
            )
          : pkg[dialect.driver],
        dbName: target.dbName,
        ...(target.clientUrl ? { clientUrl: target.clientUrl } : {}),
        forceUtcTimezone: true,
        pool: {
          min: settings.poolMin,
          max: backend === 'sqlite' ? 1 : settings.poolMax,
          acquireTimeoutMillis: settings.connectTimeout,
        },
        driverOptions: {
          connection: dialect.connection(settings),
          log: {
            warn: (message: unknown) =>
              settings.logger.warn({ driver: message }, 'database driver warning'),
            error: (message: unknown) =>
              settings.logger.error({ driver: message }, 'database driver error'),
            deprecate: (message: unknown) =>
              settings.logger.debug({ driver: message }, 'database driver deprecation'),
            debug: (message: unknown) =>
              settings.logger.debug({ driver: message }, 'database driver debug'),
          },
        },
      };
    },
    addIdProperties(meta: EntityMetadata): void {
      meta.addProperty(
        {
          name: 'id',
          kind: ReferenceKind.SCALAR,
          primary: true,
          type: 'string',
          runtimeType: 'string',
          length: 36,
          onCreate: () => randomUUID(),
        },
        false,
      );
    },
    async syncSchema(orm: MikroORM, mode: SchemaMode): Promise<string> {
      if (mode === 'update') {
        await orm.getSchemaGenerator().updateSchema({ safe: true });
        return 'schema updated';
      }
      if (mode === 'migrate') {
        const migrator = migratorOf(orm);
        const done = await migrator.up();
        if (done.length === 0 && (await migrator.getExecutedMigrations()).length === 0) {
          const folder = String(orm.config.get('migrations').path);
          return `${NO_MIGRATIONS}: none in ${folder}; run pith db:migration:create --initial, or set plugins.orm.schema to "update"`;
        }
        return `${done.length} migration(s) applied`;
      }
      return 'schema left as is';
    },
    uniqueKey(error: Record<string, unknown>): string | undefined {
      if (backend === 'postgresql' && typeof error.constraint === 'string') return error.constraint;
      const text = error.sqlMessage ?? error.message;
      const message = typeof text === 'string' ? text : '';
      const match = (backend === 'sqlite' ? SQLITE_UNIQUE : MARIADB_UNIQUE).exec(message);
      return match?.[1];
    },
  };
}

/** The part of MikroORM's migrator the plugin uses. */
export interface MigratorLike {
  up(): Promise<Array<{ name: string }>>;
  getExecutedMigrations(): Promise<unknown[]>;
  createMigration(
    path?: string,
    blank?: boolean,
    initial?: boolean,
    name?: string,
  ): Promise<{ fileName: string; diff: { up: string[] } }>;
}

/** MikroORM's migrator, loading `@mikro-orm/migrations` only when migrations are asked for. */
export function migratorOf(orm: MikroORM): MigratorLike {
  requirePackage('@mikro-orm/migrations', 'running migrations');
  return (orm as unknown as { migrator: MigratorLike }).migrator;
}

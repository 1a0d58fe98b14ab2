import path from 'node:path';
import { definePlugin, type PluginContext } from '@pith/core';
import { NO_MIGRATIONS } from './adapters/relational-adapter';
import { parseDatabaseUrl } from './database-url';
import { Orm } from './orm';
import { createOrmErrorMapper } from './orm-error-mapper';
import { ormOptionsSchema, type OrmOptions } from './orm-options';
import { ENTITY_MANAGER, ORM } from './orm-tokens';

const DEFAULT_URL = 'sqlite:data/pith.sqlite';

/**
 * Persistence through MikroORM: SQLite, PostgreSQL, MariaDB or MongoDB, picked by the URL's
 * scheme, with the same entity classes on each.
 *
 * @example
 * createApp({ plugins: { orm: { url: process.env.DATABASE_URL, entities: [Customer, Appointment] } } });
 */
export const ormPlugin = definePlugin<OrmOptions>({
  name: 'orm',
  options: ormOptionsSchema,
  setup(ctx, options) {
    // The per-request EntityManager fork is found through currentRequest().
    ctx.requireRequestContext();
    const url = options.url ?? process.env.DATABASE_URL ?? DEFAULT_URL;
    const target = parseDatabaseUrl(url, ctx.config.rootDir);
    const orm = new Orm(target, resolvePaths(options, ctx.config.rootDir), ctx.logger);
    ctx.provide(ORM, { useValue: orm });
    ctx.provide(ENTITY_MANAGER, { useValue: orm.em });
    ctx.addErrorMapper(createOrmErrorMapper(orm.adapter, () => orm.uniqueKeys));
    ctx.addReadinessCheck('database', () => orm.check(), { timeoutMs: options.readinessTimeout });
    const schema = options.schema ?? (ctx.isProduction ? 'migrate' : 'update');
    // A schema step means the app owns its database: a missing one is created, in production too.
    const createDatabase = options.createDatabase ?? (!ctx.isProduction || schema !== 'none');
    addCommands(ctx, orm, options, createDatabase);
    ctx.onReady(async () => {
      await orm.connect(createDatabase);
      const summary = await orm.syncSchema(schema);
      const level = summary.startsWith(NO_MIGRATIONS) ? 'warn' : 'info';
      ctx.logger[level]({ database: orm.display, schema, summary }, 'database ready');
    });
    ctx.onClose(() => orm.close());
  },
});

function resolvePaths(options: OrmOptions, rootDir: string): OrmOptions {
  const { migrations } = options;
  return {
    ...options,
    migrations: {
      ...migrations,
      path: path.resolve(rootDir, migrations.path),
      pathTs:
        migrations.pathTs === undefined ? undefined : path.resolve(rootDir, migrations.pathTs),
    },
  };
}

/**
 * The schema commands boot to setup only, so the boot-time schema step does not run first
 * (a migration must be diffed against the database as it is); they open and close their own
 * connection, since a setup-only app never runs its onClose hooks.
 */
function addCommands(
  ctx: PluginContext,
  orm: Orm,
  options: OrmOptions,
  createDatabase: boolean,
): void {
  ctx.addCommand('db:migrate', {
    description: 'Apply pending migrations (SQL) or create indexes (MongoDB)',
    boot: 'setup',
    run: async (_args, out) => out(await orm.connected(createDatabase, () => orm.migrate())),
  });
  ctx.addCommand('db:migration:create', {
    description:
      'Write a migration from the entities/database difference [--blank] [--initial] [--name=x]',
    boot: 'setup',
    run: async (args, out) => {
      const name = args.find((a) => a.startsWith('--name='))?.slice('--name='.length);
      const flags = { blank: args.includes('--blank'), initial: args.includes('--initial'), name };
      out(await orm.connected(createDatabase, () => orm.createMigration(flags)));
    },
  });
  ctx.addCommand('db:seed', {
    description: 'Run the seeder given as plugins.orm.seed, in one transaction',
    run: async (_args, out) => {
      const seed = options.seed;
      if (!seed) {
        out('no seeder: set plugins.orm.seed to a function (em) => Promise<void>');
        return;
      }
      await orm.withEntityManager(() => orm.transaction((em) => seed(em)));
      out('seeded');
    },
  });
}

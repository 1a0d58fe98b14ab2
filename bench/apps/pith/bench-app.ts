import path from 'node:path';
import { PithError, createApp, type AppConfig, type Application } from '@pith/core';
import { ormPlugin } from '@pith/orm';
import { router } from '@pith/router';
import { viewsPlugin } from '@pith/views';
import { DbController } from './db.controller';
import { helloPlugin } from './hello-plugin';
import { Fortune, World } from './tfb.entities';
import { WebController } from './web.controller';

/** Which Pith stack a bench server runs. */
export type BenchProfile = 'kernel' | 'router' | 'full';

/** What the `full` profile connects to. */
export interface BenchDatabase {
  /** An orm plugin URL: `postgresql://…/pith_bench` or `sqlite:/abs/file.sqlite`. */
  readonly url: string;
  /** `none` when the runner made the tables (the default); `update` lets the ORM create them. */
  readonly schema?: 'none' | 'update';
}

/** Production settings shared by every profile: no request logging, warnings only. */
const BASE_CONFIG: AppConfig = {
  name: 'pith-bench',
  env: 'production',
  logger: { level: 'warn', requests: false },
};

// The same folder from the sources (bench/apps/pith) and from the build (bench/dist/pith).
const VIEWS_DIR = path.join(__dirname, '..', '..', 'apps', 'pith', 'views');

/** Builds the bench app of a profile; the verifier test and the benchmark run this same app. */
export function createBenchApp(profile: BenchProfile, database?: BenchDatabase): Application {
  switch (profile) {
    case 'kernel':
      return createApp(BASE_CONFIG, {}).register(helloPlugin);
    case 'router':
      return createApp(
        { ...BASE_CONFIG, plugins: { router: [router, { controllers: [WebController] }] } },
        {},
      );
    case 'full':
      if (!database)
        throw new PithError('ERR_CONFIG_INVALID', 'bench profile "full" needs a database URL');
      return createApp(
        {
          ...BASE_CONFIG,
          plugins: {
            router: [router, { controllers: [WebController, DbController] }],
            views: [viewsPlugin, { dir: VIEWS_DIR }],
            orm: [
              ormPlugin,
              {
                url: database.url,
                entities: [World, Fortune],
                schema: database.schema ?? 'none',
                createDatabase: false,
                pool: { min: 0, max: 8 },
              },
            ],
          },
        },
        {},
      );
  }
}

import path from 'node:path';
import { createApp, type Application } from '@pith/core';
import { ormPlugin } from '@pith/orm';
import { router } from '@pith/router';
import { viewsPlugin } from '@pith/views';
import { BASE_CONFIG } from './base-config';
import { DbController } from './db.controller';
import { DbMicroController } from './db-micro.controller';
import { Fortune, World } from './tfb.entities';
import { WebController } from './web.controller';

/** What the full profile connects to. */
export interface BenchDatabase {
  /** An orm plugin URL: `postgresql://…/pith_bench` or `sqlite:/abs/file.sqlite`. */
  readonly url: string;
  /** `none` when the runner made the tables (the default); `update` lets the ORM create them. */
  readonly schema?: 'none' | 'update';
}

// The same folder from the sources (bench/apps/pith) and from the build (bench/dist/pith).
const VIEWS_DIR = path.join(__dirname, '..', '..', 'apps', 'pith', 'views');

/**
 * The full profile: router, views and orm, for the database endpoints; `micro` reads through the
 * orm plugin's entity reader (TechEmpower's "Micro") instead of the EntityManager ("Full ORM").
 */
export function createFullApp(database: BenchDatabase, micro = false): Application {
  return createApp(
    {
      ...BASE_CONFIG,
      plugins: {
        router: [
          router,
          { controllers: [WebController, micro ? DbMicroController : DbController] },
        ],
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

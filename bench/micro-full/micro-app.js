'use strict';
/**
 * The full profile (router + orm + views) with the database endpoints of
 * bench/apps/pith/db-micro.controller.ts: reads through the orm plugin's entity reader
 * (TechEmpower's "Micro"), writes through the EntityManager. Same configuration as
 * bench/apps/pith/full-app.ts, DbMicroController in place of DbController; same DB env
 * variables as bench/apps/pith/main.ts. Needs bench/dist built.
 */
const path = require('node:path');
const { createApp } = require('@pith/core');
const { router } = require('@pith/router');
const { viewsPlugin } = require('@pith/views');
const { ormPlugin } = require('@pith/orm');
const { World, Fortune } = require('../dist/pith/tfb.entities');
const { DbMicroController } = require('../dist/pith/db-micro.controller');
const { WebController } = require('../dist/pith/web.controller');
const { BASE_CONFIG } = require('../dist/pith/base-config');

const { BENCH_DB, BENCH_PG_URL, BENCH_SQLITE_FILE } = process.env;
const url = BENCH_DB === 'pg' ? BENCH_PG_URL : `sqlite:${BENCH_SQLITE_FILE}`;
const app = createApp(
  {
    ...BASE_CONFIG,
    plugins: {
      router: [router, { controllers: [WebController, DbMicroController] }],
      views: [viewsPlugin, { dir: path.join(__dirname, '..', 'apps', 'pith', 'views') }],
      orm: [
        ormPlugin,
        {
          url,
          entities: [World, Fortune],
          schema: 'none',
          createDatabase: false,
          pool: { min: 0, max: 8 },
        },
      ],
    },
  },
  {},
);
app.listen(Number(process.env.PORT ?? 8080), '127.0.0.1').catch((error) => {
  console.error(error);
  process.exit(1);
});

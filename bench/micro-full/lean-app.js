'use strict';
/**
 * The full profile (router + orm + views) with hand-written SQL through the ORM's connection
 * (`em.getConnection().execute`): TechEmpower's "Raw" classification, not "Full ORM". It splits
 * what the framework costs from what MikroORM's EntityManager costs. Same DB env variables as
 * bench/apps/pith/main.ts. Plain JavaScript: decorators applied by hand.
 */
const path = require('node:path');
const { createApp, inject } = require('@pith/core');
const { router, Controller, Get, Header, Query } = require('@pith/router');
const { viewsPlugin, Render } = require('@pith/views');
const { ormPlugin, ENTITY_MANAGER } = require('@pith/orm');
const { World, Fortune } = require('../dist/pith/tfb.entities');
const { clampQueries, randomId, prepareFortunes } = require('../apps/shared/tfb-rules');

const BY_ID = 'SELECT id, randomnumber FROM world WHERE id = ?';
const UPDATE = 'UPDATE world SET randomnumber = ? WHERE id = ?';

class LeanController {
  constructor(em) {
    this.em = em;
  }
  async world() {
    const row = await this.em.getConnection().execute(BY_ID, [randomId()], 'get');
    return { id: row.id, randomNumber: row.randomnumber };
  }
  db() {
    return this.world();
  }
  queries(queries) {
    const n = clampQueries(queries);
    const out = [];
    for (let i = 0; i < n; i++) out.push(this.world());
    return Promise.all(out);
  }
  async updates(queries) {
    const worlds = await this.queries(queries);
    const connection = this.em.getConnection();
    for (const w of worlds) w.randomNumber = randomId();
    await Promise.all(worlds.map((w) => connection.execute(UPDATE, [w.randomNumber, w.id], 'run')));
    return worlds;
  }
  async fortunes() {
    const rows = await this.em.getConnection().execute('SELECT id, message FROM fortune');
    return { fortunes: prepareFortunes(rows) };
  }
}
const proto = LeanController.prototype;
function route(name, path, extra = []) {
  let desc = Object.getOwnPropertyDescriptor(proto, name);
  for (const d of [...extra, Header('server', 'Pith'), Get(path)])
    desc = d(proto, name, desc) ?? desc;
  Object.defineProperty(proto, name, desc);
}
Query('queries')(proto, 'queries', 0);
Query('queries')(proto, 'updates', 0);
route('db', '/db');
route('queries', '/queries');
route('updates', '/updates');
route('fortunes', '/fortunes', [Render({ html: 'fortunes', layout: false })]);
inject(ENTITY_MANAGER)(LeanController, undefined, 0);
Reflect.defineMetadata('design:paramtypes', [Object], LeanController);
Reflect.defineMetadata('design:paramtypes', [String], proto, 'queries');
Reflect.defineMetadata('design:paramtypes', [String], proto, 'updates');
Controller()(LeanController);

const { BENCH_DB, BENCH_PG_URL, BENCH_SQLITE_FILE } = process.env;
const url = BENCH_DB === 'pg' ? BENCH_PG_URL : `sqlite:${BENCH_SQLITE_FILE}`;
const app = createApp(
  {
    name: 'pith-lean',
    env: 'production',
    logger: { level: 'warn', requests: false },
    plugins: {
      router: [router, { controllers: [LeanController] }],
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

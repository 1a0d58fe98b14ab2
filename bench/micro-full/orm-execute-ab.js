'use strict';
/**
 * In-process A/B of two builds of the orm plugin on SQLite, interleaved, 7 rounds: µs of CPU per
 * `em.getConnection().execute` (the bound-statement path) and per `em.findOne` (Full ORM).
 * Steadier than the HTTP runs on a loaded machine (no sockets, one process).
 *   taskset -c 0 node bench/micro-full/orm-execute-ab.js <before orm dist folder inside the repo>
 * Needs plugins/orm/dist, core/dist and bench/dist built, and results/raw/micro-full.sqlite
 * (seeded by cpu-per-request.js).
 */
const path = require('node:path');
const root = path.resolve(__dirname, '../..');
const { createApp } = require(path.join(root, 'core/dist'));
const { World } = require(path.join(root, 'bench/dist/pith/tfb.entities'));
const file = path.join(root, 'bench/results/raw/micro-full.sqlite');
const variants = {
  after: path.join(root, 'plugins/orm/dist'),
  before: path.resolve(process.argv[2] ?? 'bench/results/raw/orm-variants/before'),
};
async function main() {
  const ems = {};
  for (const [name, dir] of Object.entries(variants)) {
    const orm = require(dir);
    const app = createApp(
      {
        name,
        env: 'production',
        logger: { level: 'warn', requests: false },
        plugins: {
          orm: [
            orm.ormPlugin,
            { url: `sqlite:${file}`, entities: [World], schema: 'none', createDatabase: false },
          ],
        },
      },
      {},
    );
    await app.ready();
    const o = app.resolve(orm.ORM);
    ems[name] = { app, conn: o.mikroOrm.em.getConnection(), em: o.mikroOrm.em, o };
  }
  const N = 20000;
  const res = { after: [], before: [], afterFind: [], beforeFind: [] };
  for (let r = 0; r < 7; r++) {
    for (const name of r % 2 ? ['before', 'after'] : ['after', 'before']) {
      const { conn, o } = ems[name];
      let t = process.cpuUsage();
      for (let i = 0; i < N; i++)
        await conn.execute(
          'SELECT id, randomnumber FROM world WHERE id = ?',
          [1 + (i % 10000)],
          'get',
        );
      t = process.cpuUsage(t);
      res[name].push((t.user + t.system) / N);
      t = process.cpuUsage();
      await o.withEntityManager(async (em) => {
        for (let i = 0; i < N / 4; i++) {
          await em.findOne(World, 1 + (i % 10000));
          if (i % 100 === 0) em.clear();
        }
      });
      t = process.cpuUsage(t);
      res[name + 'Find'].push((t.user + t.system) / (N / 4));
    }
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1].toFixed(2);
  for (const k of Object.keys(res))
    console.log(
      k.padEnd(11),
      'median µs',
      med(res[k]),
      'all',
      res[k].map((x) => x.toFixed(2)).join(' '),
    );
  for (const { app } of Object.values(ems)) await app.close();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});

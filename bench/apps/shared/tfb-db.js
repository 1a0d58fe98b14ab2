'use strict';
/**
 * The World and Fortune queries on the bare drivers (pg, better-sqlite3), for the bare baseline
 * and the peers. `BENCH_DB` picks the backend: `pg` (default URL from `BENCH_PG_URL`) or `sqlite`
 * (file from `BENCH_SQLITE_FILE`). Each row is fetched by its own query, as the TechEmpower rules say.
 */
const { randomId } = require('./tfb-rules');

function openPostgres(url) {
  const { Pool } = require('pg');
  const pool = new Pool({ connectionString: url, max: 8 });
  const byId = { name: 'world-by-id', text: 'SELECT id, randomnumber FROM world WHERE id = $1' };
  const update = { name: 'world-update', text: 'UPDATE world SET randomnumber = $2 WHERE id = $1' };
  const fortunes = { name: 'fortunes', text: 'SELECT id, message FROM fortune' };
  const getWorld = async (id) => {
    const { rows } = await pool.query({ ...byId, values: [id] });
    const row = rows[0];
    return { id: row.id, randomNumber: row.randomnumber };
  };
  return {
    getWorld,
    async updateWorlds(worlds) {
      await Promise.all(
        worlds.map((w) => pool.query({ ...update, values: [w.id, w.randomNumber] })),
      );
    },
    async getFortunes() {
      return (await pool.query(fortunes)).rows;
    },
    close: () => pool.end(),
  };
}

function openSqlite(file) {
  // The ORM's own driver, from the framework's install (native, built once there).
  const Database = require(
    require.resolve('better-sqlite3', { paths: [process.cwd(), __dirname] }),
  );
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const byId = db.prepare('SELECT id, randomnumber FROM world WHERE id = ?');
  const update = db.prepare('UPDATE world SET randomnumber = ? WHERE id = ?');
  const fortunes = db.prepare('SELECT id, message FROM fortune');
  return {
    async getWorld(id) {
      const row = byId.get(id);
      return { id: row.id, randomNumber: row.randomnumber };
    },
    async updateWorlds(worlds) {
      for (const w of worlds) update.run(w.randomNumber, w.id);
    },
    async getFortunes() {
      return fortunes.all();
    },
    close: async () => db.close(),
  };
}

/** Opens the backend named by the environment, or returns undefined when `BENCH_DB` is unset. */
function openDb(env = process.env) {
  if (env.BENCH_DB === 'pg')
    return openPostgres(env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/pith_bench');
  if (env.BENCH_DB === 'sqlite') return openSqlite(env.BENCH_SQLITE_FILE);
  return undefined;
}

/** The /db, /queries, /updates and /fortunes work, shared by every bare-driver server. */
function tfbHandlers(db) {
  const getWorlds = async (n) => {
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = db.getWorld(randomId());
    return Promise.all(out);
  };
  return {
    db: () => db.getWorld(randomId()),
    queries: (n) => getWorlds(n),
    async updates(n) {
      const worlds = await getWorlds(n);
      for (const w of worlds) w.randomNumber = randomId();
      await db.updateWorlds(worlds);
      return worlds;
    },
    fortunes: () => db.getFortunes(),
  };
}

module.exports = { openDb, tfbHandlers };

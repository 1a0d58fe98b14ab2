'use strict';
/**
 * Creates and fills the TechEmpower tables (world: 10,000 rows; fortune: the 12 standard rows)
 * in a PostgreSQL database of its own and in a SQLite file. Idempotent: a filled table is kept.
 */
const path = require('node:path');
const fs = require('node:fs');

const WORLD_ROWS = 10_000;
const FORTUNES = [
  'fortune: No such file or directory',
  "A computer scientist is someone who fixes things that aren't broken.",
  'After enough decimal places, nobody gives a damn.',
  'A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1',
  'A computer program does what you tell it to do, not what you want it to do.',
  'Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen',
  'Any program that runs right is obsolete.',
  'A list is only as strong as its weakest link. — Donald Knuth',
  'Feature: A bug with seniority.',
  'Computers make very fast, very accurate mistakes.',
  '<script>alert("This should not be displayed in a browser alert box.");</script>',
  'フレームワークのベンチマーク',
];

const DDL = [
  'CREATE TABLE IF NOT EXISTS world (id integer PRIMARY KEY, randomnumber integer NOT NULL)',
  'CREATE TABLE IF NOT EXISTS fortune (id integer PRIMARY KEY, message varchar(2048) NOT NULL)',
];

const random = () => 1 + Math.floor(Math.random() * 10000);

/** Seeds PostgreSQL; creates the database first when it is missing. Returns the URL. */
async function seedPostgres({ adminUrl, database }) {
  const { Client } = require('pg');
  const admin = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.href, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    for (const ddl of DDL) await client.query(ddl);
    const worlds = Number((await client.query('SELECT count(*) AS n FROM world')).rows[0].n);
    if (worlds !== WORLD_ROWS) {
      await client.query('TRUNCATE world');
      await client.query(
        'INSERT INTO world (id, randomnumber) SELECT i, 1 + floor(random() * 10000)::int FROM generate_series(1, $1) AS i',
        [WORLD_ROWS],
      );
    }
    const fortunes = Number((await client.query('SELECT count(*) AS n FROM fortune')).rows[0].n);
    if (fortunes !== FORTUNES.length) {
      await client.query('TRUNCATE fortune');
      for (const [i, message] of FORTUNES.entries()) {
        await client.query('INSERT INTO fortune (id, message) VALUES ($1, $2)', [i + 1, message]);
      }
    }
    await client.query('ANALYZE world');
    await client.query('ANALYZE fortune');
  } finally {
    await client.end();
  }
  return url.href;
}

/** Seeds a SQLite file with better-sqlite3 (the driver the framework's ORM installs). */
function seedSqlite(file, rootDir) {
  const Database = require(require.resolve('better-sqlite3', { paths: [rootDir] }));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    for (const ddl of DDL) db.exec(ddl);
    const worlds = db.prepare('SELECT count(*) AS n FROM world').get().n;
    if (worlds !== WORLD_ROWS) {
      db.exec('DELETE FROM world');
      const insert = db.prepare('INSERT INTO world (id, randomnumber) VALUES (?, ?)');
      db.transaction(() => {
        for (let i = 1; i <= WORLD_ROWS; i++) insert.run(i, random());
      })();
    }
    if (db.prepare('SELECT count(*) AS n FROM fortune').get().n !== FORTUNES.length) {
      db.exec('DELETE FROM fortune');
      const insert = db.prepare('INSERT INTO fortune (id, message) VALUES (?, ?)');
      for (const [i, message] of FORTUNES.entries()) insert.run(i + 1, message);
    }
  } finally {
    db.close();
  }
  return file;
}

module.exports = { seedPostgres, seedSqlite, FORTUNES, WORLD_ROWS };

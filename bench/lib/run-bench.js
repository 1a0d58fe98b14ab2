'use strict';
/**
 * The benchmark runner: seeds the databases, starts every server pinned to one CPU, drives wrk
 * from the other, measures in interleaved rounds and writes the results file.
 * Usage: `npm run bench -- --help` (from the repository root).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { parseOptions } = require('./cli-options');
const { ENDPOINTS, SERVERS, BACKEND_TITLES } = require('./server-catalogue');
const { seedPostgres, seedSqlite } = require('./db-seed');
const { measureGroup } = require('./measure-group');
const { TARGET_PAIRS } = require('./paired-ratio');
const { resultsMarkdown } = require('./results-writer');
const { hottestFunctions, timeByOrigin } = require('./cpu-profile-summary');

const BENCH_DIR = path.resolve(__dirname, '..');
const ROOT_DIR = path.resolve(BENCH_DIR, '..');
const RAW_DIR = path.join(BENCH_DIR, 'results', 'raw');

function toolVersion(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.error ? undefined : `${r.stdout}${r.stderr}`.split('\n')[0].trim();
}

async function prepareBackends(opts, skipped) {
  const env = {};
  const wantsDb = ENDPOINTS.some((e) => e.db && (!opts.only || opts.only.includes(e.id)));
  if (!wantsDb) return env;
  for (const backend of opts.dbs) {
    try {
      if (backend === 'pg') {
        const adminUrl =
          process.env.BENCH_PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
        env.pg = { BENCH_PG_URL: await seedPostgres({ adminUrl, database: 'pith_bench' }) };
      } else if (backend === 'sqlite') {
        env.sqlite = {
          BENCH_SQLITE_FILE: seedSqlite(path.join(RAW_DIR, 'bench.sqlite'), ROOT_DIR),
        };
      } else throw new Error(`unknown backend "${backend}" (pg, sqlite)`);
    } catch (error) {
      skipped.push({
        label: `${BACKEND_TITLES[backend] ?? backend} endpoints`,
        reason: `database unavailable: ${error.message}`,
      });
    }
  }
  return env;
}

function buildPlan(opts, backendEnv) {
  const endpoints = ENDPOINTS.filter((e) => !opts.only || opts.only.includes(e.id));
  // A table's baseline is measured with it: node:http always, another baseline when a chosen
  // server serves its endpoint (`--servers pith` alone would otherwise measure pith-page alone).
  const chosen = SERVERS.filter((s) => opts.servers?.includes(s.id));
  const baselines = new Set(['node-http']);
  for (const e of endpoints) {
    if (e.baseline && (!opts.servers || chosen.some((s) => s.web.includes(e.id))))
      baselines.add(e.baseline);
  }
  const servers = SERVERS.filter(
    (s) => !opts.servers || opts.servers.includes(s.id) || baselines.has(s.id),
  );
  const nodeArgs = (s) =>
    opts.profile === s.id
      ? [
          '--require',
          path.join(__dirname, 'exit-on-signal.js'),
          '--cpu-prof',
          '--cpu-prof-dir',
          path.join(RAW_DIR, 'profiles', s.id),
        ]
      : [];
  const groups = [];
  const tables = [];
  const web = endpoints.filter((e) => !e.db);
  if (web.length > 0) {
    const instances = webInstances(servers, web, nodeArgs);
    groups.push({ name: 'web', instances, endpoints: web });
    for (const ep of web)
      tables.push(table(ep.id, ep, ep.title, ep.baseline ?? 'node-http', instances));
  }
  const eps = endpoints.filter((e) => e.db);
  for (const backend of opts.dbs) {
    if (eps.length === 0 || !backendEnv[backend]) continue;
    const instances = dbInstances(servers, backend, eps, backendEnv[backend], nodeArgs);
    groups.push({ name: backend, instances, endpoints: eps });
    for (const ep of eps) {
      const title = `${ep.title} — ${BACKEND_TITLES[backend]}`;
      tables.push(table(`${ep.id}:${backend}`, ep, title, `node-http:${backend}`, instances));
    }
  }
  return { groups, tables };
}

/** One process per server for the endpoints without a database. */
function webInstances(servers, web, nodeArgs) {
  return servers
    .map((s) => ({ s, eps: web.filter((e) => s.web.includes(e.id)) }))
    .filter(({ eps }) => eps.length > 0)
    .map(({ s, eps }) => ({
      key: s.id,
      serverId: s.id,
      backend: undefined,
      id: s.id,
      label: s.label,
      entry: s.entry,
      env: s.env ?? {},
      nodeArgs: nodeArgs(s),
      probe: eps[0].path,
      cookie: eps.some((e) => e.cookie),
      endpoints: eps.map((e) => e.id),
    }));
}

/**
 * SQLite: each server gets its own copy of the seeded file, so that one server's writes (WAL,
 * locks) never slow another; PostgreSQL is shared like a real database server.
 */
function ownDatabase(backendEnv, serverId) {
  const seeded = backendEnv.BENCH_SQLITE_FILE;
  if (!seeded) return backendEnv;
  const file = path.join(path.dirname(seeded), `bench-${serverId}.sqlite`);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  fs.copyFileSync(seeded, file);
  return { ...backendEnv, BENCH_SQLITE_FILE: file };
}

/** One process per server that serves the database endpoints on `backend`. */
function dbInstances(servers, backend, eps, backendEnv, nodeArgs) {
  return servers
    .filter((s) => s.backends.includes(backend) && s.db.length > 0)
    .map((s) => ({
      key: `${s.id}:${backend}`,
      serverId: s.id,
      backend,
      id: `${s.id}:${backend}`,
      label: s.dbLabel ?? s.label,
      entry: s.entry,
      env: { ...(s.dbEnv ?? s.env ?? {}), BENCH_DB: backend, ...ownDatabase(backendEnv, s.id) },
      nodeArgs: nodeArgs(s),
      probe: '/fortunes',
      endpoints: eps.map((e) => e.id).filter((id) => s.db.includes(id)),
    }));
}

function table(id, ep, title, baselineKey, instances) {
  const mine = instances.filter((i) => i.endpoints.includes(ep.id));
  const baseline = mine.find((i) => i.key === baselineKey);
  return {
    id,
    endpoint: ep.id,
    title,
    baselineKey,
    baselineLabel: ep.baseline ? (baseline?.label ?? ep.baseline) : 'node:http',
    keys: mine.map((i) => i.key),
    instances: mine,
  };
}

function collectSkips(tables, skipped) {
  for (const t of tables) {
    for (const inst of t.instances) {
      const reason = inst.failed ?? inst.broken?.get(t.endpoint);
      if (reason) skipped.push({ table: t.id, label: inst.label, reason });
    }
  }
}

/** Peak RSS, cold starts and skip reasons per server process, kept with the raw samples. */
function instanceFacts(groups) {
  return groups.flatMap((g) =>
    g.instances.map((i) => ({
      key: i.key,
      peakRssMiB: i.peakRss,
      coldStartsMs: i.coldStarts,
      failed: i.failed,
      broken: i.broken ? Object.fromEntries(i.broken) : undefined,
    })),
  );
}

/** The repository checks Markdown with Prettier; format the results the same way when it is there. */
function formatMarkdown(file) {
  let bin;
  try {
    bin = require.resolve('prettier/bin/prettier.cjs', { paths: [ROOT_DIR] });
  } catch {
    return;
  }
  spawnSync(process.execPath, [bin, '--write', file], { cwd: ROOT_DIR, stdio: 'ignore' });
}

function printProfile(opts) {
  const dir = path.join(RAW_DIR, 'profiles', opts.profile);
  const files = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))
    : [];
  for (const f of files) {
    console.log(`\nself time by origin of ${opts.profile} (${path.join(dir, f)}):`);
    for (const r of timeByOrigin(path.join(dir, f)))
      console.log(`${r.selfPct.toFixed(1).padStart(5)}%  ${r.origin}`);
    console.log('hottest functions:');
    for (const r of hottestFunctions(path.join(dir, f), 25))
      console.log(`${r.selfPct.toFixed(1).padStart(5)}%  ${r.name}`);
  }
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const wrk = toolVersion('wrk', ['-v']);
  if (!wrk)
    throw new Error(
      'wrk is not installed: apt-get install -y wrk (bench/run.sh does it when run as root)',
    );
  const cores = os.cpus().length;
  const pinned = cores >= 2 && toolVersion('taskset', ['-V']) !== undefined;
  if (!pinned) console.warn('fewer than 2 CPUs or no taskset: server and load are NOT pinned');
  const ctx = {
    spawn: { cpu: pinned ? 0 : undefined, benchDir: BENCH_DIR, nice: opts.nice },
    load: { connections: opts.connections, cpu: pinned ? 1 : undefined, nice: opts.nice },
  };
  fs.mkdirSync(RAW_DIR, { recursive: true });
  const skipped = [];
  const backendEnv = await prepareBackends(opts, skipped);
  const { groups, tables } = buildPlan(opts, backendEnv);
  const pairs = groups.reduce(
    (n, g) => n + g.instances.reduce((m, i) => m + i.endpoints.length, 0),
    0,
  );
  const plannedS =
    pairs * (opts.rounds * opts.duration + opts.warmup) +
    TARGET_PAIRS.length *
      ((2 * opts.paired + 1) * opts.pairedDuration +
        opts.sideBySidePairs * opts.sideBySide * opts.sideBySideDuration +
        // a fresh pair's warm-up: about four endpoints of 2 s
        (opts.sideBySidePairs - 1) * 8);
  console.error(
    `${pairs} server/endpoint pairs × ${opts.rounds} rounds: about ${Math.ceil(plannedS / 60)} min of load`,
  );
  const samples = [];
  const paired = [];
  for (const group of groups) {
    const measured = await measureGroup(group, group.endpoints, opts, ctx);
    samples.push(...measured.samples);
    paired.push(...measured.paired);
  }
  collectSkips(tables, skipped);
  const meta = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores,
    memGiB: (os.totalmem() / 2 ** 30).toFixed(0),
    os: `${os.type()} ${os.release()}`,
    node: process.versions.node,
    wrk,
    serverCpu: pinned ? 0 : 'any',
    loadCpu: pinned ? 1 : 'any',
    ...opts,
    wallSeconds: (performance.now() - started) / 1000,
  };
  const notesFile = path.join(BENCH_DIR, 'profile-notes.md');
  const notes = fs.existsSync(notesFile) ? fs.readFileSync(notesFile, 'utf8') : undefined;
  const partial = opts.quick || opts.only || opts.servers || opts.profile;
  const out = opts.out
    ? path.resolve(opts.out)
    : path.join(partial ? RAW_DIR : BENCH_DIR, 'RESULTS.md');
  fs.writeFileSync(out, resultsMarkdown({ meta, tables, samples, paired, skipped, notes }));
  formatMarkdown(out);
  fs.writeFileSync(
    path.join(RAW_DIR, `samples-${meta.date.replace(/[:]/g, '')}.json`),
    JSON.stringify({ meta, samples, paired, instances: instanceFacts(groups) }, null, 1),
  );
  console.error(`wrote ${path.relative(process.cwd(), out)} in ${meta.wallSeconds.toFixed(0)} s`);
  if (opts.profile) printProfile(opts);
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});

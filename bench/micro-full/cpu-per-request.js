'use strict';
/**
 * Server CPU time per request, Pith full profile vs the bare driver (+ ejs), interleaved.
 *
 *   node bench/micro-full/cpu-per-request.js [--db sqlite,pg] [--only db,queries,updates,fortunes]
 *        [--rounds 5] [--duration 2] [--connections 16] [--profile pith|bare]
 *        [--variant name=<orm dist folder inside the repo>]   (a third server: A/B of the orm plugin)
 *        [--lean 1]   (also the full profile with hand-written SQL on the ORM connection: lean-app.js)
 *        [--micro 1]  (also the full profile with the orm plugin's entity reader: micro-app.js)
 *
 * Each server is pinned to CPU 0 and wrk to CPU 1. The server's own CPU time (utime + stime of
 * /proc/<pid>/stat, i.e. what process.cpuUsage() reports, all threads) is read before and after
 * each wrk run and divided by the requests wrk completed. On a loaded shared machine requests/s
 * swing with other processes; CPU per request is much steadier, and its ratio is the figure
 * that says how much more work Pith does for the same answer. Needs bench/dist built (run.sh) and
 * the Pith packages built (npx tsc -b plugins/<name>/tsconfig.build.json).
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');

const benchDir = path.resolve(__dirname, '..');
const rootDir = path.dirname(benchDir);
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100);
const PG_ADMIN = 'postgresql://postgres@127.0.0.1:5432';
const PATHS = {
  db: '/db',
  queries: '/queries?queries=20',
  updates: '/updates?queries=20',
  fortunes: '/fortunes',
};

function args() {
  const out = { db: 'sqlite,pg', only: 'db,queries,updates,fortunes', rounds: 5, duration: 2 };
  out.connections = 16;
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  return out;
}

function cpuMs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

function get(port, p) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, agent: false }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode));
    });
    req.once('error', () => resolve(0));
  });
}

async function start(kind, db, port, profileDir, ormDist) {
  const env = { NODE_ENV: 'production', PORT: String(port), PATH: process.env.PATH };
  env.BENCH_DB = db;
  env.BENCH_PG_URL = `${PG_ADMIN}/pith_bench`;
  env.BENCH_SQLITE_FILE = path.join(benchDir, 'results', 'raw', 'micro-full.sqlite');
  const apps = {
    bare: path.join(benchDir, 'apps', 'bare', 'server.js'),
    lean: path.join(__dirname, 'lean-app.js'),
    micro: path.join(__dirname, 'micro-app.js'),
  };
  const entry = [apps[kind] ?? path.join(benchDir, 'dist', 'pith', 'main.js')];
  if (kind !== 'bare') env.BENCH_PITH_PROFILE = 'full';
  if (ormDist) env.PITH_ORM_DIST = path.resolve(ormDist);
  const prof = profileDir ? [`--cpu-prof`, `--cpu-prof-dir=${profileDir}`] : [];
  prof.push('-r', path.join(__dirname, 'orm-dist-redirect.js'));
  const child = spawn('taskset', ['-c', '0', process.execPath, ...prof, ...entry], {
    cwd: benchDir,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 3000; i++) {
    if ((await get(port, '/db')) === 200) return child;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${kind} on ${db} did not start`);
}

function wrk(port, p, seconds, connections) {
  const out = execFileSync('taskset', [
    '-c',
    '1',
    'wrk',
    '-t1',
    `-c${connections}`,
    `-d${seconds}s`,
    `http://127.0.0.1:${port}${p}`,
  ]).toString();
  const m = /(\d+) requests in ([\d.]+)(m?s)/.exec(out);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  if (errors) throw new Error(`wrk saw ${errors[1]} non-2xx answers on ${p}`);
  return Number(m[1]);
}

function measure(server, p, o) {
  const before = cpuMs(server.pid);
  const t0 = performance.now();
  const requests = wrk(server.port, p, o.duration, o.connections);
  const wall = (performance.now() - t0) / 1000;
  return { usPerReq: ((cpuMs(server.pid) - before) * 1000) / requests, rps: requests / wall };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const o = args();
  const { seedPostgres, seedSqlite } = require(path.join(benchDir, 'lib', 'db-seed.js'));
  const { checkEndpoint } = require(path.join(benchDir, 'lib', 'endpoint-check.js'));
  seedSqlite(path.join(benchDir, 'results', 'raw', 'micro-full.sqlite'), rootDir);
  if (o.db.split(',').includes('pg')) {
    // Idempotent: creates and fills pith_bench only when it is missing or incomplete.
    await seedPostgres({ adminUrl: `${PG_ADMIN}/postgres`, database: 'pith_bench' });
  }
  const profileDir = o.profile ? fs.mkdtempSync('/tmp/micro-full-prof-') : undefined;
  for (const db of o.db.split(',')) {
    const servers = [];
    const kinds = ['bare', 'pith'];
    const [variant, variantDir] = o.variant ? o.variant.split('=') : [];
    if (variant) kinds.push(variant);
    if (o.micro) kinds.push('micro');
    if (o.lean) kinds.push('lean');
    for (const [i, kind] of kinds.entries()) {
      const port = 47300 + i + Math.floor(Math.random() * 300) * 3;
      const prof = o.profile === kind ? profileDir : undefined;
      const child = await start(kind, db, port, prof, kind === variant ? variantDir : undefined);
      servers.push({ kind, port, pid: child.pid, child });
      // The suite's short TechEmpower verifier: a variant that answers less is not measured.
      for (const id of o.only.split(',')) {
        const failure = await checkEndpoint(port, { id, path: PATHS[id] });
        if (failure) throw new Error(`${kind} on ${db}: ${failure}`);
      }
    }
    for (const endpoint of o.only.split(',')) {
      const p = PATHS[endpoint];
      for (const s of servers) wrk(s.port, p, 1, o.connections); // warm-up
      const rows = Object.fromEntries(kinds.map((k) => [k, []]));
      for (let r = 0; r < Number(o.rounds); r++) {
        const order = r % 2 ? [...servers].reverse() : servers;
        for (const s of order) rows[s.kind].push(measure(s, p, o));
      }
      const fmt = (k) => {
        const us = median(rows[k].map((x) => x.usPerReq)).toFixed(0);
        const rps = median(rows[k].map((x) => x.rps)).toFixed(0);
        if (k === 'bare') return `bare ${us} µs/req (${rps} req/s)`;
        const ratios = rows.bare.map((b, i) => b.usPerReq / rows[k][i].usPerReq);
        const range = `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
        return `${k} ${us} µs/req (${rps} req/s) bare/${k} ${median(ratios).toFixed(2)} (${range})`;
      };
      console.log(`${db.padEnd(6)} ${endpoint.padEnd(8)} ${kinds.map(fmt).join('  ')}`);
    }
    for (const s of servers) s.child.kill('SIGINT');
    await Promise.all(servers.map((s) => new Promise((r) => s.child.once('exit', r))));
  }
  if (profileDir) console.log(`profiles in ${profileDir}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

'use strict';
/**
 * Instructions per request under valgrind's callgrind: a count that does not move with other
 * load on the machine, unlike requests/s and CPU time.
 *
 * Each server runs under `valgrind --tool=callgrind --instr-atstart=no`. A fixed-count
 * keep-alive client (this file, `--client`) warms it up on every endpoint of the run (so the JIT
 * has seen the whole mix, as in the suite), then instrumentation is switched on for `--requests`
 * requests on one endpoint and off again; the dump's total over the requests is the figure.
 * Counts are of user-space instructions of every thread of the server (the JIT compiler and GC
 * helpers included), not of the kernel's socket work, which is the same for every server here
 * (one read and one writev a request, checked with strace). Warm-up that leaves the JIT still
 * compiling shows as a few % of extra count; 20,000 requests per endpoint settle it. With the
 * same endpoints in the run the count repeats within about 0.5 % (bare node:http within 0.2 %),
 * however busy the machine; another mix of endpoints changes what the JIT sees during warm-up
 * and a Pith count by up to 3 %, so compare figures of runs with the same `--only`.
 *
 * Usage (from the repository root, after `npm run bench` built bench/dist):
 *   node bench/micro/instructions.js [--servers bare,kernel,router] [--only json,plaintext,users]
 *     [--warmup 20000] [--requests 10000] [--keep DIR [--jit-names]]
 * `--keep DIR` keeps each dump as DIR/<server>-<endpoint>.callgrind (for callgrind_annotate);
 * `--jit-names` also runs the server with `--perf-basic-prof` and keeps its map beside the dump,
 * for callgrind-names.js. (The map's writing adds nothing per request, but the JIT of a run
 * with it may decide differently: compare counts of runs made the same way.)
 * bare and views read bench/results/raw/bench.sqlite, seeded here as the suite seeds it.
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const { seedSqlite } = require('../lib/db-seed');
const { positive } = require('../lib/cli-options');

const BENCH = path.resolve(__dirname, '..');
const PORT = 18_300;

/** `--client port path n`: n GET requests over 8 keep-alive connections, then exit. */
function runClient(port, urlPath, count) {
  const n = Number(count);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  let sent = 0;
  let done = 0;
  const next = () => {
    if (sent >= n) return;
    sent++;
    http
      .get({ host: '127.0.0.1', port, path: urlPath, agent }, (res) => {
        if (res.statusCode !== 200) {
          console.error(`${urlPath} answered ${res.statusCode}`);
          process.exit(1);
        }
        res.resume();
        res.on('end', () => {
          if (++done === n) agent.destroy();
          else next();
        });
      })
      .on('error', (error) => {
        console.error(error.message);
        process.exit(1);
      });
  };
  for (let i = 0; i < 8; i++) next();
}

function opt(args, name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
}

const PATHS = {
  json: '/json',
  plaintext: '/plaintext',
  users: '/users/42?fields=name,email',
  fortunes: '/fortunes',
};

function serverSpec(id, sqliteFile) {
  const db = { BENCH_DB: 'sqlite', BENCH_SQLITE_FILE: sqliteFile };
  const pith = path.join(BENCH, 'dist/pith/main.js');
  const web = ['json', 'plaintext', 'users'];
  const specs = {
    bare: { entry: path.join(BENCH, 'apps/bare/server.js'), env: db, serves: [...web, 'fortunes'] },
    kernel: { entry: pith, env: { BENCH_PITH_PROFILE: 'kernel' }, serves: ['json', 'plaintext'] },
    router: { entry: pith, env: { BENCH_PITH_PROFILE: 'router' }, serves: web },
    views: { entry: pith, env: { BENCH_PITH_PROFILE: 'views', ...db }, serves: ['fortunes'] },
    fastify: { entry: path.join(BENCH, 'apps/fastify/server.js'), env: {}, serves: web },
  };
  const spec = specs[id];
  if (!spec) throw new Error(`unknown server "${id}" (${Object.keys(specs).join(', ')})`);
  return spec;
}

function client(urlPath, count) {
  execFileSync(process.execPath, [__filename, '--client', String(PORT), urlPath, String(count)], {
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 600_000,
  });
}

async function waitUntilUp(urlPath, child) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}`);
    const ok = await new Promise((resolve) => {
      http
        .get({ host: '127.0.0.1', port: PORT, path: urlPath }, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        })
        .on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('server did not answer within 120 s');
}

/** Instructions per request of one server on one endpoint, after warming it on all of them. */
async function measure(id, endpoint, endpoints, opts) {
  const spec = serverSpec(id, opts.sqliteFile);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-callgrind-'));
  const out = path.join(dir, 'callgrind.out');
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      `--callgrind-out-file=${out}`,
      process.execPath,
      ...(opts.jitNames ? ['--perf-basic-prof'] : []),
      spec.entry,
    ],
    { env: { ...process.env, ...spec.env, PORT: String(PORT) }, stdio: 'ignore' },
  );
  try {
    await waitUntilUp(PATHS[endpoint], child);
    for (const ep of endpoints) client(PATHS[ep], opts.warmup);
    client(PATHS[endpoint], opts.warmup);
    execFileSync('callgrind_control', ['-i', 'on', String(child.pid)], { stdio: 'ignore' });
    client(PATHS[endpoint], opts.requests);
    execFileSync('callgrind_control', ['-i', 'off', String(child.pid)], { stdio: 'ignore' });
    execFileSync('callgrind_control', ['-d', String(child.pid)], { stdio: 'ignore' });
    const dump = fs.readdirSync(dir).find((f) => f.startsWith('callgrind.out.'));
    if (!dump) throw new Error('callgrind wrote no dump');
    const totals = /^totals:\s+(\d+)/m.exec(fs.readFileSync(path.join(dir, dump), 'utf8'));
    if (!totals) throw new Error('no totals line in the callgrind dump');
    if (opts.keep) {
      fs.mkdirSync(opts.keep, { recursive: true });
      fs.copyFileSync(path.join(dir, dump), path.join(opts.keep, `${id}-${endpoint}.callgrind`));
      if (opts.jitNames) {
        const map = `/tmp/perf-${child.pid}.map`;
        fs.copyFileSync(map, path.join(opts.keep, `${id}-${endpoint}.map`));
        fs.rmSync(map, { force: true });
      }
    }
    return Number(totals[1]) / opts.requests;
  } finally {
    child.kill('SIGKILL');
    await new Promise((resolve) =>
      child.exitCode !== null ? resolve() : child.once('exit', resolve),
    );
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const args = process.argv.slice(2);
  const servers = opt(args, 'servers', 'bare,kernel,router').split(',');
  const endpoints = opt(args, 'only', 'json,plaintext,users').split(',');
  const opts = {
    warmup: positive('warmup', opt(args, 'warmup', '20000')),
    requests: positive('requests', opt(args, 'requests', '10000')),
    // bare and views open it at start; seeding is idempotent (the suite's own seeder).
    sqliteFile: servers.some((s) => s === 'bare' || s === 'views')
      ? seedSqlite(path.join(BENCH, 'results/raw/bench.sqlite'), path.resolve(BENCH, '..'))
      : undefined,
    keep: opt(args, 'keep', undefined),
    jitNames: args.includes('--jit-names'),
  };
  if (opts.jitNames && !opts.keep)
    throw new Error('--jit-names needs --keep DIR to keep the maps in');
  execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
  console.log(
    `instructions per request (callgrind), ${opts.requests} requests after ${opts.warmup} per endpoint of warm-up; Node ${process.versions.node}`,
  );
  for (const endpoint of endpoints) {
    const counts = new Map();
    for (const id of servers) {
      const { serves } = serverSpec(id, opts.sqliteFile);
      if (!serves.includes(endpoint)) continue;
      // Warmed on every endpoint of the run it serves: the JIT sees the mix, as in the suite.
      const mix = endpoints.filter((e) => serves.includes(e));
      counts.set(id, await measure(id, endpoint, mix, opts));
    }
    const base = counts.get('bare');
    for (const [id, count] of counts) {
      const ratio = base ? `  bare/this ${(base / count).toFixed(3)}` : '';
      const ir = Math.round(count).toLocaleString('en-US').padStart(9);
      console.log(`${endpoint.padEnd(10)} ${id.padEnd(8)} ${ir} Ir/req${ratio}`);
    }
  }
}

if (process.argv[2] === '--client') {
  runClient(...process.argv.slice(3));
} else {
  main().catch((error) => {
    console.error(error.message ?? error);
    process.exit(1);
  });
}

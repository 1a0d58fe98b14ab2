'use strict';
/**
 * Whole-process CPU time per request, several servers measured interleaved in the same run.
 *
 * On a shared, noisy machine requests/s swing with other load; the CPU a server spends per
 * request (all its threads, from /proc/<pid>/task/<tid>/schedstat, nanoseconds) moves far less.
 * Each round drives every server with wrk for a fixed time, in a shuffled order; the report gives
 * the median µs per request per server and the median of the per-round ratios to `bare`.
 *
 * Usage:
 *   node bench/micro/cpu-per-request.js [--rounds 6] [--duration 2] [--only json,users]
 *     [--servers bare,kernel,router,base-kernel,base-router,fastify] [--base /tmp/pith-base/app]
 * `base-*` servers run a snapshot built by bench/micro/snapshot.sh (the revision before a change).
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');

const bench = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const rounds = Number(opt('rounds', 6));
const duration = Number(opt('duration', 2));
const baseDir = opt('base', '/tmp/pith-base/app');
const paths = { json: '/json', plaintext: '/plaintext', users: '/users/42?fields=name,email' };
const endpoints = opt('only', 'json,plaintext,users').split(',');

const catalogue = {
  bare: { entry: path.join(bench, 'apps/bare/server.js'), env: {} },
  fastify: { entry: path.join(bench, 'apps/fastify/server.js'), env: {} },
  kernel: { entry: path.join(bench, 'dist/pith/main.js'), env: { BENCH_PITH_PROFILE: 'kernel' } },
  router: { entry: path.join(bench, 'dist/pith/main.js'), env: { BENCH_PITH_PROFILE: 'router' } },
  'base-kernel': { entry: path.join(baseDir, 'main.js'), env: { BENCH_PITH_PROFILE: 'kernel' } },
  'base-router': { entry: path.join(baseDir, 'main.js'), env: { BENCH_PITH_PROFILE: 'router' } },
};
// `--alt name=/dir/app` adds `name-kernel` and `name-router` servers from another snapshot.
for (let i = args.indexOf('--alt'); i !== -1; i = args.indexOf('--alt', i + 1)) {
  const [name, dir] = args[i + 1].split('=');
  catalogue[`${name}-kernel`] = {
    entry: path.join(dir, 'main.js'),
    env: { BENCH_PITH_PROFILE: 'kernel' },
  };
  catalogue[`${name}-router`] = {
    entry: path.join(dir, 'main.js'),
    env: { BENCH_PITH_PROFILE: 'router' },
  };
}
// `<server>-off` / `<server>-on` runs a Pith server with `server.requestContext` forced off / on
// (BENCH_REQUEST_CONTEXT, read by bench/apps/pith/base-config.ts); without it each profile keeps
// its own choice (both: the default, "auto", which is off for them).
for (const id of Object.keys(catalogue)) {
  if (!/kernel|router/.test(id)) continue;
  for (const mode of ['on', 'off']) {
    const { entry, env } = catalogue[id];
    catalogue[`${id}-${mode}`] = { entry, env: { ...env, BENCH_REQUEST_CONTEXT: mode } };
  }
}
const ids = opt('servers', 'bare,kernel,router').split(',');
if (!ids.includes('bare')) ids.unshift('bare');

/** Nanoseconds of CPU used by every thread of `pid` so far. */
function cpuNs(pid) {
  let total = 0;
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // a thread that ended between the listing and the read
    }
  }
  return total;
}

function get(port, urlPath) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      })
      .on('error', reject);
  });
}

async function start(id, port) {
  if (!catalogue[id]) throw new Error(`unknown server ${id}`);
  const { entry, env } = catalogue[id];
  const child = spawn('taskset', ['-c', '0', process.execPath, entry], {
    env: { ...process.env, ...env, PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 200; i++) {
    await new Promise((r) => setTimeout(r, 50));
    try {
      await get(port, '/json');
      return { id, port, child, pid: child.pid };
    } catch {
      // not listening yet
    }
  }
  throw new Error(`${id} did not start`);
}

function wrk(port, urlPath, seconds) {
  const out = execFileSync(
    'taskset',
    ['-c', '1', 'wrk', '-t1', '-c32', `-d${seconds}s`, `http://127.0.0.1:${port}${urlPath}`],
    { encoding: 'utf8' },
  );
  const m = /(\d+) requests in/.exec(out);
  if (/Non-2xx/.test(out)) throw new Error(`non-2xx answers from ${urlPath}\n${out}`);
  return Number(m[1]);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

async function main() {
  const servers = [];
  for (let i = 0; i < ids.length; i++) servers.push(await start(ids[i], 18080 + i));
  try {
    for (const endpoint of endpoints) {
      const urlPath = paths[endpoint];
      const live = servers.filter((s) => endpoint !== 'users' || !/kernel/.test(s.id));
      for (const s of live) wrk(s.port, urlPath, 1);
      const samples = Object.fromEntries(live.map((s) => [s.id, []]));
      for (let r = 0; r < rounds; r++) {
        const order = [...live].sort(() => Math.random() - 0.5);
        for (const s of order) {
          const before = cpuNs(s.pid);
          const n = wrk(s.port, urlPath, duration);
          // A stall of the shared machine can leave a round with no answer at all.
          samples[s.id].push(n > 0 ? (cpuNs(s.pid) - before) / 1000 / n : NaN);
        }
      }
      console.log(`\n${endpoint} (${urlPath}): whole-process CPU µs per request, ${rounds} rounds`);
      for (const s of live) {
        const rounds = samples[s.id].map((u, r) => [u, samples.bare[r]]);
        const kept = rounds.filter(([u, b]) => Number.isFinite(u) && Number.isFinite(b));
        const us = kept.map(([u]) => u);
        const ratios = kept.map(([u, b]) => b / u);
        // Load from other processes only ever adds CPU time: the fastest round of each server is
        // the least disturbed one, so the ratio of the minima is reported next to the median.
        const bareMin = Math.min(...kept.map(([, b]) => b));
        console.log(
          `  ${s.id.padEnd(18)} median ${median(us).toFixed(1).padStart(6)} µs` +
            `  (min ${Math.min(...us).toFixed(1)}, max ${Math.max(...us).toFixed(1)})` +
            `  bare/this ${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})` +
            `  min/min ${(bareMin / Math.min(...us)).toFixed(3)}`,
        );
      }
    }
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

'use strict';
/**
 * Two servers side by side: both under load at the same time, pinned to the same server CPU,
 * each from its own wrk on the load CPU, so whatever the shared machine does it does to both in
 * the same milliseconds. Several fresh process pairs (two processes of one build differ by a
 * few % between them), each measured `--runs` times; the wrk that starts first alternates.
 * Prints the median of the per-run ratios B/A (requests/s, and CPU per request A/B), their
 * range, and each pair's median.
 *
 * Usage (from the repository root, after `npm run bench` built bench/dist):
 *   node bench/micro/side-by-side.js A B [--path /json] [--pairs 5] [--runs 4] [--duration 3]
 *     [--warm '/users/42?fields=a|/plaintext']
 * A server is `bare`, `fastify`, a Pith profile of this build (`router`, `kernel`) or of a
 * snapshot made by snapshot.sh (`/tmp/pith-base/app:router`).
 */
const { spawn } = require('node:child_process');
const path = require('node:path');
const { runWrk } = require('../lib/wrk-runner');
const { cpuTimeNs } = require('../lib/server-process');
const { median } = require('../lib/stats');

const BENCH = path.resolve(__dirname, '..');
const PORTS = [18_400, 18_401];
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const [nameA, nameB] = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const urlPath = opt('path', '/json');
const pairs = Number(opt('pairs', 5));
const runs = Number(opt('runs', 4));
const duration = Number(opt('duration', 3));
const warm = opt('warm', '').split('|').filter(Boolean);

function entryOf(name) {
  if (name === 'bare') return [path.join(BENCH, 'apps/bare/server.js'), {}];
  if (name === 'fastify') return [path.join(BENCH, 'apps/fastify/server.js'), {}];
  const [dir, profile] = name.includes(':') ? name.split(':') : [undefined, name];
  const main = dir ? path.join(dir, 'main.js') : path.join(BENCH, 'dist/pith/main.js');
  return [main, { BENCH_PITH_PROFILE: profile }];
}

function start(name, port) {
  const [entry, env] = entryOf(name);
  const child = spawn('taskset', ['-c', '0', process.execPath, entry], {
    cwd: BENCH,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { child, port };
}

/** Both servers under load at once; `swap` starts B's wrk first. */
async function both(servers, url, seconds, swap) {
  const order = swap ? [servers[1], servers[0]] : servers;
  const cpu0 = order.map((s) => cpuTimeNs(s.child.pid));
  const results = await Promise.all(
    order.map((s) =>
      runWrk(`http://127.0.0.1:${s.port}${url}`, { connections: 64, cpu: 1, duration: seconds }),
    ),
  );
  const measured = order.map((s, i) => ({
    rps: results[i].rps,
    cpuUs: (cpuTimeNs(s.child.pid) - cpu0[i]) / 1000 / results[i].requests,
  }));
  return swap ? measured.reverse() : measured;
}

async function main() {
  if (!nameA || !nameB) throw new Error('usage: side-by-side.js A B [--path /json] …');
  const rps = [];
  const cpu = [];
  const perPair = [];
  for (let p = 0; p < pairs; p++) {
    const servers = [start(nameA, PORTS[0]), start(nameB, PORTS[1])];
    try {
      await new Promise((r) => setTimeout(r, 1500));
      for (const w of warm) await both(servers, w, 2, false);
      await both(servers, urlPath, 2, false);
      const mine = [];
      for (let k = 0; k < runs; k++) {
        const [a, b] = await both(servers, urlPath, duration, k % 2 === 1);
        rps.push(b.rps / a.rps);
        cpu.push(a.cpuUs / b.cpuUs);
        mine.push(b.rps / a.rps);
      }
      perPair.push(median(mine).toFixed(3));
    } finally {
      for (const s of servers) s.child.kill();
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const lo = Math.min(...rps).toFixed(2);
  const hi = Math.max(...rps).toFixed(2);
  console.log(
    `${nameB} / ${nameA} on ${urlPath}: req/s ${median(rps).toFixed(3)} (${lo}–${hi}), CPU ${median(cpu).toFixed(3)}; per pair ${perPair.join(' ')}`,
  );
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});

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
const path = require('node:path');
const { startServer, stopServer } = require('../lib/server-process');
const { loadTogether } = require('../lib/paired-ratio');
const { median } = require('../lib/stats');

const BENCH = path.resolve(__dirname, '..');
const PORTS = [18_400, 18_401];
const LOAD = { connections: 64, cpu: 1 };
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

/** A server as lib/server-process.js starts it. */
function serverOf(name) {
  const base = { id: name, probe: urlPath };
  if (name === 'bare') return { ...base, entry: ['apps/bare/server.js'] };
  if (name === 'fastify') return { ...base, entry: ['apps/fastify/server.js'] };
  const [dir, profile] = name.includes(':') ? name.split(':') : [undefined, name];
  const entry = dir ? path.join(dir, 'main.js') : 'dist/pith/main.js';
  return { ...base, entry: [entry], env: { BENCH_PITH_PROFILE: profile } };
}

/** Starts both servers of a pair; measureLoad reads `handle` and `headers`. */
async function startPair() {
  const insts = [];
  for (const [i, name] of [nameA, nameB].entries()) {
    const handle = await startServer(serverOf(name), PORTS[i], { cpu: 0, benchDir: BENCH });
    insts.push({ handle, port: PORTS[i], headers: [] });
  }
  return insts;
}

async function main() {
  if (!nameA || !nameB) throw new Error('usage: side-by-side.js A B [--path /json] …');
  const rps = [];
  const cpu = [];
  const perPair = [];
  for (let p = 0; p < pairs; p++) {
    const [a, b] = await startPair();
    try {
      for (const w of warm) await loadTogether(a, b, (i) => url(i, w), LOAD, 2, false);
      await loadTogether(a, b, (i) => url(i, urlPath), LOAD, 2, false);
      const mine = [];
      for (let k = 0; k < runs; k++) {
        const [ma, mb] = await loadTogether(
          a,
          b,
          (i) => url(i, urlPath),
          LOAD,
          duration,
          k % 2 === 1,
        );
        rps.push(mb.rps / ma.rps);
        cpu.push(ma.cpuUs / mb.cpuUs);
        mine.push(mb.rps / ma.rps);
      }
      perPair.push(median(mine).toFixed(3));
    } finally {
      await Promise.all([a, b].map((i) => stopServer(i.handle)));
    }
  }
  const lo = Math.min(...rps).toFixed(2);
  const hi = Math.max(...rps).toFixed(2);
  console.log(
    `${nameB} / ${nameA} on ${urlPath}: req/s ${median(rps).toFixed(3)} (${lo}–${hi}), CPU ${median(cpu).toFixed(3)}; per pair ${perPair.join(' ')}`,
  );
}

function url(inst, p) {
  return `http://127.0.0.1:${inst.port}${p}`;
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});

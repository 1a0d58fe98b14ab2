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
 *     [--warm '/users/42?fields=a|/plaintext'] [--gap 10] [--gc | --gc-b]
 *     [--node-args '--flag|--flag'] [--args-a '--flag'] [--args-b '--flag']
 * `--gap S` measures every pair again after S seconds without load; `--gc` also makes both
 * servers run full GCs in that gap, `--gc-b` only B (what V8's memory reducer does to a server
 * that turned idle): the second line shows what a server keeps of its speed across an idle
 * period. `--node-args` adds node flags to both servers, `--args-a` / `--args-b` to one.
 * A server is `bare`, `fastify`, a Pith profile of this build (`router`, `kernel`) or of a
 * snapshot made by snapshot.sh (`/tmp/pith-base/app:router`), or `js:<file>`, any server script
 * (relative to bench/) that reads `PORT`.
 */
const path = require('node:path');
const { startServer, stopServer } = require('../lib/server-process');
const { loadTogether, sideBySideRuns } = require('../lib/paired-ratio');
const { median } = require('../lib/stats');
const { positive, countOrNone } = require('../lib/cli-options');

const BENCH = path.resolve(__dirname, '..');
const PORTS = [18_400, 18_401];
const LOAD = { connections: 64, cpu: 1 };
const args = process.argv.slice(2);
const FLAGS = new Set(['--gc', '--gc-b']);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const [nameA, nameB] = args.filter(
  (a, i) =>
    !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--') || FLAGS.has(args[i - 1])),
);
/** A parsed option, or the parser's message and exit 1. */
function checked(parse) {
  try {
    return parse();
  } catch (error) {
    console.error(error.message);
    return process.exit(1);
  }
}
const urlPath = opt('path', '/json');
const pairs = checked(() => positive('pairs', opt('pairs', '5')));
const runs = checked(() => positive('runs', opt('runs', '4')));
const duration = checked(() => positive('duration', opt('duration', '3')));
const warm = opt('warm', '').split('|').filter(Boolean);
const onlyB = args.includes('--gc-b');
const forceGc = onlyB || args.includes('--gc');
const gap = checked(() => countOrNone('gap', opt('gap', forceGc ? '5' : '0')));

const nodeArgs = [
  ...opt('node-args', '').split('|').filter(Boolean),
  ...(forceGc ? ['--expose-gc', '-r', './lib/gc-on-signal.js'] : []),
];

/** A server as lib/server-process.js starts it. */
function serverOf(name, own) {
  const base = { id: name, probe: urlPath, nodeArgs: [...nodeArgs, ...own] };
  if (name === 'bare') return { ...base, entry: ['apps/bare/server.js'] };
  if (name === 'fastify') return { ...base, entry: ['apps/fastify/server.js'] };
  if (name.startsWith('js:')) return { ...base, entry: [name.slice(3)] };
  const [dir, profile] = name.includes(':') ? name.split(':') : [undefined, name];
  const entry = dir ? path.join(dir, 'main.js') : 'dist/pith/main.js';
  return { ...base, entry: [entry], env: { BENCH_PITH_PROFILE: profile } };
}

/** Starts both servers of a pair; measureLoad reads `handle` and `headers`. */
async function startPair() {
  const insts = [];
  for (const [i, name] of [nameA, nameB].entries()) {
    const own = opt(i === 0 ? 'args-a' : 'args-b', '')
      .split('|')
      .filter(Boolean);
    const handle = await startServer(serverOf(name, own), PORTS[i], { cpu: 0, benchDir: BENCH });
    insts.push({ handle, port: PORTS[i], headers: [] });
  }
  return insts;
}

/** `runs` measurements of the pair side by side: ratios B/A of req/s and of CPU per request. */
function measureRuns(a, b, into) {
  return sideBySideRuns(a, b, (i) => url(i, urlPath), runs, duration, LOAD, into);
}

async function main() {
  if (!nameA || !nameB) throw new Error('usage: side-by-side.js A B [--path /json] …');
  const before = { rps: [], cpu: [], perPair: [] };
  const after = { rps: [], cpu: [], perPair: [] };
  for (let p = 0; p < pairs; p++) {
    const [a, b] = await startPair();
    try {
      for (const w of warm) await loadTogether(a, b, (i) => url(i, w), LOAD, 2, false);
      await loadTogether(a, b, (i) => url(i, urlPath), LOAD, 2, false);
      await measureRuns(a, b, before);
      if (gap > 0) {
        await sleep(gap * 500);
        if (forceGc) for (const i of onlyB ? [b] : [a, b]) i.handle.child.kill('SIGUSR2');
        await sleep(gap * 500);
        await measureRuns(a, b, after);
      }
    } finally {
      await Promise.all([a, b].map((i) => stopServer(i.handle)));
    }
  }
  report(before, '');
  if (gap > 0)
    report(
      after,
      ` after ${gap} s idle${forceGc ? ` and full GCs in ${onlyB ? 'B' : 'both'}` : ''}`,
    );
}

function report({ rps, cpu, perPair }, when) {
  const lo = Math.min(...rps).toFixed(2);
  const hi = Math.max(...rps).toFixed(2);
  console.log(
    `${nameB} / ${nameA} on ${urlPath}${when}: req/s ${median(rps).toFixed(3)} (${lo}–${hi}), CPU ${median(cpu).toFixed(3)}; per pair ${perPair.map((r) => r.toFixed(3)).join(' ')}`,
  );
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function url(inst, p) {
  return `http://127.0.0.1:${inst.port}${p}`;
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});

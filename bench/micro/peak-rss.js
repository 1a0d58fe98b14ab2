'use strict';
/**
 * Cold start and peak RSS of several servers, one after the other: spawn to first answer (median
 * of `--starts` spawns), the
 * RSS once booted, then VmHWM after `--rounds` passes of wrk (64 connections) over /json,
 * /plaintext and /users/42?fields=name,email, like the suite's load. Extra `node` flags for the
 * servers go after `--node-flags` (e.g. `--node-flags=--max-semi-space-size=1`).
 *
 * Usage: node bench/micro/peak-rss.js [--servers bare,router,fastify] [--alt name=/dir/app]
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
const rounds = Number(opt('rounds', 2));
const nodeFlags = (args.find((a) => a.startsWith('--node-flags=')) ?? '--node-flags=')
  .slice('--node-flags='.length)
  .split(' ')
  .filter(Boolean);
const catalogue = {
  bare: { entry: path.join(bench, 'apps/bare/server.js'), env: {} },
  fastify: { entry: path.join(bench, 'apps/fastify/server.js'), env: {} },
  kernel: { entry: path.join(bench, 'dist/pith/main.js'), env: { BENCH_PITH_PROFILE: 'kernel' } },
  router: { entry: path.join(bench, 'dist/pith/main.js'), env: { BENCH_PITH_PROFILE: 'router' } },
};
for (let i = args.indexOf('--alt'); i !== -1; i = args.indexOf('--alt', i + 1)) {
  const [name, dir] = args[i + 1].split('=');
  const entry = path.join(dir, 'main.js');
  catalogue[`${name}-kernel`] = { entry, env: { BENCH_PITH_PROFILE: 'kernel' } };
  catalogue[`${name}-router`] = { entry, env: { BENCH_PITH_PROFILE: 'router' } };
}
const ids = opt('servers', 'bare,router,fastify').split(',');

const status = (pid, field) =>
  Number(
    new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1],
  ) / 1024;

const get = (port, urlPath) =>
  new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath }, (res) => res.resume().on('end', resolve))
      .on('error', reject);
  });

const starts = Number(opt('starts', 5));

async function measure(id, port) {
  const cold = [];
  for (let i = 0; i < starts - 1; i++) {
    const { child, coldMs } = await boot(id, port);
    cold.push(coldMs);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
  const { child, coldMs } = await boot(id, port);
  cold.push(coldMs);
  report(id, port, child, cold.sort((a, b) => a - b)[Math.floor(cold.length / 2)]);
}

async function boot(id, port) {
  const { entry, env } = catalogue[id];
  const started = process.hrtime.bigint();
  const child = spawn('taskset', ['-c', '0', process.execPath, ...nodeFlags, entry], {
    env: { ...process.env, ...env, PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (;;) {
    try {
      await get(port, '/json');
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  return { child, coldMs: Number(process.hrtime.bigint() - started) / 1e6 };
}

function report(id, port, child, coldMs) {
  const bootRss = status(child.pid, 'VmRSS');
  const paths = id.endsWith('kernel')
    ? ['/json', '/plaintext']
    : ['/json', '/plaintext', '/users/42?fields=name,email'];
  for (let r = 0; r < rounds; r++)
    for (const p of paths)
      execFileSync('taskset', [
        '-c',
        '1',
        'wrk',
        '-t1',
        '-c64',
        '-d3s',
        `http://127.0.0.1:${port}${p}`,
      ]);
  const peak = status(child.pid, 'VmHWM');
  child.kill('SIGTERM');
  console.log(
    `${id.padEnd(14)} cold start (median of ${starts}) ${coldMs.toFixed(0).padStart(4)} ms  boot RSS ${bootRss.toFixed(0)} MiB  peak RSS ${peak.toFixed(0)} MiB`,
  );
}

(async () => {
  for (let i = 0; i < ids.length; i++) await measure(ids[i], 19180 + i);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});

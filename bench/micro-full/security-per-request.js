'use strict';
/**
 * Issue 7's bench: the same page (views + cookie session) with and without the security plugin
 * (helmet headers, CSRF token in the page, CSP nonce), interleaved; server CPU per request and
 * requests/s. The secured page is requested with the session cookie its first answer set, as a
 * browser would. `node bench/micro-full/security-per-request.js [--rounds 5] [--duration 2]
 * [--variants off,on,no-headers,no-csrf,on:before] [--builds dir]` (the first variant is the
 * baseline; `:before` loads the plugins built in `<builds>/before`).
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100);
const o = {
  rounds: 5,
  duration: 2,
  connections: 16,
  variants: 'off,on',
  builds: path.join(__dirname, '..', 'results', 'raw', 'security-variants'),
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const key = argv[i].replace(/^--/, '');
  o[key] = key === 'variants' || key === 'builds' ? argv[i + 1] : Number(argv[i + 1]);
}

const cpuMs = (pid) => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
};
const get = (port) =>
  new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/page', agent: false }, (res) => {
      res.resume();
      res.once('end', () => resolve(res));
    });
    req.once('error', () => resolve(undefined));
  });

/**
 * A variant is `off|on|no-headers|no-csrf`, optionally `:<build>`: the security and views
 * plugins from `<--builds>/<build>/{security,views}` (an A/B run; see security-dist-redirect.js).
 */
async function start(variant, port) {
  const [security, build] = variant.split(':');
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    PORT: String(port),
    SECURITY: security,
  };
  const preload = [];
  if (build) {
    env.PITH_SECURITY_DIST = path.resolve(o.builds, build, 'security');
    env.PITH_VIEWS_DIST = path.resolve(o.builds, build, 'views');
    preload.push('-r', path.join(__dirname, 'security-dist-redirect.js'));
  }
  const child = spawn(
    'taskset',
    ['-c', '0', process.execPath, ...preload, path.join(__dirname, 'security-page-app.js')],
    { cwd: path.join(__dirname, '..'), env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (let i = 0; i < 3000; i++) {
    const res = await get(port);
    if (res?.statusCode === 200) {
      const cookie = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
      return { kind: `security ${variant}`, child, pid: child.pid, port, cookie };
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`security ${variant} did not start`);
}

function measure(s, seconds) {
  const before = cpuMs(s.pid);
  const args = ['-c', '1', 'wrk', '-t1', `-c${o.connections}`, `-d${seconds}s`];
  if (s.cookie) args.push('-H', `Cookie: ${s.cookie}`);
  const out = execFileSync('taskset', [...args, `http://127.0.0.1:${s.port}/page`]).toString();
  if (/Non-2xx/.test(out)) throw new Error(`non-2xx answers from ${s.kind}`);
  const requests = Number(/(\d+) requests in/.exec(out)[1]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]);
  return { us: ((cpuMs(s.pid) - before) * 1000) / requests, rps };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const range = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;

/** The first variant is the baseline; every other is compared with it round by round. */
async function main(servers) {
  const names = o.variants.split(',');
  // Below the ephemeral range (32768+), where outgoing connections of other load may sit.
  const base = 21000 + Math.floor(Math.random() * 700) * 4;
  for (const [i, name] of names.entries()) servers.push(await start(name, base + i));
  for (const s of servers) measure(s, 1);
  const rows = servers.map(() => []);
  for (let r = 0; r < o.rounds; r++) {
    // Rotate the order each round so no variant always follows the same one.
    const order = servers.map((_, i) => (i + r) % servers.length);
    for (const i of order) rows[i].push(measure(servers[i], o.duration));
  }
  servers.forEach((s, i) => {
    const us = median(rows[i].map((x) => x.us));
    const rps = median(rows[i].map((x) => x.rps));
    let line = `${s.kind.padEnd(20)} ${us.toFixed(1)} µs/req  ${rps.toFixed(0)} req/s`;
    // Each variant against `off` of the same build (or the first variant).
    const build = names[i].split(':')[1];
    const offIndex = names.indexOf(build ? `off:${build}` : 'off');
    const b = offIndex === -1 ? 0 : offIndex;
    if (i !== b) {
      const rpsRatio = rows[i].map((x, k) => x.rps / rows[b][k].rps);
      const cpuRatio = rows[i].map((x, k) => rows[b][k].us / x.us);
      line += `  vs ${servers[b].kind}: req/s ${median(rpsRatio).toFixed(2)} (${range(rpsRatio)}), CPU ${median(cpuRatio).toFixed(2)} (${range(cpuRatio)})`;
    }
    console.log(line);
  });
}

const started = [];
main(started)
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const s of started) s.child.kill('SIGTERM');
  });

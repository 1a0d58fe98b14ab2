'use strict';
/** Starts a bench server pinned to one CPU, times its cold start, reads its peak RSS, stops it. */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');

const START_DEADLINE_MS = 30_000;
const RETRY_MS = 5;
/**
 * Node flags every server runs with. `--no-memory-reducer`: the suite leaves each server idle for
 * minutes while it measures the others, which a TechEmpower run never does. V8's memory reducer
 * then runs full GCs in a process that turned idle, but only in one whose heap grew since its
 * last full GC: some servers get them and others never do. A full GC at idle costs the process
 * about 20 % of its requests/s for at least the next 30 s of load (bare node:http against a twin
 * process: 0.79, `micro/side-by-side.js bare bare --gc-b`), so which servers got one decided
 * their ratios. Without the reducer, every server keeps the state its own load left it in.
 */
const SERVER_NODE_FLAGS = ['--no-memory-reducer'];

function probeOnce(port, path) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode));
    });
    req.once('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

/** Environment of a server: the runner's own minus anything Pith would read as config. */
function serverEnv(port, extra) {
  const env = { NODE_ENV: 'production', PORT: String(port) };
  for (const key of ['PATH', 'HOME', 'LANG', 'TZ'])
    if (process.env[key]) env[key] = process.env[key];
  return { ...env, ...extra };
}

/**
 * Spawns `server` on `port` and resolves once `probePath` answers 200, with the time from spawn
 * to that answer (the cold start). Rejects with the server's stderr if it exits or never answers.
 */
function startServer(server, port, { cpu, benchDir, nice = 0 }) {
  const node = [
    process.execPath,
    ...SERVER_NODE_FLAGS,
    ...(server.nodeArgs ?? []),
    ...server.entry,
  ];
  const pinned = cpu === undefined ? node : ['taskset', '-c', String(cpu), ...node];
  // nice and taskset exec the next program, so the pid stays the server's.
  const [cmd, ...args] = nice === 0 ? pinned : ['nice', '-n', String(nice), ...pinned];
  const started = performance.now();
  const child = spawn(cmd, args, {
    cwd: benchDir,
    env: serverEnv(port, server.env),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  let exited = false;
  const exit = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  exit.then(() => (exited = true));
  const deadline = started + START_DEADLINE_MS;
  const wait = async () => {
    while (!exited && performance.now() < deadline) {
      if ((await probeOnce(port, server.probe)) === 200) {
        return { child, pid: child.pid, coldStartMs: performance.now() - started, exit };
      }
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
    child.kill('SIGKILL');
    const why = exited
      ? 'exited before answering'
      : `no 200 on ${server.probe} within ${START_DEADLINE_MS} ms`;
    throw new Error(`${server.id} ${why}: ${firstError(stderr)}`);
  };
  return wait();
}

function firstError(stderr) {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const line = lines.find((l) => /Error|error:|Cannot/.test(l)) ?? lines[0] ?? '(no output)';
  return line.slice(0, 300);
}

/** Peak resident set size (VmHWM) in MiB, or NaN once the process is gone. */
function peakRssMiB(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * CPU time the process has used so far, every thread, in ns (`schedstat` of every task under `/proc/<pid>/task`, the
 * method of bench/micro), or NaN once it is gone. Divided by the requests of a measurement it
 * gives CPU per request, which other load on the machine disturbs much less than requests/s.
 */
function cpuTimeNs(pid) {
  try {
    let total = 0;
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const stat = fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8');
      total += Number(stat.slice(0, stat.indexOf(' ')));
    }
    return total;
  } catch {
    return NaN;
  }
}

/** The `Cookie` header a browser would send back after one GET of `path` (empty when none). */
function firstVisitCookie(port, path) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      const cookies = res.headers['set-cookie'] ?? [];
      res.once('end', () => resolve(cookies.map((c) => c.split(';')[0]).join('; ')));
    });
    req.once('error', () => resolve(''));
    req.setTimeout(5000, () => req.destroy());
  });
}

/** SIGTERM, then SIGKILL after 3 s; resolves when the process has exited. */
async function stopServer(handle) {
  if (handle.child.exitCode !== null || handle.child.signalCode !== null) return;
  handle.child.kill('SIGTERM');
  const timer = setTimeout(() => handle.child.kill('SIGKILL'), 3000);
  await handle.exit;
  clearTimeout(timer);
}

module.exports = { startServer, stopServer, peakRssMiB, probeOnce, cpuTimeNs, firstVisitCookie };

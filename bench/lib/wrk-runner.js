'use strict';
/** Runs wrk (pinned to the load CPU) against one URL and parses its summary. */
const { spawn } = require('node:child_process');

const UNIT_MS = { us: 0.001, ms: 1, s: 1000, m: 60000 };

function toMs(text) {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2]] : NaN;
}

/** Parses wrk's `--latency` output into numbers. */
function parseWrk(out) {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const total = /(\d+) requests in/.exec(out);
  const p50 = /^\s+50%\s+(\S+)/m.exec(out);
  const p99 = /^\s+99%\s+(\S+)/m.exec(out);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(out);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    rps: rps ? Number(rps[1]) : NaN,
    requests: total ? Number(total[1]) : 0,
    p50: p50 ? toMs(p50[1]) : NaN,
    p99: p99 ? toMs(p99[1]) : NaN,
    errors:
      (non2xx ? Number(non2xx[1]) : 0) +
      (sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0),
  };
}

/**
 * One measurement (`headers`: extra request headers, `Name: value`). Bounded: wrk stops itself after `duration`; a watchdog kills it 15 s later.
 */
function runWrk(url, { duration, connections, cpu, nice = 0, headers = [] }) {
  const wrk = [
    'wrk',
    '-t1',
    `-c${connections}`,
    `-d${duration}s`,
    '--latency',
    '--timeout',
    '5s',
    ...headers.flatMap((h) => ['-H', h]),
    url,
  ];
  const pinned = cpu === undefined ? wrk : ['taskset', '-c', String(cpu), ...wrk];
  const [cmd, ...argv] = nice === 0 ? pinned : ['nice', '-n', String(nice), ...pinned];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const watchdog = setTimeout(() => child.kill('SIGKILL'), (duration + 15) * 1000);
    child.once('error', (e) => {
      clearTimeout(watchdog);
      reject(e);
    });
    child.once('close', (code) => {
      clearTimeout(watchdog);
      if (code !== 0) return reject(new Error(`wrk exited ${code}: ${err.trim() || out.trim()}`));
      resolve(parseWrk(out));
    });
  });
}

module.exports = { runWrk, parseWrk };

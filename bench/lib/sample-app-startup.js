'use strict';
/**
 * Cold start and idle memory of the real sample app (issue 8): process spawn to its first
 * successful response, then resident memory after it has sat idle. Both profiles, production
 * mode, a fresh SQLite file each run (so the schema and the admin user are created on the way).
 * Writes bench/results/startup.json, which the results table reads.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'sample-app/dist/main.js');
const OUT = path.join(__dirname, '../results/startup.json');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 3);
const IDLE_MS = 2000;
const TIMEOUT_MS = 20000;

const PROFILES = [
  { id: 'full', args: [], probe: '/login' },
  { id: 'minimal', args: ['--profile', 'minimal'], probe: '/json' },
];

function get(port, urlPath) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.setTimeout(1000, () => req.destroy());
  });
}

function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function once(profile, port) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-startup-'));
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    DATABASE_URL: `sqlite:${path.join(dir, 'app.db')}`,
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    ADMIN_PASSWORD: 'bench-admin-password',
    LOG_LEVEL: 'warn',
  };
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [MAIN, ...profile.args], { env, stdio: 'ignore' });
  try {
    const deadline = Date.now() + TIMEOUT_MS;
    while (Date.now() < deadline) {
      if ((await get(port, profile.probe)) === 200) {
        const coldMs = Number(process.hrtime.bigint() - started) / 1e6;
        await new Promise((r) => setTimeout(r, IDLE_MS));
        return { coldMs, idleRssMiB: rssMiB(child.pid) };
      }
      if (child.exitCode !== null) throw new Error(`${profile.id} exited with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`${profile.id} gave no 200 on ${profile.probe} within ${TIMEOUT_MS} ms`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the sample app first`);
  const results = {};
  let port = 3940;
  for (const profile of PROFILES) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await once(profile, port++));
    results[profile.id] = {
      coldMs: median(runs.map((r) => r.coldMs)),
      coldRange: [Math.min(...runs.map((r) => r.coldMs)), Math.max(...runs.map((r) => r.coldMs))],
      idleRssMiB: median(runs.map((r) => r.idleRssMiB)),
      probe: profile.probe,
      runs: RUNS,
    };
    console.error(
      `startup ${profile.id}: ${results[profile.id].coldMs.toFixed(0)} ms to first 200 on ${profile.probe}, idle RSS ${results[profile.id].idleRssMiB.toFixed(0)} MiB`,
    );
  }
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(
    OUT,
    `${JSON.stringify({ measuredAt: new Date().toISOString(), results }, null, 2)}\n`,
  );
}

main().catch((error) => {
  console.error(`startup measurement failed: ${error.message}`);
  process.exitCode = 1;
});

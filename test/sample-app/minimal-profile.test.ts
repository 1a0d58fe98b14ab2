import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const RECORD = path.join(__dirname, 'fixtures/record-modules.js');
const TS_REGISTER = path.join(__dirname, '../support/ts-register.js');
const FORBIDDEN =
  /(plugins\/(views|orm|session|security|jobs)\/|@pith\/(views|orm|session|security|jobs)|@mikro-orm|node_modules\/(ejs|bullmq|ioredis|helmet)\/)/;

interface Run {
  files: string[];
  requested: string[];
  responses: Record<string, { status: number; body: string }>;
  stdout: string;
}

/** Starts the minimal profile on a random port, calls its routes, stops it, returns what it loaded. */
async function runMinimal(args: string[]): Promise<Run> {
  const out = path.join(os.tmpdir(), `pith-minimal-modules-${process.pid}-${Date.now()}.json`);
  const child = spawn(process.execPath, ['-r', RECORD, ...args, '--profile', 'minimal'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      RECORD_MODULES_OUT: out,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /running at (http:\/\/localhost:\d+)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    void exited.then((code) =>
      reject(new Error(`exited (${code}) before listening:\n${stdout}\n${stderr}`)),
    );
  });
  const responses: Run['responses'] = {};
  for (const route of ['/healthz', '/readyz', '/json', '/users/42?fields=name,email', '/users/7']) {
    const res = await fetch(url + route);
    responses[route] = { status: res.status, body: await res.text() };
  }
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  const recorded = JSON.parse(readFileSync(out, 'utf8')) as {
    files: string[];
    requested: string[];
  };
  rmSync(out, { force: true });
  return { ...recorded, responses, stdout };
}

function expectMinimal(run: Run): void {
  expect(run.stdout).toContain('minimal profile');
  expect(run.responses['/healthz'].status).toBe(200);
  expect(run.responses['/readyz'].status).toBe(200);
  expect(JSON.parse(run.responses['/json'].body)).toEqual({ message: 'Hello, World!' });
  expect(JSON.parse(run.responses['/users/42?fields=name,email'].body)).toEqual({
    id: '42',
    fields: 'name,email',
  });
  expect(JSON.parse(run.responses['/users/7'].body)).toEqual({ id: '7', fields: null });
  // The kernel and the router did load: the check below looks at a real module list.
  expect(run.files.some((f) => /(core\/(src|dist)\/application|@pith\/core)/.test(f))).toBe(true);
  expect(run.files.some((f) => /plugins\/router\/(src|dist)\//.test(f))).toBe(true);
  expect(run.files.filter((f) => FORBIDDEN.test(f))).toEqual([]);
  expect(run.requested.filter((r) => FORBIDDEN.test(r))).toEqual([]);
}

describe('minimal profile', () => {
  it('recognises the packages it must not load', () => {
    for (const file of [
      '/r/plugins/orm/src/index.ts',
      '/r/node_modules/@pith/views/dist/index.js',
      '/r/node_modules/@mikro-orm/core/index.js',
      '/r/node_modules/bullmq/dist/cjs/index.js',
    ])
      expect(FORBIDDEN.test(file)).toBe(true);
    expect(FORBIDDEN.test('/r/plugins/router/src/index.ts')).toBe(false);
  });

  it('from the TypeScript sources: serves its three routes and never requires the other plugins', async () => {
    expectMinimal(await runMinimal(['-r', TS_REGISTER, 'sample-app/src/main.ts']));
  }, 30_000);

  const built = path.join(ROOT, 'sample-app/dist/main.js');
  (existsSync(built) ? it : it.skip)(
    'from the build (npm run start:minimal): the same, through the packages',
    async () => {
      expectMinimal(await runMinimal([built]));
    },
    30_000,
  );
});

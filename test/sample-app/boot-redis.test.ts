import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { assertRedisReachable } from '../../sample-app/src/redis-reachability';
import { requireServiceAt } from '../support/services';

const ROOT = path.resolve(__dirname, '../..');
const TS_REGISTER = path.join(ROOT, 'test/support/ts-register.js');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('sample app boot with REDIS_URL', () => {
  it('a Redis that answers passes the check', async () => {
    if (!(await requireServiceAt('Redis', REDIS_URL, 6379, 'the Redis boot check'))) return;
    await expect(assertRedisReachable(REDIS_URL)).resolves.toBeUndefined();
  });

  it('an unreachable Redis stops the boot naming REDIS_URL, once, without stacks or the password', async () => {
    const db = path.join(os.tmpdir(), `pith-sample-redis-down-${process.pid}.sqlite`);
    const child = spawn(process.execPath, ['-r', TS_REGISTER, 'sample-app/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: '0',
        DATABASE_URL: `sqlite:${db}`,
        REDIS_URL: 'redis://app:s3cret@127.0.0.1:1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    rmSync(db, { force: true });
    expect(code).toBe(1);
    expect(output.trim()).toBe(
      'Cannot start: REDIS_URL is "redis://app:*****@127.0.0.1:1"; expected a reachable Redis server (connect ECONNREFUSED 127.0.0.1:1)',
    );
  }, 30_000);
});

import path from 'node:path';
import { PrivateRedis, sharedRedisAvailable } from '../../contract/session/redis-test-server';
import { spawnNode } from '../../core/fixtures/spawn-node';

const describeIf = sharedRedisAvailable('the Redis shutdown tests') ? describe : describe.skip;
const APP = path.join(__dirname, 'fixtures/redis-backed-app.ts');

/** Resolves with the promise's value, or `fallback` after `ms`. */
function orAfter<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => (timer = setTimeout(resolve, ms, fallback)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describeIf('SIGTERM with Redis gone (a private redis-server this file starts and stops)', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await PrivateRedis.create();
  });
  afterAll(() => redis?.stop());

  it('an app with Redis-backed jobs, sessions and rate limits exits 0 promptly, logging the outage once and printing no raw errors (regression)', async () => {
    // spawnNode's hook maps @pith/<plugin> to its sources.
    const app = spawnNode([APP, redis.url]);
    try {
      await app.waitFor(/listening on \d+/);
      redis.stop();
      await app.waitFor(/"plugin":"jobs".*Redis|"plugin":"jobs".*ECONNREFUSED/);
      app.child.kill('SIGTERM');
      const code = await orAfter<number | string>(app.exited, 5_000, 'still running');
      expect(code).toBe(0);
    } finally {
      app.child.kill('SIGKILL');
    }
    const out = app.stdout();
    expect(out).toContain('"msg":"closed"');
    expect(app.stderr()).not.toMatch(/ECONNREFUSED|Unhandled error event/);
    const jobsOutage = out
      .split('\n')
      .filter((l) => l.includes('"plugin":"jobs"') && /"level":(40|50)/.test(l));
    expect(jobsOutage.length).toBeGreaterThan(0);
    expect(jobsOutage.length).toBeLessThanOrEqual(2);
  }, 30_000);
});

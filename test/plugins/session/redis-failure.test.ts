import { SESSION_STORE, type SessionStore } from '@pith/session';
import { PrivateRedis, sharedRedisAvailable } from '../../contract/session/redis-test-server';
import { Browser, sessionApp, setCookies } from './session-test-app';

const describeIf = sharedRedisAvailable('the Redis failure tests') ? describe : describe.skip;

function nextStatus(store: SessionStore, up: boolean): Promise<void> {
  return new Promise((resolve) => {
    const off = store.onStatusChange!((isUp) => {
      if (isUp === up) {
        off();
        resolve();
      }
    });
  });
}

describeIf(
  'Redis store failure and recovery (a private redis-server this file starts and stops)',
  () => {
    let redis: PrivateRedis;

    beforeAll(async () => {
      redis = await PrivateRedis.create();
    });
    afterAll(() => redis?.stop());

    it('answers 503 fast while Redis is down, keeps other routes up, and recovers without a restart', async () => {
      const app = sessionApp({
        store: 'redis',
        redis: {
          url: redis.url,
          keyPrefix: 'failure-test:',
          commandTimeout: 200,
          maxReconnectDelay: 50,
        },
        operationTimeout: 500,
      });
      await app.ready();
      const store = app.resolve(SESSION_STORE);
      const browser = new Browser(app);
      expect((await browser.request('POST', '/login?user=ada')).statusCode).toBe(200);
      expect((await app.inject('/readyz')).statusCode).toBe(200);

      const down = nextStatus(store, false);
      redis.stop();
      await down;

      const started = performance.now();
      const failed = await browser.request('GET', '/whoami', { accept: 'application/json' });
      expect(performance.now() - started).toBeLessThan(500);
      expect(failed.statusCode).toBe(503);
      expect(failed.json()).toMatchObject({ code: 'ERR_SESSION_STORE_UNAVAILABLE' });
      expect(failed.headers['retry-after']).toBe('1');
      expect(setCookies(failed)).toEqual([]);
      // A route that does not use the session is unaffected.
      expect((await app.inject('/plain')).statusCode).toBe(200);
      // Writing a new session needs the store too: 503, not a silent anonymous session.
      expect((await app.inject({ method: 'POST', url: '/set?key=a&value=b' })).statusCode).toBe(
        503,
      );
      const ready = await app.inject('/readyz');
      expect(ready.statusCode).toBe(503);
      expect(ready.json().checks['session:redis']).toMatch(/failed|timed out/);

      const up = nextStatus(store, true);
      redis.start();
      await up;

      expect((await app.inject('/readyz')).statusCode).toBe(200);
      // The private server kept nothing (--save ''): the old session is unknown and not adopted.
      expect((await browser.request('GET', '/whoami')).json()).toEqual({ user: null });
      expect((await browser.request('POST', '/login?user=ada')).statusCode).toBe(200);
      expect((await browser.request('GET', '/whoami')).json()).toEqual({ user: 'ada' });
      await app.close();
    });

    it('answers 503 within the command timeout when Redis stops replying (CLIENT PAUSE)', async () => {
      const app = sessionApp({
        store: 'redis',
        redis: { url: redis.url, keyPrefix: 'pause-test:', commandTimeout: 200 },
        operationTimeout: 1000,
      });
      const browser = new Browser(app);
      expect((await browser.request('POST', '/login?user=ada')).statusCode).toBe(200);
      const { Redis } = await import('ioredis');
      const admin = new Redis(redis.url);
      await admin.client('PAUSE', 700, 'ALL');
      const started = performance.now();
      const res = await browser.request('GET', '/whoami');
      const elapsed = performance.now() - started;
      expect(res.statusCode).toBe(503);
      expect(elapsed).toBeGreaterThanOrEqual(150);
      expect(elapsed).toBeLessThan(650);
      expect((await app.inject('/plain')).statusCode).toBe(200);
      // Any command waits for the pause to end: this is the event that says Redis answers again.
      await admin.ping();
      await admin.quit();
      expect((await browser.request('GET', '/whoami')).json()).toEqual({ user: 'ada' });
      await app.close();
    });

    it('boots while Redis is down, reports it unready, and serves once it is back', async () => {
      redis.stop();
      const app = sessionApp({
        store: 'redis',
        redis: { url: redis.url, keyPrefix: 'boot-test:', maxReconnectDelay: 50 },
      });
      await app.ready();
      expect((await app.inject('/readyz')).statusCode).toBe(503);
      expect((await app.inject('/plain')).statusCode).toBe(200);
      expect((await app.inject({ method: 'POST', url: '/set?key=a&value=b' })).statusCode).toBe(
        503,
      );
      const up = nextStatus(app.resolve(SESSION_STORE), true);
      redis.start();
      await up;
      expect((await app.inject({ method: 'POST', url: '/set?key=a&value=b' })).statusCode).toBe(
        200,
      );
      await app.close();
    });
  },
);

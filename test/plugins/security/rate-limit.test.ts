import { randomBytes } from 'node:crypto';
import { createApp, definePlugin } from '@pith/core';
import { Redis } from 'ioredis';
import {
  clientKey,
  MemoryRateLimitStore,
  RedisRateLimitStore,
  securityPlugin,
} from '@pith/security';
import { Browser, createSecurityApp } from '../../security/security-app';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `pith:test:rl:${randomBytes(4).toString('hex')}:`;

describe('client keys', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:DB8:1:2:ffff::9', '2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('%s → %s', (ip, key) => expect(clientKey(ip)).toBe(key));
});

describe('memory store', () => {
  it('counts per window with an injected clock and stays bounded', () => {
    let now = 0;
    const store = new MemoryRateLimitStore({ maxKeys: 3, now: () => now });
    expect(store.hit('a', 1000)).toEqual({ count: 1, resetMs: 1000 });
    now = 400;
    expect(store.hit('a', 1000)).toEqual({ count: 2, resetMs: 600 });
    now = 1000;
    expect(store.hit('a', 1000)).toEqual({ count: 1, resetMs: 1000 });
    for (let i = 0; i < 100; i++) store.hit(`flood-${i}`, 1000);
    expect(store.size).toBeLessThanOrEqual(3);
  });
});

describe('route limits (@RateLimit, applied at boot through the router)', () => {
  it('answers 429 ERR_TOO_MANY_REQUESTS with RateLimit and Retry-After headers, then resets', async () => {
    const { app, clock } = await createSecurityApp();
    const browser = new Browser(app);
    const first = await browser.request('GET', '/limited');
    expect(first.statusCode).toBe(200);
    expect(first.headers['ratelimit-policy']).toBe('2;w=10');
    expect(first.headers.ratelimit).toBe('limit=2, remaining=1, reset=10');
    await browser.request('GET', '/limited');
    const over = await browser.request('GET', '/limited', {
      headers: { accept: 'application/json' },
    });
    expect(over.statusCode).toBe(429);
    expect(over.json()).toMatchObject({ code: 'ERR_TOO_MANY_REQUESTS', status: 429 });
    expect(over.headers['retry-after']).toBe('10');
    expect(over.headers.ratelimit).toBe('limit=2, remaining=0, reset=10');
    expect(over.headers['x-frame-options']).toBe('SAMEORIGIN');
    clock.advance(10_000);
    expect((await browser.request('GET', '/limited')).statusCode).toBe(200);
    await app.close();
  });

  it('keys by client address: IPv6 clients of one /64 share a counter, X-Forwarded-For counts only with trustProxy', async () => {
    const { app } = await createSecurityApp();
    const hit = (remoteAddress: string, headers: Record<string, string> = {}) =>
      app.inject({ url: '/limited', remoteAddress, headers });
    expect((await hit('2001:db8::1')).statusCode).toBe(200);
    expect((await hit('2001:db8::2')).statusCode).toBe(200);
    expect((await hit('2001:db8::ffff:3')).statusCode).toBe(429);
    expect((await hit('2001:db8:0:1::1')).statusCode).toBe(200);
    await hit('198.51.100.1');
    await hit('198.51.100.1');
    const spoof = await hit('198.51.100.1', { 'x-forwarded-for': '192.0.2.99' });
    expect(spoof.statusCode).toBe(429);
    await app.close();

    const proxied = await createSecurityApp({ config: { server: { trustProxy: true } } });
    const via = (ip: string) =>
      proxied.app.inject({
        url: '/limited',
        remoteAddress: '10.0.0.1',
        headers: { 'x-forwarded-for': ip },
      });
    await via('192.0.2.1');
    await via('192.0.2.1');
    expect((await via('192.0.2.1')).statusCode).toBe(429);
    expect((await via('192.0.2.2')).statusCode).toBe(200);
    await proxied.app.close();
  });

  it('applies the global limit to every request before routing, 404s included', async () => {
    const { app } = await createSecurityApp({
      security: { rateLimit: { global: { limit: 2, windowMs: 60_000 } } },
    });
    await app.inject('/nope');
    await app.inject('/notes');
    const res = await app.inject('/nope');
    expect(res.statusCode).toBe(429);
    await app.close();
  });

  it('bounds keys built from request input (a 10 kB email becomes a digest)', async () => {
    const keys: string[] = [];
    const store = {
      hit: (key: string, windowMs: number) => (keys.push(key), { count: 1, resetMs: windowMs }),
    };
    const { app } = await createSecurityApp({ security: { rateLimit: { store } } });
    const browser = new Browser(app);
    const token = await browser.formToken();
    await browser.request('POST', '/login', {
      form: { email: 'a'.repeat(10_000), password: 'x', _csrf: token },
      headers: { origin: 'http://localhost' },
    });
    expect(keys).toHaveLength(1);
    expect(keys[0].length).toBeLessThan(80);
    await app.close();
  });

  it('sends X-RateLimit-* headers when asked', async () => {
    const { app } = await createSecurityApp({ security: { rateLimit: { headers: 'legacy' } } });
    const res = await app.inject('/limited');
    expect(res.headers['x-ratelimit-limit']).toBe('2');
    expect(res.headers['x-ratelimit-remaining']).toBe('1');
    expect(res.headers.ratelimit).toBeUndefined();
    await app.close();
  });
});

describe('Redis store', () => {
  let client: Redis;
  beforeAll(() => {
    client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    const keys = await client.keys(`${PREFIX}*`);
    if (keys.length) await client.del(...keys);
    await client.quit();
  });

  it('counts atomically: 50 concurrent hits get 50 distinct counts, and the key expires', async () => {
    const store = new RedisRateLimitStore({ client, prefix: PREFIX });
    const hits = await Promise.all(Array.from({ length: 50 }, () => store.hit('burst', 60_000)));
    expect(hits.map((h) => h.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    const ttl = await client.pttl(`${PREFIX}burst`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('limits routes across app instances sharing the Redis', async () => {
    const prefix = `${PREFIX}shared:`;
    const a = await createSecurityApp({
      security: { rateLimit: { store: { redis: { url: REDIS_URL, prefix } } } },
    });
    const b = await createSecurityApp({
      security: { rateLimit: { store: { redis: { url: REDIS_URL, prefix } } } },
    });
    expect((await a.app.inject('/limited')).statusCode).toBe(200);
    expect((await b.app.inject('/limited')).statusCode).toBe(200);
    expect((await a.app.inject('/limited')).statusCode).toBe(429);
    await a.app.close();
    await b.app.close();
  });

  it('store down: auth routes fail closed with 503, other routes pass unless failClosed', async () => {
    const down = {
      store: {
        redis: {
          url: 'redis://127.0.0.1:1',
          options: { connectTimeout: 200, commandTimeout: 200 },
        },
      },
    };
    const open = await createSecurityApp({ security: { rateLimit: down } });
    expect((await open.app.inject('/limited')).statusCode).toBe(200);
    const browser = new Browser(open.app);
    const token = await browser.formToken();
    const login = await browser.request('POST', '/login', {
      form: { email: 'ada@example.com', password: 'x', _csrf: token },
      headers: { accept: 'application/json' },
    });
    expect(login.statusCode).toBe(503);
    expect(login.json()).toMatchObject({ code: 'ERR_SERVICE_UNAVAILABLE' });
    await open.app.close();
    const closed = await createSecurityApp({
      security: { rateLimit: { ...down, failClosed: true } },
    });
    expect((await closed.app.inject('/limited')).statusCode).toBe(503);
    await closed.app.close();
  });
});

describe('a bare app', () => {
  it('needs no router for the global limit', async () => {
    const dispatcher = definePlugin({
      name: 'dispatcher',
      setup: (ctx) => ctx.setDispatcher((req) => req.reply.json({ ok: true })),
    });
    const app = createApp(
      {
        env: 'test',
        logger: { level: 'silent' },
        plugins: {
          dispatcher,
          security: [
            securityPlugin,
            { csrf: false, rateLimit: { global: { limit: 1, windowMs: 1000 } } },
          ],
        },
      },
      {},
    );
    expect((await app.inject('/')).statusCode).toBe(200);
    expect((await app.inject('/')).statusCode).toBe(429);
    await app.close();
  });
});

import {
  dropPrefix,
  SHARED_REDIS_URL,
  sharedRedisAvailable,
  uniquePrefix,
} from '../../contract/session/redis-test-server';
import { sessionApp, Browser, setCookies, TestClock, TEST_SECRET } from './session-test-app';

const OTHER_SECRET = 'another-secret-that-is-long-enough-9876543210';

function flipMiddle(cookie: string): string {
  const [name, value] = cookie.split('=') as [string, string];
  const i = Math.floor(value.length / 2);
  return `${name}=${value.slice(0, i)}${value[i] === 'A' ? 'B' : 'A'}${value.slice(i + 1)}`;
}

describe('cookie store', () => {
  it('carries the session encrypted in the cookie', async () => {
    const app = sessionApp({ store: 'cookie' });
    const browser = new Browser(app);
    await browser.request('POST', '/login?user=ada-lovelace');
    expect(browser.cookie).toMatch(/^sid=v1\.[\w-]+$/);
    expect(Buffer.from(browser.cookie!.slice(7), 'base64url').toString('latin1')).not.toContain(
      'ada',
    );
    expect((await browser.request('GET', '/whoami')).json()).toEqual({ user: 'ada-lovelace' });
    await app.close();
  });

  it('rejects a tampered cookie: a fresh session, the bad cookie cleared', async () => {
    const app = sessionApp({ store: 'cookie' });
    const browser = new Browser(app);
    await browser.request('POST', '/login?user=ada');
    const res = await app.inject({
      url: '/whoami',
      headers: { cookie: flipMiddle(browser.cookie!) },
    });
    expect(res.json()).toEqual({ user: null });
    expect(setCookies(res)).toEqual([expect.stringMatching(/^sid=; Path=\/; Max-Age=0/)]);
    await app.close();
  });

  it('rejects a cookie once its expiry (inside the payload) has passed', async () => {
    const clock = new TestClock();
    const app = sessionApp({ store: 'cookie', clock, idleTimeout: 60_000 });
    const browser = new Browser(app);
    await browser.request('POST', '/login?user=ada');
    clock.advance(60_000);
    expect((await browser.request('GET', '/whoami')).json()).toEqual({ user: null });
    await app.close();
  });

  it('with a revocation list, refuses a cookie replayed after logout', async () => {
    const app = sessionApp({ store: 'cookie', revocation: 'memory' });
    const browser = new Browser(app);
    await browser.request('POST', '/login?user=ada');
    const copied = browser.cookie!;
    await browser.request('POST', '/logout');
    const replay = await app.inject({ url: '/whoami', headers: { cookie: copied } });
    expect(replay.json()).toEqual({ user: null });
    await app.close();
  });

  it('with a revocation list, refuses the pre-login cookie after regenerate', async () => {
    const app = sessionApp({ store: 'cookie', revocation: 'memory' });
    const browser = new Browser(app);
    await browser.request('POST', '/set?key=user&value=guest');
    const beforeLogin = browser.cookie!;
    await browser.request('POST', '/login?user=ada');
    const replay = await app.inject({ url: '/whoami', headers: { cookie: beforeLogin } });
    expect(replay.json()).toEqual({ user: null });
    expect((await browser.request('GET', '/whoami')).json()).toEqual({ user: 'ada' });
    await app.close();
  });

  it('without a revocation list, a copied cookie works until its deadline (the documented limit)', async () => {
    const clock = new TestClock();
    const app = sessionApp({
      store: 'cookie',
      clock,
      idleTimeout: 60_000,
      absoluteTimeout: 120_000,
    });
    const browser = new Browser(app);
    await browser.request('POST', '/login?user=ada');
    const copied = browser.cookie!;
    await browser.request('POST', '/logout');
    const replay = await app.inject({ url: '/whoami', headers: { cookie: copied } });
    expect(replay.json()).toEqual({ user: 'ada' });
    clock.advance(60_000);
    const late = await app.inject({ url: '/whoami', headers: { cookie: copied } });
    expect(late.json()).toEqual({ user: null });
    await app.close();
  });

  it('refuses a session past 4 KiB with a clear error and sets no cookie', async () => {
    const app = sessionApp({ store: 'cookie' }, 'development');
    const browser = new Browser(app);
    expect((await browser.request('POST', '/big?size=2500')).statusCode).toBe(200);
    const res = await browser.request('POST', '/big?size=5000', { accept: 'application/json' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'ERR_SESSION_TOO_LARGE' });
    expect(res.json().debug.message).toMatch(/at most \d+ \(4 KiB per cookie\)/);
    expect(setCookies(res)).toEqual([]);
    await app.close();
  });

  it('rotates keys: a new first secret still reads cookies made with the old one', async () => {
    const before = sessionApp({ store: 'cookie', secret: TEST_SECRET });
    const browser = new Browser(before);
    await browser.request('POST', '/login?user=ada');
    await before.close();
    const rotated = sessionApp({ store: 'cookie', secret: [OTHER_SECRET, TEST_SECRET] });
    const res = await rotated.inject({ url: '/whoami', headers: { cookie: browser.cookie! } });
    expect(res.json()).toEqual({ user: 'ada' });
    await rotated.close();
    const dropped = sessionApp({ store: 'cookie', secret: OTHER_SECRET });
    const refused = await dropped.inject({ url: '/whoami', headers: { cookie: browser.cookie! } });
    expect(refused.json()).toEqual({ user: null });
    await dropped.close();
  });

  (sharedRedisAvailable('cookie revocation in Redis') ? it : it.skip)(
    'a Redis revocation list is shared: logout on one instance, replay refused on another',
    async () => {
      const keyPrefix = uniquePrefix('cookie-revocation');
      const options = {
        store: 'cookie' as const,
        revocation: 'redis' as const,
        redis: { url: SHARED_REDIS_URL, keyPrefix },
      };
      const a = sessionApp(options);
      const b = sessionApp(options);
      try {
        const browser = new Browser(a);
        await browser.request('POST', '/login?user=ada');
        const copied = browser.cookie!;
        expect((await b.inject({ url: '/whoami', headers: { cookie: copied } })).json()).toEqual({
          user: 'ada',
        });
        await browser.request('POST', '/logout');
        expect((await b.inject({ url: '/whoami', headers: { cookie: copied } })).json()).toEqual({
          user: null,
        });
      } finally {
        await Promise.all([a.close(), b.close()]);
        await dropPrefix(keyPrefix);
      }
    },
  );
});

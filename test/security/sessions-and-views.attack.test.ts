/**
 * SECURITY-DEFAULTS rows "sessions" and "views": cookie flags and prefix, id entropy, fixation,
 * untouched sessions, store failure, and template injection through request data.
 */
import { SESSION_STORE, sessionPlugin } from '@pith/session';
import { PrivateRedis } from '../contract/session/redis-test-server';
import { Browser, createSecurityApp } from './security-app';

const cookieOf = (header: string | string[] | undefined): string =>
  Array.isArray(header) ? header.join('\n') : (header ?? '');

describe('attack: sessions', () => {
  it('sets HttpOnly; SameSite=Lax; Path=/ over HTTP, and __Host- + Secure over HTTPS', async () => {
    const { app } = await createSecurityApp({ config: { server: { trustProxy: true } } });
    const plain = cookieOf((await app.inject('/attack/session-touch')).headers['set-cookie']);
    expect(plain).toMatch(/^sid=[^;]+; Path=\/;.*HttpOnly; SameSite=Lax/);
    expect(plain).not.toMatch(/Secure/);
    const tls = cookieOf(
      (
        await app.inject({
          url: '/attack/session-touch',
          headers: { 'x-forwarded-proto': 'https' },
        })
      ).headers['set-cookie'],
    );
    expect(tls).toMatch(/^__Host-sid=[^;]+; Path=\/;/);
    expect(tls).toMatch(/; Secure/);
    expect(tls).not.toMatch(/Domain=/i);
    await app.close();
  });

  it('ids carry at least 128 random bits and never repeat', async () => {
    const { app } = await createSecurityApp();
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const value = /^sid=([^.;]+)/.exec(
        cookieOf((await app.inject('/attack/session-touch')).headers['set-cookie']),
      )![1];
      expect(Buffer.from(value, 'base64url').length).toBeGreaterThanOrEqual(16);
      ids.add(value);
    }
    expect(ids.size).toBe(20);
    await app.close();
  });

  it('an unknown (attacker-chosen) id is never adopted', async () => {
    const { app } = await createSecurityApp();
    const planted = 'sid=attackerchosenid0000000000000000000000000';
    const res = await app.inject({ url: '/attack/session-touch', headers: { cookie: planted } });
    const issued = cookieOf(res.headers['set-cookie']);
    expect(issued).toMatch(/^sid=/);
    expect(issued).not.toContain('attackerchosenid');
    await app.close();
  });

  it('untouched sessions save nothing and set no cookie', async () => {
    const { app } = await createSecurityApp();
    for (const url of ['/notes', '/nowhere', '/boom', '/me']) {
      expect(
        (await app.inject({ url, headers: { accept: 'application/json' } })).headers['set-cookie'],
      ).toBeUndefined();
    }
    await app.close();
  });

  it('login regenerates the id and logout destroys the session (fixation and replay)', async () => {
    const { app } = await createSecurityApp();
    const browser = new Browser(app);
    await browser.formToken();
    const anonymous = browser.jar.header!;
    await browser.logIn();
    const authenticated = browser.jar.header!;
    expect(authenticated).not.toBe(anonymous);
    const { csrfToken } = (await browser.request('GET', '/session')).json<{ csrfToken: string }>();
    await browser.request('POST', '/logout', {
      headers: { 'x-csrf-token': csrfToken, origin: 'http://localhost' },
    });
    for (const cookie of [anonymous, authenticated]) {
      const res = await app.inject({ url: '/me', headers: { cookie, accept: 'application/json' } });
      expect(res.statusCode).toBe(401);
    }
    await app.close();
  });

  it('idle expiry: a session unused past its idle timeout is dead (injected clock, no sleeping)', async () => {
    const { app, clock } = await createSecurityApp();
    const browser = new Browser(app);
    await browser.logIn();
    clock.advance(31 * 60_000);
    expect(
      (await browser.request('GET', '/me', { headers: { accept: 'application/json' } })).statusCode,
    ).toBe(401);
    await app.close();
  });

  it('store failure (Redis stopped): session and login routes answer 503, never a silent anonymous fall-through', async () => {
    const redis = await PrivateRedis.create();
    try {
      const { app } = await createSecurityApp({
        config: {
          plugins: {
            session: [
              sessionPlugin,
              {
                store: 'redis',
                secret: 'attack-suite-secret-0123456789abcdef',
                redis: {
                  url: redis.url,
                  keyPrefix: 'attack:',
                  commandTimeout: 200,
                  maxReconnectDelay: 50,
                },
                operationTimeout: 300,
              },
            ],
          },
        },
        security: {
          rateLimit: {
            store: {
              redis: { url: redis.url, prefix: 'attack:rl:', options: { commandTimeout: 200 } },
            },
          },
        },
      });
      const browser = new Browser(app);
      expect((await browser.logIn()).statusCode).toBe(303);
      const down = new Promise<void>((resolve) => {
        const off = app.resolve(SESSION_STORE).onStatusChange!((up) => {
          if (!up) {
            off();
            resolve();
          }
        });
      });
      redis.stop();
      await down;
      const me = await browser.request('GET', '/me', { headers: { accept: 'application/json' } });
      expect(me.statusCode).toBe(503);
      const login = await browser.request('POST', '/login', {
        form: { email: 'ada@example.com', password: 'x', _csrf: 'x' },
        headers: { accept: 'application/json', origin: 'http://localhost' },
      });
      expect(login.statusCode).toBe(503);
      expect(
        (await app.inject({ url: '/notes', headers: { accept: 'application/json' } })).statusCode,
      ).toBe(200);
      await app.close();
    } finally {
      redis.stop();
    }
  });
});

describe('attack: views', () => {
  it('escapes request data rendered with <%=', async () => {
    const { app } = await createSecurityApp();
    const res = await app.inject({
      url: '/attack/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22',
      headers: { accept: 'text/html' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;');
    expect(res.body).not.toContain('<script>alert');
    await app.close();
  });

  it.each([
    'outputFunctionName=x;globalThis.pwnedByEjs=1;s',
    'escapeFunction=function(){globalThis.pwnedByEjs=1};&client=1',
    'settings[view options][outputFunctionName]=x;globalThis.pwnedByEjs=1;s',
    'localsName=x;globalThis.pwnedByEjs=1;s',
    'destructuredLocals[0]=x%3DglobalThis.pwnedByEjs%3D1',
    'compileDebug=1&debug=1',
  ])('request data cannot become EJS options: %s', async (qs) => {
    const { app } = await createSecurityApp();
    const res = await app.inject({
      url: `/attack/search?q=x&${qs}`,
      headers: { accept: 'text/html' },
    });
    expect((globalThis as Record<string, unknown>).pwnedByEjs).toBeUndefined();
    expect([200, 400]).toContain(res.statusCode);
    expect(res.body).not.toMatch(/function|__output|__append/);
    await app.close();
  });
});

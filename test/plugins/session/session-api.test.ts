import { Browser, sessionApp, setCookies, TestClock } from './session-test-app';

describe('session API through ctx.session', () => {
  it('sets no cookie and touches no store for a request that never uses the session', async () => {
    const app = sessionApp();
    const res = await app.inject('/plain');
    expect(res.statusCode).toBe(200);
    expect(setCookies(res)).toEqual([]);
    const reading = await app.inject('/get?key=x');
    expect(reading.json()).toEqual({ value: null });
    expect(setCookies(reading)).toEqual([]);
    await app.close();
  });

  it('keeps values across requests with a cookie carrying the HttpOnly, SameSite=Lax, Path=/ flags', async () => {
    const app = sessionApp();
    const browser = new Browser(app);
    const res = await browser.request('POST', '/set?key=color&value=teal');
    const [cookie] = setCookies(res);
    expect(cookie).toMatch(/^sid=[\w-]+\.[\w-]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    expect(res.headers.vary).toContain('Cookie');
    expect((await browser.request('GET', '/get?key=color')).json()).toEqual({ value: 'teal' });
    await app.close();
  });

  it('uses the __Host- prefix and Secure over HTTPS behind a trusted proxy', async () => {
    const app = sessionApp({}, 'test', true);
    const browser = new Browser(app);
    const https = { 'x-forwarded-proto': 'https' };
    const res = await browser.request('POST', '/set?key=a&value=b', https);
    expect(setCookies(res)[0]).toMatch(
      /^__Host-sid=[\w.-]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax; Secure$/,
    );
    expect((await browser.request('GET', '/get?key=a', https)).json()).toEqual({ value: 'b' });
    // The same cookie over plain HTTP is not read: a __Host- cookie belongs to HTTPS.
    expect((await browser.request('GET', '/get?key=a')).json()).toEqual({ value: null });
    await app.close();
  });

  it('ignores X-Forwarded-Proto from an untrusted client', async () => {
    const app = sessionApp();
    const res = await app.inject({
      method: 'POST',
      url: '/set?key=a&value=b',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(setCookies(res)[0]).toMatch(/^sid=/);
    expect(setCookies(res)[0]).not.toContain('Secure');
    await app.close();
  });

  it('regenerate gives a new id and the old one is dead', async () => {
    const app = sessionApp();
    const browser = new Browser(app);
    await browser.request('POST', '/set?key=cart&value=3');
    const before = browser.cookie!;
    await browser.request('POST', '/login?user=ada');
    expect(browser.cookie).not.toBe(before);
    expect((await browser.request('GET', '/whoami')).json()).toEqual({ user: 'ada' });
    expect((await browser.request('GET', '/get?key=cart')).json()).toEqual({ value: '3' });
    const replay = await app.inject({ url: '/get?key=cart', headers: { cookie: before } });
    expect(replay.json()).toEqual({ value: null });
    expect(setCookies(replay)[0]).toMatch(/Max-Age=0/);
    await app.close();
  });

  it('regenerate can drop the data', async () => {
    const app = sessionApp();
    const browser = new Browser(app);
    await browser.request('POST', '/set?key=cart&value=3');
    await browser.request('POST', '/login?user=ada&keep=no');
    expect((await browser.request('GET', '/get?key=cart')).json()).toEqual({ value: null });
    expect((await browser.request('GET', '/whoami')).json()).toEqual({ user: 'ada' });
    await app.close();
  });

  it('destroy removes the session from the store and clears the cookie', async () => {
    const app = sessionApp();
    const browser = new Browser(app);
    await browser.request('POST', '/login?user=ada');
    const stolen = browser.cookie!;
    const res = await browser.request('POST', '/logout');
    expect(setCookies(res)).toEqual([expect.stringMatching(/^sid=; Path=\/; Max-Age=0; HttpOnly/)]);
    expect(browser.cookie).toBeUndefined();
    const replay = await app.inject({ url: '/whoami', headers: { cookie: stolen } });
    expect(replay.json()).toEqual({ user: null });
    await app.close();
  });

  it('a write after destroy starts a new session with a new id', async () => {
    const app = sessionApp();
    const browser = new Browser(app);
    await browser.request('POST', '/login?user=ada');
    const old = browser.cookie;
    await browser.request('POST', '/logout?flash=bye');
    expect(browser.cookie).toBeDefined();
    expect(browser.cookie).not.toBe(old);
    expect((await browser.request('GET', '/whoami')).json()).toEqual({ user: null });
    expect((await browser.request('GET', '/flash')).json()).toEqual({ messages: ['bye'] });
    await app.close();
  });

  it('flash messages are read once', async () => {
    const app = sessionApp();
    const browser = new Browser(app);
    await browser.request('POST', '/flash?text=saved');
    await browser.request('POST', '/flash?text=again');
    await browser.request('POST', '/flash?kind=error&text=oops');
    expect((await browser.request('GET', '/flash')).json()).toEqual({
      messages: ['saved', 'again'],
    });
    expect((await browser.request('GET', '/flash')).json()).toEqual({ messages: [] });
    expect((await browser.request('GET', '/flash?kind=error')).json()).toEqual({
      messages: ['oops'],
    });
    await app.close();
  });

  it('never adopts an id it did not issue', async () => {
    const app = sessionApp();
    const res = await app.inject({
      method: 'POST',
      url: '/set?key=a&value=b',
      headers: { cookie: 'sid=attacker-chosen-session-id-0000000000.abc' },
    });
    const cookies = setCookies(res);
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).not.toContain('attacker-chosen');
    await app.close();
  });

  it('issues ids of at least 128 bits', async () => {
    const app = sessionApp();
    const res = await app.inject({ method: 'POST', url: '/set?key=a&value=b' });
    const id = /^sid=([\w-]+)\./.exec(setCookies(res)[0])![1];
    expect(Buffer.from(id, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    await app.close();
  });

  it('expires an idle session and refreshes a used one (rolling), with a manual clock', async () => {
    const clock = new TestClock();
    const app = sessionApp({ clock, idleTimeout: 10 * 60_000, touchInterval: 0 });
    const browser = new Browser(app);
    await browser.request('POST', '/login?user=ada');
    clock.advance(9 * 60_000);
    const used = await browser.request('GET', '/whoami');
    expect(used.json()).toEqual({ user: 'ada' });
    expect(setCookies(used)[0]).toMatch(/Max-Age=600;/);
    clock.advance(9 * 60_000);
    expect((await browser.request('GET', '/whoami')).json()).toEqual({ user: 'ada' });
    clock.advance(10 * 60_000);
    expect((await browser.request('GET', '/whoami')).json()).toEqual({ user: null });
    await app.close();
  });

  it('skips the rolling write inside the touch interval', async () => {
    const clock = new TestClock();
    const app = sessionApp({ clock, touchInterval: 60_000 });
    const browser = new Browser(app);
    await browser.request('POST', '/login?user=ada');
    clock.advance(30_000);
    expect(setCookies(await browser.request('GET', '/whoami'))).toEqual([]);
    clock.advance(30_000);
    expect(setCookies(await browser.request('GET', '/whoami'))).toHaveLength(1);
    await app.close();
  });

  it('ends a session at its absolute deadline even while it is in use', async () => {
    const clock = new TestClock();
    const app = sessionApp({
      clock,
      idleTimeout: 10 * 60_000,
      absoluteTimeout: 60 * 60_000,
      touchInterval: 0,
    });
    const browser = new Browser(app);
    await browser.request('POST', '/login?user=ada');
    for (let i = 0; i < 6; i++) {
      clock.advance(9 * 60_000);
      expect((await browser.request('GET', '/whoami')).json()).toEqual({ user: 'ada' });
    }
    clock.advance(6 * 60_000);
    expect((await browser.request('GET', '/whoami')).json()).toEqual({ user: null });
    await app.close();
  });

  it('regenerate restarts the absolute deadline', async () => {
    const clock = new TestClock();
    const app = sessionApp({ clock, idleTimeout: 50 * 60_000, absoluteTimeout: 60 * 60_000 });
    const browser = new Browser(app);
    await browser.request('POST', '/set?key=a&value=1');
    clock.advance(40 * 60_000);
    await browser.request('POST', '/login?user=ada');
    clock.advance(40 * 60_000);
    expect((await browser.request('GET', '/whoami')).json()).toEqual({ user: 'ada' });
    await app.close();
  });

  it('refuses a value that is not JSON with a coded error and saves nothing', async () => {
    const app = sessionApp({}, 'development');
    const res = await app.inject({
      method: 'POST',
      url: '/set-bigint',
      headers: { accept: 'application/json' },
    });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'ERR_SESSION_VALUE_INVALID' });
    expect(res.json().debug.message).toBe('session value "n" is not JSON-serializable');
    expect(setCookies(res)).toEqual([]);
    await app.close();
  });
});

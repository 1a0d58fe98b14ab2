import { Browser, createSecurityApp, PASSWORD } from '../../security/security-app';

const SAME_ORIGIN = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };

describe('authentication', () => {
  it('@Authenticated sends browsers to the login page with next (303) and API clients a 401', async () => {
    const { app } = await createSecurityApp();
    const page = await app.inject({
      url: '/me?tab=1',
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2Fme%3Ftab%3D1');
    for (const accept of ['application/json', '*/*']) {
      const api = await app.inject({ url: '/me', headers: { accept } });
      expect(api.statusCode).toBe(401);
    }
    await app.close();
  });

  it('@Authenticated follows a format chosen by suffix: /me.json answers a browser 401', async () => {
    const { app } = await createSecurityApp();
    const browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
    const suffixed = await app.inject({ url: '/me.json', headers: browser });
    expect(suffixed.statusCode).toBe(401);
    expect(suffixed.headers.location).toBeUndefined();
    expect(suffixed.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    // Without a suffix the JSON-only route asks the client: a browser is sent to log in.
    expect((await app.inject({ url: '/me', headers: browser })).statusCode).toBe(303);
    await app.close();
  });

  it('login regenerates the session id (the pre-login id is dead) and @CurrentUser gives the user', async () => {
    const { app } = await createSecurityApp();
    const browser = new Browser(app);
    await browser.formToken();
    const before = browser.jar.header!;
    const res = await browser.logIn();
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/me');
    const after = browser.jar.header!;
    expect(after).not.toBe(before);
    expect((await browser.request('GET', '/me')).json()).toEqual({ email: 'ada@example.com' });
    const fixated = await app.inject({
      url: '/me',
      headers: { cookie: before, accept: 'application/json' },
    });
    expect(fixated.statusCode).toBe(401);
    await app.close();
  });

  it('logout destroys the session: the old cookie no longer authenticates', async () => {
    const { app } = await createSecurityApp();
    const browser = new Browser(app);
    await browser.logIn();
    const cookie = browser.jar.header!;
    const { csrfToken } = (await browser.request('GET', '/session')).json<{ csrfToken: string }>();
    const out = await browser.request('POST', '/logout', {
      headers: { ...SAME_ORIGIN, 'x-csrf-token': csrfToken },
    });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    const replay = await app.inject({
      url: '/me',
      headers: { cookie, accept: 'application/json' },
    });
    expect(replay.statusCode).toBe(401);
    await app.close();
  });

  it('follows only same-site next targets after login', async () => {
    const { app, clock } = await createSecurityApp();
    for (const [next, location] of [
      ['/notes?x=1', '/notes?x=1'],
      ['//evil.example', '/me'],
      ['/\\evil.example', '/me'],
      ['https://evil.example', '/me'],
      ['/%2F%2Fevil.example', '/me'],
      ['javascript:alert(1)', '/me'],
    ]) {
      clock.advance(60_000);
      const browser = new Browser(app);
      const token = await browser.formToken();
      const res = await browser.request('POST', `/login?next=${encodeURIComponent(next)}`, {
        form: { email: 'ada@example.com', password: PASSWORD, _csrf: token },
        headers: SAME_ORIGIN,
      });
      expect([next, res.headers.location]).toEqual([next, location]);
    }
    await app.close();
  });

  it('a wrong password answers 401 and logs nobody in; the login limit is per IP + account and fails closed', async () => {
    const { app } = await createSecurityApp();
    const browser = new Browser(app);
    const token = await browser.formToken();
    const attempt = (email: string) =>
      browser.request('POST', '/login', {
        form: { email, password: 'wrong', _csrf: token },
        headers: { ...SAME_ORIGIN, accept: 'application/json' },
      });
    for (let i = 0; i < 3; i++) expect((await attempt('ada@example.com')).statusCode).toBe(401);
    const limited = await attempt('ada@example.com');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await attempt('bob@example.com')).statusCode).toBe(401);
    expect(
      (await browser.request('GET', '/me', { headers: { accept: 'application/json' } })).statusCode,
    ).toBe(401);
    await app.close();
  });
});

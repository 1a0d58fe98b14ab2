import { Browser, createSecurityApp, PASSWORD } from '../../security/security-app';

const SAME_ORIGIN = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };
const LOGIN = { email: 'ada@example.com', password: PASSWORD };

/** Posts the login form with `token` as its CSRF field (not a fresh one, unlike `logIn()`). */
const logInWith = (browser: Browser, token: string) =>
  browser.request('POST', '/login', { form: { ...LOGIN, _csrf: token }, headers: SAME_ORIGIN });

async function loggedIn() {
  const ctx = await createSecurityApp();
  const browser = new Browser(ctx.app);
  expect((await browser.logIn()).statusCode).toBe(303);
  return { ...ctx, browser };
}

describe('CSRF', () => {
  it('masks the token per render (BREACH): every page differs, every token works', async () => {
    const { app, data, browser } = await loggedIn();
    const a = await browser.formToken();
    const b = await browser.formToken();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{86}$/);
    for (const token of [a, b]) {
      const res = await browser.request('POST', '/notes', {
        form: { text: 'hi', _csrf: token },
        headers: SAME_ORIGIN,
      });
      expect(res.statusCode).toBe(200);
    }
    expect(data.notes).toEqual(['hi', 'hi']);
    await app.close();
  });

  it('accepts the X-CSRF-Token header (from GET /session) for JSON requests', async () => {
    const { app, data, browser } = await loggedIn();
    const { csrfToken } = (await browser.request('GET', '/session')).json<{ csrfToken: string }>();
    const res = await browser.request('POST', '/notes', {
      json: { text: 'api' },
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(res.statusCode).toBe(200);
    expect(data.notes).toEqual(['api']);
    await app.close();
  });

  it.each([
    ['no token', {}, {}],
    ['a forged token', { _csrf: 'A'.repeat(86) }, {}],
    ['a truncated token', { _csrf: 'A'.repeat(40) }, {}],
    ['a huge token', { _csrf: 'A'.repeat(5000) }, {}],
  ])('refuses %s with 403 ERR_FORBIDDEN and changes nothing', async (_label, form, headers) => {
    const { app, data, browser } = await loggedIn();
    const res = await browser.request('POST', '/notes', {
      form: { text: 'evil', ...form },
      headers: { ...SAME_ORIGIN, ...headers, accept: 'application/json' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'ERR_FORBIDDEN', reason: 'csrf' });
    expect(data.notes).toEqual([]);
    await app.close();
  });

  it('reads the token only from the _csrf form field or X-CSRF-Token: not from the query, a JSON field or another header', async () => {
    const { app, data, browser } = await loggedIn();
    const token = await browser.formToken();
    const attempts = [
      browser.request('POST', `/notes?_csrf=${token}`, {
        form: { text: 'q' },
        headers: SAME_ORIGIN,
      }),
      browser.request('POST', '/notes', {
        json: { text: 'j', _csrf: token },
        headers: SAME_ORIGIN,
      }),
      browser.request('POST', '/notes', {
        form: { text: 'h' },
        headers: { ...SAME_ORIGIN, 'x-xsrf-token': token },
      }),
    ];
    for (const res of await Promise.all(attempts)) expect(res.statusCode).toBe(403);
    expect(data.notes).toEqual([]);
    await app.close();
  });

  it('refuses cross-site requests by Sec-Fetch-Site and Origin even with a valid token', async () => {
    const { app, data, browser } = await loggedIn();
    const token = await browser.formToken();
    const attacks: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: 'http://localhost.evil.example' },
    ];
    for (const headers of attacks) {
      const res = await browser.request('POST', '/notes', {
        form: { text: 'x', _csrf: token },
        headers,
      });
      expect(res.statusCode).toBe(403);
    }
    expect(data.notes).toEqual([]);
    await app.close();
  });

  it('accepts a same-origin form post whose Origin is null under the default no-referrer policy (regression)', async () => {
    const { app, data, browser } = await loggedIn();
    const token = await browser.formToken();
    const res = await browser.request('POST', '/notes', {
      form: { text: 'from a browser', _csrf: token },
      headers: { origin: 'null', 'sec-fetch-site': 'same-origin' },
    });
    expect(res.statusCode).toBeLessThan(400);
    expect(data.notes).toHaveLength(1);
    const forged = await browser.request('POST', '/notes', {
      form: { text: 'opaque origin without fetch metadata', _csrf: token },
      headers: { origin: 'null' },
    });
    expect(forged.statusCode).toBe(403);
    expect(data.notes).toHaveLength(1);
    await app.close();
  });

  it('lets the CORS allowlist post cross-origin with a token', async () => {
    const { app, data, browser } = await loggedIn();
    const token = await browser.formToken();
    const res = await browser.request('POST', '/notes', {
      json: { text: 'spa' },
      headers: {
        origin: 'https://app.example.com',
        'sec-fetch-site': 'cross-site',
        'x-csrf-token': token,
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(data.notes).toEqual(['spa']);
    await app.close();
  });

  it('exempts safe methods, @CsrfExempt routes and requests carrying no cookie at all', async () => {
    const { app, data, browser } = await loggedIn();
    expect((await browser.request('GET', '/notes')).statusCode).toBe(200);
    const hook = await browser.request('POST', '/webhook', {
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(hook.statusCode).toBe(200);
    expect(data.webhooks).toBe(1);
    const bare = await app.inject({
      method: 'POST',
      url: '/public-notes',
      payload: { text: 'api client' },
    });
    expect(bare.statusCode).toBe(200);
    const withCookie = await app.inject({
      method: 'POST',
      url: '/public-notes',
      payload: { text: 'x' },
      headers: { cookie: 'tracking=1' },
    });
    expect(withCookie.statusCode).toBe(403);
    expect(data.notes).toEqual(['api client']);
    await app.close();
  });

  it('rotates the token on login: a token from before login is refused after it', async () => {
    const { app, data } = await createSecurityApp();
    const browser = new Browser(app);
    const before = await browser.formToken();
    await logInWith(browser, before);
    const res = await browser.request('POST', '/notes', {
      form: { text: 'old', _csrf: before },
      headers: SAME_ORIGIN,
    });
    expect(res.statusCode).toBe(403);
    expect(data.notes).toEqual([]);
    await app.close();
  });

  it('answers 403 in the negotiated format (HTML page for browsers)', async () => {
    const { app, browser } = await loggedIn();
    const res = await browser.request('POST', '/notes/form', {
      form: { text: 'x' },
      headers: { ...SAME_ORIGIN, accept: 'text/html' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.body).toContain('CSRF token is missing');
    await app.close();
  });

  it('does not create a session for pages that render no token', async () => {
    const { app } = await createSecurityApp();
    const res = await app.inject({ url: '/notes', headers: { accept: 'application/json' } });
    expect(res.headers['set-cookie']).toBeUndefined();
    await app.close();
  });
});

describe('CSRF on requests without cookies (login CSRF, regression)', () => {
  // Three attempts: /login allows three per client and account before 429.
  const CROSS_SITE: Record<string, string>[] = [
    { origin: 'https://evil.com' },
    { origin: 'https://evil.com', 'sec-fetch-site': 'cross-site' },
    { origin: 'null' },
  ];

  it.each([
    ['default', {}],
    ['allowCookieless: false', { csrf: { allowCookieless: false } }],
  ])(
    'refuses a cross-site cookieless POST /login with 403 (%s) and logs nobody in',
    async (_label, security) => {
      const { app } = await createSecurityApp({ security });
      for (const headers of CROSS_SITE) {
        const res = await app.inject({
          method: 'POST',
          url: '/login',
          headers: { host: 'localhost', accept: 'application/json', ...headers },
          payload: LOGIN,
        });
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({ code: 'ERR_FORBIDDEN', reason: 'csrf' });
        expect(res.headers['set-cookie']).toBeUndefined();
      }
      await app.close();
    },
  );

  it('lets a same-origin cookieless POST without a token through by default (bearer-token APIs)', async () => {
    const { app, data } = await createSecurityApp();
    const res = await new Browser(app).request('POST', '/public-notes', {
      json: { text: 'api' },
      headers: SAME_ORIGIN,
    });
    expect(res.statusCode).toBe(200);
    expect(data.notes).toEqual(['api']);
    await app.close();
  });

  it('with allowCookieless: false, refuses a same-origin cookieless POST without a token', async () => {
    const { app, data } = await createSecurityApp({
      security: { csrf: { allowCookieless: false } },
    });
    const browser = new Browser(app);
    for (const [url, payload] of [
      ['/public-notes', { text: 'x' }],
      ['/login', LOGIN],
    ] as const) {
      const res = await browser.request('POST', url, { json: payload, headers: SAME_ORIGIN });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'ERR_FORBIDDEN', reason: 'csrf' });
    }
    const bare = await app.inject({ method: 'POST', url: '/public-notes', payload: { text: 'y' } });
    expect(bare.statusCode).toBe(403);
    expect(data.notes).toEqual([]);
    expect(browser.jar.size).toBe(0);
    await app.close();
  });

  it('with allowCookieless: false, accepts a token from the page or from GET /session', async () => {
    const { app, data } = await createSecurityApp({
      security: { csrf: { allowCookieless: false } },
    });
    const page = new Browser(app);
    expect((await page.logIn()).statusCode).toBe(303);
    const spa = new Browser(app);
    const { csrfToken } = (await spa.request('GET', '/session')).json<{ csrfToken: string }>();
    const res = await spa.request('POST', '/public-notes', {
      json: { text: 'spa' },
      headers: { ...SAME_ORIGIN, 'x-csrf-token': csrfToken },
    });
    expect(res.statusCode).toBe(200);
    expect(data.notes).toEqual(['spa']);
    await app.close();
  });
});

describe('CSRF in hmac mode', () => {
  const secrets = ['a-csrf-hmac-key-that-is-32-chars-long!!'];

  it('binds tokens to the session id: valid in its session, refused in another, rotated on login', async () => {
    const { app, data } = await createSecurityApp({
      security: { csrf: { mode: 'hmac', secrets } },
    });
    const ada = new Browser(app);
    const token = await ada.formToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(
      (
        await ada.request('POST', '/public-notes', {
          form: { text: 'mine', _csrf: token },
          headers: SAME_ORIGIN,
        })
      ).statusCode,
    ).toBe(200);
    const mallory = new Browser(app);
    await mallory.formToken();
    const stolen = await mallory.request('POST', '/public-notes', {
      form: { text: 'theirs', _csrf: token },
      headers: SAME_ORIGIN,
    });
    expect(stolen.statusCode).toBe(403);
    await logInWith(ada, token);
    const after = await ada.request('POST', '/public-notes', {
      form: { text: 'stale', _csrf: token },
      headers: SAME_ORIGIN,
    });
    expect(after.statusCode).toBe(403);
    expect(data.notes).toEqual(['mine']);
    await app.close();
  });

  it('refuses to boot without secrets', async () => {
    await expect(createSecurityApp({ security: { csrf: { mode: 'hmac' } } })).rejects.toThrow(
      /csrf\.secrets is required/,
    );
  });
});

/**
 * SECURITY-DEFAULTS rows "CSRF", "headers", "CORS" and "rate limits", and the authentication
 * part of issue 7, attacked the way an attacker would, against the full app.
 */
import crypto from 'node:crypto';
import { Browser, createSecurityApp, PASSWORD } from './security-app';

describe('attack: cross-site request forgery', () => {
  it('a cross-site form post riding the victim session is refused and creates nothing', async () => {
    const { app, data } = await createSecurityApp();
    const victim = new Browser(app);
    await victim.logIn();
    // What a browser sends for <form action="https://pith.example/notes" method=post> on evil.example.
    const res = await victim.request('POST', '/notes', {
      form: { text: 'pwned' },
      headers: {
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
        'sec-fetch-mode': 'navigate',
      },
    });
    expect(res.statusCode).toBe(403);
    expect(data.notes).toEqual([]);
    await app.close();
  });

  it('a token stolen from another session does not work (tokens are bound to their session)', async () => {
    const { app, data } = await createSecurityApp();
    const attacker = new Browser(app);
    const stolen = await attacker.formToken();
    const victim = new Browser(app);
    await victim.logIn();
    const res = await victim.request('POST', '/notes', { form: { text: 'pwned', _csrf: stolen } });
    expect(res.statusCode).toBe(403);
    expect(data.notes).toEqual([]);
    await app.close();
  });

  it('login CSRF: logging the victim into the attacker account needs a token too', async () => {
    const { app } = await createSecurityApp();
    const victim = new Browser(app);
    await victim.formToken();
    const res = await victim.request('POST', '/login', {
      form: { email: 'ada@example.com', password: PASSWORD },
      headers: { origin: 'https://evil.example' },
    });
    expect(res.statusCode).toBe(403);
    expect(
      (await victim.request('GET', '/me', { headers: { accept: 'application/json' } })).statusCode,
    ).toBe(401);
    await app.close();
  });
});

describe('attack: headers', () => {
  it('clickjacking, MIME sniffing and referrer leaks are blocked on pages and on errors', async () => {
    const { app } = await createSecurityApp();
    for (const url of ['/login', '/nowhere', '/boom']) {
      const res = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
      expect(res.headers['content-security-policy']).toContain("object-src 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
    await app.close();
  });

  it('an inline script injected without the nonce would not run: the CSP names only the page nonce', async () => {
    const { app } = await createSecurityApp();
    const res = await app.inject({ url: '/login', headers: { accept: 'text/html' } });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).not.toContain("'unsafe-inline' 'self' 'nonce");
    expect(/script-src ([^;]*)/.exec(csp)![1]).not.toContain('unsafe-inline');
    await app.close();
  });

  it('HSTS cannot be switched on (or off) by a spoofed X-Forwarded-Proto without trustProxy', async () => {
    const { app } = await createSecurityApp();
    const res = await app.inject({ url: '/notes', headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers['strict-transport-security']).toBeUndefined();
    await app.close();
  });

  it('Vary names the headers a decision depended on', async () => {
    const { app } = await createSecurityApp();
    const res = await app.inject({
      url: '/login',
      headers: { accept: 'text/html', origin: 'https://app.example.com' },
    });
    expect(String(res.headers.vary)).toMatch(/Accept/);
    expect(String(res.headers.vary)).toMatch(/Origin/);
    await app.close();
  });
});

describe('attack: CORS', () => {
  it('a hostile origin reading an authenticated API gets no CORS grant (no reflection, no null)', async () => {
    const { app } = await createSecurityApp();
    const victim = new Browser(app);
    await victim.logIn();
    for (const origin of ['https://evil.example', 'null', 'https://app.example.com.evil.example']) {
      const res = await victim.request('GET', '/me', {
        headers: { origin, accept: 'application/json' },
      });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      const pre = await app.inject({
        method: 'OPTIONS',
        url: '/notes',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    }
    await app.close();
  });
});

describe('attack: brute force and rate limits', () => {
  it('credential stuffing on one account is stopped at the limit, even with the right password after it', async () => {
    const { app } = await createSecurityApp();
    const attacker = new Browser(app);
    const token = await attacker.formToken();
    const attempt = (password: string) =>
      attacker.request('POST', '/login', {
        form: { email: 'ada@example.com', password, _csrf: token },
        headers: { accept: 'application/json', origin: 'http://localhost' },
      });
    for (const guess of ['123456', 'password', 'qwerty'])
      expect((await attempt(guess)).statusCode).toBe(401);
    const blocked = await attempt(PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe('60');
    expect(blocked.headers['ratelimit-policy']).toBe('3;w=60');
    await app.close();
  });

  it('rotating IPv6 addresses inside one /64 does not reset the counter', async () => {
    const { app } = await createSecurityApp();
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i++)
      statuses.push(
        (
          await app.inject({
            url: '/limited',
            remoteAddress: `2001:db8:abcd:12::${i.toString(16)}`,
          })
        ).statusCode,
      );
    expect(statuses).toEqual([200, 200, 429, 429]);
    await app.close();
  });

  it('a spoofed X-Forwarded-For does not reset the counter without trustProxy', async () => {
    const { app } = await createSecurityApp();
    const statuses: number[] = [];
    for (let i = 1; i <= 3; i++)
      statuses.push(
        (
          await app.inject({
            url: '/limited',
            remoteAddress: '198.51.100.9',
            headers: { 'x-forwarded-for': `203.0.113.${i}` },
          })
        ).statusCode,
      );
    expect(statuses).toEqual([200, 200, 429]);
    await app.close();
  });
});

describe('attack: authentication', () => {
  it('user enumeration: an unknown email costs a scrypt like a known one and answers the same', async () => {
    const { app } = await createSecurityApp();
    const browser = new Browser(app);
    const token = await browser.formToken();
    const spy = jest.spyOn(crypto, 'scrypt');
    try {
      const known = await browser.request('POST', '/login', {
        form: { email: 'ada@example.com', password: 'wrong', _csrf: token },
        headers: { accept: 'application/json', origin: 'http://localhost' },
      });
      const knownCalls = spy.mock.calls.length;
      const unknown = await browser.request('POST', '/login', {
        form: { email: 'nobody@example.com', password: 'wrong', _csrf: token },
        headers: { accept: 'application/json', origin: 'http://localhost' },
      });
      expect(spy.mock.calls.length - knownCalls).toBe(knownCalls);
      expect(unknown.statusCode).toBe(known.statusCode);
      expect(unknown.json<{ detail: string }>().detail).toBe(
        known.json<{ detail: string }>().detail,
      );
    } finally {
      spy.mockRestore();
    }
    await app.close();
  });

  it('open redirect through next is refused; the fallback is used', async () => {
    const { app } = await createSecurityApp();
    const browser = new Browser(app);
    const token = await browser.formToken();
    const res = await browser.request(
      'POST',
      `/login?next=${encodeURIComponent('//evil.example/phish')}`,
      {
        form: { email: 'ada@example.com', password: PASSWORD, _csrf: token },
        headers: { origin: 'http://localhost' },
      },
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/me');
    await app.close();
  });

  it('a forged session cookie does not authenticate', async () => {
    const { app } = await createSecurityApp();
    const browser = new Browser(app);
    await browser.logIn();
    const forged = browser.jar.header!.replace(
      /\.[^.;]+$/,
      '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    );
    const res = await app.inject({
      url: '/me',
      headers: { cookie: forged, accept: 'application/json' },
    });
    expect(res.statusCode).toBe(401);
    await app.close();
  });
});

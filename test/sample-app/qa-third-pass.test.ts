import type { Application } from '@pith/core';
import { toLocalInput } from '../../sample-app/src/appointments/zoned-time';
import { createMinimalApp } from '../../sample-app/src/minimal/minimal-app';
import { resolveBackend } from './fixtures/backends';
import { SampleClient } from './fixtures/sample-client';
import { ADMIN, startSampleApp } from './fixtures/sample-harness';

const DAY = 86_400_000;
const localIn = (days: number): string => toLocalInput(new Date(Date.now() + days * DAY), 'UTC');
const PROBLEM_JSON = expect.stringMatching(/^application\/problem\+json/);

/** Regressions from the third black-box QA pass of the sample app (SQLite). */
describe('sample app QA, third pass', () => {
  let app: Application;
  let client: SampleClient;

  beforeAll(async () => {
    const backend = await resolveBackend('sqlite', 'pith_sample_qa3');
    // Development, as `npm start` runs it: error pages there must still hide 4xx stacks.
    // Behind a trusted proxy so tests can choose the client address (X-Forwarded-For).
    ({ app } = await startSampleApp(backend!.databaseUrl, {
      NODE_ENV: 'development',
      PITH_SERVER__TRUSTPROXY: 'true',
      PITH_LOGGER__LEVEL: 'warn',
    }));
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    client = new SampleClient(app);
    expect((await client.login(ADMIN.username, ADMIN.password)).statusCode).toBe(303);
  });

  /** A JSON request as `fetch` or `curl -d` sends it: `Accept: *\/*` (or none) and a token. */
  async function postJsonBody(
    url: string,
    payload: string,
    headers: Record<string, string> = {},
  ): Promise<ReturnType<SampleClient['request']>> {
    const token = await client.csrf();
    return app.inject({
      method: 'POST',
      url,
      payload,
      headers: {
        cookie: client.cookieHeader,
        'content-type': 'application/json',
        'x-csrf-token': token,
        ...headers,
      },
    });
  }

  test('a JSON body without an Accept preference gets problem+json for body errors too', async () => {
    const cases: Array<[string, string, Record<string, string>, number]> = [
      ['malformed', '{"name":', { accept: '*/*' }, 400],
      ['__proto__', '{"__proto__":{"admin":true}}', {}, 400],
      ['not an object', '[]', { accept: '*/*' }, 400],
      ['unsupported encoding', '{}', { 'content-encoding': 'br2' }, 415],
      ['too large', JSON.stringify({ name: 'x'.repeat(1_100_000) }), { accept: '*/*' }, 413],
      ['invalid', '{}', {}, 422],
    ];
    for (const [label, payload, headers, status] of cases) {
      const res = await postJsonBody('/appointments', payload, headers);
      expect([label, res.statusCode, res.headers['content-type']]).toEqual([
        label,
        status,
        PROBLEM_JSON,
      ]);
      expect(res.json<{ status: number }>().status).toBe(status);
    }
    // The form-only edit route refuses JSON in JSON; a browser's Accept still gets HTML.
    const created = await postJsonBody(
      '/appointments',
      JSON.stringify({ name: 'Ann', phoneNumber: '+1 555 0100', time: localIn(2) }),
    );
    expect([created.statusCode, created.headers['content-type']]).toEqual([
      201,
      expect.stringMatching(/^application\/json/),
    ]);
    const id = created.json<{ id: string }>().id;
    const edit = await postJsonBody(`/appointments/${id}/edit`, '{}');
    expect([edit.statusCode, edit.headers['content-type']]).toEqual([415, PROBLEM_JSON]);
    const browser = await postJsonBody('/appointments', '{"name":', { accept: 'text/html' });
    expect([browser.statusCode, browser.headers['content-type']]).toEqual([
      400,
      expect.stringMatching(/^text\/html/),
    ]);
  });

  test('HTML error pages show no stack for client errors, even in development', async () => {
    for (const url of ['/appointments/nope', '/appointments?limit=0', '/nothing-here']) {
      const res = await client.get(url, { accept: 'text/html' });
      expect([url, res.statusCode >= 400 && res.statusCode < 500]).toEqual([url, true]);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('Request id:');
      expect(res.body).not.toMatch(/<pre>|\bat .+\.js:\d+|HttpError:/);
    }
  });

  test('problem+json for client errors carries no stack in development, in both profiles', async () => {
    const token = await client.csrf();
    const full: Array<[string, () => ReturnType<SampleClient['request']>, number]> = [
      ['unknown id', () => client.getJson('/appointments/nope'), 404],
      ['unknown route', () => client.getJson('/nothing-here'), 404],
      ['bad limit', () => client.getJson('/appointments?limit=0'), 422],
      ['invalid body', () => client.sendJson('POST', '/appointments', {}), 422],
      [
        'wrong method',
        () => client.request('PUT', '/appointments', { headers: { accept: 'application/json' } }),
        405,
      ],
      [
        'no token',
        () =>
          client.request('POST', '/appointments', {
            json: {},
            headers: { accept: 'application/json' },
          }),
        403,
      ],
      ['signed out', () => new SampleClient(app).getJson('/appointments'), 401],
      [
        'bad token',
        () =>
          client.request('DELETE', '/appointments/x', {
            headers: { accept: 'application/json', 'x-csrf-token': `${token}x` },
          }),
        403,
      ],
    ];
    for (const [label, send, status] of full) {
      const res = await send();
      expect([label, res.statusCode, res.headers['content-type']]).toEqual([
        label,
        status,
        PROBLEM_JSON,
      ]);
      const problem = res.json<Record<string, unknown>>();
      expect([label, Object.keys(problem).filter((k) => k === 'debug')]).toEqual([label, []]);
      expect(problem.requestId).toBe(res.headers['x-request-id']);
      expect(res.body).not.toMatch(/\.js:\d+|node_modules|HttpError/);
    }
    const minimal = createMinimalApp({ profile: 'minimal', nodeEnv: 'development', port: 0 }, {});
    try {
      for (const url of ['/nothing', '/users/1?fields=a&fields=b', '/users/%zz']) {
        const res = await minimal.inject({ method: 'GET', url });
        expect([url, res.statusCode >= 400 && res.statusCode < 500]).toEqual([url, true]);
        expect(res.json<Record<string, unknown>>().debug).toBeUndefined();
      }
      expect((await minimal.inject({ method: 'GET', url: '/json' })).json()).toEqual({
        message: 'Hello, World!',
      });
    } finally {
      await minimal.close();
    }
  });

  test('pages name an inline icon, so browsers never ask for a missing /favicon.ico', async () => {
    const signedOut = new SampleClient(app);
    for (const res of [
      await signedOut.get('/login'),
      await client.get('/appointments'),
      await client.get('/appointments/nope', { accept: 'text/html' }),
    ]) {
      expect(res.body).toContain('<link rel="icon" href="data:,">');
    }
  });

  test('a form post with a field the form does not have names it instead of an empty summary', async () => {
    const res = await client.submit('/appointments', {
      name: 'Ann',
      phoneNumber: '+1 555 0100',
      time: localIn(2),
      timeZone: 'UTC',
      delta: '30',
      extra: '<b>1</b>',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('This form has no field “extra”');
    expect(res.body).not.toContain('Please correct');
    expect(res.body).toContain('value="Ann"');
  });

  test('the time field is described by its hint, and by its error when there is one', async () => {
    const fresh = await client.get('/appointments/new');
    expect(fresh.body).toMatch(/<input id="time"[^>]* aria-describedby="time-hint"/);
    expect(fresh.body).toContain('<p class="hint" id="time-hint">In the time zone below.</p>');
    const invalid = await client.submit('/appointments', {
      name: 'Ann',
      phoneNumber: '+1 555 0100',
      time: '',
    });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toMatch(
      /<input id="time"[^>]* aria-invalid="true" aria-describedby="time-error time-hint"/,
    );
    expect(invalid.body).toMatch(/<input id="name"[^>]*autocomplete="name">/);
  });

  test('a page past the end of the list says so and links to the first page', async () => {
    const created = await client.sendJson('POST', '/appointments', {
      name: 'Paged',
      phoneNumber: '+1 555 0100',
      time: localIn(5),
    });
    expect(created.statusCode).toBe(201);
    const res = await client.get('/appointments?q=paged&limit=10&offset=1000');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('No upcoming appointments. This page is past the end of the list');
    expect(res.body).toContain('href="/appointments?q=paged&amp;limit=10&amp;offset=0"');
    expect(res.body).not.toContain('Schedule the first one');
    const none = await client.get('/appointments?q=nobody-has-this-name');
    expect(none.body).toContain('No upcoming appointments. None match');
    expect(none.body).not.toContain('Go to the first page');
  });

  test('a JSON body with a field an appointment does not have names it plainly', async () => {
    const created = await client.sendJson('POST', '/appointments', {
      name: 'Ann',
      phoneNumber: '+1 555 0100',
      time: localIn(2),
      id: 'mine',
    });
    const message = (field: string): string =>
      `Unknown field "${field}": an appointment takes name, phoneNumber, time, timeZone and delta.`;
    expect(created.statusCode).toBe(422);
    expect(created.json<{ errors: unknown }>().errors).toEqual([
      { field: 'id', message: message('id') },
    ]);
    const login = await new SampleClient(app).sendJson('POST', '/login', {
      username: 'x',
      password: 'y',
      remember: true,
    });
    expect(login.json<{ errors: unknown }>().errors).toEqual([
      {
        field: 'remember',
        message: 'Unknown field "remember": sign-in takes username, password and next.',
      },
    ]);
    const ok = await client.sendJson('POST', '/appointments', {
      name: 'Ann',
      phoneNumber: '+1 555 0100',
      time: localIn(2),
    });
    const id = ok.json<{ id: string }>().id;
    const patched = await client.sendJson('PATCH', `/appointments/${id}`, {
      reminderSentAt: null,
      name: '',
    });
    expect(patched.statusCode).toBe(422);
    expect(patched.json<{ errors: unknown }>().errors).toEqual(
      expect.arrayContaining([
        { field: 'reminderSentAt', message: message('reminderSentAt') },
        { field: 'name', message: 'Name is required.' },
      ]),
    );
  });

  test('a too long search says so in the app sentence', async () => {
    const res = await client.getJson(`/appointments?q=${'a'.repeat(151)}`);
    expect(res.statusCode).toBe(422);
    expect(res.json<{ errors: unknown }>().errors).toEqual([
      { field: 'q', message: 'q must be text of at most 150 characters.' },
    ]);
  });

  test('every failed sign-in says how many tries are left (RateLimit headers), in HTML and JSON', async () => {
    const anon = new SampleClient(app);
    const seen: Array<[number, string | undefined, string | undefined, unknown]> = [];
    for (let i = 0; i < 5; i++) {
      const res =
        i % 2 === 0
          ? await anon.login('walter', 'nope')
          : await anon.sendJson('POST', '/login', { username: 'walter', password: 'nope' });
      seen.push([
        res.statusCode,
        res.headers['ratelimit-policy'] as string | undefined,
        (res.headers.ratelimit as string | undefined)?.replace(/reset=\d+/, 'reset=n'),
        res.headers['retry-after'],
      ]);
    }
    expect(seen).toEqual(
      [4, 3, 2, 1, 0].map((left) => [
        401,
        '5;w=900',
        `limit=5, remaining=${left}, reset=n`,
        undefined,
      ]),
    );
    const refused = await anon.login('walter', 'nope');
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('try again in 15 minutes.');
  });

  test('sign-in failures count IPv6 clients by /64, and one address over all usernames', async () => {
    const from = (address: string): SampleClient => {
      const c = new SampleClient(app);
      const request = c.request.bind(c);
      c.request = (method, url, options = {}) =>
        request(method, url, {
          ...options,
          headers: { ...options.headers, 'x-forwarded-for': address },
        });
      return c;
    };
    // Five failures from five addresses of one /64 lock that username for the whole /64.
    for (let i = 1; i <= 5; i++)
      expect((await from(`2001:db8:1:2::${i}`).login('mallory', 'guess')).statusCode).toBe(401);
    const locked = await from('2001:db8:1:2:ffff::9').login('mallory', 'guess');
    expect(locked.statusCode).toBe(429);
    expect((await from('2001:db8:1:3::1').login('mallory', 'guess')).statusCode).toBe(401);

    // One address spraying many usernames is refused after 100 failures, whatever the name,
    // and signing in to a real account in between does not reset that count.
    const sprayer = from('203.0.113.7');
    for (let i = 0; i < 100; i++) {
      if (i === 50)
        expect((await sprayer.login(ADMIN.username, ADMIN.password)).statusCode).toBe(303);
      const res = await sprayer.sendJson('POST', '/login', { username: `user${i}`, password: 'x' });
      expect([i, res.statusCode]).toEqual([i, 401]);
    }
    const refused = await sprayer.sendJson('POST', '/login', { username: 'fresh', password: 'x' });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['ratelimit-policy']).toBe('100;w=900');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Other addresses are untouched.
    expect((await from('203.0.113.8').login(ADMIN.username, ADMIN.password)).statusCode).toBe(303);
  }, 120_000);
});

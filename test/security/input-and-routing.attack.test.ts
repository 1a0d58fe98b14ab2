/**
 * SECURITY-DEFAULTS rows "validation", "query strings", "routing", "errors" and "ORM": the input
 * a handler sees is typed and bounded, paths have one meaning, errors leak nothing.
 */
import type { Application } from '@pith/core';
import { createSecurityApp, type TestData } from './security-app';
import { rawRequest } from './socket-client';

let app: Application;
let data: TestData;
beforeEach(async () => {
  ({ app, data } = await createSecurityApp());
});
afterEach(() => app.close());

const JSON_ACCEPT = { accept: 'application/json' };
const create = (body: unknown) =>
  app.inject({
    method: 'POST',
    url: '/attack/appointments',
    payload: body as object,
    headers: JSON_ACCEPT,
  });

describe('attack: validation', () => {
  it('an unknown field is refused (whitelist + forbidNonWhitelisted), nothing created', async () => {
    const res = await create({ title: 'x', durationMinutes: 5, remind: true, isAdmin: true });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain(
      'isAdmin',
    );
    expect(data.appointments).toEqual([]);
  });

  it('an object never becomes a string', async () => {
    const res = await create({ title: { toString: 'x' }, durationMinutes: 5, remind: true });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain(
      'title',
    );
    expect(data.appointments).toEqual([]);
  });

  it('"false" never becomes true', async () => {
    const res = await create({ title: 'x', durationMinutes: 5, remind: 'false' });
    if (res.statusCode === 200)
      expect(data.appointments).toEqual([expect.objectContaining({ remind: false })]);
    else expect(res.statusCode).toBe(422);
  });

  it('the errors list every bad field at once', async () => {
    const res = await create({ title: 7, durationMinutes: 0, remind: 'yes' });
    expect(res.statusCode).toBe(422);
    const fields = new Set(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field));
    expect(fields).toEqual(new Set(['title', 'durationMinutes', 'remind']));
  });

  it('a valid body passes', async () => {
    expect(
      (await create({ title: 'Dentist', durationMinutes: 30, remind: false })).statusCode,
    ).toBe(200);
    expect(data.appointments).toHaveLength(1);
  });
});

describe('attack: query strings', () => {
  it('a scalar field given an array gets 400', async () => {
    const res = await app.inject({ url: '/attack/pages?page=1&page=2', headers: JSON_ACCEPT });
    expect(res.statusCode).toBe(400);
  });

  it('bracket keys are not nested and __proto__ pollutes nothing', async () => {
    for (const qs of [
      '__proto__[polluted]=1',
      '__proto__=x',
      'constructor[prototype][polluted]=1',
      'a[b][c]=1',
    ]) {
      const res = await app.inject({ url: `/attack/pages?page=1&${qs}`, headers: JSON_ACCEPT });
      expect([400, 422]).toContain(res.statusCode);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a typed page number passes', async () => {
    expect(
      (await app.inject({ url: '/attack/pages?page=3', headers: JSON_ACCEPT })).json(),
    ).toEqual({ page: 3 });
  });
});

describe('attack: routing', () => {
  it.each([
    ['/attack/items/%E0%A4%A', 400],
    ['/attack/items/a%2fb', 400],
    ['/attack/items/a%5cb', 400],
    ['/attack/items/a%00b', 400],
  ])('%s gets %i', async (url, status) => {
    const res = await app.inject({ url, headers: JSON_ACCEPT });
    expect(res.statusCode).toBe(status);
  });

  it('dot segments sent raw on a socket (no client normalization) get 400', async () => {
    const { port } = await app.listen(0, '127.0.0.1');
    for (const path of [
      '/attack/items/../../notes',
      '/attack/items/%2e%2e',
      '/attack/items/.%2E/x',
      '/attack/./items/1',
    ]) {
      const res = await rawRequest(port, [
        `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
      ]);
      expect([path, res.status]).toEqual([path, 400]);
    }
  });

  it('a parameter over the length bound gets 404 (it names no resource) before any handler', async () => {
    const res = await app.inject({ url: `/attack/items/${'a'.repeat(200)}`, headers: JSON_ACCEPT });
    expect(res.statusCode).toBe(404);
  });

  it('a wrong method on a known path gets 405 with Allow', async () => {
    const res = await app.inject({ method: 'PUT', url: '/attack/items/1', headers: JSON_ACCEPT });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toEqual(expect.stringContaining('GET'));
    expect(res.headers.allow).toEqual(expect.stringContaining('DELETE'));
  });

  it('no backtracking: a pathological path is answered at once', async () => {
    const started = process.hrtime.bigint();
    await app.inject({ url: `/attack/items/${'a/'.repeat(5000)}x`, headers: JSON_ACCEPT });
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(500);
  });
});

describe('attack: error disclosure', () => {
  it('a 5xx body is generic in every format: no message, stack, path; a request id', async () => {
    for (const accept of ['application/json', 'text/html']) {
      const res = await app.inject({ url: '/boom', headers: { accept } });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toMatch(/secret|driver|srv|\.js|at \w+ \(/);
      expect(res.headers['x-request-id']).toBeTruthy();
      expect(res.body).toContain(String(res.headers['x-request-id']));
    }
  });

  it('a 4xx body says what the client did wrong', async () => {
    const res = await app.inject({ url: '/attack/teapot', headers: JSON_ACCEPT });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      detail: 'The slot is already taken.',
      code: 'ERR_CONFLICT',
    });
  });

  it('every response carries a request id, 404s and 429s included', async () => {
    for (const url of ['/nowhere', '/notes'])
      expect((await app.inject(url)).headers['x-request-id']).toBeTruthy();
  });
});

describe('attack: ORM query injection (list queries through defineListQuery)', () => {
  const list = (qs: string) =>
    app.inject({ url: `/attack/appointments?${qs}`, headers: JSON_ACCEPT });

  it('operator objects never reach the where clause', async () => {
    for (const qs of [
      'status[$ne]=null',
      'title[$regex]=.*',
      '$where=1',
      'status=scheduled&status=done',
    ]) {
      const res = await list(qs);
      expect([qs, res.statusCode]).toEqual([qs, 400]);
    }
  });

  it('sort fields and directions come from the allowlist; page size is clamped', async () => {
    expect((await list('sort=passwordHash')).statusCode).toBe(400);
    const ok = await list('status=done&sort=-title&pageSize=100000');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      where: { status: 'done' },
      orderBy: { title: 'desc' },
      limit: 50,
    });
  });
});

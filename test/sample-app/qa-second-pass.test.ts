import type { Application } from '@pith/core';
import type { ManualClock } from '@pith/jobs';
import { toInstant, toLocalInput } from '../../sample-app/src/appointments/zoned-time';
import { resolveBackend } from './fixtures/backends';
import { SampleClient } from './fixtures/sample-client';
import { ADMIN, startSampleApp } from './fixtures/sample-harness';

const DAY = 86_400_000;
const LIMIT = 'limit must be a whole number from 1 to 100.';
const OFFSET = 'offset must be a whole number from 0 to 1000000.';

const localIn = (days: number): string => toLocalInput(new Date(Date.now() + days * DAY), 'UTC');

/** Regressions from the second black-box QA pass of the sample app (SQLite). */
describe('sample app QA, second pass', () => {
  let app: Application;
  let client: SampleClient;
  let clock: ManualClock;

  beforeAll(async () => {
    const backend = await resolveBackend('sqlite', 'pith_sample_qa2');
    ({ app, clock } = await startSampleApp(backend!.databaseUrl));
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    client = new SampleClient(app);
    expect((await client.login(ADMIN.username, ADMIN.password)).statusCode).toBe(303);
  });

  const errorsOf = (res: { json<T>(): T }): unknown => res.json<{ errors: unknown }>().errors;

  test('PATCH with null for a field is a 422 naming it, and changes nothing', async () => {
    const created = await client.sendJson('POST', '/appointments', {
      name: 'Ann Lee',
      phoneNumber: '+1 555 0100',
      time: localIn(3),
      timeZone: 'Asia/Kolkata',
    });
    expect(created.statusCode).toBe(201);
    const a = created.json<Record<string, unknown>>();
    const cases: Array<[string, string]> = [
      ['name', 'Name is required.'],
      ['phoneNumber', 'Phone number is required.'],
      ['time', 'Enter a valid date and time.'],
      ['timeZone', 'Choose a valid time zone.'],
      ['delta', 'Choose when to be reminded: 15, 30, 45 or 60 minutes before.'],
    ];
    for (const [field, message] of cases) {
      const res = await client.sendJson('PATCH', `/appointments/${a.id as string}`, {
        [field]: null,
      });
      expect([field, res.statusCode, res.headers['content-type']]).toEqual([
        field,
        422,
        expect.stringContaining('application/problem+json'),
      ]);
      expect(errorsOf(res)).toEqual([{ field, message }]);
    }
    const after = await client.getJson(`/appointments/${a.id as string}`);
    expect(after.json()).toEqual(a);
    // Absent fields are still optional.
    const renamed = await client.sendJson('PATCH', `/appointments/${a.id as string}`, {
      name: 'Ann B. Lee',
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Ann B. Lee', timeZone: 'Asia/Kolkata' });
  });

  test('a time with second 60, minute 60 or hour 24 is not a valid date and time', async () => {
    const year = new Date().getUTCFullYear() + 1;
    for (const time of [
      `${year}-11-28T11:57:60`,
      `${year}-11-28T11:60`,
      `${year}-11-28T24:00`,
      `${year}-11-28T24:00Z`,
      `${year}-11-28T11:57:60Z`,
    ]) {
      expect([time, toInstant(time, 'UTC')]).toEqual([time, undefined]);
      const res = await client.sendJson('POST', '/appointments', {
        name: 'Ann',
        phoneNumber: '+1 555 0100',
        time,
      });
      expect([time, res.statusCode, errorsOf(res)]).toEqual([
        time,
        422,
        [{ field: 'time', message: 'Enter a valid date and time.' }],
      ]);
    }
    expect(toInstant(`${year}-11-28T23:59:59`, 'UTC')?.toISOString()).toBe(
      `${year}-11-28T23:59:59.000Z`,
    );
  });

  test('every bad limit or offset gets the same sentence; an unknown parameter is named plainly', async () => {
    for (const limit of ['abc', '0', '101', '1.5', '-3']) {
      const res = await client.getJson(`/appointments?limit=${limit}`);
      expect([limit, res.statusCode, errorsOf(res)]).toEqual([
        limit,
        422,
        [{ field: 'limit', message: LIMIT }],
      ]);
    }
    for (const offset of ['abc', '-1', '2.5', '1000001']) {
      const res = await client.getJson(`/appointments?offset=${offset}`);
      expect([offset, res.statusCode, errorsOf(res)]).toEqual([
        offset,
        422,
        [{ field: 'offset', message: OFFSET }],
      ]);
    }
    const extra = await client.getJson('/appointments?extra=1');
    expect(extra.statusCode).toBe(422);
    expect(errorsOf(extra)).toEqual([
      {
        field: 'extra',
        message: 'Unknown parameter "extra": this list takes q, limit and offset.',
      },
    ]);
    expect((await client.getJson('/appointments?limit=10&offset=0&q=a')).statusCode).toBe(200);
  });

  test('a throttled sign-in carries RateLimit headers and a Retry-After that counts down', async () => {
    const anon = new SampleClient(app);
    for (let i = 0; i < 5; i++)
      expect((await anon.login('trudy', `guess-${i}`)).statusCode).toBe(401);
    const first = await anon.login('trudy', 'guess-5');
    expect(first.statusCode).toBe(429);
    expect(first.headers['ratelimit-policy']).toBe('5;w=900');
    expect(first.headers.ratelimit).toBe('limit=5, remaining=0, reset=900');
    expect(first.headers['retry-after']).toBe('900');
    clock.advance(61_000);
    const later = await anon.sendJson('POST', '/login', { username: 'trudy', password: 'x' });
    expect(later.statusCode).toBe(429);
    expect(later.headers['retry-after']).toBe('839');
    expect(later.headers.ratelimit).toBe('limit=5, remaining=0, reset=839');
    expect(later.headers['ratelimit-policy']).toBe('5;w=900');
  });

  test('browser form posts to form-only routes get HTML error pages (stale token 403, unknown id 404)', async () => {
    const accept =
      'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
    const created = await client.sendJson('POST', '/appointments', {
      name: 'Stale',
      phoneNumber: '+1 555 0100',
      time: localIn(3),
    });
    const id = created.json<{ id: string }>().id;
    const post = (url: string, csrf: string): ReturnType<SampleClient['request']> =>
      client.request('POST', url, { form: { _csrf: csrf }, headers: { accept } });
    for (const url of ['/logout', `/appointments/${id}/delete`]) {
      const res = await post(url, 'stale-token-from-an-old-tab');
      expect([url, res.statusCode, res.headers['content-type']]).toEqual([
        url,
        403,
        expect.stringMatching(/^text\/html/),
      ]);
      expect(res.body).toContain('<h1>403');
    }
    const page = await client.get('/appointments/new');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const missing = await post('/appointments/nope/delete', token);
    expect([missing.statusCode, missing.headers['content-type']]).toEqual([
      404,
      expect.stringMatching(/^text\/html/),
    ]);
    // The appointment is still there and the session still signed in.
    expect((await client.getJson(`/appointments/${id}`)).statusCode).toBe(200);
  });
});

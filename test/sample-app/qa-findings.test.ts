import { once } from 'node:events';
import type { Application } from '@pith/core';
import { JOBS, type ManualClock } from '@pith/jobs';
import { ORM } from '@pith/orm';
import { Appointment } from '../../sample-app/src/appointments/appointment.entity';
import { DELTA_MESSAGE } from '../../sample-app/src/appointments/appointment-rules';
import { toLocalInput } from '../../sample-app/src/appointments/zoned-time';
import { resolveBackend } from './fixtures/backends';
import { SampleClient } from './fixtures/sample-client';
import { ADMIN, startSampleApp } from './fixtures/sample-harness';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** What Chromium sends when navigating: XML is listed, at a lower quality than HTML. */
const CHROMIUM_ACCEPT =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7';

function localIn(days: number, zone = 'UTC'): string {
  return toLocalInput(new Date(Date.now() + days * DAY), zone);
}

/** Regressions from the black-box QA pass of the sample app (SQLite: none depend on the backend). */
describe('sample app QA findings', () => {
  let app: Application;
  let clock: ManualClock;
  let client: SampleClient;

  beforeAll(async () => {
    const backend = await resolveBackend('sqlite', 'pith_sample_qa');
    ({ app, clock } = await startSampleApp(backend!.databaseUrl));
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(() => {
    client = new SampleClient(app);
  });

  async function signedIn(): Promise<SampleClient> {
    expect((await client.login(ADMIN.username, ADMIN.password)).statusCode).toBe(303);
    return client;
  }

  async function createJson(fields: Record<string, unknown>): Promise<Record<string, string>> {
    const res = await client.sendJson('POST', '/appointments', {
      name: 'Ann Lee',
      phoneNumber: '+1 555 0100',
      time: localIn(3),
      timeZone: 'UTC',
      delta: 30,
      ...fields,
    });
    expect(res.statusCode).toBe(201);
    return res.json();
  }

  const stored = (id: string): Promise<Appointment | null> =>
    app.resolve(ORM).mikroOrm.em.fork().findOne(Appointment, { id });

  test('GET / negotiates: browsers are redirected, JSON and XML clients get 401, and it varies on Accept', async () => {
    for (const accept of [CHROMIUM_ACCEPT, 'text/html', '*/*']) {
      const res = await client.get('/', { accept });
      expect([accept, res.statusCode, res.headers.location]).toEqual([
        accept,
        303,
        '/login?next=%2F',
      ]);
      expect(res.headers.vary).toMatch(/accept/i);
    }
    for (const accept of ['application/json', 'application/xml']) {
      const res = await client.get('/', { accept });
      expect([accept, res.statusCode]).toEqual([accept, 401]);
      expect(res.headers.vary).toMatch(/accept/i);
    }
    await signedIn();
    for (const accept of [CHROMIUM_ACCEPT, 'text/html', 'application/json', 'application/xml']) {
      const res = await client.get('/', { accept });
      expect([accept, res.statusCode, res.headers.location]).toEqual([
        accept,
        303,
        '/appointments',
      ]);
    }
  });

  test('every 401 says the same sentence', async () => {
    const home = (await client.getJson('/')).json<{ detail: string }>();
    const list = (await client.getJson('/appointments')).json<{ detail: string }>();
    expect(home.detail).toBe(list.detail);
  });

  test('accepts every valid IANA zone, new spellings included, and keeps it selected in the form', async () => {
    await signedIn();
    for (const zone of [
      'Asia/Kolkata',
      'Europe/Kyiv',
      'Etc/UTC',
      'Asia/Ho_Chi_Minh',
      'America/Argentina/Buenos_Aires',
      'America/Nuuk',
      'UTC',
    ]) {
      const a = await createJson({ timeZone: zone, time: localIn(3, zone) });
      expect(a.timeZone).toBe(zone);
    }
    const bad = await client.sendJson('POST', '/appointments', {
      name: 'Ann',
      phoneNumber: '+1 555 0100',
      time: localIn(3),
      timeZone: 'Mars/Olympus_Mons',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({
      errors: [{ field: 'timeZone', message: 'Choose a valid time zone.' }],
    });
    const created = await client.submit('/appointments', {
      name: 'Kolkata form',
      phoneNumber: '+91 555 0100',
      time: localIn(4, 'Asia/Kolkata'),
      timeZone: 'Asia/Kolkata',
      delta: '30',
    });
    expect(created.statusCode).toBe(303);
    const edit = await client.get(`${created.headers.location as string}/edit`);
    expect(edit.body).toContain('<option selected>Asia/Kolkata</option>');
  });

  test('JSON answers carrying the CSRF token, the user or appointments are never cached', async () => {
    expect((await client.getJson('/session')).headers['cache-control']).toBe('no-store');
    expect((await client.get('/login')).headers['cache-control']).toBe('no-store');
    await signedIn();
    const a = await createJson({});
    for (const url of ['/session', '/appointments', '/appointments.json', `/appointments/${a.id}`])
      expect([url, (await client.getJson(url)).headers['cache-control']]).toEqual([
        url,
        'no-store',
      ]);
    expect((await client.get('/appointments')).headers['cache-control']).toBe('no-store');
  });

  test('form-only pages offer HTML only: JSON and XML get 406', async () => {
    for (const accept of ['application/json', 'application/xml'])
      expect((await client.get('/login', { accept })).statusCode).toBe(406);
    await signedIn();
    const a = await createJson({});
    for (const url of ['/appointments/new', `/appointments/${a.id}/edit`, '/login']) {
      for (const accept of ['application/json', 'application/xml']) {
        const res = await client.get(url, { accept });
        expect([url, accept, res.statusCode]).toEqual([url, accept, 406]);
        expect(res.body).not.toContain('timeZones');
      }
      expect((await client.get(url, { accept: CHROMIUM_ACCEPT })).statusCode).toBe(200);
    }
  });

  test('a JSON login with missing fields gets one clear message per field', async () => {
    const res = await client.sendJson('POST', '/login', {});
    expect(res.statusCode).toBe(422);
    expect(res.json<{ errors: unknown }>().errors).toEqual([
      { field: 'username', message: 'Username is required.' },
      { field: 'password', message: 'Password is required.' },
    ]);
    const typed = await client.sendJson('POST', '/login', { username: 7, password: 'x' });
    expect(typed.json<{ errors: unknown }>().errors).toEqual([
      { field: 'username', message: 'Username must be text.' },
    ]);
  });

  test('names must be text on one line; a bad form delta gets the app sentence', async () => {
    await signedIn();
    const cases: Array<[unknown, string]> = [
      ['Ann\nLee', 'Name must be on one line, without control characters.'],
      ['Ann\u0007', 'Name must be on one line, without control characters.'],
      ['Ann\u0085Lee', 'Name must be on one line, without control characters.'],
      [12345, 'Name must be text.'],
      ['   ', 'Name is required.'],
    ];
    for (const [name, message] of cases) {
      const res = await client.sendJson('POST', '/appointments', {
        name,
        phoneNumber: '+1 555 0100',
        time: localIn(3),
      });
      expect([name, res.statusCode, res.json<{ errors: unknown }>().errors]).toEqual([
        name,
        422,
        [{ field: 'name', message }],
      ]);
    }
    const form = await client.submit('/appointments', {
      name: 'Ann',
      phoneNumber: '+1 555 0100',
      time: localIn(3),
      timeZone: 'UTC',
      delta: 'abc',
    });
    expect(form.statusCode).toBe(422);
    expect(form.body).toContain(`id="delta-error">${DELTA_MESSAGE}<`);
    const json = await client.sendJson('POST', '/appointments', {
      name: 'Ann',
      phoneNumber: '+1 555 0100',
      time: localIn(3),
      delta: 'abc',
    });
    expect(json.json()).toMatchObject({ errors: [{ field: 'delta', message: DELTA_MESSAGE }] });
  });

  test('saving the edit form unchanged keeps the seconds and the sent reminder (no second reminder)', async () => {
    await signedIn();
    const jobs = app.resolve(JOBS);
    // Ten minutes ahead with a 30-minute delta: the reminder goes out at once.
    const time = new Date(Math.floor(Date.now() / MINUTE) * MINUTE + 10 * MINUTE + 42_000);
    const done = once(jobs as never, 'completed');
    const a = await createJson({ time: time.toISOString(), timeZone: 'Asia/Kolkata' });
    await done;
    const sentAt = (await stored(a.id))!.reminderSentAt;
    expect(sentAt).toBeInstanceOf(Date);
    clock.advance(MINUTE);

    const fields = {
      name: 'Ann Lee (renamed)',
      phoneNumber: '+1 555 0100',
      time: toLocalInput(time, 'Asia/Kolkata'),
      timeZone: 'Asia/Kolkata',
      delta: '30',
    };
    expect((await client.submit(`/appointments/${a.id}/edit`, fields)).statusCode).toBe(303);
    const after = (await stored(a.id))!;
    expect(after.name).toBe('Ann Lee (renamed)');
    expect(after.time.toISOString()).toBe(time.toISOString());
    expect(after.reminderSentAt).toEqual(sentAt);

    // The list still shows when the reminder was due, and that it went out.
    const list = await client.get('/appointments');
    expect(list.body).toContain('Sent');
    expect(list.body).not.toMatch(/<td>Sent<\/td>/);

    // A real change of time is a new reminder.
    const later = { ...fields, time: toLocalInput(new Date(Date.now() + 3 * DAY), 'Asia/Kolkata') };
    expect((await client.submit(`/appointments/${a.id}/edit`, later)).statusCode).toBe(303);
    expect((await stored(a.id))!.reminderSentAt).toBeNull();
  });

  test('an empty search says "No upcoming appointments." first', async () => {
    await signedIn();
    const res = await client.get('/appointments?q=zzz-qa-nothing');
    expect(res.body).toContain('<p>No upcoming appointments. None match “zzz-qa-nothing”.</p>');
  });

  test('long unbroken names wrap inside the table', async () => {
    await signedIn();
    const page = await client.get('/appointments');
    expect(page.body).toMatch(/td[^{]*\{[^}]*overflow-wrap: anywhere/);
  });
});

import type { Application } from '@pith/core';
import { ORM } from '@pith/orm';
import { Appointment } from '../../sample-app/src/appointments/appointment.entity';
import { BACKEND_NAMES, resolveBackend, type Backend } from './fixtures/backends';
import { SampleClient, csrfFromHtml } from './fixtures/sample-client';
import { ADMIN, startSampleApp } from './fixtures/sample-harness';

const DAY = 24 * 3600_000;

/** A local time string `days` from now in UTC, as a datetime-local input sends it. */
function futureLocal(days: number, hour = 9, minute = 30): string {
  const d = new Date(Date.now() + days * DAY);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(hour)}:${pad(minute)}`;
}

describe.each(BACKEND_NAMES)('sample app on %s', (name) => {
  let backend: Backend | undefined;
  let app: Application;
  let client: SampleClient;

  beforeAll(async () => {
    backend = await resolveBackend(name, 'pith_sample_appointments');
    if (!backend) return;
    ({ app } = await startSampleApp(backend.databaseUrl));
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(() => {
    if (app) client = new SampleClient(app);
  });

  /** Runs only when the backend is there (the skip was announced in beforeAll). */
  const test = (title: string, fn: () => Promise<void>): void =>
    it(title, async () => {
      if (!backend) return;
      await fn();
    });

  async function signedIn(): Promise<SampleClient> {
    const res = await client.login(ADMIN.username, ADMIN.password);
    expect(res.statusCode).toBe(303);
    return client;
  }

  async function createJson(fields: Record<string, unknown>): Promise<Record<string, unknown>> {
    const res = await client.sendJson('POST', '/appointments', {
      name: 'Ann Lee',
      phoneNumber: '+1 555 0100',
      time: futureLocal(3),
      timeZone: 'UTC',
      delta: 30,
      ...fields,
    });
    expect(res.statusCode).toBe(201);
    return res.json();
  }

  test('answers health and readiness', async () => {
    expect((await client.get('/healthz')).statusCode).toBe(200);
    const ready = await client.get('/readyz');
    expect(ready.statusCode).toBe(200);
  });

  describe('signed out', () => {
    test('HTML is sent to the login page with next, JSON and XML get 401', async () => {
      const html = await client.get('/appointments?q=x');
      expect(html.statusCode).toBe(303);
      expect(html.headers.location).toBe(`/login?next=${encodeURIComponent('/appointments?q=x')}`);
      const json = await client.getJson('/appointments');
      expect(json.statusCode).toBe(401);
      expect(json.headers['content-type']).toMatch(/^application\/problem\+json/);
      const xml = await client.get('/appointments', { accept: 'application/xml' });
      expect(xml.statusCode).toBe(401);
      const home = await client.get('/');
      expect(home.statusCode).toBe(303);
      expect(home.headers.location).toBe('/login?next=%2F');
      expect((await client.getJson('/')).statusCode).toBe(401);
    });

    test('GET /session says nobody and hands out a CSRF token', async () => {
      const res = await client.getJson('/session');
      expect(res.statusCode).toBe(200);
      const body = res.json<{ user: unknown; csrfToken: string }>();
      expect(body.user).toBeNull();
      expect(body.csrfToken).toEqual(expect.any(String));
    });

    test('the login page is a labelled form with a CSRF field', async () => {
      const res = await client.get('/login');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('<label for="username">');
      expect(res.body).toContain('<label for="password">');
      expect(csrfFromHtml(res.body)).toBeTruthy();
    });
  });

  describe('login', () => {
    test('refuses a post without a CSRF token', async () => {
      await client.get('/login');
      const res = await client.request('POST', '/login', {
        form: { username: ADMIN.username, password: ADMIN.password },
      });
      expect(res.statusCode).toBe(403);
    });

    test('answers 401 with one message for a wrong password and an unknown user', async () => {
      const wrong = await client.login(ADMIN.username, 'not the password');
      expect(wrong.statusCode).toBe(401);
      expect(wrong.body).toContain('Invalid username or password.');
      const unknown = await client.login('nobody', ADMIN.password);
      expect(unknown.statusCode).toBe(401);
      expect(unknown.body).toContain('Invalid username or password.');
      const json = await client.sendJson('POST', '/login', { username: 'nobody', password: 'x' });
      expect(json.statusCode).toBe(401);
      expect(json.json()).toMatchObject({ status: 401, detail: 'Invalid username or password.' });
    });

    test('answers 429 with Retry-After after 5 failures for one address and username', async () => {
      for (let i = 0; i < 5; i++)
        expect((await client.login('mallory', `guess-${i}`)).statusCode).toBe(401);
      const blocked = await client.login('mallory', 'guess-5');
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      // A browser gets the sign-in form again with the reason, not the generic error page.
      expect(blocked.headers['content-type']).toMatch(/^text\/html/);
      expect(blocked.body).toContain('<form method="post" action="/login"');
      expect(blocked.body).toContain('Too many failed sign-in attempts');
      // Another username from the same address is not blocked.
      expect((await client.login('someone-else', 'x')).statusCode).toBe(401);
    });

    test('signs in with a new session id and follows a same-site next only', async () => {
      await client.get('/login');
      const before = client.cookieHeader;
      const page = await client.get('/login?next=/appointments/new');
      const ok = await client.request('POST', '/login', {
        form: {
          _csrf: csrfFromHtml(page.body),
          username: ADMIN.username,
          password: ADMIN.password,
          next: '/appointments/new',
        },
      });
      expect(ok.statusCode).toBe(303);
      expect(ok.headers.location).toBe('/appointments/new');
      expect(client.cookieHeader).not.toBe(before);
      const other = new SampleClient(app);
      const page2 = await other.get('/login');
      const evil = await other.request('POST', '/login', {
        form: {
          _csrf: csrfFromHtml(page2.body),
          username: ADMIN.username,
          password: ADMIN.password,
          next: '//evil.example/x',
        },
      });
      expect(evil.headers.location).toBe('/appointments');
    });

    test('signs in with JSON', async () => {
      const res = await client.sendJson('POST', '/login', ADMIN);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ user: { username: ADMIN.username } });
      expect((await client.getJson('/session')).json()).toMatchObject({
        user: { username: ADMIN.username },
      });
      expect((await client.get('/')).headers.location).toBe('/appointments');
    });
  });

  describe('appointments', () => {
    test('an empty list says so in HTML and is an empty array in JSON', async () => {
      await signedIn();
      await app.resolve(ORM).mikroOrm.em.fork().nativeDelete(Appointment, {});
      const html = await client.get('/appointments');
      expect(html.statusCode).toBe(200);
      expect(html.body).toContain('No upcoming appointments.');
      expect((await client.getJson('/appointments')).json()).toEqual({ appointments: [] });
    });

    test('the new form has every field with a label, the selects and the CSRF field', async () => {
      await signedIn();
      const res = await client.get('/appointments/new');
      expect(res.statusCode).toBe(200);
      for (const field of ['name', 'phoneNumber', 'time', 'timeZone', 'delta'])
        expect(res.body).toContain(`<label for="${field}">`);
      expect(res.body).toContain('type="datetime-local"');
      expect(res.body).toContain('<option>Europe/Paris</option>');
      expect(res.body).toContain('<option value="45"');
      expect(csrfFromHtml(res.body)).toBeTruthy();
    });

    test('an invalid form comes back as 422 with each message beside its field and the input kept', async () => {
      await signedIn();
      const res = await client.submit('/appointments', {
        name: '',
        phoneNumber: 'call me',
        time: '2001-01-01T10:00',
        timeZone: 'UTC',
        delta: '30',
      });
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('id="name-error">Name is required.');
      expect(res.body).toMatch(/id="phoneNumber-error">Phone number must be/);
      expect(res.body).toContain(
        'id="time-error">You cannot schedule an appointment for the past.',
      );
      expect(res.body).toContain('value="call me"');
      expect(res.body).toContain('value="2001-01-01T10:00"');
    });

    test('invalid JSON gets 422 problem+json listing every bad field', async () => {
      await signedIn();
      const res = await client.sendJson('POST', '/appointments', {
        name: '   ',
        phoneNumber: '12',
        time: '2001-01-01T10:00',
        timeZone: 'Mars/Olympus',
        delta: 20,
      });
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body = res.json<{
        type: string;
        title: string;
        status: number;
        detail: string;
        errors: Array<{ field: string; message: string }>;
      }>();
      expect(body).toMatchObject({
        status: 422,
        title: expect.any(String),
        type: expect.any(String),
      });
      expect(body.errors.map((e) => e.field).sort()).toEqual([
        'delta',
        'name',
        'phoneNumber',
        'time',
        'timeZone',
      ]);
      const past = await client.sendJson('POST', '/appointments', {
        name: 'A',
        phoneNumber: '123456',
        time: '2001-01-01T10:00',
      });
      expect(past.json<{ errors: unknown[] }>().errors).toEqual([
        { field: 'time', message: 'You cannot schedule an appointment for the past.' },
      ]);
    });

    test('a valid form creates, redirects to the detail, and flashes once', async () => {
      await signedIn();
      const res = await client.submit('/appointments', {
        name: '  Flash Gordon ',
        phoneNumber: '(555) 010-0200',
        time: futureLocal(5, 14, 5),
        timeZone: 'America/New_York',
        delta: '15',
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toMatch(/^\/appointments\/[0-9a-f-]+$/);
      const detail = await client.get(res.headers.location as string);
      expect(detail.body).toContain('Appointment successfully created.');
      expect(detail.body).toContain('<h1>Flash Gordon</h1>');
      expect(detail.body).toContain('2:05 PM');
      const again = await client.get(res.headers.location as string);
      expect(again.body).not.toContain('Appointment successfully created.');
      const list = await client.get('/appointments');
      expect(list.body).toContain('Flash Gordon');
      // The zone may break after its slash (`America/<wbr>New_York`), never inside a word.
      expect(list.body.replaceAll('<wbr>', '')).toContain('America/New_York');
    });

    test('valid JSON creates with 201, Location and the appointment in ISO UTC', async () => {
      await signedIn();
      const local = futureLocal(6, 9, 30);
      const res = await client.sendJson('POST', '/appointments', {
        name: 'Json Jones',
        phoneNumber: '+44 20 7946 0000',
        time: local,
        timeZone: 'Asia/Tokyo',
      });
      expect(res.statusCode).toBe(201);
      const body = res.json<Record<string, unknown>>();
      expect(res.headers.location).toBe(`/appointments/${String(body.id)}`);
      expect(body).toMatchObject({
        name: 'Json Jones',
        timeZone: 'Asia/Tokyo',
        delta: 30,
        reminderSentAt: null,
      });
      // 09:30 in Tokyo (UTC+9, no DST) is 00:30 UTC the same day.
      expect(body.time).toBe(`${local.slice(0, 10)}T00:30:00.000Z`);
      expect(String(body.createdAt)).toMatch(/Z$/);
      expect(Object.keys(body).sort()).toEqual(
        [
          'createdAt',
          'delta',
          'id',
          'name',
          'phoneNumber',
          'reminderSentAt',
          'time',
          'timeZone',
        ].sort(),
      );
    });

    test('a JSON body with no Accept preference is answered in JSON', async () => {
      await signedIn();
      const token = await client.csrf();
      const res = await client.request('POST', '/appointments', {
        json: { name: 'No Accept', phoneNumber: '5550100', time: futureLocal(2) },
        headers: { 'x-csrf-token': token },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ name: 'No Accept' });
    });

    test('refuses unsafe requests without a valid CSRF token', async () => {
      await signedIn();
      const none = await client.request('POST', '/appointments', {
        json: { name: 'X', phoneNumber: '5550100', time: futureLocal(2) },
        headers: { accept: 'application/json' },
      });
      expect(none.statusCode).toBe(403);
      const bad = await client.request('POST', '/appointments', {
        form: {
          _csrf: 'forged',
          name: 'X',
          phoneNumber: '5550100',
          time: futureLocal(2),
          timeZone: 'UTC',
          delta: '30',
        },
      });
      expect(bad.statusCode).toBe(403);
    });

    test('detail in HTML, JSON and XML; 404 for unknown and malformed ids; 406 otherwise', async () => {
      await signedIn();
      const a = await createJson({ name: 'Rep <Resent> & Co' });
      const html = await client.get(`/appointments/${String(a.id)}`);
      expect(html.statusCode).toBe(200);
      expect(html.body).toContain('Rep &lt;Resent&gt; &amp; Co');
      const json = await client.getJson(`/appointments/${String(a.id)}`);
      expect(json.json()).toEqual(a);
      expect((await client.get(`/appointments/${String(a.id)}.json`)).json()).toEqual(a);
      const xml = await client.get(`/appointments/${String(a.id)}`, { accept: 'application/xml' });
      expect(xml.statusCode).toBe(200);
      expect(xml.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(xml.body).toContain(`<appointment id="${String(a.id)}">`);
      expect(xml.body).toContain('<name>Rep &lt;Resent&gt; &amp; Co</name>');
      const suffix = await client.get(`/appointments/${String(a.id)}.xml`);
      expect(suffix.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(
        (await client.get(`/appointments/${String(a.id)}`, { accept: 'text/plain' })).statusCode,
      ).toBe(406);
      const unknownId =
        name === 'mongodb' ? '0123456789abcdef01234567' : '00000000-0000-4000-8000-000000000000';
      expect((await client.getJson(`/appointments/${unknownId}`)).statusCode).toBe(404);
      const notFound = await client.get(`/appointments/${unknownId}`);
      expect(notFound.statusCode).toBe(404);
      expect(notFound.body).toContain('<h1>404 Not Found</h1>');
      expect(notFound.body).toContain('Back to appointments');
      expect((await client.getJson('/appointments/not-an-id')).statusCode).toBe(404);
      expect((await client.getJson("/appointments/1' or '1'='1")).statusCode).toBe(404);
    });

    test('the list is ordered by time, searchable case-insensitively and paged', async () => {
      await signedIn();
      const tag = `Pager${Date.now() % 100000}`;
      for (const [i, day] of [8, 7, 9].entries())
        await createJson({ name: `${tag} ${i} Smith`, time: futureLocal(day) });
      const all = (await client.getJson(`/appointments?q=${tag.toLowerCase()}`)).json<{
        appointments: Array<{ name: string; time: string }>;
      }>();
      expect(all.appointments.map((a) => a.name)).toEqual([
        `${tag} 1 Smith`,
        `${tag} 0 Smith`,
        `${tag} 2 Smith`,
      ]);
      const page = (
        await client.getJson(`/appointments?q=${tag.toUpperCase()}&limit=1&offset=1`)
      ).json<{ appointments: Array<{ name: string }> }>();
      expect(page.appointments.map((a) => a.name)).toEqual([`${tag} 0 Smith`]);
      const html = await client.get(`/appointments?q=${tag}&limit=2`);
      expect(html.body).toContain('rel="next"');
      expect((await client.getJson('/appointments?q=zzz-nothing-matches')).json()).toEqual({
        appointments: [],
      });
      expect((await client.get('/appointments?q=zzz-nothing-matches')).body).toContain(
        'No upcoming appointments.',
      );
      expect((await client.getJson('/appointments?limit=0')).statusCode).toBe(422);
      expect((await client.getJson('/appointments?limit=abc')).statusCode).toBeGreaterThanOrEqual(
        400,
      );
      // 1-100 on both ends, 422 outside (never a silent clamp); offset bounded, never a 500.
      for (const bad of ['limit=101', 'limit=1000', 'offset=-1', 'offset=1000001']) {
        const res = await client.getJson(`/appointments?${bad}`);
        expect([bad, res.statusCode]).toEqual([bad, 422]);
      }
      const huge = await client.getJson('/appointments.json?offset=99999999999999999999');
      expect(huge.statusCode).toBe(422);
      expect(huge.json()).toMatchObject({
        errors: [{ field: 'offset', message: 'offset must be a whole number from 0 to 1000000.' }],
      });
      expect((await client.getJson('/appointments?limit=100&offset=1000000')).statusCode).toBe(200);
      const xml = await client.get(`/appointments.xml?q=${tag}`);
      expect(xml.body.match(/<appointment id=/g)).toHaveLength(3);
      // LIKE and regex syntax in the search text are not wildcards.
      for (const q of ['%25', '_', '.*', '%25%25'])
        expect(
          (await client.getJson(`/appointments?q=${q}`)).json<{ appointments: unknown[] }>()
            .appointments,
        ).toEqual([]);
      const punct = (await client.getJson(`/appointments?q=${tag}%20(1)`)).json<{
        appointments: Array<{ name: string }>;
      }>();
      expect(punct.appointments.map((a) => a.name)).toEqual([`${tag} 1 Smith`]);
    });

    test('edit: the form shows the stored values, a valid post updates and flashes', async () => {
      await signedIn();
      const a = await createJson({
        name: 'Edith',
        timeZone: 'Europe/Paris',
        time: futureLocal(4, 10, 15),
      });
      const form = await client.get(`/appointments/${String(a.id)}/edit`);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('value="Edith"');
      expect(form.body).toContain(`value="${futureLocal(4, 10, 15)}"`);
      expect(form.body).toContain('<option selected>Europe/Paris</option>');
      const invalid = await client.submit(`/appointments/${String(a.id)}/edit`, {
        name: 'Edith',
        phoneNumber: '555',
        time: futureLocal(4),
        timeZone: 'Europe/Paris',
        delta: '30',
      });
      expect(invalid.statusCode).toBe(422);
      expect(invalid.body).toContain('id="phoneNumber-error"');
      const res = await client.submit(`/appointments/${String(a.id)}/edit`, {
        name: 'Edith Piaf',
        phoneNumber: '+33 1 23 45 67 89',
        time: futureLocal(4, 11, 0),
        timeZone: 'Europe/Paris',
        delta: '60',
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/appointments/${String(a.id)}`);
      const detail = await client.get(`/appointments/${String(a.id)}`);
      expect(detail.body).toContain('Appointment successfully updated.');
      expect(detail.body).toContain('Edith Piaf');
      expect((await client.getJson(`/appointments/${String(a.id)}`)).json()).toMatchObject({
        delta: 60,
        name: 'Edith Piaf',
      });
    });

    test('PATCH changes only the fields given; bad ones get 422', async () => {
      await signedIn();
      const a = await createJson({ name: 'Pat' });
      const res = await client.sendJson('PATCH', `/appointments/${String(a.id)}`, { delta: 45 });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ ...a, delta: 45 });
      const bad = await client.sendJson('PATCH', `/appointments/${String(a.id)}`, {
        name: '',
        extra: 1,
      });
      expect(bad.statusCode).toBe(422);
      expect((await client.sendJson('PATCH', '/appointments/nope', { delta: 15 })).statusCode).toBe(
        404,
      );
    });

    test('delete from the form redirects with a flash; DELETE answers 204; both are gone after', async () => {
      await signedIn();
      const a = await createJson({ name: 'Gone Soon' });
      const res = await client.submit(
        `/appointments/${String(a.id)}/delete`,
        {},
        `/appointments/${String(a.id)}`,
      );
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/appointments');
      expect((await client.get('/appointments')).body).toContain('Appointment deleted.');
      expect((await client.getJson(`/appointments/${String(a.id)}`)).statusCode).toBe(404);
      const b = await createJson({ name: 'Gone Too' });
      const del = await client.sendJson('DELETE', `/appointments/${String(b.id)}`);
      expect(del.statusCode).toBe(204);
      expect((await client.getJson(`/appointments/${String(b.id)}`)).statusCode).toBe(404);
    });
  });

  describe('logout', () => {
    test('destroys the session: 303 to /login and the old cookie no longer authenticates', async () => {
      await signedIn();
      const oldCookie = client.cookieHeader;
      expect((await client.getJson('/appointments')).statusCode).toBe(200);
      const page = await client.get('/appointments');
      const res = await client.request('POST', '/logout', {
        form: { _csrf: csrfFromHtml(page.body) },
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/login');
      const replay = await client.request('GET', '/appointments', {
        headers: { cookie: oldCookie, accept: 'application/json' },
      });
      expect(replay.statusCode).toBe(401);
      const replayHtml = await client.request('GET', '/appointments', {
        headers: { cookie: oldCookie },
      });
      expect(replayHtml.statusCode).toBe(303);
    });
  });
});

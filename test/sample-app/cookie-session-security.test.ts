import type { Application } from '@pith/core';
import { resolveBackend } from './fixtures/backends';
import { SampleClient, csrfFromHtml } from './fixtures/sample-client';
import { ADMIN, startSampleApp } from './fixtures/sample-harness';

describe('sample app CSRF and logout with the cookie store', () => {
  const env = { SESSION_SECRET: 'qa-revocation-secret-'.padEnd(40, 'x') };
  let databaseUrl: string;
  const running: Application[] = [];

  beforeAll(async () => {
    databaseUrl = (await resolveBackend('sqlite', 'pith_sample_qa_revocation'))!.databaseUrl;
  });
  afterAll(async () => {
    for (const app of running) await app.close();
  });

  async function boot(keepData: boolean): Promise<Application> {
    const { app } = await startSampleApp(databaseUrl, env, { keepData });
    running.push(app);
    return app;
  }

  test('a login post with neither cookie nor token is refused (login CSRF)', async () => {
    const app = await boot(false);
    const form = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(ADMIN).toString(),
    });
    expect(form.statusCode).toBe(403);
    const json = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      payload: JSON.stringify(ADMIN),
    });
    expect(json.statusCode).toBe(403);
  });

  test('a logged-out cookie stays dead after a restart on the same database', async () => {
    const first = await boot(false);
    const browser = new SampleClient(first);
    expect((await browser.login(ADMIN.username, ADMIN.password)).statusCode).toBe(303);
    const copied = browser.cookieHeader;
    const me = (app: Application): Promise<{ user: unknown }> =>
      app
        .inject({ url: '/session', headers: { cookie: copied, accept: 'application/json' } })
        .then((res) => res.json());

    // A restart alone keeps the session (same secret), so the refusal below is the deny list's.
    const second = await boot(true);
    expect(await me(second)).toMatchObject({ user: { username: ADMIN.username } });
    const onSecond = new SampleClient(second);
    onSecond.cookies.set(...(copied.split('=') as [string, string]));
    const page = await onSecond.get('/appointments/new');
    const logout = await onSecond.request('POST', '/logout', {
      form: { _csrf: csrfFromHtml(page.body) },
    });
    expect(logout.statusCode).toBe(303);

    const third = await boot(true);
    expect(await me(third)).toMatchObject({ user: null });
    const replay = await third.inject({
      url: '/appointments',
      headers: { cookie: copied, accept: 'application/json' },
    });
    expect(replay.statusCode).toBe(401);
  });
});

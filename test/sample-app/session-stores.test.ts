import os from 'node:os';
import path from 'node:path';
import { ADMIN, startSampleApp } from './fixtures/sample-harness';
import { SampleClient } from './fixtures/sample-client';

// Regression: SESSION_STORE=database booted without the session entity and could not start.
describe('sample app with SESSION_STORE=database', () => {
  it('boots, signs in, keeps the session in the database and ends it at logout', async () => {
    const file = path.join(os.tmpdir(), `pith-sample-dbsession-${process.pid}.sqlite`);
    const { app } = await startSampleApp(`sqlite:${file}`, { SESSION_STORE: 'database' });
    try {
      const client = new SampleClient(app);
      const login = await client.login(ADMIN.username, ADMIN.password);
      expect(login.statusCode).toBe(303);
      const me = await client.get('/session', { accept: 'application/json' });
      expect(me.json().user).toEqual({ username: ADMIN.username });
      const oldCookie = client.cookieHeader;
      const page = await client.get('/appointments');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      expect((await client.request('POST', '/logout', { form: { _csrf: csrf } })).statusCode).toBe(
        303,
      );
      const replay = await app.inject({
        url: '/session',
        headers: { accept: 'application/json', cookie: oldCookie },
      });
      expect(replay.json().user).toBeNull();
    } finally {
      await app.close();
    }
  });
});

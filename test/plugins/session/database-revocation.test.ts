import { createApp, type Application } from '@pith/core';
import { ORM } from '@pith/orm';
import {
  DatabaseBackend,
  revokedSessionEntity,
  sessionEntity,
  sessionPlugin,
  type SessionConfig,
} from '@pith/session';
import { postgresFixture } from '../../contract/orm/backends';
import { expectOutageThenRecovery } from './database-outage';
import { Browser, sessionRoutes, TestClock, TEST_SECRET } from './session-test-app';
import { serviceMissing } from '../../support/services';

const fixture = postgresFixture();
const describeIf =
  !fixture.unavailable ||
  serviceMissing('database revocation tests', `PostgreSQL: ${fixture.unavailable}`)
    ? describe
    : describe.skip;

/** A cookie-store app whose deny list lives in the database at `url`. */
function app(url: string, session: SessionConfig = {}): Application {
  return createApp({
    env: 'test',
    logger: { level: 'silent' },
    plugins: {
      orm: { url, entities: [revokedSessionEntity()], schema: 'update', createDatabase: true },
      session: [
        sessionPlugin,
        { store: 'cookie', revocation: 'database', secret: TEST_SECRET, ...session },
      ],
      routes: sessionRoutes,
    },
  });
}

const whoami = async (a: Application, cookie: string): Promise<unknown> =>
  (await a.inject({ url: '/whoami', headers: { cookie } })).json();

describeIf('cookie store with revocation: "database" (PostgreSQL)', () => {
  let url: string;
  beforeAll(async () => {
    url = await fixture.create();
  });
  afterAll(() => fixture.drop());

  it('logout kills the copied cookie, on this instance and on another one sharing the database', async () => {
    const a = app(url);
    const b = app(url);
    try {
      const browser = new Browser(a);
      await browser.request('POST', '/login');
      const copied = browser.cookie!;
      expect(await whoami(b, copied)).toEqual({ user: 'ada' });
      await browser.request('POST', '/logout');
      expect(await whoami(a, copied)).toEqual({ user: null });
      expect(await whoami(b, copied)).toEqual({ user: null });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a restarted app (a new instance on the same database) still refuses the logged-out cookie', async () => {
    const before = app(url);
    const browser = new Browser(before);
    await browser.request('POST', '/login');
    const copied = browser.cookie!;
    await browser.request('POST', '/logout');
    await before.close();
    const after = app(url);
    try {
      expect(await whoami(after, copied)).toEqual({ user: null });
      // The same secret still opens fresh cookies: only the revoked one is refused.
      const fresh = new Browser(after);
      await fresh.request('POST', '/login');
      expect(await whoami(after, fresh.cookie!)).toEqual({ user: 'ada' });
    } finally {
      await after.close();
    }
  });

  it('refuses the pre-login cookie after login regenerates the id', async () => {
    const a = app(url);
    try {
      const browser = new Browser(a);
      await browser.request('POST', '/set?key=visited&value=yes');
      const anonymous = browser.cookie!;
      await browser.request('POST', '/login');
      const replay = await a.inject({ url: '/whoami', headers: { cookie: anonymous } });
      expect(replay.json()).toEqual({ user: null });
      expect(replay.headers['set-cookie']).toEqual(
        expect.stringMatching(/^sid=; Path=\/; Max-Age=0/),
      );
    } finally {
      await a.close();
    }
  });

  it('keeps each entry until the session deadline, then sweeps it', async () => {
    const clock = new TestClock(Date.now());
    const a = app(url, { clock, idleTimeout: 60_000, absoluteTimeout: 120_000 });
    try {
      const browser = new Browser(a);
      await browser.request('POST', '/login');
      await browser.request('POST', '/logout');
      const backend = new DatabaseBackend(a.resolve(ORM), revokedSessionEntity(), clock, 0);
      expect(await backend.sweep(clock.now())).toBe(0);
      clock.advance(120_000);
      expect(await backend.sweep(clock.now())).toBeGreaterThanOrEqual(1);
    } finally {
      await a.close();
    }
  });

  it('answers 503 while the database is unreachable (never a silent pass), then recovers', () =>
    expectOutageThenRecovery(fixture, (u) => app(u, { operationTimeout: 1000 })));

  it('refuses to boot without the entity in the orm entities, or without the orm plugin', async () => {
    const noEntity = createApp({
      env: 'test',
      logger: { level: 'silent' },
      plugins: {
        orm: { url, entities: [sessionEntity()], schema: 'none' },
        session: [sessionPlugin, { store: 'cookie', revocation: 'database', secret: TEST_SECRET }],
      },
    });
    await expect(noEntity.ready()).rejects.toThrow(
      /revocation is "database".*revokedSessionEntity\(\)/,
    );
    await noEntity.close();
    const noOrm = createApp({
      env: 'test',
      logger: { level: 'silent' },
      plugins: {
        session: [sessionPlugin, { store: 'cookie', revocation: 'database', secret: TEST_SECRET }],
      },
    });
    await expect(noOrm.ready()).rejects.toThrow(/ERR_SESSION_CONFIG: .*needs the orm plugin/);
  });
});

import { createApp, definePlugin, type Application } from '@pith/core';
import { Entity, Property } from '@mikro-orm/core';
import { ORM, PithEntity } from '@pith/orm';
import { DatabaseBackend, sessionEntity, sessionPlugin, type SessionConfig } from '@pith/session';
import { postgresFixture } from '../../contract/orm/backends';
import { Browser, TestClock, TEST_SECRET } from './session-test-app';
import { serviceMissing } from '../../support/services';
import { SwitchableProxy } from './switchable-proxy';

const fixture = postgresFixture();
const describeIf =
  !fixture.unavailable ||
  serviceMissing('database session tests', `PostgreSQL: ${fixture.unavailable}`)
    ? describe
    : describe.skip;

@Entity({ tableName: 'session_test_other' })
class OtherEntity extends PithEntity {
  @Property()
  name!: string;
}

const routes = definePlugin({
  name: 'routes',
  dependencies: ['session'],
  setup(ctx) {
    ctx.setDispatcher(async (req) => {
      if (req.path === '/plain') return req.reply.json({ ok: true });
      if (req.path === '/login') {
        await req.session.regenerate();
        await req.session.set('user', 'ada');
        return req.reply.json({ ok: true });
      }
      if (req.path === '/logout') {
        await req.session.destroy();
        return req.reply.json({ ok: true });
      }
      return req.reply.json({ user: (await req.session.get('user')) ?? null });
    });
  },
});

function app(url: string, session: SessionConfig = {}): Application {
  return createApp({
    env: 'test',
    logger: { level: 'silent' },
    plugins: {
      orm: { url, entities: [sessionEntity()], schema: 'update', createDatabase: true },
      session: [sessionPlugin, { store: 'database', secret: TEST_SECRET, ...session }],
      routes,
    },
  });
}

describeIf('database store through the orm plugin (PostgreSQL)', () => {
  let url: string;
  beforeAll(async () => {
    url = await fixture.create();
  });
  afterAll(() => fixture.drop());

  it('two app instances sharing the database see the same session, logout included', async () => {
    const a = app(url);
    const b = app(url);
    const onA = new Browser(a);
    await onA.request('POST', '/login');
    const onB = new Browser(b);
    onB.cookie = onA.cookie;
    expect((await onB.request('GET', '/whoami')).json()).toEqual({ user: 'ada' });
    await onB.request('POST', '/logout');
    expect((await onA.request('GET', '/whoami')).json()).toEqual({ user: null });
    await a.close();
    await b.close();
  });

  it('sweeps expired rows', async () => {
    const clock = new TestClock(Date.now());
    const a = app(url, { clock, idleTimeout: 60_000 });
    await new Browser(a).request('POST', '/login');
    const backend = new DatabaseBackend(a.resolve(ORM), sessionEntity(), clock, 0);
    expect(await backend.sweep(clock.now())).toBe(0);
    clock.advance(60_000);
    expect(await backend.sweep(clock.now())).toBeGreaterThanOrEqual(1);
    await a.close();
  });

  it('refuses to boot when the entity is not in the orm entities', async () => {
    const bad = createApp({
      env: 'test',
      logger: { level: 'silent' },
      plugins: {
        orm: { url, entities: [OtherEntity], schema: 'none' },
        session: [sessionPlugin, { store: 'database', secret: TEST_SECRET }],
      },
    });
    await expect(bad.ready()).rejects.toThrow(/sessionEntity\(\)/);
  });

  it('refuses the database store without the orm plugin', async () => {
    const bad = createApp({
      env: 'test',
      logger: { level: 'silent' },
      plugins: { session: [sessionPlugin, { store: 'database', secret: TEST_SECRET }] },
    });
    await expect(bad.ready()).rejects.toThrow(/ERR_SESSION_CONFIG: .*needs the orm plugin/);
  });

  it('answers 503 while the database is unreachable, keeps other routes up, recovers', async () => {
    const proxy = await SwitchableProxy.start(fixture.network!.host, fixture.network!.port);
    const a = app(fixture.network!.urlThrough(proxy.port), { operationTimeout: 1000 });
    try {
      const browser = new Browser(a);
      await browser.request('POST', '/login');
      proxy.cut();
      const started = performance.now();
      const failed = await browser.request('GET', '/whoami', { accept: 'application/json' });
      expect(failed.statusCode).toBe(503);
      expect(performance.now() - started).toBeLessThan(1500);
      expect(failed.json()).toMatchObject({ code: 'ERR_SESSION_STORE_UNAVAILABLE' });
      expect((await a.inject('/plain')).statusCode).toBe(200);
      proxy.restore();
      // The pool drops the cut connections and opens new ones: the next requests work again.
      expect((await a.inject('/readyz')).statusCode).toBe(200);
      expect((await browser.request('GET', '/whoami')).json()).toEqual({ user: 'ada' });
    } finally {
      await a.close();
      await proxy.close();
    }
  });
});

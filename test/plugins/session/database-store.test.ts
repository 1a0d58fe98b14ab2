import { createApp, type Application } from '@pith/core';
import { Entity, Property } from '@mikro-orm/core';
import { ORM, PithEntity } from '@pith/orm';
import { DatabaseBackend, sessionEntity, sessionPlugin, type SessionConfig } from '@pith/session';
import { postgresFixture } from '../../contract/orm/backends';
import { expectOutageThenRecovery } from './database-outage';
import { Browser, sessionRoutes, TestClock, TEST_SECRET } from './session-test-app';
import { serviceMissing } from '../../support/services';

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

function app(url: string, session: SessionConfig = {}): Application {
  return createApp({
    env: 'test',
    logger: { level: 'silent' },
    plugins: {
      orm: { url, entities: [sessionEntity()], schema: 'update', createDatabase: true },
      session: [sessionPlugin, { store: 'database', secret: TEST_SECRET, ...session }],
      routes: sessionRoutes,
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

  it('answers 503 while the database is unreachable, keeps other routes up, recovers', () =>
    expectOutageThenRecovery(fixture, (u) => app(u, { operationTimeout: 1000 }), 1500));
});

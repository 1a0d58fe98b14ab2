import os from 'node:os';
import path from 'node:path';
import { createApp, type Application } from '@pith/core';
import { ORM } from '@pith/orm';
import {
  DatabaseBackend,
  SESSION_STORE,
  ServerSessionStore,
  sessionEntity,
  sessionPlugin,
} from '@pith/session';
import type { BackendFixture } from '../orm/backends';
import { serviceMissing } from '../../support/services';
import { describeSessionStoreContract, keyring, SECRET_A } from './session-store.contract';

/** An app with the orm plugin on `url` and the session plugin on the database store. */
export function databaseSessionApp(url: string): Application {
  return createApp({
    env: 'test',
    logger: { level: 'silent' },
    plugins: {
      orm: { url, entities: [sessionEntity()], schema: 'update', createDatabase: true },
      session: [sessionPlugin, { store: 'database', secret: SECRET_A }],
    },
  });
}

/** A throwaway SQLite file for one test file. */
export function sqliteFile(name: string): string {
  return path.join(os.tmpdir(), `pith-session-${name}-${process.pid}-${Date.now()}.db`);
}

/**
 * Runs the store contract on the database store over one orm backend. A backend that is not
 * reachable fails under CI=true (SQL servers) and is skipped loudly otherwise.
 */
export function describeDatabaseStoreContract(fixture: BackendFixture): void {
  const label = `database (${fixture.backend})`;
  if (fixture.unavailable) {
    serviceMissing(`session store contract ${label}`, fixture.unavailable, fixture.requiredInCi);
    describe.skip(label, () => it('is skipped', () => undefined));
    return;
  }
  let app: Application | undefined;
  describeSessionStoreContract(label, async () => {
    app = databaseSessionApp(await fixture.create());
    await app.ready();
    const orm = app.resolve(ORM);
    return {
      store: app.resolve(SESSION_STORE),
      withSecrets: (secrets) =>
        new ServerSessionStore(
          new DatabaseBackend(orm, sessionEntity(), { now: Date.now }, 0),
          keyring(secrets.length ? secrets : [SECRET_A]),
        ),
      close: async () => {
        await app?.close();
        await fixture.drop();
      },
    };
  });
}

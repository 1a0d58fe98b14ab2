import { createApp, type Application } from '@pith/core';
import { ORM } from '@pith/orm';
import { CookieSessionStore, DatabaseBackend, revokedSessionEntity } from '@pith/session';
import { postgresFixture } from '../orm/backends';
import { serviceMissing } from '../../support/services';
import { describeSessionStoreContract, keyring, SECRET_A } from './session-store.contract';

const fixture = postgresFixture();

if (fixture.unavailable) {
  serviceMissing('session store contract cookie (database revocation)', fixture.unavailable);
  describe.skip('cookie (database revocation)', () => it('is skipped', () => undefined));
} else {
  let app: Application | undefined;
  describeSessionStoreContract('cookie (with a database revocation list, PostgreSQL)', async () => {
    app = createApp({
      env: 'test',
      logger: { level: 'silent' },
      plugins: {
        orm: {
          url: await fixture.create(),
          entities: [revokedSessionEntity()],
          schema: 'update',
          createDatabase: true,
        },
      },
    });
    await app.ready();
    const revocation = new DatabaseBackend(
      app.resolve(ORM),
      revokedSessionEntity(),
      { now: Date.now },
      0,
    );
    await revocation.open();
    return {
      store: new CookieSessionStore(keyring([SECRET_A]), 4000, revocation),
      withSecrets: (secrets) => new CookieSessionStore(keyring(secrets), 4000, revocation),
      close: async () => {
        await app?.close();
        await fixture.drop();
      },
    };
  });
}

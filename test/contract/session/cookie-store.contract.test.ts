import { CookieSessionStore, MemoryBackend } from '@pith/session';
import { describeSessionStoreContract, keyring, SECRET_A } from './session-store.contract';

describeSessionStoreContract('cookie (with a revocation list)', async () => {
  const revocation = new MemoryBackend();
  return {
    store: new CookieSessionStore(keyring([SECRET_A]), 4000, revocation),
    withSecrets: (secrets) => new CookieSessionStore(keyring(secrets), 4000, revocation),
    close: () => revocation.close(),
  };
});

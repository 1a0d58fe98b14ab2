import { MemoryBackend, ServerSessionStore } from '@pith/session';
import { describeSessionStoreContract, keyring, SECRET_A } from './session-store.contract';

describeSessionStoreContract('memory', async () => {
  const backend = new MemoryBackend();
  await backend.open();
  return {
    store: new ServerSessionStore(backend, keyring([SECRET_A])),
    withSecrets: (secrets) => new ServerSessionStore(backend, keyring(secrets)),
    close: () => backend.close(),
  };
});

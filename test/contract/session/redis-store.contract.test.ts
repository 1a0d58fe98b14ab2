import { RedisBackend, ServerSessionStore } from '@pith/session';
import { describeSessionStoreContract, keyring, SECRET_A } from './session-store.contract';
import {
  dropPrefix,
  SHARED_REDIS_URL,
  sharedRedisAvailable,
  uniquePrefix,
} from './redis-test-server';

const describeIf = sharedRedisAvailable('the Redis session store contract')
  ? describe
  : describe.skip;

describeIf('redis', () => {
  const keyPrefix = uniquePrefix('redis-store-contract');
  describeSessionStoreContract('redis', async () => {
    const backend = new RedisBackend({
      url: SHARED_REDIS_URL,
      keyPrefix,
      commandTimeout: 500,
      connectTimeout: 2000,
      maxReconnectDelay: 500,
    });
    await backend.open();
    return {
      store: new ServerSessionStore(backend, keyring([SECRET_A])),
      withSecrets: (secrets) => new ServerSessionStore(backend, keyring(secrets)),
      close: async () => {
        await dropPrefix(keyPrefix);
        await backend.close();
      },
    };
  });
});

import { EnvironmentError } from './environment';

/** `redis://user:secret@host` → `redis://user:*****@host`: a boot message never shows a password. */
function masked(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:*****@');
}

/**
 * Stops the boot with a message naming `REDIS_URL` when that Redis does not answer a PING within
 * `timeoutMs`. Checked before the plugins start: otherwise the session, security and jobs plugins
 * each report the same refused connection (with a stack) under their own option names.
 */
export async function assertRedisReachable(url: string, timeoutMs = 3000): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- only when REDIS_URL is set
  const { Redis } = require('ioredis') as typeof import('ioredis');
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // connect() rejects with "Connection is closed."; the socket's own error says why.
  let cause: unknown;
  redis.on('error', (error: unknown) => (cause ??= error));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    const first = cause ?? error;
    const reason = first instanceof Error ? first.message : String(first);
    throw new EnvironmentError('REDIS_URL', `a reachable Redis server (${reason})`, masked(url));
  } finally {
    redis.disconnect();
  }
}

import { MemoryRateLimitStore, type RateLimitStore } from './rate-limit-store';
import { RedisRateLimitStore } from './redis-rate-limit-store';
import type { SecurityOptions } from './security-options';

/** The store the `rateLimit.store` option names: memory, Redis, or a given store object. */
export function createRateLimitStore(options: SecurityOptions['rateLimit']): RateLimitStore {
  const given = options.store;
  if (given === 'memory')
    return new MemoryRateLimitStore({ maxKeys: options.maxKeys, now: options.now });
  if ('redis' in given) return new RedisRateLimitStore(given.redis);
  return given;
}

import { HttpError } from '@pith/core';
import type { Clock } from '@pith/jobs';
import { rateLimitFields } from '@pith/security';
import type { Redis } from 'ioredis';

const WINDOW_MS = 15 * 60_000;
const WINDOW_S = WINDOW_MS / 1000;
const MAX_FAILURES = 5;
/**
 * Failures from one client address over every username before the address itself is refused:
 * spraying one password over many accounts. Far above what one office's typos reach.
 */
const MAX_ADDRESS_FAILURES = 100;
const MAX_KEYS = 10_000;

/**
 * The headers of a refused sign-in `wait` seconds before its window frees: `Retry-After` and the
 * IETF draft's `RateLimit-Policy` / `RateLimit`, as the security plugin's own limiter sends them.
 */
export function throttleHeaders(wait: number, limit: number): Record<string, string> {
  return { 'retry-after': String(wait), ...rateLimitFields('draft', limit, WINDOW_S, 0, wait) };
}

/**
 * The headers of a failed sign-in that may still be retried: the same `RateLimit-Policy` and
 * `RateLimit` (how many failures are left for this username from this address), no `Retry-After`.
 */
export function remainingHeaders(failures: number, resetMs: number): Record<string, string> {
  const remaining = Math.max(0, MAX_FAILURES - failures);
  const reset = Math.max(1, Math.ceil(resetMs / 1000));
  return rateLimitFields('draft', MAX_FAILURES, WINDOW_S, remaining, reset);
}

/** Why a sign-in is refused: seconds to wait and the limit that was reached. */
export interface Refusal {
  readonly wait: number;
  readonly limit: number;
}

/** Where failed logins are counted: in the process, or in Redis when several processes serve. */
export interface FailureStore {
  /** Failures in the current window and ms until it ends (0 failures: no window). */
  read(key: string): Promise<{ failures: number; resetMs: number }>;
  add(key: string): Promise<void>;
  clear(key: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Counts failed logins per client address + username: after 5 failures in 15 minutes that pair
 * is refused until the window ends, whether the next password is right or not. Only failures
 * count, so a user signing in often is never locked out. The address alone is also counted
 * (100 failures over any usernames), and a success does not clear that count, so one valid
 * account cannot reset it between guesses at others. `address` is a rate-limit key
 * (`clientKey`: IPv6 by its /64).
 */
export class LoginThrottle {
  constructor(private readonly store: FailureStore) {}

  /** Why `address` may not try `username` now, or undefined when it may. */
  async refusal(address: string, username: string): Promise<Refusal | undefined> {
    const [pair, all] = await this.guard(() =>
      Promise.all([this.store.read(pairKey(address, username)), this.store.read(address)]),
    );
    const waitFor = (resetMs: number): number => Math.max(1, Math.ceil(resetMs / 1000));
    if (pair.failures >= MAX_FAILURES) return { wait: waitFor(pair.resetMs), limit: MAX_FAILURES };
    if (all.failures >= MAX_ADDRESS_FAILURES)
      return { wait: waitFor(all.resetMs), limit: MAX_ADDRESS_FAILURES };
    return undefined;
  }

  /** Counts a failure; returns the `RateLimit` headers of the answer (see {@link remainingHeaders}). */
  fail(address: string, username: string): Promise<Record<string, string>> {
    return this.guard(async () => {
      const key = pairKey(address, username);
      await this.store.add(key);
      await this.store.add(address);
      const { failures, resetMs } = await this.store.read(key);
      return remainingHeaders(failures, resetMs);
    });
  }

  succeed(address: string, username: string): Promise<void> {
    return this.guard(() => this.store.clear(pairKey(address, username)));
  }

  close(): Promise<void> {
    return this.store.close();
  }

  // Sign-in must not go uncounted: a store that fails answers 503 instead.
  private async guard<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (error) {
      throw new HttpError('ERR_SERVICE_UNAVAILABLE', {
        detail: 'Signing in is unavailable right now; try again shortly.',
        cause: error,
      });
    }
  }
}

// A client key never holds "|", so a pair's key never meets an address's.
const pairKey = (address: string, username: string): string =>
  `${address}|${username.toLowerCase()}`;

/** Failures in this process: bounded, the oldest key goes first. */
export function memoryFailureStore(clock: Clock): FailureStore {
  const entries = new Map<string, { failures: number; resetAt: number }>();
  const current = (key: string): { failures: number; resetAt: number } | undefined => {
    const entry = entries.get(key);
    if (entry && entry.resetAt <= clock.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    read: async (key) => {
      const entry = current(key);
      return entry
        ? { failures: entry.failures, resetMs: entry.resetAt - clock.now() }
        : { failures: 0, resetMs: 0 };
    },
    add: async (key) => {
      const entry = current(key);
      if (entry) entry.failures += 1;
      else {
        if (entries.size >= MAX_KEYS) entries.delete(entries.keys().next().value!);
        entries.set(key, { failures: 1, resetAt: clock.now() + WINDOW_MS });
      }
    },
    clear: async (key) => void entries.delete(key),
    close: async () => entries.clear(),
  };
}

/** Failures in Redis, shared by every process: the window starts at the first failure. */
export function redisFailureStore(redisUrl: string, prefix: string): FailureStore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- only when REDIS_URL is set
  const { Redis: RedisClient } = require('ioredis') as typeof import('ioredis');
  const redis: Redis = new RedisClient(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    commandTimeout: 1000,
  });
  redis.on('error', () => undefined);
  const k = (key: string): string => prefix + key;
  return {
    read: async (key) => {
      const [[, count], [, ttl]] = (await redis.multi().get(k(key)).pttl(k(key)).exec()) as [
        [unknown, string | null],
        [unknown, number],
      ];
      return { failures: Number(count ?? 0), resetMs: Math.max(0, ttl) };
    },
    add: async (key) => {
      await redis.multi().set(k(key), '0', 'PX', WINDOW_MS, 'NX').incr(k(key)).exec();
    },
    clear: async (key) => void (await redis.del(k(key))),
    close: async () => {
      if (redis.status === 'ready') await redis.quit();
      else redis.disconnect();
    },
  };
}

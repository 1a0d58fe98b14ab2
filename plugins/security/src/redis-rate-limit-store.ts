import type { Redis, RedisOptions } from 'ioredis';
import type { RateLimitHit, RateLimitStore } from './rate-limit-store';

/** Options of the Redis store: a client you own, or connection options for one it owns. */
export interface RedisStoreOptions {
  readonly client?: Redis;
  readonly url?: string;
  readonly options?: RedisOptions;
  /** Prefix of every key, so apps sharing a Redis do not share counters. */
  readonly prefix?: string;
}

// INCR and PEXPIRE in one script: Redis runs it atomically, so a crash between the two can never
// leave a counter without expiry and concurrent hits never read the same count.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) ttl = tonumber(ARGV[1]) end
return { count, ttl }
`;

type ScriptedRedis = Redis & {
  pithRateLimitHit(key: string, windowMs: number): Promise<[number, number]>;
};

/** A fixed-window store in Redis, shared by every instance of the app. */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly client: ScriptedRedis;
  private readonly owned: boolean;
  private readonly prefix: string;

  constructor(options: RedisStoreOptions) {
    this.prefix = options.prefix ?? 'pith:rl:';
    if (options.client) {
      this.client = options.client as ScriptedRedis;
      this.owned = false;
    } else {
      // Loaded only when configured: ioredis is an optional peer dependency.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peer, loaded on demand
      const { Redis: RedisClient } = require('ioredis') as typeof import('ioredis');
      // Fail fast when Redis is down instead of queueing: the limiter must answer (503 or pass).
      const defaults: RedisOptions = {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: 1000,
        lazyConnect: true,
      };
      this.client = (
        options.url
          ? new RedisClient(options.url, { ...defaults, ...options.options })
          : new RedisClient({ ...defaults, ...options.options })
      ) as ScriptedRedis;
      this.owned = true;
    }
    if (typeof this.client.pithRateLimitHit !== 'function')
      this.client.defineCommand('pithRateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  }

  /**
   * Connects an owned client (at app ready). A Redis that is down does not stop the boot: ioredis
   * keeps reconnecting, limited routes answer per their fail-open/closed rule meanwhile, and the
   * readiness check reports it.
   */
  async connect(onError: (error: unknown) => void): Promise<void> {
    if (!this.owned || this.client.status !== 'wait') return;
    this.client.on('error', onError);
    await this.client.connect().catch(onError);
  }

  /** Resolves when Redis answers (readiness). */
  async check(): Promise<void> {
    await this.client.ping();
  }

  async hit(key: string, windowMs: number): Promise<RateLimitHit> {
    const [count, ttl] = await this.client.pithRateLimitHit(this.prefix + key, windowMs);
    return { count: Number(count), resetMs: Number(ttl) };
  }

  async close(): Promise<void> {
    if (!this.owned) return;
    if (this.client.status === 'ready')
      await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }
}

import type { Redis, RedisOptions } from 'ioredis';
import type { SessionBackend, StoreStatusListener } from './session-store';

/** Where the Redis store connects and how long it waits. */
export interface RedisBackendOptions {
  /** `redis://[:password@]host:port/db`. */
  readonly url: string;
  /** Prepended to every key, so apps (and test files) sharing a server never collide. */
  readonly keyPrefix: string;
  /** A command without a reply after this many milliseconds fails (the request answers 503). */
  readonly commandTimeout: number;
  readonly connectTimeout: number;
  /** Longest pause between reconnect attempts; reconnecting never stops. */
  readonly maxReconnectDelay: number;
}

type RedisConstructor = new (url: string, options: RedisOptions) => Redis;

/**
 * Sessions in Redis with native TTLs (ioredis, loaded only when this store is configured). The
 * client never queues: with `enableOfflineQueue: false` a command sent while the server is away
 * fails at once instead of piling up in memory, and `commandTimeout` bounds a slow server.
 * Reconnection runs in the background, so recovery needs no restart.
 */
export class RedisBackend implements SessionBackend {
  readonly kind = 'redis';
  private client: Redis | undefined;
  private isDown = false;
  private lastError: Error | undefined;
  private readonly listeners = new Set<StoreStatusListener>();

  constructor(
    private readonly options: RedisBackendOptions,
    private readonly load: (id: string) => unknown = require,
  ) {}

  onStatusChange(listener: StoreStatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private report(up: boolean): void {
    // Transitions only: a server that stays away fails every reconnect attempt.
    if (this.isDown === !up) return;
    this.isDown = !up;
    for (const listener of this.listeners) listener(up, up ? undefined : this.lastError);
  }

  async open(): Promise<void> {
    const { Redis: RedisClass } = this.load('ioredis') as { Redis: RedisConstructor };
    const client = new RedisClass(this.options.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: this.options.commandTimeout,
      connectTimeout: this.options.connectTimeout,
      retryStrategy: (times) =>
        Math.min(50 * 2 ** Math.min(times, 10), this.options.maxReconnectDelay),
    });
    // Without an error listener ioredis prints every failed reconnect attempt.
    client.on('error', (error: Error) => {
      this.lastError = error;
    });
    client.on('close', () => {
      if (this.client === client) this.report(false);
    });
    client.on('ready', () => this.report(true));
    this.client = client;
    // A server that is down at boot is not fatal: readiness reports it and the client retries.
    await client.connect().catch(() => undefined);
  }

  private get redis(): Redis {
    if (!this.client) throw new Error('the Redis session store is not open (the app is not ready)');
    return this.client;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.options.keyPrefix + key)) ?? undefined;
  }

  async set(key: string, value: string, expiresAt: number, now: number): Promise<void> {
    const ttl = Math.ceil(expiresAt - now);
    if (ttl <= 0) {
      await this.delete(key);
      return;
    }
    await this.redis.set(this.options.keyPrefix + key, value, 'PX', ttl);
  }

  async update(key: string, value: string, expiresAt: number, now: number): Promise<boolean> {
    const ttl = Math.ceil(expiresAt - now);
    if (ttl <= 0) {
      await this.delete(key);
      return false;
    }
    // XX: only if the key still exists; one atomic command, no read-then-write race.
    return (await this.redis.set(this.options.keyPrefix + key, value, 'PX', ttl, 'XX')) === 'OK';
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.options.keyPrefix + key);
  }

  async check(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
    else client.disconnect();
  }
}

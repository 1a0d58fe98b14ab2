/** The count of one key in its current window. */
export interface RateLimitHit {
  readonly count: number;
  /** Milliseconds until the window resets. */
  readonly resetMs: number;
}

/**
 * Where rate-limit counters live. `hit` must be atomic: two concurrent hits on one key never
 * both see the same count.
 */
export interface RateLimitStore {
  hit(key: string, windowMs: number): RateLimitHit | Promise<RateLimitHit>;
  close?(): void | Promise<void>;
}

/** The memory store's options; `now` is injectable so tests never wait for a window. */
export interface MemoryStoreOptions {
  /** Upper bound on tracked keys; the oldest windows are dropped first. */
  readonly maxKeys?: number;
  readonly now?: () => number;
}

/**
 * A fixed-window counter per key in one process, bounded: request input picks the keys, so an
 * unbounded map would be a memory leak an attacker drives.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxKeys = options.maxKeys ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  hit(key: string, windowMs: number): RateLimitHit {
    const now = this.now();
    let entry = this.windows.get(key);
    if (entry === undefined || entry.resetAt <= now) {
      if (entry !== undefined) this.windows.delete(key);
      else if (this.windows.size >= this.maxKeys) this.evict(now);
      entry = { count: 0, resetAt: now + windowMs };
      // Re-inserting keeps the map ordered by window start, so eviction drops the oldest.
      this.windows.set(key, entry);
    }
    entry.count++;
    return { count: entry.count, resetMs: entry.resetAt - now };
  }

  /** Tracked keys, for tests and metrics. */
  get size(): number {
    return this.windows.size;
  }

  private evict(now: number): void {
    // The map is ordered by window start: the first entry is the oldest window. Dropping a live
    // one resets that client's count; that is the price of a bound that request input cannot break.
    for (const [key, entry] of this.windows) {
      this.windows.delete(key);
      if (entry.resetAt > now || this.windows.size < this.maxKeys) return;
    }
  }
}

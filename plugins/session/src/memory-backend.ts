import type { SessionBackend } from './session-store';

interface Entry {
  readonly value: string;
  readonly expiresAt: number;
}

/**
 * Sessions in a Map, for development and tests only (one process, lost on restart). Bounded:
 * past `maxEntries` expired entries are swept, then the least recently written go first, or,
 * with `whenFull: 'refuse'` (a revocation list, where forgetting an entry would re-enable a
 * revoked cookie), the write fails and the request answers 503.
 */
export class MemoryBackend implements SessionBackend {
  readonly kind = 'memory';
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly whenFull: 'evict' | 'refuse' = 'evict',
  ) {}

  get size(): number {
    return this.entries.size;
  }

  async get(key: string, now: number): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  async set(key: string, value: string, expiresAt: number, now: number): Promise<void> {
    this.entries.delete(key);
    if (expiresAt <= now) return;
    if (this.entries.size >= this.maxEntries) this.evict(now);
    this.entries.set(key, { value, expiresAt });
  }

  async update(key: string, value: string, expiresAt: number, now: number): Promise<boolean> {
    if ((await this.get(key, now)) === undefined) return false;
    await this.set(key, value, expiresAt, now);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  private evict(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    if (this.whenFull === 'refuse' && this.entries.size >= this.maxEntries)
      throw new Error(`the in-memory list is full (${this.maxEntries} entries)`);
    // Map order is write order: the oldest writes go first.
    for (const key of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) break;
      this.entries.delete(key);
    }
  }

  async check(): Promise<void> {}

  async open(): Promise<void> {}

  async close(): Promise<void> {
    this.entries.clear();
  }
}

import type { Clock } from '@pith/jobs';

const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 5;
const MAX_KEYS = 10_000;

interface Entry {
  failures: number;
  resetAt: number;
}

/**
 * Counts failed logins per client address + username: after 5 failures in 15 minutes that pair
 * is refused until the window ends, whether the next password is right or not. Only failures
 * count, so a user signing in often is never locked out. Bounded: the oldest key goes first.
 */
export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: Clock) {}

  /** Seconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string): number {
    const entry = this.current(key);
    if (!entry || entry.failures < MAX_FAILURES) return 0;
    return Math.max(1, Math.ceil((entry.resetAt - this.clock.now()) / 1000));
  }

  fail(key: string): void {
    const entry = this.current(key);
    if (entry) {
      entry.failures += 1;
      return;
    }
    if (this.entries.size >= MAX_KEYS) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { failures: 1, resetAt: this.clock.now() + WINDOW_MS });
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }

  private current(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.resetAt <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}

import type { Logger } from '@pith/core';

/**
 * Logs a Redis outage once instead of once per reconnect attempt: ioredis and BullMQ emit an
 * error for every failed attempt of every connection (a worker has two). An error is logged the
 * first time its code (or message) is seen, and forgotten when the connection is ready again.
 */
export class RedisOutageLog {
  private readonly seen = new Set<string>();

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  /** An error from the connection, the queue or the worker. */
  readonly error = (error: Error): void => {
    const key = (error as NodeJS.ErrnoException).code ?? error.message;
    if (this.seen.has(key)) return;
    // Bounded: an endless stream of distinct messages still logs, without growing the set.
    if (this.seen.size >= 32) this.seen.clear();
    this.seen.add(key);
    this.logger.warn(
      { err: error },
      `${this.what}: ${error.message}; retrying (logged once until it is back)`,
    );
  };

  /** The connection is ready again. */
  readonly ready = (): void => {
    if (this.seen.size === 0) return;
    this.seen.clear();
    this.logger.info(`${this.what}: Redis is reachable again`);
  };
}

import type { RequestContext } from './request-context';

/**
 * The requests an app is answering: shutdown waits for them to end, and the handler timeout
 * times them out. One sweeper per app checks the oldest entries on a coarse tick, so a request
 * costs one map entry and one listener, never a timer of its own.
 */
export class InFlightRequests {
  /** Requests not yet timed out, with the tick they arrived at (only with a timeout). */
  private readonly started = new Map<RequestContext, number>();
  private readonly active = new Set<RequestContext>();
  private tick = 0;
  private sweeper: NodeJS.Timeout | undefined;
  private waiters: Array<() => void> = [];

  /**
   * @param timeoutMs the handler timeout; 0 disables it
   * @param onTimeout called once per request still unanswered after `timeoutMs`
   */
  constructor(
    timeoutMs: number,
    private readonly onTimeout: (ctx: RequestContext) => void,
  ) {
    if (timeoutMs > 0) {
      const period = Math.max(5, Math.min(1000, Math.floor(timeoutMs / 10)));
      const limit = Math.ceil(timeoutMs / period);
      this.sweeper = setInterval(() => this.sweep(limit), period);
      this.sweeper.unref();
    }
  }

  get size(): number {
    return this.active.size;
  }

  /** Tracks `ctx` until its response closes (finished, or the client went away). */
  add(ctx: RequestContext): void {
    this.active.add(ctx);
    if (this.sweeper) this.started.set(ctx, this.tick);
    ctx.res.once('close', () => this.remove(ctx));
  }

  /** The requests being answered, oldest first. */
  keys(): IterableIterator<RequestContext> {
    return this.active.keys();
  }

  /** Resolves once no request is in flight. */
  idle(): Promise<void> {
    if (this.active.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  stop(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  private remove(ctx: RequestContext): void {
    this.started.delete(ctx);
    if (!this.active.delete(ctx) || this.active.size > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private sweep(limit: number): void {
    this.tick++;
    // Insertion order is arrival order: stop at the first request that is still young.
    for (const [ctx, started] of this.started) {
      if (this.tick - started < limit) break;
      this.started.delete(ctx);
      if (!ctx.res.headersSent && !ctx.res.destroyed) this.onTimeout(ctx);
    }
  }
}

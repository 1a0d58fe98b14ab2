import type { ServerResponse } from 'node:http';
import type { RequestContext } from './request-context';

/**
 * The requests an app is answering: shutdown waits for them to end, and the handler timeout
 * times them out. One sweeper per app checks the oldest entries on a coarse tick, so a request
 * costs one map entry and a shared `close` listener, never a timer or a closure of its own; the
 * pipeline adds only requests still running or flushing after their synchronous part.
 */
export class InFlightRequests {
  /** Keyed by response, in arrival order; each context carries its arrival tick. */
  private readonly active = new Map<ServerResponse, RequestContext>();
  private readonly onClose: (this: ServerResponse) => void;
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
    const remove = (res: ServerResponse): void => this.remove(res);
    this.onClose = function (this: ServerResponse) {
      remove(this);
    };
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
    ctx.arrivalTick = this.tick;
    this.active.set(ctx.nodeResponse, ctx);
    ctx.nodeResponse.on('close', this.onClose);
  }

  /** The requests being answered, oldest first. */
  keys(): IterableIterator<RequestContext> {
    return this.active.values();
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

  private remove(res: ServerResponse): void {
    if (!this.active.delete(res) || this.active.size > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private sweep(limit: number): void {
    this.tick++;
    // Insertion order is arrival order: stop at the first request that is still young.
    for (const ctx of this.active.values()) {
      if (ctx.arrivalTick < 0) continue;
      if (this.tick - ctx.arrivalTick < limit) break;
      ctx.arrivalTick = -1;
      const res = ctx.nodeResponse;
      if (!res.headersSent && !res.destroyed) this.onTimeout(ctx);
    }
  }
}

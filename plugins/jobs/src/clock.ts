/** An opaque timer handle, as returned by a {@link Clock}. */
export type TimerHandle = unknown;

/**
 * Time as the scheduler sees it. Injectable so tests move time forward instead of sleeping.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock; its timers are unref'd so a pending job never keeps the process alive. */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return timer;
  },
  clearTimeout(handle: TimerHandle): void {
    clearTimeout(handle as NodeJS.Timeout);
  },
});

interface ManualTimer {
  readonly at: number;
  readonly fn: () => void;
  readonly seq: number;
}

/**
 * A clock that only moves when told to: `advance(ms)` fires the timers that came due, in order.
 *
 * @example
 * const clock = new ManualClock(Date.parse('2030-01-01T09:00:00Z'));
 * createApp({ plugins: { jobs: { clock } } });
 * clock.advance(30 * 60_000);
 */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private readonly timers = new Map<number, ManualTimer>();

  constructor(start: number | Date = Date.now()) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.seq;
    this.timers.set(id, { at: this.current + Math.max(0, ms), fn, seq: id });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  /** How many timers are armed. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing every timer due on the way in time order. */
  advance(ms: number): void {
    this.set(this.current + ms);
  }

  /** Moves time to `at` (never backwards), firing due timers in time order. */
  set(at: number | Date): void {
    const target = typeof at === 'number' ? at : at.getTime();
    for (;;) {
      let next: ManualTimer | undefined;
      for (const timer of this.timers.values()) {
        if (
          timer.at <= target &&
          (!next || timer.at < next.at || (timer.at === next.at && timer.seq < next.seq))
        )
          next = timer;
      }
      if (!next) break;
      this.timers.delete(next.seq);
      this.current = Math.max(this.current, next.at);
      next.fn();
    }
    this.current = Math.max(this.current, target);
  }
}

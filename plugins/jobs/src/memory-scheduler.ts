import { PithError, type Logger } from '@pith/core';
import type { Clock, TimerHandle } from './clock';
import { JobRunner, assertRunAt, toStoredPayload } from './job-runner';
import type { Jobs, PendingJob, ScheduleOptions } from './jobs';

// setTimeout overflows past 2^31-1 ms (~24.8 days) and fires at once; longer waits re-arm.
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface MemorySchedulerOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly concurrency: number;
  readonly maxPending: number;
  readonly attempts: number;
  readonly retryDelayMs: number;
}

interface Entry {
  readonly jobId: string;
  readonly name: string;
  runAt: number;
  readonly payload: unknown;
  attempt: number;
  timer: TimerHandle;
  immediate: NodeJS.Immediate | undefined;
  running: boolean;
}

/**
 * The embedded scheduler: jobs live in this process, one timer each (unref'd, bounded), due
 * jobs run at most `concurrency` at a time. Jobs do not survive a restart: an app re-schedules
 * them from its own stored state at boot.
 */
export class MemoryScheduler extends JobRunner implements Jobs {
  readonly backend = 'memory' as const;
  private readonly entries = new Map<string, Entry>();
  private readonly due: Entry[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly options: MemorySchedulerOptions) {
    super(options.logger);
  }

  /** Arms the timers of the jobs scheduled before start. */
  start(): void {
    this.started = true;
    for (const entry of this.entries.values()) this.arm(entry);
  }

  /** Stops every timer and waits for the running jobs; pending jobs are dropped. */
  async close(): Promise<void> {
    this.closed = true;
    this.started = true;
    for (const entry of this.entries.values()) this.disarm(entry);
    this.due.length = 0;
    this.entries.clear();
    await Promise.allSettled([...this.running]);
  }

  async schedule<P>(
    name: string,
    runAt: Date,
    payload: P,
    options: ScheduleOptions = {},
  ): Promise<string> {
    const jobId = this.checkedJobId(name, runAt, options);
    const stored = toStoredPayload(name, payload);
    if (this.entries.has(jobId)) return jobId;
    if (this.entries.size >= this.options.maxPending) {
      throw new PithError(
        'ERR_JOBS_LIMIT',
        `${this.entries.size} jobs are pending, the limit (plugins.jobs.maxPending) is ${this.options.maxPending}`,
      );
    }
    const entry: Entry = {
      jobId,
      name,
      runAt: runAt.getTime(),
      payload: stored,
      attempt: 1,
      timer: undefined,
      immediate: undefined,
      running: false,
    };
    this.entries.set(jobId, entry);
    if (this.started) this.arm(entry);
    return jobId;
  }

  async cancel(jobId: string): Promise<boolean> {
    const entry = this.entries.get(jobId);
    if (!entry || entry.running) return false;
    this.disarm(entry);
    this.entries.delete(jobId);
    return true;
  }

  async reschedule(jobId: string, runAt: Date): Promise<boolean> {
    assertRunAt(runAt);
    const entry = this.entries.get(jobId);
    if (!entry || entry.running) return false;
    this.disarm(entry);
    entry.runAt = runAt.getTime();
    if (this.started) this.arm(entry);
    return true;
  }

  async find(jobId: string): Promise<PendingJob | undefined> {
    const entry = this.entries.get(jobId);
    if (!entry) return undefined;
    return { jobId, name: entry.name, runAt: new Date(entry.runAt), payload: entry.payload };
  }

  private arm(entry: Entry): void {
    const wait = entry.runAt - this.options.clock.now();
    if (wait <= 0) {
      // Past or present: at once, but never inside the caller's stack.
      entry.immediate = setImmediate(() => {
        entry.immediate = undefined;
        this.enqueue(entry);
      });
      return;
    }
    entry.timer = this.options.clock.setTimeout(
      () => {
        entry.timer = undefined;
        if (this.options.clock.now() >= entry.runAt) this.enqueue(entry);
        else this.arm(entry);
      },
      Math.min(wait, MAX_TIMER_MS),
    );
  }

  private disarm(entry: Entry): void {
    if (entry.timer !== undefined) this.options.clock.clearTimeout(entry.timer);
    if (entry.immediate !== undefined) clearImmediate(entry.immediate);
    entry.timer = undefined;
    entry.immediate = undefined;
    const i = this.due.indexOf(entry);
    if (i !== -1) this.due.splice(i, 1);
  }

  private enqueue(entry: Entry): void {
    if (this.closed || this.entries.get(entry.jobId) !== entry) return;
    this.due.push(entry);
    this.drain();
  }

  private drain(): void {
    while (this.running.size < this.options.concurrency && this.due.length > 0) {
      const entry = this.due.shift()!;
      entry.running = true;
      const done = this.runEntry(entry).finally(() => {
        this.running.delete(done);
        this.drain();
      });
      this.running.add(done);
    }
  }

  private async runEntry(entry: Entry): Promise<void> {
    const job = {
      jobId: entry.jobId,
      name: entry.name,
      runAt: new Date(entry.runAt),
      attempt: entry.attempt,
    };
    try {
      await this.execute(job, entry.payload, this.options.attempts);
      this.entries.delete(entry.jobId);
    } catch {
      entry.running = false;
      if (this.closed || entry.attempt >= this.options.attempts) {
        this.entries.delete(entry.jobId);
        return;
      }
      entry.attempt += 1;
      entry.runAt = this.options.clock.now() + this.options.retryDelayMs * 2 ** (entry.attempt - 2);
      this.arm(entry);
    }
  }
}

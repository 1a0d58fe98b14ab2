import { createToken } from '@pith/core';

/** What a handler learns about the job it runs. */
export interface JobContext {
  readonly jobId: string;
  readonly name: string;
  /** When the job was due. */
  readonly runAt: Date;
  /** 1 for the first try. */
  readonly attempt: number;
}

/** Runs one job; a throw fails the attempt (and retries while attempts remain). */
export type JobHandler<P = unknown> = (payload: P, job: JobContext) => void | Promise<void>;

/**
 * Runs around every job, e.g. to give it its own EntityManager fork the way a request gets one.
 * It must call `run` exactly once and return its promise.
 */
export type JobWrapper = (job: JobContext, run: () => Promise<void>) => Promise<void>;

/** A job that has not run yet. */
export interface PendingJob {
  readonly jobId: string;
  readonly name: string;
  readonly runAt: Date;
  readonly payload: unknown;
}

export interface ScheduleOptions {
  /**
   * A stable id: scheduling again with an id that is still pending (or, on Redis, recently
   * completed) does nothing, so several processes schedule the same work exactly once.
   */
  readonly jobId?: string;
  /**
   * When a job with this id already ran (Redis keeps finished ids for `keepFinishedSeconds`),
   * schedule it again instead of doing nothing: for work that legitimately repeats under one id.
   */
  readonly replaceFinished?: boolean;
}

/** Events every backend emits in the process that ran the job. */
export interface JobEvents {
  completed: [job: JobContext];
  failed: [job: JobContext, error: unknown, willRetry: boolean];
}

/**
 * The scheduler the jobs plugin provides under {@link JOBS}, the same on every backend.
 *
 * @example
 * jobs.define('send-reminder', async ({ appointmentId }) => reminders.send(appointmentId));
 * await jobs.schedule('send-reminder', remindAt, { appointmentId }, { jobId: `reminder-${id}` });
 */
export interface Jobs {
  readonly backend: 'memory' | 'redis';
  /** Registers the handler for a job name; only before the app is ready. */
  define<P>(name: string, handler: JobHandler<P>): void;
  /** Adds a wrapper run around every job (outermost first); only before the app is ready. */
  wrap(wrapper: JobWrapper): void;
  /** Schedules a job; a `runAt` in the past runs it at once. Resolves to the job id. */
  schedule<P>(name: string, runAt: Date, payload: P, options?: ScheduleOptions): Promise<string>;
  /** Cancels a pending job; false when there was none. */
  cancel(jobId: string): Promise<boolean>;
  /** Moves a pending job to `runAt`, keeping its name and payload; false when there was none. */
  reschedule(jobId: string, runAt: Date): Promise<boolean>;
  /** The pending job with this id, if any. */
  find(jobId: string): Promise<PendingJob | undefined>;
  on<E extends keyof JobEvents>(event: E, listener: (...args: JobEvents[E]) => void): this;
  off<E extends keyof JobEvents>(event: E, listener: (...args: JobEvents[E]) => void): this;
  once<E extends keyof JobEvents>(event: E, listener: (...args: JobEvents[E]) => void): this;
}

/** The app's scheduler. */
export const JOBS = createToken<Jobs>('pith:jobs');

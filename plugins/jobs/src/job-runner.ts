import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { PithError, type Logger } from '@pith/core';
import type { JobContext, JobHandler, JobWrapper, ScheduleOptions } from './jobs';

const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
// BullMQ refuses ids with ':' and ids that read as integers; the memory backend holds the same line.
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** Throws a coded error unless `name` is a usable job name. */
export function assertJobName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !JOB_NAME.test(name)) {
    throw new PithError(
      'ERR_JOBS_INVALID',
      `job name ${JSON.stringify(name)} is invalid; expected 1-100 of letters, digits, ".", "_", "-"`,
    );
  }
}

/** Throws a coded error unless `id` is a usable job id. */
export function assertJobId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !JOB_ID.test(id) || /^\d+$/.test(id)) {
    throw new PithError(
      'ERR_JOBS_INVALID',
      `job id ${JSON.stringify(id)} is invalid; expected 1-200 of letters, digits, ".", "_", "-", not only digits`,
    );
  }
}

/** Throws a coded error unless `runAt` is a valid date. */
export function assertRunAt(runAt: unknown): asserts runAt is Date {
  if (!(runAt instanceof Date) || Number.isNaN(runAt.getTime())) {
    throw new PithError('ERR_JOBS_INVALID', `runAt must be a valid Date, got ${String(runAt)}`);
  }
}

/** The payload as it will be stored: JSON, so every backend hands handlers the same shape. */
export function toStoredPayload(name: string, payload: unknown): unknown {
  try {
    const text = JSON.stringify(payload);
    return text === undefined ? null : (JSON.parse(text) as unknown);
  } catch (error) {
    throw new PithError(
      'ERR_JOBS_INVALID',
      `the payload of job "${name}" is not JSON-serializable: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * What both backends share: the handler registry, the wrappers, and running one job with its
 * events. Handlers and wrappers are fixed once the scheduler starts.
 */
export class JobRunner extends EventEmitter {
  private readonly handlers = new Map<string, JobHandler<unknown>>();
  private readonly wrappers: JobWrapper[] = [];
  protected started = false;
  protected closed = false;

  constructor(protected readonly logger: Logger) {
    super();
    // 'failed' has listeners only when someone asks; an unhandled 'error' event is never emitted.
    this.setMaxListeners(100);
  }

  define<P>(name: string, handler: JobHandler<P>): void {
    assertJobName(name);
    this.assertOpen(`define job "${name}"`);
    if (this.handlers.has(name))
      throw new PithError('ERR_JOBS_INVALID', `job "${name}" already has a handler`);
    this.handlers.set(name, handler as JobHandler<unknown>);
  }

  wrap(wrapper: JobWrapper): void {
    this.assertOpen('add a job wrapper');
    this.wrappers.push(wrapper);
  }

  private assertOpen(action: string): void {
    if (this.started) {
      throw new PithError(
        'ERR_JOBS_DEFINE_LATE',
        `cannot ${action}: the scheduler has started; define handlers in a plugin's setup`,
      );
    }
  }

  protected assertNotClosed(): void {
    if (this.closed) throw new PithError('ERR_JOBS_CLOSED', 'the scheduler is closed');
  }

  /**
   * Checks a schedule() call the same way on every backend (name, runAt, open, job id, in that
   * order) and returns the job id to use: the caller's, or a fresh UUID.
   */
  protected checkedJobId(name: unknown, runAt: unknown, options: ScheduleOptions): string {
    assertJobName(name);
    assertRunAt(runAt);
    this.assertNotClosed();
    const jobId = options.jobId ?? randomUUID();
    assertJobId(jobId);
    return jobId;
  }

  /** Runs one job through the wrappers; resolves on success, rejects with the handler's error. */
  async execute(job: JobContext, payload: unknown, attempts: number): Promise<void> {
    const handler = this.handlers.get(job.name);
    try {
      if (!handler) {
        throw new PithError(
          'ERR_JOBS_NO_HANDLER',
          `no handler for job "${job.name}" (id ${job.jobId}); define it with jobs.define()`,
        );
      }
      let run = async (): Promise<void> => {
        await handler(payload, job);
      };
      for (let i = this.wrappers.length - 1; i >= 0; i--) {
        const wrapper = this.wrappers[i];
        const inner = run;
        run = () => wrapper(job, inner);
      }
      await run();
    } catch (error) {
      const willRetry = handler !== undefined && job.attempt < attempts;
      this.logger.error(
        { err: error, jobId: job.jobId, job: job.name, attempt: job.attempt, willRetry },
        'job failed',
      );
      this.emit('failed', job, error, willRetry);
      throw error;
    }
    this.logger.debug({ jobId: job.jobId, job: job.name }, 'job completed');
    this.emit('completed', job);
  }
}

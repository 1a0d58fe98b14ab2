import { PithError, type Logger } from '@pith/core';
import type { Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Clock } from './clock';
import { JobRunner, assertJobId, assertRunAt, toStoredPayload } from './job-runner';
import type { Jobs, PendingJob, ScheduleOptions } from './jobs';
import { RedisOutageLog } from './redis-outage-log';
import { settledWithin } from './settled-within';

type BullModule = typeof import('bullmq');
type RedisModule = typeof import('ioredis');

export interface BullmqSchedulerOptions {
  readonly redisUrl: string;
  readonly queue: string;
  readonly prefix: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly concurrency: number;
  readonly attempts: number;
  readonly retryDelayMs: number;
  /** How long finished jobs keep their id, so a late duplicate `schedule` stays a no-op. */
  readonly keepFinishedSeconds: number;
}

// Close bounds: running jobs get DRAIN_MS to finish; a dead Redis never answers, so every other
// step (or the whole close while Redis is down) gets FORCED_MS before its sockets are cut.
const DRAIN_MS = 8_000;
const FORCED_MS = 1_000;

const PENDING_STATES = new Set(['delayed', 'waiting', 'prioritized', 'waiting-children']);
const FINISHED_STATES = new Set(['completed', 'failed']);

// A job's Redis key is `<prefix>:<queue>:<id>`, next to BullMQ's own keys (`…:marker`, `…:meta`,
// `…:wait`): a fixed id prefix keeps an app's ids from ever landing on one of them.
const ID_PREFIX = 'j.';
const toRedisId = (jobId: string): string => ID_PREFIX + jobId;
const fromRedisId = (id: string | undefined): string =>
  id?.startsWith(ID_PREFIX) ? id.slice(ID_PREFIX.length) : (id ?? '');

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an unparsable URL';
  }
}

/**
 * Loads bullmq and ioredis only when the redis backend is chosen: they are optional peer
 * dependencies, and an app on the memory backend never requires them.
 */
export function loadBullmq(): { bullmq: BullModule; ioredis: RedisModule } {
  try {
    return {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peer, loaded on demand
      bullmq: require('bullmq') as BullModule,
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peer, loaded on demand
      ioredis: require('ioredis') as RedisModule,
    };
  } catch (error) {
    throw new PithError(
      'ERR_JOBS_BACKEND_MISSING',
      `plugins.jobs.backend is "redis", which needs bullmq and ioredis: npm install bullmq@6.7.0 ioredis@6.0.0 (${(error as Error).message})`,
      { cause: error },
    );
  }
}

/**
 * Jobs on Redis through BullMQ: delayed jobs, a stable job id makes scheduling idempotent across
 * processes, and one worker per process takes each job exactly once.
 */
export class BullmqScheduler extends JobRunner implements Jobs {
  readonly backend = 'redis' as const;
  private connection: Redis | undefined;
  private queue: Queue | undefined;
  private worker: Worker | undefined;

  constructor(
    private readonly modules: { bullmq: BullModule; ioredis: RedisModule },
    private readonly options: BullmqSchedulerOptions,
  ) {
    super(options.logger);
  }

  /** Connects, then starts the queue and this process's worker. */
  async start(): Promise<void> {
    this.started = true;
    const { bullmq, ioredis } = this.modules;
    let connected = false;
    const connection = new ioredis.Redis(this.options.redisUrl, {
      maxRetriesPerRequest: null,
      lazyConnect: true,
      // No retry loop before the first connection: an unreachable Redis stops the boot at once.
      retryStrategy: (times: number) => (connected ? Math.min(times * 200, 5_000) : null),
    });
    let lastError: Error | undefined;
    const outage = new RedisOutageLog(this.logger, 'jobs');
    connection.on('error', (error: Error) => {
      lastError = error;
      if (connected) outage.error(error);
    });
    connection.on('ready', outage.ready);
    this.connection = connection;
    try {
      await connection.connect();
      connected = true;
    } catch (error) {
      connection.disconnect();
      throw new PithError(
        'ERR_JOBS_REDIS_UNREACHABLE',
        `cannot reach Redis at ${redactUrl(this.options.redisUrl)} (plugins.jobs.redisUrl): ${(lastError ?? (error as Error)).message}`,
        { cause: error },
      );
    }
    const common = { connection, prefix: this.options.prefix };
    this.queue = new bullmq.Queue(this.options.queue, common);
    // Without a listener BullMQ prints every connection error of the queue with console.error.
    this.queue.on('error', outage.error);
    this.worker = new bullmq.Worker(this.options.queue, (job: Job) => this.process(job), {
      ...common,
      concurrency: this.options.concurrency,
    });
    this.worker.on('error', outage.error);
    await this.worker.waitUntilReady();
  }

  /** Answers when Redis does. */
  async ping(): Promise<void> {
    if (!this.connection) throw new PithError('ERR_JOBS_CLOSED', 'redis is not connected');
    await this.connection.ping();
  }

  /**
   * Lets running jobs finish, then closes the worker, the queue and the connection. Bounded: a
   * Redis that is gone never answers, so while it is down the worker is closed with force, each
   * step gets a deadline, and the sockets are cut at the end (nothing left reconnecting).
   */
  async close(): Promise<void> {
    this.closed = true;
    this.started = true;
    const { worker, queue, connection } = this;
    const up = connection?.status === 'ready';
    if (worker && !(await settledWithin(worker.close(!up), up ? DRAIN_MS : FORCED_MS)))
      await settledWithin(worker.disconnect(), FORCED_MS);
    if (queue && !(await settledWithin(queue.close(), FORCED_MS)))
      await settledWithin(queue.disconnect(), FORCED_MS);
    if (!connection || connection.status === 'end') return;
    if (connection.status !== 'ready' || !(await settledWithin(connection.quit(), FORCED_MS)))
      connection.disconnect();
  }

  async schedule<P>(
    name: string,
    runAt: Date,
    payload: P,
    options: ScheduleOptions = {},
  ): Promise<string> {
    const jobId = this.checkedJobId(name, runAt, options);
    if (options.replaceFinished) await this.removeFinished(jobId);
    const job = await this.requireQueue().add(name, toStoredPayload(name, payload), {
      jobId: toRedisId(jobId),
      delay: Math.max(0, runAt.getTime() - this.options.clock.now()),
      attempts: this.options.attempts,
      backoff: { type: 'exponential', delay: this.options.retryDelayMs },
      removeOnComplete: { age: this.options.keepFinishedSeconds },
      removeOnFail: { age: this.options.keepFinishedSeconds },
    });
    return job.id ? fromRedisId(job.id) : jobId;
  }

  async cancel(jobId: string): Promise<boolean> {
    const job = await this.pendingJob(jobId);
    if (!job) return false;
    await job.remove();
    return true;
  }

  async reschedule(jobId: string, runAt: Date): Promise<boolean> {
    assertRunAt(runAt);
    const job = await this.pendingJob(jobId);
    if (!job) return false;
    const { name } = job;
    const data = job.data as unknown;
    await job.remove();
    await this.schedule(name, runAt, data, { jobId });
    return true;
  }

  async find(jobId: string): Promise<PendingJob | undefined> {
    const job = await this.pendingJob(jobId);
    if (!job) return undefined;
    return {
      jobId,
      name: job.name,
      runAt: new Date(job.timestamp + (job.opts.delay ?? 0)),
      payload: job.data as unknown,
    };
  }

  private async removeFinished(jobId: string): Promise<void> {
    const job = (await this.requireQueue().getJob(toRedisId(jobId))) as Job | undefined;
    if (job && FINISHED_STATES.has(await job.getState())) await job.remove();
  }

  private async pendingJob(jobId: string): Promise<Job | undefined> {
    assertJobId(jobId);
    this.assertNotClosed();
    const job = (await this.requireQueue().getJob(toRedisId(jobId))) as Job | undefined;
    if (!job) return undefined;
    return PENDING_STATES.has(await job.getState()) ? job : undefined;
  }

  private requireQueue(): Queue {
    if (!this.queue) {
      throw new PithError(
        'ERR_JOBS_CLOSED',
        'the redis scheduler is not started yet: schedule jobs from onReady (after the jobs plugin) or later',
      );
    }
    return this.queue;
  }

  private async process(job: Job): Promise<void> {
    const context = {
      jobId: fromRedisId(job.id),
      name: job.name,
      runAt: new Date(job.timestamp + (job.opts.delay ?? 0)),
      attempt: job.attemptsMade + 1,
    };
    try {
      await this.execute(context, job.data as unknown, this.options.attempts);
    } catch (error) {
      // A job nobody can handle will not be handled by a retry either.
      if ((error as { code?: string }).code === 'ERR_JOBS_NO_HANDLER')
        throw new this.modules.bullmq.UnrecoverableError((error as Error).message);
      throw error;
    }
  }
}

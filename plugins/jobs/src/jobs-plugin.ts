import { PithError, definePlugin, s, type Infer, type PluginContext } from '@pith/core';
import { BullmqScheduler, loadBullmq } from './bullmq-scheduler';
import { systemClock, type Clock } from './clock';
import { JOBS } from './jobs';
import { MemoryScheduler } from './memory-scheduler';
import { ormIsolation } from './orm-isolation';

const isClock = (v: unknown): boolean =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Clock).now === 'function' &&
  typeof (v as Clock).setTimeout === 'function' &&
  typeof (v as Clock).clearTimeout === 'function';

const jobsOptions = s.object({
  /** `memory` (in-process, default) or `redis` (BullMQ; default when `redisUrl` is set). */
  backend: s.enum('memory', 'redis').optional(),
  redisUrl: s.string({ pattern: /^rediss?:\/\// }).optional(),
  /** BullMQ queue name and Redis key prefix. */
  queue: s.string({ pattern: /^[A-Za-z0-9._-]{1,100}$/ }).default('jobs'),
  prefix: s.string({ pattern: /^[A-Za-z0-9._:-]{1,100}$/ }).default('pith'),
  concurrency: s.number({ integer: true, min: 1, max: 1000 }).default(5),
  /** Pending jobs the memory backend holds before refusing more. */
  maxPending: s.number({ integer: true, min: 1 }).default(100_000),
  attempts: s.number({ integer: true, min: 1, max: 100 }).default(3),
  retryDelayMs: s.number({ integer: true, min: 0 }).default(1_000),
  keepFinishedSeconds: s.number({ integer: true, min: 0 }).default(7 * 24 * 3600),
  clock: s.custom<Clock>('an object with now, setTimeout and clearTimeout', isClock).optional(),
});

type ResolvedJobsOptions = Infer<typeof jobsOptions>;
/** The jobs plugin's options as written in config. */
export type JobsOptions = Partial<ResolvedJobsOptions>;

/**
 * Scheduled jobs: an in-process scheduler by default, BullMQ on Redis when `redisUrl` is set.
 * Provides {@link JOBS}; handlers are defined during setup, jobs run once the app is ready.
 *
 * @example
 * createApp({ plugins: { jobs: { redisUrl: process.env.REDIS_URL } } });
 */
export const jobsPlugin = definePlugin<ResolvedJobsOptions>({
  name: 'jobs',
  // Set up after the orm when both are enabled, so jobs can get a fork of its EntityManager.
  after: ['orm'],
  options: jobsOptions,
  setup(ctx: PluginContext, options: ResolvedJobsOptions) {
    const backend = options.backend ?? (options.redisUrl ? 'redis' : 'memory');
    const isolate = ormIsolation(ctx);
    const common = {
      clock: options.clock ?? systemClock,
      logger: ctx.logger,
      concurrency: options.concurrency,
      attempts: options.attempts,
      retryDelayMs: options.retryDelayMs,
    };
    if (backend === 'memory') {
      const scheduler = new MemoryScheduler({ ...common, maxPending: options.maxPending });
      ctx.provide(JOBS, { useValue: scheduler });
      if (isolate) scheduler.wrap(isolate);
      if (ctx.isProduction)
        ctx.logger.info(
          'jobs run in this process only (memory backend); set redisUrl to share them',
        );
      ctx.onReady(() => scheduler.start());
      ctx.onClose(() => scheduler.close());
      return;
    }
    if (!options.redisUrl) {
      throw new PithError(
        'ERR_CONFIG_INVALID',
        'plugins.jobs.redisUrl is missing; the redis backend expects a URL like redis://127.0.0.1:6379',
      );
    }
    const scheduler = new BullmqScheduler(loadBullmq(), {
      ...common,
      redisUrl: options.redisUrl,
      queue: options.queue,
      prefix: options.prefix,
      keepFinishedSeconds: options.keepFinishedSeconds,
    });
    ctx.provide(JOBS, { useValue: scheduler });
    if (isolate) scheduler.wrap(isolate);
    ctx.addReadinessCheck('jobs', () => scheduler.ping());
    ctx.onReady(() => scheduler.start());
    ctx.onClose(() => scheduler.close());
  },
});

import { once } from 'node:events';
import { createApp, type Application } from '@pith/core';
import { JOBS, jobsPlugin, type JobContext, type Jobs } from '@pith/jobs';
import { Redis } from 'ioredis';
import { requireServiceAt } from '../../support/services';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `pith-test-jobs-${process.pid}-${Date.now()}`;
const HOUR = 3_600_000;

interface Worker {
  app: Application;
  jobs: Jobs;
  runs: Array<{ payload: unknown; job: JobContext; worker: string }>;
}

async function startWorker(label: string, runs: Worker['runs'], queue: string): Promise<Worker> {
  const app = createApp({
    env: 'test',
    plugins: {
      jobs: [jobsPlugin, { redisUrl: REDIS_URL, prefix: PREFIX, queue, retryDelayMs: 0 }],
    },
  });
  app.register({
    name: 'handlers',
    dependencies: ['jobs'],
    setup(ctx) {
      ctx
        .resolve(JOBS)
        .define('remind', (payload, job) => void runs.push({ payload, job, worker: label }));
    },
  });
  await app.ready();
  return { app, jobs: app.resolve(JOBS), runs };
}

let available = false;
beforeAll(async () => {
  available = await requireServiceAt('Redis', REDIS_URL, 6379, 'the redis jobs backend tests');
});

afterAll(async () => {
  if (!available) return;
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${PREFIX}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

const itRedis = (name: string, fn: () => Promise<void>): void =>
  it(name, async () => {
    if (!available) return;
    await fn();
  });

describe('jobs plugin, redis backend (BullMQ)', () => {
  const open: Application[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((a) => a.close()));
  });

  itRedis('runs a job due now and reports redis readiness', async () => {
    const w = await startWorker('a', [], 'now');
    open.push(w.app);
    expect(w.jobs.backend).toBe('redis');
    const done = once(w.jobs as never, 'completed');
    await w.jobs.schedule('remind', new Date(Date.now() - 1000), { id: 1 }, { jobId: 'now-1' });
    await done;
    expect(w.runs.map((r) => [r.payload, r.job.jobId, r.job.attempt])).toEqual([
      [{ id: 1 }, 'now-1', 1],
    ]);
    const ready = await w.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
  });

  itRedis('keeps a delayed job pending, reschedules it, cancels it', async () => {
    const w = await startWorker('a', [], 'delayed');
    open.push(w.app);
    const runAt = new Date(Date.now() + HOUR);
    await w.jobs.schedule('remind', runAt, { keep: 1 }, { jobId: 'later' });
    const pending = await w.jobs.find('later');
    expect(pending?.name).toBe('remind');
    expect(pending?.payload).toEqual({ keep: 1 });
    expect(Math.abs(pending!.runAt.getTime() - runAt.getTime())).toBeLessThan(1000);
    const later = new Date(Date.now() + 2 * HOUR);
    expect(await w.jobs.reschedule('later', later)).toBe(true);
    expect(Math.abs((await w.jobs.find('later'))!.runAt.getTime() - later.getTime())).toBeLessThan(
      1000,
    );
    expect(await w.jobs.cancel('later')).toBe(true);
    expect(await w.jobs.find('later')).toBeUndefined();
    expect(await w.jobs.cancel('later')).toBe(false);
  });

  itRedis('a rescheduled job runs at its new time, with its payload', async () => {
    const w = await startWorker('a', [], 'moved');
    open.push(w.app);
    await w.jobs.schedule('remind', new Date(Date.now() + HOUR), { moved: true }, { jobId: 'mv' });
    const done = once(w.jobs as never, 'completed');
    await w.jobs.reschedule('mv', new Date(Date.now() - 1));
    await done;
    expect(w.runs[0].payload).toEqual({ moved: true });
  });

  itRedis('two processes scheduling the same job id send it exactly once', async () => {
    const runs: Worker['runs'] = [];
    const a = await startWorker('a', runs, 'shared');
    const b = await startWorker('b', runs, 'shared');
    open.push(a.app, b.app);
    const completions = [once(a.jobs as never, 'completed'), once(b.jobs as never, 'completed')];
    const first = Promise.race(completions);
    const at = new Date(Date.now() - 10);
    await Promise.all([
      a.jobs.schedule('remind', at, { appointment: 7 }, { jobId: 'reminder-7-1' }),
      b.jobs.schedule('remind', at, { appointment: 7 }, { jobId: 'reminder-7-1' }),
    ]);
    await first;
    // Both processes scheduling again after it ran is still a no-op: the finished id is kept.
    await a.jobs.schedule('remind', at, { appointment: 7 }, { jobId: 'reminder-7-1' });
    await b.jobs.schedule('remind', at, { appointment: 7 }, { jobId: 'reminder-7-1' });
    // A second, distinct job proves the workers are still taking jobs when we look.
    const marker = Promise.race([
      once(a.jobs as never, 'completed'),
      once(b.jobs as never, 'completed'),
    ]);
    await a.jobs.schedule('remind', at, { marker: true }, { jobId: 'marker' });
    await marker;
    expect(runs.filter((r) => r.job.jobId === 'reminder-7-1')).toHaveLength(1);
  });

  itRedis(
    'replaceFinished schedules a finished id again; without it the id stays a no-op',
    async () => {
      const w = await startWorker('a', [], 'again');
      open.push(w.app);
      const first = once(w.jobs as never, 'completed');
      await w.jobs.schedule('remind', new Date(), { n: 1 }, { jobId: 'again-1' });
      await first;
      await w.jobs.schedule('remind', new Date(Date.now() + HOUR), { n: 2 }, { jobId: 'again-1' });
      expect(await w.jobs.find('again-1')).toBeUndefined();
      await w.jobs.schedule(
        'remind',
        new Date(Date.now() + HOUR),
        { n: 3 },
        { jobId: 'again-1', replaceFinished: true },
      );
      expect((await w.jobs.find('again-1'))?.payload).toEqual({ n: 3 });
    },
  );

  itRedis('fails a job nobody handles without retrying it', async () => {
    const w = await startWorker('a', [], 'orphans');
    open.push(w.app);
    const failed = once(w.jobs as never, 'failed');
    await w.jobs.schedule('unknown-job', new Date(), {}, { jobId: 'orphan' });
    const [, error] = (await failed) as unknown as [JobContext, Error];
    expect(error.message).toMatch(/ERR_JOBS_NO_HANDLER/);
    expect(await w.jobs.find('orphan')).toBeUndefined();
  });
});

describe('jobs plugin, redis backend that cannot connect', () => {
  it('stops the boot naming the option and the redacted URL', async () => {
    const app = createApp({
      env: 'test',
      plugins: { jobs: [jobsPlugin, { redisUrl: 'redis://user:secret@127.0.0.1:1' }] },
    });
    const error = await app.ready().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/ERR_JOBS_REDIS_UNREACHABLE/);
    expect(error?.message).toMatch(/plugins\.jobs\.redisUrl/);
    expect(error?.message).not.toMatch(/secret/);
  });
});

import { once } from 'node:events';
import { createApp, type Application } from '@pith/core';
import { JOBS, ManualClock, jobsPlugin, type JobContext, type Jobs } from '@pith/jobs';

const T0 = Date.parse('2030-01-01T09:00:00Z');
const MINUTE = 60_000;

interface Harness {
  app: Application;
  jobs: Jobs;
  clock: ManualClock;
  runs: Array<{ payload: unknown; job: JobContext }>;
}

async function start(
  options: Record<string, unknown> = {},
  define?: (jobs: Jobs) => void,
): Promise<Harness> {
  const clock = new ManualClock(T0);
  const runs: Harness['runs'] = [];
  const app = createApp({ env: 'test', plugins: { jobs: [jobsPlugin, { clock, ...options }] } });
  app.register({
    name: 'app-jobs',
    dependencies: ['jobs'],
    setup(ctx) {
      const jobs = ctx.resolve(JOBS);
      jobs.define('remind', (payload, job) => {
        runs.push({ payload, job });
      });
      define?.(jobs);
    },
  });
  await app.ready();
  return { app, jobs: app.resolve(JOBS), clock, runs };
}

describe('jobs plugin, memory backend', () => {
  let h: Harness;
  afterEach(() => h?.app.close());

  it('runs a job when the clock reaches its time, not before', async () => {
    h = await start();
    expect(h.jobs.backend).toBe('memory');
    await h.jobs.schedule('remind', new Date(T0 + 30 * MINUTE), { id: 'a' }, { jobId: 'r-a' });
    h.clock.advance(30 * MINUTE - 1);
    expect(h.runs).toHaveLength(0);
    const done = once(h.jobs as never, 'completed');
    h.clock.advance(1);
    await done;
    expect(h.runs).toEqual([
      {
        payload: { id: 'a' },
        job: { jobId: 'r-a', name: 'remind', runAt: new Date(T0 + 30 * MINUTE), attempt: 1 },
      },
    ]);
    expect(await h.jobs.find('r-a')).toBeUndefined();
  });

  it('runs a job scheduled in the past at once', async () => {
    h = await start();
    const done = once(h.jobs as never, 'completed');
    await h.jobs.schedule('remind', new Date(T0 - MINUTE), { id: 'late' });
    await done;
    expect(h.runs.map((r) => r.payload)).toEqual([{ id: 'late' }]);
  });

  it('schedules a stable job id once', async () => {
    h = await start();
    const a = await h.jobs.schedule('remind', new Date(T0 + MINUTE), { n: 1 }, { jobId: 'same' });
    const b = await h.jobs.schedule(
      'remind',
      new Date(T0 + 2 * MINUTE),
      { n: 2 },
      { jobId: 'same' },
    );
    expect([a, b]).toEqual(['same', 'same']);
    expect(await h.jobs.find('same')).toMatchObject({
      payload: { n: 1 },
      runAt: new Date(T0 + MINUTE),
    });
    const done = once(h.jobs as never, 'completed');
    h.clock.advance(5 * MINUTE);
    await done;
    expect(h.runs).toHaveLength(1);
  });

  it('cancels a pending job so it never runs', async () => {
    h = await start();
    await h.jobs.schedule('remind', new Date(T0 + MINUTE), {}, { jobId: 'c' });
    expect(await h.jobs.cancel('c')).toBe(true);
    expect(await h.jobs.cancel('c')).toBe(false);
    expect(h.clock.pendingTimers).toBe(0);
    h.clock.advance(10 * MINUTE);
    expect(h.runs).toHaveLength(0);
  });

  it('reschedules a pending job, keeping its payload', async () => {
    h = await start();
    await h.jobs.schedule('remind', new Date(T0 + MINUTE), { keep: true }, { jobId: 'm' });
    expect(await h.jobs.reschedule('m', new Date(T0 + 60 * MINUTE))).toBe(true);
    h.clock.advance(30 * MINUTE);
    expect(h.runs).toHaveLength(0);
    const done = once(h.jobs as never, 'completed');
    h.clock.advance(30 * MINUTE);
    await done;
    expect(h.runs[0].payload).toEqual({ keep: true });
    expect(await h.jobs.reschedule('missing', new Date(T0))).toBe(false);
  });

  it('re-arms waits longer than the timer limit instead of firing early', async () => {
    h = await start();
    const far = T0 + 60 * 24 * 60 * MINUTE;
    await h.jobs.schedule('remind', new Date(far), {}, { jobId: 'far' });
    h.clock.advance(2 ** 31 - 1);
    expect(h.runs).toHaveLength(0);
    expect(h.clock.pendingTimers).toBe(1);
    const done = once(h.jobs as never, 'completed');
    h.clock.set(far);
    await done;
    expect(h.runs).toHaveLength(1);
  });

  it('arms jobs scheduled before start once the app is ready', async () => {
    const clock = new ManualClock(T0);
    const app = createApp({ env: 'test', plugins: { jobs: [jobsPlugin, { clock }] } });
    const seen: unknown[] = [];
    app.register({
      name: 'early',
      dependencies: ['jobs'],
      setup(ctx) {
        const jobs = ctx.resolve(JOBS);
        jobs.define('remind', (p) => void seen.push(p));
        void jobs.schedule('remind', new Date(T0 + MINUTE), 'early', { jobId: 'e' });
      },
    });
    await app.ready();
    const jobs = app.resolve(JOBS);
    h = { app, jobs, clock, runs: [] };
    expect(clock.pendingTimers).toBe(1);
    const done = once(jobs as never, 'completed');
    clock.advance(MINUTE);
    await done;
    expect(seen).toEqual(['early']);
  });

  it('retries a failing job with backoff, then gives up', async () => {
    let calls = 0;
    h = await start({ attempts: 2, retryDelayMs: 1000 }, (jobs) =>
      jobs.define('flaky', () => {
        calls += 1;
        throw new Error('boom');
      }),
    );
    const failures: boolean[] = [];
    h.jobs.on('failed', (_job, _err, willRetry) => failures.push(willRetry));
    const first = once(h.jobs as never, 'failed');
    await h.jobs.schedule('flaky', new Date(T0), {}, { jobId: 'f' });
    await first;
    expect(await h.jobs.find('f')).toMatchObject({ runAt: new Date(T0 + 1000) });
    const second = once(h.jobs as never, 'failed');
    h.clock.advance(1000);
    await second;
    expect(calls).toBe(2);
    expect(failures).toEqual([true, false]);
    expect(await h.jobs.find('f')).toBeUndefined();
  });

  it('runs every job through the wrappers, outermost first', async () => {
    const order: string[] = [];
    h = await start({}, (jobs) => {
      jobs.wrap(async (job, run) => {
        order.push(`outer:${job.name}`);
        await run();
        order.push('outer-done');
      });
      jobs.wrap(async (_job, run) => {
        order.push('inner');
        await run();
      });
    });
    const done = once(h.jobs as never, 'completed');
    await h.jobs.schedule('remind', new Date(T0), 'x');
    await done;
    expect(order).toEqual(['outer:remind', 'inner', 'outer-done']);
  });

  it('bounds concurrency', async () => {
    const release: Array<() => void> = [];
    let active = 0;
    let peak = 0;
    h = await start({ concurrency: 2 }, (jobs) =>
      jobs.define('slow', async () => {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise<void>((r) => release.push(r));
        active -= 1;
      }),
    );
    let completed = 0;
    const allDone = new Promise<void>((resolve) =>
      h.jobs.on('completed', () => {
        completed += 1;
        if (completed === 4) resolve();
      }),
    );
    for (let i = 0; i < 4; i++) await h.jobs.schedule('slow', new Date(T0), i);
    while (completed < 4) {
      await new Promise((r) => setImmediate(r));
      release.splice(0).forEach((r) => r());
    }
    await allDone;
    expect(peak).toBe(2);
  });

  it('refuses bad input with coded errors', async () => {
    h = await start({ maxPending: 1 });
    await expect(h.jobs.schedule('remind', new Date('nope'), {})).rejects.toThrow(
      /ERR_JOBS_INVALID/,
    );
    await expect(h.jobs.schedule('bad name!', new Date(T0), {})).rejects.toThrow(
      /ERR_JOBS_INVALID/,
    );
    await expect(
      h.jobs.schedule('remind', new Date(T0 + MINUTE), {}, { jobId: 'a:b' }),
    ).rejects.toThrow(/ERR_JOBS_INVALID/);
    await expect(
      h.jobs.schedule('remind', new Date(T0 + MINUTE), {}, { jobId: '42' }),
    ).rejects.toThrow(/ERR_JOBS_INVALID/);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(h.jobs.schedule('remind', new Date(T0 + MINUTE), circular)).rejects.toThrow(
      /JSON/,
    );
    await h.jobs.schedule('remind', new Date(T0 + MINUTE), {}, { jobId: 'one' });
    await expect(
      h.jobs.schedule('remind', new Date(T0 + MINUTE), {}, { jobId: 'two' }),
    ).rejects.toThrow(/ERR_JOBS_LIMIT/);
    expect(() => h.jobs.define('late', () => undefined)).toThrow(/ERR_JOBS_DEFINE_LATE/);
  });

  it('fails a job with no handler without retrying', async () => {
    h = await start();
    const failed = once(h.jobs as never, 'failed');
    await h.jobs.schedule('nobody', new Date(T0), {}, { jobId: 'n' });
    const [, error, willRetry] = (await failed) as unknown as [JobContext, Error, boolean];
    expect(error.message).toMatch(/ERR_JOBS_NO_HANDLER/);
    expect(willRetry).toBe(false);
  });

  it('stops every timer on close and refuses new jobs', async () => {
    h = await start();
    await h.jobs.schedule('remind', new Date(T0 + MINUTE), {}, { jobId: 'x' });
    expect(h.clock.pendingTimers).toBe(1);
    await h.app.close();
    expect(h.clock.pendingTimers).toBe(0);
    await expect(h.jobs.schedule('remind', new Date(T0), {})).rejects.toThrow(/ERR_JOBS_CLOSED/);
  });

  it('refuses the redis backend without a URL, naming the option', async () => {
    const app = createApp({ env: 'test', plugins: { jobs: [jobsPlugin, { backend: 'redis' }] } });
    await expect(app.ready()).rejects.toThrow(/plugins\.jobs\.redisUrl/);
  });
});

import { once } from 'node:events';
import { Entity, Property, type EntityManager } from '@mikro-orm/core';
import { createApp, type Application } from '@pith/core';
import { JOBS, ManualClock, jobsPlugin, type Jobs } from '@pith/jobs';
import { ENTITY_MANAGER, PithEntity } from '@pith/orm';

@Entity({ tableName: 'job_notes' })
class JobNote extends PithEntity {
  @Property({ type: 'string' })
  text!: string;
}

describe('jobs plugin with the orm plugin', () => {
  let app: Application;
  let jobs: Jobs;
  const seen: Array<{ fork: EntityManager; count: number }> = [];

  beforeAll(async () => {
    app = createApp({
      env: 'test',
      plugins: {
        // Listed first on purpose: `after: ['orm']` still sets jobs up after the orm.
        jobs: [jobsPlugin, { clock: new ManualClock() }],
        orm: { url: 'sqlite::memory:', entities: [JobNote] },
      },
    });
    app.register({
      name: 'notes',
      dependencies: ['jobs', 'orm'],
      setup(ctx) {
        const em = ctx.resolve(ENTITY_MANAGER);
        ctx.resolve(JOBS).define<{ text: string }>('note', async ({ text }) => {
          em.create(JobNote, { text });
          await em.flush();
          seen.push({ fork: em.getContext(false), count: await em.count(JobNote) });
        });
      },
    });
    await app.ready();
    jobs = app.resolve(JOBS);
  });
  afterAll(() => app.close());

  it('runs each job in its own EntityManager fork, like a request', async () => {
    for (const text of ['first', 'second']) {
      const done = once(jobs as never, 'completed');
      await jobs.schedule('note', new Date(0), { text });
      await done;
    }
    expect(seen.map((s) => s.count)).toEqual([1, 2]);
    const root = app.resolve(ENTITY_MANAGER);
    expect(seen[0].fork).not.toBe(seen[1].fork);
    expect(seen[0].fork).not.toBe(root.getContext(false));
    // Outside a job (and a request) the shared EntityManager refuses to work: the fork is the job's.
    expect(() => root.create(JobNote, { text: 'outside' })).toThrow();
  });
});

import { createApp } from '@pith/core';
import { jobsPlugin } from '@pith/jobs';

const loads: string[] = [];
jest.mock('bullmq', () => {
  loads.push('bullmq');
  return {};
});
jest.mock('ioredis', () => {
  loads.push('ioredis');
  return {};
});

describe('jobs plugin: bullmq and ioredis are optional', () => {
  it('never requires them on the memory backend', async () => {
    const app = createApp({ env: 'test', plugins: { jobs: [jobsPlugin, {}] } });
    await app.ready();
    await app.close();
    expect(loads).toEqual([]);
  });

  it('requires them as soon as the redis backend is chosen', async () => {
    const app = createApp({
      env: 'test',
      plugins: { jobs: [jobsPlugin, { redisUrl: 'redis://127.0.0.1:1' }] },
    });
    // The stand-in modules have no Redis class, so the start fails after loading them.
    await expect(app.ready()).rejects.toThrow();
    expect(loads.sort()).toEqual(['bullmq', 'ioredis']);
  });
});

import os from 'node:os';
import path from 'node:path';
import { rmSync } from 'node:fs';
import type { Application } from '@pith/core';
import { Redis } from 'ioredis';
import { EnvironmentError, readEnvironment } from '../../sample-app/src/environment';
import { SampleClient } from './fixtures/sample-client';
import { ADMIN, startSampleApp } from './fixtures/sample-harness';
import { requireServiceAt } from '../support/services';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('REDIS_PREFIX and --profile settings', () => {
  it('REDIS_PREFIX defaults to pith-sample and refuses unusable values', () => {
    expect(readEnvironment([], {}).redisPrefix).toBe('pith-sample');
    expect(readEnvironment([], { REDIS_PREFIX: 'shop-2:eu' }).redisPrefix).toBe('shop-2:eu');
    expect(() => readEnvironment([], { REDIS_PREFIX: 'has space' })).toThrow(
      /^REDIS_PREFIX is "has space"; expected 1-64 letters/,
    );
  });

  it('--profile without a value stops the boot naming it and the expected values', () => {
    for (const argv of [['--profile'], ['--profile', '--verbose'], ['--profile=']]) {
      expect(() => readEnvironment(argv, {})).toThrow(EnvironmentError);
      expect(() => readEnvironment(argv, {})).toThrow(
        /^--profile is missing; expected a value: full or minimal$/,
      );
    }
    expect(readEnvironment(['--profile', 'full'], {}).profile).toBe('full');
  });
});

describe('every Redis key of the app starts with REDIS_PREFIX', () => {
  const db = path.join(os.tmpdir(), `pith-sample-prefix-${process.pid}.sqlite`);
  const prefix = `pith-sample-prefix-test-${process.pid}-${Date.now()}`;
  let app: Application | undefined;
  let available = false;

  beforeAll(async () => {
    available = await requireServiceAt('Redis', REDIS_URL, 6379, 'the REDIS_PREFIX test');
    if (!available) return;
    ({ app } = await startSampleApp(`sqlite:${db}`, {
      REDIS_URL,
      SESSION_STORE: 'redis',
      REDIS_PREFIX: prefix,
    }));
  });
  afterAll(async () => {
    await app?.close();
    rmSync(db, { force: true });
    if (!available) return;
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('puts sessions, login failures and jobs under the prefix', async () => {
    if (!available) return;
    const client = new SampleClient(app!);
    expect((await client.login('prefix-probe', 'wrong password')).statusCode).toBe(401);
    expect((await client.login(ADMIN.username, ADMIN.password)).statusCode).toBe(303);
    const created = await client.sendJson('POST', '/appointments', {
      name: 'Prefixed',
      phoneNumber: '+1 555 0100',
      time: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    });
    expect(created.statusCode).toBe(201);
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${prefix}:*`);
      expect(keys.some((k) => k.startsWith(`${prefix}:session:`))).toBe(true);
      expect(keys.some((k) => k.startsWith(`${prefix}:login-failures:`))).toBe(true);
      // BullMQ's queue keys (`<prefix>:<queue>:…`) for the reminder.
      expect(keys.some((k) => /:(meta|delayed|wait|marker|id)$/.test(k))).toBe(true);
    } finally {
      await redis.quit();
    }
  });
});

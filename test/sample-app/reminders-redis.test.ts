import os from 'node:os';
import path from 'node:path';
import { rmSync } from 'node:fs';
import type { Application } from '@pith/core';
import { JOBS } from '@pith/jobs';
import { Redis } from 'ioredis';
import { ORM } from '@pith/orm';
import { Appointment } from '../../sample-app/src/appointments/appointment.entity';
import { RemindersService } from '../../sample-app/src/reminders/reminders.service';
import { SampleClient } from './fixtures/sample-client';
import { ADMIN, startSampleApp } from './fixtures/sample-harness';
import { startWebhookReceiver, type WebhookReceiver } from './fixtures/webhook-receiver';
import { requireServiceAt } from '../support/services';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('two app processes sharing Redis (BullMQ, login failures) and one database', () => {
  const db = path.join(os.tmpdir(), `pith-sample-redis-${process.pid}.sqlite`);
  let hook: WebhookReceiver<{ appointmentId: string }> | undefined;
  let apps: Application[] = [];
  let available = false;
  const prefix = `pith-sample-test-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    available = await requireServiceAt('Redis', REDIS_URL, 6379, 'the shared-Redis reminder test');
    if (!available) return;
    hook = await startWebhookReceiver();
    const env = {
      REDIS_URL,
      REMINDER_WEBHOOK_URL: hook.url,
      // A queue of this test's own, through the kernel's plugin option override.
      PITH_PLUGINS__JOBS__PREFIX: prefix,
    };
    const first = await startSampleApp(`sqlite:${db}`, env);
    const second = await startSampleApp(`sqlite:${db}`, env, { keepData: true });
    apps = [first.app, second.app];
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await hook?.close();
    rmSync(db, { force: true });
    if (!available) return;
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('schedules the same reminder from both processes and sends it once', async () => {
    if (!available) return;
    const [a, b] = apps as [Application, Application];
    expect(a.resolve(JOBS).backend).toBe('redis');
    const client = new SampleClient(a);
    expect((await client.login(ADMIN.username, ADMIN.password)).statusCode).toBe(303);
    const { arrived, bodies } = hook!;

    const created = await client.sendJson('POST', '/appointments', {
      name: 'Shared',
      phoneNumber: '5550100',
      time: new Date(Date.now() + 10 * 60_000).toISOString(),
      delta: 30,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    // The second process schedules it too, as its boot would from the stored appointments.
    const stored = await b.resolve(ORM).mikroOrm.em.fork().findOneOrFail(Appointment, { id });
    await b.resolve(RemindersService).schedule(stored);
    await arrived(1);

    // A later reminder through the same queue: once it arrived, a duplicate of the first would have too.
    const marker = await client.sendJson('POST', '/appointments', {
      name: 'Marker',
      phoneNumber: '5550101',
      time: new Date(Date.now() + 11 * 60_000).toISOString(),
      delta: 30,
    });
    await arrived(2);
    expect(bodies.map((x) => x.appointmentId).sort()).toEqual(
      [id, marker.json<{ id: string }>().id].sort(),
    );
  });

  it('counts failed logins across processes: 5 in all, then 429 on either', async () => {
    if (!available) return;
    const [a, b] = apps as [Application, Application];
    const username = `mallory-${process.pid}-${Date.now()}`;
    const onA = new SampleClient(a);
    const onB = new SampleClient(b);
    for (const client of [onA, onB, onA, onB, onA])
      expect((await client.login(username, 'wrong')).statusCode).toBe(401);
    const blocked = await onB.login(username, 'wrong');
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
  });
});

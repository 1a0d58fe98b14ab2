import { once } from 'node:events';
import type { Application } from '@pith/core';
import { JOBS, ManualClock, type Jobs } from '@pith/jobs';
import { ORM } from '@pith/orm';
import { Appointment } from '../../sample-app/src/appointments/appointment.entity';
import { REMINDER_JOB, reminderJobId } from '../../sample-app/src/reminders/reminder-job';
import { RemindersService } from '../../sample-app/src/reminders/reminders.service';
import { BACKEND_NAMES, resolveBackend, type Backend } from './fixtures/backends';
import { SampleClient } from './fixtures/sample-client';
import { ADMIN, startSampleApp } from './fixtures/sample-harness';
import { startWebhookReceiver, type WebhookReceiver } from './fixtures/webhook-receiver';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** `hh:mm` wall time `ms` from now in UTC, on the day it falls, as datetime-local text. */
function localUtc(at: number): string {
  return new Date(at).toISOString().slice(0, 16);
}

describe.each(BACKEND_NAMES)('reminders on %s', (name) => {
  let backend: Backend | undefined;
  let hook: WebhookReceiver;
  let app: Application;
  let clock: ManualClock;
  let jobs: Jobs;
  let client: SampleClient;

  beforeAll(async () => {
    backend = await resolveBackend(name, 'pith_sample_reminders');
    if (!backend) return;
    hook = await startWebhookReceiver('/sms');
    ({ app, clock } = await startSampleApp(backend.databaseUrl, {
      REMINDER_WEBHOOK_URL: hook.url,
    }));
    jobs = app.resolve(JOBS);
    client = new SampleClient(app);
    expect((await client.login(ADMIN.username, ADMIN.password)).statusCode).toBe(303);
  });
  afterAll(async () => {
    await app?.close();
    await hook?.close();
  });

  const test = (title: string, fn: () => Promise<void>): void =>
    it(title, async () => {
      if (!backend) return;
      await fn();
    });

  async function create(fields: Record<string, unknown>): Promise<{ id: string; time: string }> {
    const res = await client.sendJson('POST', '/appointments', {
      name: 'Ann',
      phoneNumber: '+1 555 0100',
      timeZone: 'UTC',
      delta: 30,
      ...fields,
    });
    expect(res.statusCode).toBe(201);
    return res.json();
  }

  async function stored(id: string): Promise<Appointment | null> {
    return app.resolve(ORM).mikroOrm.em.fork().findOne(Appointment, { id });
  }

  test('creating schedules the reminder at time minus delta; it sends the text in the zone once', async () => {
    const at = clock.now() + 3 * HOUR;
    const a = await create({
      name: 'Ann',
      time: new Date(at).toISOString(),
      timeZone: 'America/New_York',
      delta: 45,
    });
    const time = new Date(a.time);
    const pending = await jobs.find(reminderJobId(a.id, time));
    expect(pending?.runAt).toEqual(new Date(time.getTime() - 45 * MINUTE));
    expect(pending?.name).toBe(REMINDER_JOB);

    const sent = hook.next();
    const done = once(jobs as never, 'completed');
    clock.advance(3 * HOUR - 45 * MINUTE);
    await done;
    const expectedClock = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      hour: 'numeric',
      minute: '2-digit',
      hour12: true,
    })
      .format(time)
      .replace(/\u202f/g, ' ');
    expect(await sent).toEqual({
      appointmentId: a.id,
      phoneNumber: '+1 555 0100',
      message: `Hi Ann. You have an appointment coming up at ${expectedClock}.`,
    });
    expect((await stored(a.id))?.reminderSentAt).toEqual(new Date(clock.now()));
    const json = (await client.getJson(`/appointments/${a.id}`)).json<{ reminderSentAt: string }>();
    expect(json.reminderSentAt).toBe(new Date(clock.now()).toISOString());
    // Running the job again (a duplicate delivery) sends nothing.
    await expect(
      app
        .resolve(ORM)
        .withEntityManager(() =>
          app.resolve(RemindersService).send({ appointmentId: a.id, time: time.getTime() }),
        ),
    ).resolves.toBe(false);
  });

  test('a reminder whose moment has passed goes out at once', async () => {
    const a = await create({
      name: 'Soon',
      time: new Date(clock.now() + 10 * MINUTE).toISOString(),
      delta: 30,
    });
    const sent = (await hook.next()) as { appointmentId: string; message: string };
    expect(sent.appointmentId).toBe(a.id);
    expect(sent.message).toMatch(
      /^Hi Soon\. You have an appointment coming up at \d{1,2}:\d{2} (AM|PM)\.$/,
    );
  });

  test('a webhook failure gives the claim back and the retry sends it', async () => {
    hook.failures = 1;
    const failed = once(jobs as never, 'failed');
    const a = await create({
      name: 'Retry',
      time: new Date(clock.now() + 10 * MINUTE).toISOString(),
    });
    await failed;
    expect((await stored(a.id))?.reminderSentAt).toBeNull();
    const sent = hook.next();
    const done = once(jobs as never, 'completed');
    clock.advance(1000);
    await done;
    expect(await sent).toMatchObject({ appointmentId: a.id });
    expect((await stored(a.id))?.reminderSentAt).not.toBeNull();
  });

  test('an update reschedules, a delete cancels', async () => {
    const first = clock.now() + 5 * HOUR;
    const a = await create({ time: localUtc(first) });
    const oldTime = new Date(a.time);
    expect(await jobs.find(reminderJobId(a.id, oldTime))).toBeDefined();

    const moved = await client.sendJson('PATCH', `/appointments/${a.id}`, {
      time: localUtc(first + HOUR),
    });
    const newTime = new Date(moved.json<{ time: string }>().time);
    expect(await jobs.find(reminderJobId(a.id, oldTime))).toBeUndefined();
    expect((await jobs.find(reminderJobId(a.id, newTime)))?.runAt).toEqual(
      new Date(newTime.getTime() - 30 * MINUTE),
    );

    await client.sendJson('PATCH', `/appointments/${a.id}`, { delta: 60 });
    expect((await jobs.find(reminderJobId(a.id, newTime)))?.runAt).toEqual(
      new Date(newTime.getTime() - 60 * MINUTE),
    );

    expect((await client.sendJson('DELETE', `/appointments/${a.id}`)).statusCode).toBe(204);
    expect(await jobs.find(reminderJobId(a.id, newTime))).toBeUndefined();
  });

  test('a reminder whose appointment is gone or moved does nothing', async () => {
    const reminders = app.resolve(RemindersService);
    const orm = app.resolve(ORM);
    const a = await create({ time: localUtc(clock.now() + 6 * HOUR) });
    await expect(
      orm.withEntityManager(() =>
        reminders.send({ appointmentId: a.id, time: Date.parse(a.time) + 1 }),
      ),
    ).resolves.toBe(false);
    await client.sendJson('DELETE', `/appointments/${a.id}`);
    await expect(
      orm.withEntityManager(() =>
        reminders.send({ appointmentId: a.id, time: Date.parse(a.time) }),
      ),
    ).resolves.toBe(false);
    expect(
      hook.bodies.filter((b) => (b as { appointmentId: string }).appointmentId === a.id),
    ).toEqual([]);
  });

  test('pending reminders survive a restart: they come from the stored appointments', async () => {
    const a = await create({ name: 'Restart', time: localUtc(clock.now() + 8 * HOUR) });
    const time = new Date(a.time);
    const restarted = await startSampleApp(
      backend!.databaseUrl,
      { REMINDER_WEBHOOK_URL: hook.url },
      { clock: new ManualClock(clock.now()), keepData: true },
    );
    try {
      const other = restarted.app.resolve(JOBS);
      expect((await other.find(reminderJobId(a.id, time)))?.runAt).toEqual(
        new Date(time.getTime() - 30 * MINUTE),
      );
      const sent = hook.next();
      const done = once(other as never, 'completed');
      restarted.clock.advance(8 * HOUR);
      await done;
      expect((await sent) as { appointmentId: string }).toMatchObject({ appointmentId: a.id });
    } finally {
      await restarted.app.close();
    }
  });
});

import type { EntityManager } from '@mikro-orm/core';
import { inject, injectable } from '@pith/core';
import { JOBS, type Clock, type Jobs } from '@pith/jobs';
import { ENTITY_MANAGER } from '@pith/orm';
import { CLOCK } from '../app-tokens';
import { Appointment } from '../appointments/appointment.entity';
import { formatClockTime } from '../appointments/zoned-time';
import { ReminderNotifier } from './reminder-notifier';
import { REMINDER_JOB, reminderJobId, reminderTime, type ReminderPayload } from './reminder-job';

const RESTORE_BATCH = 500;

/**
 * Schedules, moves, cancels and sends appointment reminders. The stored appointments are the
 * truth: jobs are re-created from them at boot, and a job checks its appointment before sending.
 */
@injectable()
export class RemindersService {
  constructor(
    @inject(JOBS) private readonly jobs: Jobs,
    @inject(ENTITY_MANAGER) private readonly em: EntityManager,
    @inject(CLOCK) private readonly clock: Clock,
    private readonly notifier: ReminderNotifier,
  ) {}

  /** Schedules the reminder of a stored appointment (at once when its moment has passed). */
  async schedule(a: Appointment): Promise<void> {
    if (a.reminderSentAt) return;
    const payload: ReminderPayload = { appointmentId: a.id, time: a.time.getTime() };
    await this.jobs.schedule(REMINDER_JOB, reminderTime(a), payload, {
      jobId: reminderJobId(a.id, a.time),
      // Moved back to a time whose reminder already went out: that is a new reminder to send.
      replaceFinished: true,
    });
  }

  /** After an update: a new time gets a new job, a new delta moves the pending one. */
  async update(a: Appointment, previousTime: Date): Promise<void> {
    if (previousTime.getTime() !== a.time.getTime()) {
      await this.jobs.cancel(reminderJobId(a.id, previousTime));
      await this.schedule(a);
      return;
    }
    const moved = await this.jobs.reschedule(reminderJobId(a.id, a.time), reminderTime(a));
    if (!moved) await this.schedule(a);
  }

  /** After a delete. */
  async cancel(a: Appointment): Promise<void> {
    await this.jobs.cancel(reminderJobId(a.id, a.time));
  }

  /** The pending reminder of an appointment, if any (for the detail page and tests). */
  async pending(a: Appointment): Promise<Date | undefined> {
    return (await this.jobs.find(reminderJobId(a.id, a.time)))?.runAt;
  }

  /**
   * Sends one reminder, exactly once: the appointment must still exist at the scheduled time,
   * and claiming `reminderSentAt` is one conditional update that only one process can win.
   */
  async send(payload: ReminderPayload): Promise<boolean> {
    const a = await this.em.findOne(Appointment, { id: payload.appointmentId });
    if (!a || a.time.getTime() !== payload.time || a.reminderSentAt) return false;
    const sentAt = new Date(this.clock.now());
    const claimed = await this.em.nativeUpdate(
      Appointment,
      { id: a.id, reminderSentAt: null },
      { reminderSentAt: sentAt },
    );
    if (claimed !== 1) return false;
    const message = `Hi ${a.name}. You have an appointment coming up at ${formatClockTime(a.time, a.timeZone)}.`;
    try {
      await this.notifier.send({ appointmentId: a.id, phoneNumber: a.phoneNumber, message });
    } catch (error) {
      // Give the claim back so the retry can send it.
      await this.em.nativeUpdate(
        Appointment,
        { id: a.id, reminderSentAt: sentAt },
        { reminderSentAt: null },
      );
      throw error;
    }
    return true;
  }

  /** Re-creates the jobs of every upcoming appointment whose reminder has not gone out. */
  async restore(): Promise<number> {
    const now = new Date(this.clock.now());
    let count = 0;
    for (let offset = 0; ; offset += RESTORE_BATCH) {
      const batch = await this.em.find(
        Appointment,
        { reminderSentAt: null, time: { $gt: now } },
        { orderBy: { time: 'asc', id: 'asc' }, limit: RESTORE_BATCH, offset },
      );
      for (const a of batch) await this.schedule(a);
      count += batch.length;
      this.em.clear();
      if (batch.length < RESTORE_BATCH) break;
    }
    return count;
  }
}

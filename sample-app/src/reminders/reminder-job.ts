import type { Appointment } from '../appointments/appointment.entity';

/** The job name reminders run under. */
export const REMINDER_JOB = 'appointment-reminder';

/** What a reminder job carries: the appointment and the time it was scheduled for. */
export interface ReminderPayload {
  readonly appointmentId: string;
  /** The appointment's time (ms) when scheduled: a reminder for an older time does nothing. */
  readonly time: number;
}

/** One id per appointment and time, so every process schedules the same reminder once. */
export function reminderJobId(appointmentId: string, time: Date): string {
  return `reminder-${appointmentId}-${time.getTime()}`;
}

/** When the reminder goes out: `delta` minutes before the appointment. */
export function reminderTime(a: Pick<Appointment, 'time' | 'delta'>): Date {
  return new Date(a.time.getTime() - a.delta * 60_000);
}

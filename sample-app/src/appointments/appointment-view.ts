import { reminderTime } from '../reminders/reminder-job';
import type { Appointment } from './appointment.entity';
import { formatDateTime } from './zoned-time';

/** An appointment as the HTML and XML templates show it. */
export interface AppointmentView {
  readonly id: string;
  readonly href: string;
  readonly name: string;
  readonly phoneNumber: string;
  readonly timeZone: string;
  readonly delta: number;
  /** ISO-8601 UTC, for `<time datetime>` and XML. */
  readonly time: string;
  /** In the appointment's zone, e.g. `Jan 15, 2030, 9:30 AM`. */
  readonly timeText: string;
  readonly reminderText: string;
  readonly createdAt: string;
  readonly reminderSentAt: string | null;
  readonly reminderSentText: string | null;
}

/** Builds the template model of one appointment. */
export function toAppointmentView(a: Appointment): AppointmentView {
  return {
    id: a.id,
    href: `/appointments/${encodeURIComponent(a.id)}`,
    name: a.name,
    phoneNumber: a.phoneNumber,
    timeZone: a.timeZone,
    delta: a.delta,
    time: a.time.toISOString(),
    timeText: formatDateTime(a.time, a.timeZone),
    reminderText: formatDateTime(reminderTime(a), a.timeZone),
    createdAt: a.createdAt.toISOString(),
    reminderSentAt: a.reminderSentAt ? a.reminderSentAt.toISOString() : null,
    reminderSentText: a.reminderSentAt ? formatDateTime(a.reminderSentAt, a.timeZone) : null,
  };
}

import type { Appointment } from './appointment.entity';

/** An appointment as JSON clients see it: times are ISO-8601 UTC. */
export interface AppointmentJson {
  readonly id: string;
  readonly name: string;
  readonly phoneNumber: string;
  readonly time: string;
  readonly timeZone: string;
  readonly delta: number;
  readonly createdAt: string;
  readonly reminderSentAt: string | null;
}

/** The public representation of an appointment (never the entity itself). */
export function toAppointmentJson(a: Appointment): AppointmentJson {
  return {
    id: a.id,
    name: a.name,
    phoneNumber: a.phoneNumber,
    time: a.time.toISOString(),
    timeZone: a.timeZone,
    delta: a.delta,
    createdAt: a.createdAt.toISOString(),
    reminderSentAt: a.reminderSentAt ? a.reminderSentAt.toISOString() : null,
  };
}

import type { FieldError } from '@pith/core';
import { APPOINTMENT_FIELDS } from './appointment.dto';
import type { Appointment } from './appointment.entity';
import { REMINDER_DELTAS } from './appointment.entity';
import { TIME_ZONES, toLocalInput } from './zoned-time';

/** What the form shows in its inputs: always the text the user typed (or the stored values). */
export interface FormValues {
  readonly name: string;
  readonly phoneNumber: string;
  readonly time: string;
  readonly timeZone: string;
  readonly delta: string;
}

/** The form page's model. */
export interface AppointmentFormModel {
  readonly title: string;
  readonly action: string;
  readonly submitLabel: string;
  readonly cancelHref: string;
  readonly values: FormValues;
  /** One message per field (the first), keyed by field name. */
  readonly errors: Readonly<Record<string, string>>;
  readonly errorCount: number;
  /** Fields the form does not have (a hand-made or tampered post): named in the summary. */
  readonly unknownFields: readonly string[];
  readonly timeZones: readonly string[];
  readonly deltas: readonly number[];
}

const FORM_FIELDS: ReadonlySet<string> = new Set(APPOINTMENT_FIELDS);

const EMPTY: FormValues = { name: '', phoneNumber: '', time: '', timeZone: 'UTC', delta: '30' };

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback;
}

/** The values of a submitted form, kept as typed so the user loses nothing. */
export function submittedValues(body: unknown): FormValues {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return {
    name: text(b.name, ''),
    phoneNumber: text(b.phoneNumber, ''),
    time: text(b.time, ''),
    timeZone: text(b.timeZone, 'UTC'),
    delta: text(b.delta, '30'),
  };
}

/** The stored values, as the inputs show them (time in the appointment's zone). */
export function storedValues(a: Appointment): FormValues {
  return {
    name: a.name,
    phoneNumber: a.phoneNumber,
    time: toLocalInput(a.time, a.timeZone),
    timeZone: a.timeZone,
    delta: String(a.delta),
  };
}

/** Builds the model of the new (no `id`) or edit form. */
export function appointmentForm(
  id: string | undefined,
  values: FormValues = EMPTY,
  fieldErrors: readonly FieldError[] = [],
): AppointmentFormModel {
  const errors: Record<string, string> = {};
  const unknownFields: string[] = [];
  for (const e of fieldErrors) {
    if (FORM_FIELDS.has(e.field)) errors[e.field] ??= e.message;
    else if (!unknownFields.includes(e.field)) unknownFields.push(e.field);
  }
  return {
    title: id ? 'Edit appointment' : 'New appointment',
    action: id ? `/appointments/${encodeURIComponent(id)}/edit` : '/appointments',
    submitLabel: id ? 'Save changes' : 'Create appointment',
    cancelHref: id ? `/appointments/${encodeURIComponent(id)}` : '/appointments',
    values,
    errors,
    errorCount: Object.keys(errors).length,
    unknownFields,
    // A zone outside the runtime's list (`Asia/Kolkata` where it lists `Asia/Calcutta`) stays selected.
    timeZones: TIME_ZONES.includes(values.timeZone) ? TIME_ZONES : [values.timeZone, ...TIME_ZONES],
    deltas: REMINDER_DELTAS,
  };
}

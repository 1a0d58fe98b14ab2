import { registerDecorator, type ValidationArguments } from 'class-validator';
import { isTimeZone, toInstant } from './zoned-time';

/** The message the contract fixes for a time that has passed. */
export const PAST_TIME_MESSAGE = 'You cannot schedule an appointment for the past.';
/** The form's and the JSON's message for a bad reminder delta. */
export const DELTA_MESSAGE = 'Choose when to be reminded: 15, 30, 45 or 60 minutes before.';
const PHONE = /^[0-9 +\-()]{6,20}$/;
// C0 and C1 controls (newlines and tabs included): they break the reminder text and the table.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * A class-validator rule with one message per field (the first failing reason), so clients see
 * one clear sentence instead of every constraint a bad value breaks.
 */
export function fieldRule(
  name: string,
  validate: (value: unknown, args: ValidationArguments) => boolean,
  message: string | ((args: ValidationArguments) => string),
): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate,
        defaultMessage: typeof message === 'string' ? () => message : message,
      },
    });
}

function nameProblem(value: unknown): string | undefined {
  if (value === undefined || value === null) return 'Name is required.';
  if (typeof value !== 'string') return 'Name must be text.';
  const name = value.trim();
  if (name.length === 0) return 'Name is required.';
  if (name.length > 150) return 'Name must be at most 150 characters.';
  if (CONTROL.test(value)) return 'Name must be on one line, without control characters.';
  return undefined;
}

/** A name of 1-150 characters once trimmed, on one line, without control characters. */
export const IsAppointmentName = (): PropertyDecorator =>
  fieldRule(
    'isAppointmentName',
    (v) => nameProblem(v) === undefined,
    (args) => nameProblem(args.value) ?? 'Name is required.',
  );

/** 6-20 characters of digits, spaces, `+ - ( )`. */
export const IsPhoneNumber = (): PropertyDecorator =>
  fieldRule(
    'isPhoneNumber',
    (v) => typeof v === 'string' && PHONE.test(v.trim()),
    (args) =>
      args.value === undefined || args.value === null || args.value === ''
        ? 'Phone number is required.'
        : 'Phone number must be 6 to 20 digits, spaces or + - ( ).',
  );

/** A valid IANA time zone (any spelling the runtime knows, `Asia/Kolkata` as well as `UTC`). */
export const IsTimeZoneName = (): PropertyDecorator =>
  fieldRule('isTimeZoneName', (v) => isTimeZone(v), 'Choose a valid time zone.');

/** One of the reminder deltas. */
export const IsReminderDelta = (): PropertyDecorator =>
  fieldRule('isReminderDelta', (v) => v === 15 || v === 30 || v === 45 || v === 60, DELTA_MESSAGE);

function zoneOf(args: ValidationArguments): string {
  const zone = (args.object as { timeZone?: unknown }).timeZone;
  return isTimeZone(zone) ? zone : 'UTC';
}

/**
 * A date-time in the object's `timeZone` (or an absolute ISO time) that is still to come. The
 * message says which of the two failed.
 */
export const IsFutureTime = (): PropertyDecorator =>
  fieldRule(
    'isFutureTime',
    (v, args) => {
      if (typeof v !== 'string') return false;
      const instant = toInstant(v.trim(), zoneOf(args));
      return instant !== undefined && instant.getTime() > Date.now();
    },
    (args) =>
      typeof args.value === 'string' && toInstant(args.value.trim(), zoneOf(args))
        ? PAST_TIME_MESSAGE
        : 'Enter a valid date and time.',
  );

import { registerDecorator, type ValidationArguments } from 'class-validator';
import { isTimeZone, toInstant } from './zoned-time';

/** The message the contract fixes for a time that has passed. */
export const PAST_TIME_MESSAGE = 'You cannot schedule an appointment for the past.';
const PHONE = /^[0-9 +\-()]{6,20}$/;

function rule(
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

/** A name of 1-150 characters once trimmed. */
export const IsAppointmentName = (): PropertyDecorator =>
  rule(
    'isAppointmentName',
    (v) => typeof v === 'string' && v.trim().length >= 1 && v.trim().length <= 150,
    (args) =>
      typeof args.value === 'string' && args.value.trim().length > 150
        ? 'Name must be at most 150 characters.'
        : 'Name is required.',
  );

/** 6-20 characters of digits, spaces, `+ - ( )`. */
export const IsPhoneNumber = (): PropertyDecorator =>
  rule(
    'isPhoneNumber',
    (v) => typeof v === 'string' && PHONE.test(v.trim()),
    'Phone number must be 6 to 20 digits, spaces or + - ( ).',
  );

/** A known IANA time zone. */
export const IsTimeZoneName = (): PropertyDecorator =>
  rule('isTimeZoneName', (v) => isTimeZone(v), 'Choose a valid time zone.');

/** One of the reminder deltas. */
export const IsReminderDelta = (): PropertyDecorator =>
  rule(
    'isReminderDelta',
    (v) => v === 15 || v === 30 || v === 45 || v === 60,
    'Reminder must be 15, 30, 45 or 60 minutes before.',
  );

function zoneOf(args: ValidationArguments): string {
  const zone = (args.object as { timeZone?: unknown }).timeZone;
  return isTimeZone(zone) ? zone : 'UTC';
}

/**
 * A date-time in the object's `timeZone` (or an absolute ISO time) that is still to come. The
 * message says which of the two failed.
 */
export const IsFutureTime = (): PropertyDecorator =>
  rule(
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

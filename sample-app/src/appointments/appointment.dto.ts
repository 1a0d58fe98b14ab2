import { IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import {
  IsAppointmentName,
  IsFutureTime,
  IsPhoneNumber,
  IsReminderDelta,
  IsTimeZoneName,
} from './appointment-rules';

/** The CSRF field HTML forms carry; the security plugin checks it, the DTO only admits it. */
export class CsrfForm {
  @IsOptional()
  @IsString()
  _csrf?: string;
}

/** A new appointment, from the form or JSON; also the edit form (every field again). */
/** The fields of an appointment a client sends (forms and JSON), besides `_csrf`. */
export const APPOINTMENT_FIELDS = ['name', 'phoneNumber', 'time', 'timeZone', 'delta'] as const;

export class AppointmentInput extends CsrfForm {
  @IsAppointmentName()
  name!: string;

  @IsPhoneNumber()
  phoneNumber!: string;

  /** `YYYY-MM-DDTHH:mm` in `timeZone`, or an absolute ISO time. */
  @IsFutureTime()
  time!: string;

  @IsOptional()
  @IsTimeZoneName()
  timeZone?: string;

  @IsOptional()
  @IsReminderDelta()
  delta?: number;
}

/**
 * Skips a field's rules only when the field is absent. `@IsOptional` also skips `null`, which in
 * a PATCH would reach the service as "clear this field": a required field cannot be cleared.
 */
const IfGiven = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

/** A partial change (PATCH): only the fields given are checked and changed; `null` is refused. */
export class AppointmentPatch extends CsrfForm {
  @IfGiven()
  @IsAppointmentName()
  name?: string;

  @IfGiven()
  @IsPhoneNumber()
  phoneNumber?: string;

  @IfGiven()
  @IsFutureTime()
  time?: string;

  @IfGiven()
  @IsTimeZoneName()
  timeZone?: string;

  @IfGiven()
  @IsReminderDelta()
  delta?: number;
}

/** The largest `offset` the list takes: far past any real page, well inside every driver's integers. */
export const MAX_OFFSET = 1_000_000;
/** The list's message for a search text it cannot take. */
export const Q_MESSAGE = 'q must be text of at most 150 characters.';
/** The list's message for any bad `limit` (not a number, a fraction, out of range). */
export const LIMIT_MESSAGE = 'limit must be a whole number from 1 to 100.';
/** The list's message for any bad `offset`. */
export const OFFSET_MESSAGE = `offset must be a whole number from 0 to ${MAX_OFFSET}.`;

/**
 * The list's query: `q`, `limit` (1-100, default 50), `offset` (0-1,000,000). Out of range on
 * either end is a 422, never a silent clamp (and never a number the database cannot bind).
 */
export class AppointmentListQuery {
  @IsOptional()
  @IsString({ message: Q_MESSAGE })
  @MaxLength(150, { message: Q_MESSAGE })
  q?: string;

  @IsOptional()
  @IsInt({ message: LIMIT_MESSAGE })
  @Min(1, { message: LIMIT_MESSAGE })
  @Max(100, { message: LIMIT_MESSAGE })
  limit?: number;

  @IsOptional()
  @IsInt({ message: OFFSET_MESSAGE })
  @Min(0, { message: OFFSET_MESSAGE })
  @Max(MAX_OFFSET, { message: OFFSET_MESSAGE })
  offset?: number;
}

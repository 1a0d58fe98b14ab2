import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
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

/** A partial change (PATCH): only the fields given are checked and changed. */
export class AppointmentPatch extends CsrfForm {
  @IsOptional()
  @IsAppointmentName()
  name?: string;

  @IsOptional()
  @IsPhoneNumber()
  phoneNumber?: string;

  @IsOptional()
  @IsFutureTime()
  time?: string;

  @IsOptional()
  @IsTimeZoneName()
  timeZone?: string;

  @IsOptional()
  @IsReminderDelta()
  delta?: number;
}

/** The list's query: `q`, `limit` (1-100, default 50), `offset`. */
export class AppointmentListQuery {
  @IsOptional()
  @IsString()
  @MaxLength(150)
  q?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  limit?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  offset?: number;
}

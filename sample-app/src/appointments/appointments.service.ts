import type { EntityManager } from '@mikro-orm/core';
import { HttpError, inject, injectable } from '@pith/core';
import { type Clock } from '@pith/jobs';
import { ENTITY_MANAGER, ORM, type Orm } from '@pith/orm';
import { CLOCK } from '../app-tokens';
import { RemindersService } from '../reminders/reminders.service';
import { Appointment } from './appointment.entity';
import type { AppointmentInput, AppointmentPatch } from './appointment.dto';
import { PAST_TIME_MESSAGE } from './appointment-rules';
import { canonicalTimeZone, toInstant } from './zoned-time';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OBJECT_ID = /^[0-9a-f]{24}$/i;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;
const MAX_SEARCH_RUNS = 4;

/** One page of the upcoming appointments. */
export interface AppointmentPage {
  readonly items: Appointment[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  readonly q: string;
}

/**
 * Turns a search text into a pattern every backend runs the same way (SQL LIKE, MongoDB regex):
 * its runs of letters, digits and spaces, in order. Other characters (LIKE and regex syntax
 * among them) are never wildcards; a text with none of those runs matches nothing.
 */
function searchPattern(q: string): RegExp | undefined {
  const runs = q.toLowerCase().match(/[\p{L}\p{N} ]+/gu);
  // At most four runs: each `.*` multiplies a regex engine's backtracking (MongoDB runs this).
  return runs ? new RegExp(runs.slice(0, MAX_SEARCH_RUNS).join('.*')) : undefined;
}

/** The appointments: listing, reading and changing them, with their reminders kept in step. */
@injectable()
export class AppointmentsService {
  private readonly idPattern: RegExp;

  constructor(
    @inject(ENTITY_MANAGER) private readonly em: EntityManager,
    @inject(ORM) orm: Orm,
    @inject(CLOCK) private readonly clock: Clock,
    private readonly reminders: RemindersService,
  ) {
    this.idPattern = orm.backend === 'mongodb' ? OBJECT_ID : UUID;
  }

  /** Upcoming appointments by time, filtered by name, one page. */
  async list(query: { q?: string; limit?: number; offset?: number }): Promise<AppointmentPage> {
    const q = (query.q ?? '').trim();
    const limit = Math.min(query.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
    const offset = query.offset ?? 0;
    const where: Record<string, unknown> = { time: { $gt: new Date(this.clock.now()) } };
    if (q) {
      const pattern = searchPattern(q);
      if (!pattern) return { items: [], total: 0, limit, offset, q };
      where.searchName = pattern;
    }
    const [items, total] = await this.em.findAndCount(Appointment, where, {
      orderBy: { time: 'asc', id: 'asc' },
      limit,
      offset,
    });
    return { items, total, limit, offset, q };
  }

  /** The appointment, or 404 for an unknown or malformed id. */
  async get(id: string): Promise<Appointment> {
    const found = this.idPattern.test(id) ? await this.em.findOne(Appointment, { id }) : null;
    if (!found) throw new HttpError('ERR_NOT_FOUND', { detail: 'No appointment with this id.' });
    return found;
  }

  async create(input: AppointmentInput): Promise<Appointment> {
    const timeZone = canonicalTimeZone(input.timeZone) ?? 'UTC';
    const a = this.em.create(Appointment, {
      name: input.name.trim(),
      searchName: input.name.trim().toLowerCase(),
      phoneNumber: input.phoneNumber.trim(),
      time: this.instant(input.time, timeZone),
      timeZone,
      delta: input.delta ?? 30,
      createdAt: new Date(this.clock.now()),
      reminderSentAt: null,
    });
    await this.em.flush();
    await this.reminders.schedule(a);
    return a;
  }

  /**
   * Applies the fields given (all of them for the edit form, some for PATCH). The reminder is
   * rescheduled only when the time or the delta really changes, and `reminderSentAt` is reset
   * only when the time does: saving a form unchanged must not send a second reminder.
   */
  async update(id: string, input: AppointmentInput | AppointmentPatch): Promise<Appointment> {
    const a = await this.get(id);
    const previousTime = a.time;
    const previousDelta = a.delta;
    const timeZone = canonicalTimeZone(input.timeZone) ?? a.timeZone;
    if (input.name !== undefined) {
      a.name = input.name.trim();
      a.searchName = a.name.toLowerCase();
    }
    if (input.phoneNumber !== undefined) a.phoneNumber = input.phoneNumber.trim();
    if (input.delta !== undefined) a.delta = input.delta;
    if (input.time !== undefined) a.time = this.updatedTime(a, input.time, timeZone);
    a.timeZone = timeZone;
    const moved = a.time.getTime() !== previousTime.getTime();
    if (moved) a.reminderSentAt = null;
    await this.em.flush();
    if (moved || a.delta !== previousDelta) await this.reminders.update(a, previousTime);
    return a;
  }

  /**
   * The new time of an edit. A form shows and sends minutes (`2030-01-15T09:30`) while an API
   * may have stored seconds: a submitted time equal to the stored one at minute precision, in
   * an unchanged zone, keeps the stored instant (and so its reminder) as it is.
   */
  private updatedTime(a: Appointment, text: string, timeZone: string): Date {
    const local = text.trim();
    const atMinutes = /T\d{2}:\d{2}$|^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(local);
    if (atMinutes && timeZone === a.timeZone) {
      const submitted = toInstant(local, timeZone);
      if (submitted && submitted.getTime() === Math.floor(a.time.getTime() / 60_000) * 60_000)
        return a.time;
    }
    return this.instant(local, timeZone);
  }

  async remove(id: string): Promise<void> {
    const a = await this.get(id);
    await this.em.remove(a).flush();
    await this.reminders.cancel(a);
  }

  /** The DTO checked the time against its own zone; this checks it against the one that applies. */
  private instant(text: string, timeZone: string): Date {
    const instant = toInstant(text.trim(), timeZone);
    if (!instant || instant.getTime() <= this.clock.now()) {
      throw new HttpError('ERR_VALIDATION', {
        detail: 'The appointment is invalid.',
        errors: [
          { field: 'time', message: instant ? PAST_TIME_MESSAGE : 'Enter a valid date and time.' },
        ],
      });
    }
    return instant;
  }
}

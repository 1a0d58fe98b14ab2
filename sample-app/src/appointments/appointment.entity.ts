import { Entity, Index, Property } from '@mikro-orm/core';
import { PithEntity } from '@pith/orm';

/** Minutes before an appointment its reminder may go out. */
export const REMINDER_DELTAS = [15, 30, 45, 60] as const;

/** An appointment with a reminder: `time` is a UTC instant, shown in `timeZone`. */
@Entity({ tableName: 'appointments' })
export class Appointment extends PithEntity {
  @Property({ type: 'string', length: 150 })
  name!: string;

  /** Lower-cased name: case-insensitive search that works the same on every backend. */
  @Property({ type: 'string', length: 150, hidden: true })
  @Index()
  searchName!: string;

  @Property({ type: 'string', length: 20 })
  phoneNumber!: string;

  @Property({ type: 'datetime' })
  @Index()
  time!: Date;

  @Property({ type: 'string', length: 64 })
  timeZone!: string;

  @Property({ type: 'integer' })
  delta!: number;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  reminderSentAt: Date | null = null;
}

import {
  Collection,
  Entity,
  Enum,
  ManyToOne,
  OneToMany,
  Property,
  type Opt,
} from '@mikro-orm/core';
import { PithEntity } from '@pith/orm';

export enum Tier {
  Basic = 'basic',
  Premium = 'premium',
}

export enum Status {
  Scheduled = 'scheduled',
  Done = 'done',
  Cancelled = 'cancelled',
}

/** The contract suite's entities: written once, run on every backend. */
@Entity()
export class Customer extends PithEntity {
  @Property({ unique: true, length: 200 })
  email!: string;

  @Property()
  name!: string;

  @Enum({ items: () => Tier })
  tier: Opt<Tier> = Tier.Basic;

  @Property({ type: 'string', nullable: true })
  notes?: string | null;

  @Property()
  createdAt: Opt<Date> = new Date();

  @OneToMany(() => Appointment, (a) => a.customer)
  appointments = new Collection<Appointment>(this);
}

@Entity()
export class Appointment extends PithEntity {
  @Property()
  title!: string;

  @Property()
  startsAt!: Date;

  @Enum({ items: () => Status })
  status: Opt<Status> = Status.Scheduled;

  @ManyToOne(() => Customer)
  customer!: Customer;

  @Property({ type: 'string', nullable: true })
  notes?: string | null;
}

/** Column name mapping, booleans, integers and instants, for the entity reader's cases. */
@Entity({ tableName: 'reader_sample' })
export class Sample extends PithEntity {
  @Property({ fieldName: 'sample_label', length: 100 })
  label!: string;

  @Property({ type: 'integer', fieldName: 'reading' })
  reading!: number;

  @Property({ type: 'boolean' })
  active!: boolean;

  @Property({ fieldName: 'taken_at' })
  takenAt!: Date;

  @Property({ type: 'string', nullable: true })
  note?: string | null;
}

import { Entity, Property, Unique } from '@mikro-orm/core';
import { PithEntity } from '@pith/orm';

/** Someone who may sign in; only a password hash is stored. */
@Entity({ tableName: 'users' })
export class User extends PithEntity {
  @Property({ type: 'string', length: 64 })
  @Unique()
  username!: string;

  @Property({ type: 'string', length: 512, hidden: true })
  passwordHash!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}

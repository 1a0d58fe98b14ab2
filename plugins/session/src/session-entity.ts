import { Entity, Index, Property } from '@mikro-orm/core';
import { PithEntity } from '@pith/orm';

/**
 * One session row of the database store. The orm plugin owns `id`; the session id is `sid`.
 * Loaded only through {@link sessionEntity}, so apps without the database store never load
 * MikroORM on the session plugin's account.
 */
@Entity({ tableName: 'pith_sessions' })
export class SessionEntity extends PithEntity {
  @Property({ unique: true, length: 64 })
  sid!: string;

  /** The serialized record (JSON). */
  @Property({ type: 'text' })
  value!: string;

  @Index()
  @Property()
  expiresAt!: Date;
}

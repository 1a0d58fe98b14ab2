import { Entity, Index, Property } from '@mikro-orm/core';
import { PithEntity } from '@pith/orm';

/**
 * One entry of the cookie store's database deny list (`revocation: 'database'`): a destroyed or
 * regenerated session id, kept until that session's absolute deadline, then swept. Same columns
 * as the session row so the database backend serves both; `value` is only a marker.
 */
@Entity({ tableName: 'pith_revoked_sessions' })
export class RevokedSessionEntity extends PithEntity {
  @Property({ unique: true, length: 64 })
  sid!: string;

  @Property({ length: 8 })
  value!: string;

  @Index()
  @Property()
  expiresAt!: Date;
}

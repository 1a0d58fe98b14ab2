import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The TechEmpower `world` table. Plain MikroORM entities, not PithEntity: the benchmark's schema
 * has integer keys 1..10000, and the runner creates and fills the tables itself.
 */
@Entity({ tableName: 'world' })
export class World {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  id!: number;

  @Property({ type: 'integer', fieldName: 'randomnumber' })
  randomNumber!: number;
}

/** The TechEmpower `fortune` table. */
@Entity({ tableName: 'fortune' })
export class Fortune {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  id!: number;

  @Property({ type: 'string', length: 2048 })
  message!: string;
}

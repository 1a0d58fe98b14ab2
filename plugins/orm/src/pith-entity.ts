import { PithError } from '@pith/core';
import { ReferenceKind, type EntityMetadata, type Opt } from '@mikro-orm/core';
import type { Adapter } from './adapters/adapter';

const PITH_ENTITY = Symbol.for('pith.orm.entity');

/**
 * The base class of entities that run unchanged on every backend: the orm plugin owns their
 * primary key, so app code always sees `id: string` (a UUID on SQL, an ObjectId's hex on MongoDB).
 *
 * @example
 * @Entity()
 * export class Customer extends PithEntity {
 *   @Property({ unique: true }) email!: string;
 * }
 */
export abstract class PithEntity {
  static readonly [PITH_ENTITY] = true;
  /**
   * Assigned when the entity is created (`em.create`) or first flushed (`new` + `persist`);
   * `Opt` tells MikroORM's types that `em.create` does not need it.
   */
  declare id: Opt<string>;
}

function isPithBase(cls: unknown): boolean {
  return typeof cls === 'function' && Object.prototype.hasOwnProperty.call(cls, PITH_ENTITY);
}

function extendsPithEntity(cls: unknown): boolean {
  return typeof cls === 'function' && PITH_ENTITY in cls && !isPithBase(cls);
}

/**
 * MikroORM's `discovery.onMetadata` hook: gives the Pith base entity the adapter's id properties
 * (MikroORM then copies them into every subclass) and refuses a subclass that declares its own
 * primary key, since the two would form a composite key nobody asked for.
 */
export function createIdMapping(adapter: Adapter): (meta: EntityMetadata) => void {
  return (meta) => {
    if (isPithBase(meta.class)) {
      adapter.addIdProperties(meta);
      return;
    }
    if (!extendsPithEntity(meta.class)) return;
    alignProperties(meta);
    const own = Object.values(meta.properties).find((p) => p.primary || p.serializedPrimaryKey);
    if (own) {
      throw new PithError(
        'ERR_PLUGIN_SETUP',
        `entity ${meta.className} extends PithEntity, which owns the id, but declares its own primary key "${own.name}"; remove it`,
      );
    }
  };
}

const DATE_TYPES = new Set(['Date', 'date', 'datetime', 'DateTimeType']);

/**
 * Makes the details that differ per backend by default behave the same: instants keep their
 * milliseconds (MariaDB's `datetime` drops them unless asked), and a nullable scalar left unset
 * is `null` after create on every backend (MongoDB would otherwise leave the field out).
 */
function alignProperties(meta: EntityMetadata): void {
  for (const prop of Object.values(meta.properties)) {
    if (prop.kind !== ReferenceKind.SCALAR) continue;
    const isDate = DATE_TYPES.has(String(prop.type)) || prop.runtimeType === 'Date';
    if (isDate && prop.length === undefined) prop.length = 3;
    if (prop.nullable && prop.default === undefined && !prop.onCreate && !prop.primary) {
      prop.onCreate = () => null;
    }
  }
}

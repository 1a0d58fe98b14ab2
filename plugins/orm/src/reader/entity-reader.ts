import { HttpError, PithError } from '@pith/core';
import type { Collection } from '@mikro-orm/core';
import type { PoolClient, ReaderDriver } from './reader-drivers';
import { invalid, type ReaderField, type ReaderPlan } from './reader-plan';

type ReadValue<V> = V extends Date ? V : V extends { id: infer I } ? I : V;
// Not distributive: an optional or nullable property (`string | null | undefined`) is data.
type IsData<V> = [V] extends [(...args: never[]) => unknown]
  ? false
  : [NonNullable<V>] extends [Collection<object>]
    ? false
    : true;

/**
 * What the reader returns for an entity: a plain object with its columns' properties (scalars,
 * and the id of each owning to-one relation), no methods, no collections.
 */
export type EntityRow<T> = {
  -readonly [
    K in keyof T as K extends string ? (IsData<T[K]> extends true ? K : never) : never
  ]: ReadValue<T[K]>;
};

/** Equality filters (`null` means `is null`), all combined with `and`. */
export type ReaderWhere<T> = { [K in keyof EntityRow<T>]?: EntityRow<T>[K] | null };

/** Sort and size of a {@link EntityReader.findBy}. */
export interface ReaderOptions<T> {
  readonly orderBy?: { [K in keyof EntityRow<T>]?: 'asc' | 'desc' };
  /** 1..10000 rows. */
  readonly limit?: number;
}

/** Bounds the statement texts kept per reader (filter shapes come from property names only). */
const MAX_SHAPES = 256;
const MAX_LIMIT = 10_000;

/**
 * A hot read path for one entity (TechEmpower's "Micro"): statements built once from MikroORM's
 * metadata and run on the driver directly, returning plain objects. No identity map, unit of
 * work, lifecycle hooks, filters or lazy relations; writes stay on the EntityManager.
 * Get one with `orm.reader(Entity)`.
 *
 * @example
 * const worlds = orm.reader(World);
 * const world = await worlds.findByIdOrFail(ctx.params.id); // missing → 404
 */
export class EntityReader<T extends object> {
  private readonly byId: string;
  private readonly shapes = new Map<string, string>();

  /** @internal built by `Orm.reader` */
  constructor(
    private readonly plan: ReaderPlan,
    private readonly driver: ReaderDriver,
    /** The connection's pool, checked (outside a transaction) before every statement. */
    private readonly pool: () => PoolClient,
  ) {
    this.byId = `${plan.select} where ${plan.primary.column} = ${driver.placeholder(1)}`;
  }

  /** The row with this primary key, or null. A value of the wrong type answers 400. */
  async findById(id: EntityRow<T>[keyof EntityRow<T>] | string): Promise<EntityRow<T> | null> {
    const value = this.plan.primary.toParam(id);
    const rows = await this.driver.rows(this.pool(), this.byId, [value]);
    return rows.length === 0 ? null : (this.plan.mapRow(rows[0]) as EntityRow<T>);
  }

  /** The row with this primary key; a missing one answers 404 `ERR_NOT_FOUND`. */
  async findByIdOrFail(id: EntityRow<T>[keyof EntityRow<T>] | string): Promise<EntityRow<T>> {
    const row = await this.findById(id);
    if (row === null)
      throw new HttpError('ERR_NOT_FOUND', { detail: `${this.plan.className} not found.` });
    return row;
  }

  /** Every row (bounded by `limit` when given). */
  findAll(options: ReaderOptions<T> = {}): Promise<EntityRow<T>[]> {
    return this.findBy({}, options);
  }

  /**
   * Rows whose properties equal the given values. Property names are checked against the
   * entity's metadata (an unknown one answers 400) and values are bound, never written into SQL.
   */
  async findBy(where: ReaderWhere<T>, options: ReaderOptions<T> = {}): Promise<EntityRow<T>[]> {
    if (typeof where !== 'object' || where === null || Array.isArray(where))
      throw invalid('where must be an object of property values', 'where');
    const values: unknown[] = [];
    let shape = '';
    for (const name of Object.keys(where)) {
      const field = this.field(name);
      const value = (where as Record<string, unknown>)[name];
      if (value === null) shape += `${name} null,`;
      else {
        shape += `${name},`;
        values.push(field.toParam(value));
      }
    }
    shape += '|';
    for (const [name, direction] of Object.entries(options.orderBy ?? {})) {
      this.field(name);
      if (direction !== 'asc' && direction !== 'desc')
        throw invalid(`the order of ${name} must be "asc" or "desc"`, 'orderBy');
      shape += `${name} ${direction},`;
    }
    if (options.limit !== undefined) {
      const { limit } = options;
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT)
        throw invalid(`limit must be an integer from 1 to ${MAX_LIMIT}`, 'limit');
      shape += '|limit';
      values.push(this.driver.bind(limit));
    }
    const sql = this.shapes.get(shape) ?? this.compile(shape, where, options);
    const rows = await this.driver.rows(this.pool(), sql, values);
    const out = new Array<EntityRow<T>>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.plan.mapRow(rows[i]) as EntityRow<T>;
    return out;
  }

  private field(name: string): ReaderField {
    const field = this.plan.fields.get(name);
    if (!field) throw invalid(`${this.plan.className} has no filterable property ${name}`, name);
    return field;
  }

  /** The SQL of one filter shape: identifiers from metadata, a placeholder per value. */
  private compile(shape: string, where: object, options: ReaderOptions<T>): string {
    let n = 0;
    const conditions = Object.entries(where).map(([name, value]) => {
      const { column } = this.field(name);
      return value === null ? `${column} is null` : `${column} = ${this.driver.placeholder(++n)}`;
    });
    const order = Object.entries(options.orderBy ?? {}).map(
      ([name, direction]) => `${this.field(name).column} ${direction === 'desc' ? 'desc' : 'asc'}`,
    );
    let sql = this.plan.select;
    if (conditions.length) sql += ` where ${conditions.join(' and ')}`;
    if (order.length) sql += ` order by ${order.join(', ')}`;
    if (options.limit !== undefined) sql += ` limit ${this.driver.placeholder(++n)}`;
    if (this.shapes.size >= MAX_SHAPES) this.shapes.clear();
    this.shapes.set(shape, sql);
    return sql;
  }
}

/** The reader refuses to run inside a transaction: it would not see the transaction's writes. */
export function inTransactionError(className: string): PithError {
  return new PithError(
    'ERR_ORM_READER_IN_TRANSACTION',
    `orm.reader(${className}) was called inside a transaction; it runs on its own connection and would not see the transaction's writes (on SQLite it would wait for the transaction's connection): read with the EntityManager there`,
  );
}

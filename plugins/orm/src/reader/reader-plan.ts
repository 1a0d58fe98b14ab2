import { HttpError, PithError } from '@pith/core';
import {
  ReferenceKind,
  type Connection,
  type DatabaseDriver,
  type EntityMetadata,
  type EntityProperty,
  type MikroORM,
  type Platform,
} from '@mikro-orm/core';
import { OrmErrors } from '../orm-errors';

/** A property the reader may filter on: its quoted column and how a value becomes a parameter. */
export interface ReaderField {
  readonly name: string;
  readonly column: string;
  /** Checks a value against the property's type and converts it for the driver; throws 400. */
  readonly toParam: (value: unknown) => unknown;
}

/** What one entity's reader is built from, once: identifiers from metadata only. */
export interface ReaderPlan {
  readonly className: string;
  /** `select <columns> from <table>`, identifiers quoted by the platform. */
  readonly select: string;
  readonly primary: ReaderField;
  readonly fields: ReadonlyMap<string, ReaderField>;
  /** A driver row (column names) → a plain object (property names, MikroORM's JS values). */
  readonly mapRow: (row: Record<string, unknown>) => Record<string, unknown>;
}

/** What JavaScript value a property's parameter must be. */
type ValueKind = 'string' | 'number' | 'boolean' | 'Date' | 'bigint';

const unsupported = (className: string, why: string): PithError =>
  new PithError(
    'ERR_ORM_READER_UNSUPPORTED',
    `orm.reader(${className}): ${why}; read it with the EntityManager`,
  );

/** A bad value given to the reader (a wrong id type, an unknown field): 400, never SQL. */
export function invalid(detail: string, field: string): HttpError {
  return new HttpError(
    'ERR_ORM_READER_INVALID',
    { detail, errors: [{ field, message: detail }] },
    OrmErrors.ERR_ORM_READER_INVALID,
  );
}

/** The columns a default EntityManager load selects: scalars and owning to-one keys. */
function isColumn(prop: EntityProperty): boolean {
  if (!prop.fieldNames?.length || prop.persist === false || prop.formula || prop.lazy) return false;
  if (prop.kind === ReferenceKind.SCALAR) return true;
  return (
    prop.kind === ReferenceKind.MANY_TO_ONE ||
    (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)
  );
}

function valueKind(prop: EntityProperty, orm: MikroORM): ValueKind | undefined {
  const target =
    prop.kind === ReferenceKind.SCALAR
      ? prop
      : orm.getMetadata().find(prop.type)?.getPrimaryProps()[0];
  const kind: string | undefined = target?.runtimeType;
  return kind === 'string' || kind === 'number' || kind === 'boolean' || kind === 'Date'
    ? kind
    : kind === 'bigint'
      ? 'bigint'
      : undefined;
}

const INTEGER_TEXT = /^-?\d{1,15}$/;

/** Normalises a value to its kind, or undefined when it is not one (strings: ids from a URL). */
function coerce(kind: ValueKind, value: unknown): unknown {
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? value : undefined;
    case 'number':
      if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
      return typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : undefined;
    case 'bigint':
      if (typeof value === 'bigint') return value;
      if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined;
      return typeof value === 'string' && /^-?\d{1,19}$/.test(value) ? BigInt(value) : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'Date':
      return value instanceof Date && !Number.isNaN(value.getTime()) ? value : undefined;
  }
}

function fieldOf(
  prop: EntityProperty,
  orm: MikroORM,
  bind: (value: unknown) => unknown,
): ReaderField | undefined {
  const kind = valueKind(prop, orm);
  if (!kind || prop.fieldNames.length !== 1) return undefined;
  const platform: Platform = orm.config.getPlatform();
  const custom = prop.kind === ReferenceKind.SCALAR ? prop.customType : undefined;
  return {
    name: prop.name,
    column: platform.quoteIdentifier(prop.fieldNames[0]),
    toParam(value) {
      const coerced = coerce(kind, value);
      if (coerced === undefined)
        throw invalid(`${prop.name} must be a ${kind === 'Date' ? 'valid Date' : kind}`, prop.name);
      const db: unknown = custom
        ? custom.convertToDatabaseValue(coerced, platform, { mode: 'query' })
        : coerced instanceof Date
          ? platform.processDateProperty(coerced)
          : coerced;
      return bind(db);
    },
  };
}

/**
 * Builds the plan of one entity from MikroORM's discovered metadata: table, columns, field
 * names and types. Entities the reader cannot load like the EntityManager (composite keys,
 * embeddables, inheritance, virtual entities) are refused with ERR_ORM_READER_UNSUPPORTED.
 */
export function buildReaderPlan(
  orm: MikroORM,
  meta: EntityMetadata,
  bind: (value: unknown) => unknown,
): ReaderPlan {
  const name = meta.className;
  if (meta.virtual || meta.expression) throw unsupported(name, 'a virtual entity has no table');
  if (meta.discriminatorColumn || meta.polymorphs?.length)
    throw unsupported(name, 'single-table inheritance is not supported');
  if (meta.primaryKeys.length !== 1) throw unsupported(name, 'it needs exactly one primary key');
  if (meta.props.some((p) => p.kind === ReferenceKind.EMBEDDED || p.embedded))
    throw unsupported(name, 'embeddables are not supported');
  const platform: Platform = orm.config.getPlatform();
  const columns = meta.props.filter(isColumn);
  const fields = new Map<string, ReaderField>();
  for (const prop of columns) {
    const field = fieldOf(prop, orm, bind);
    if (field) fields.set(prop.name, field);
  }
  const primary = fields.get(meta.primaryKeys[0]);
  if (!primary) throw unsupported(name, 'its primary key type is not supported');
  // MikroORM's own naming: the entity's or the config's schema, the platform's default left out.
  const table = (orm.em.getDriver() as unknown as DatabaseDriver<Connection>).getTableName(
    meta,
    {},
  );
  const list = columns.map((p) => platform.quoteIdentifier(p.fieldNames[0])).join(', ');
  return {
    className: name,
    select: `select ${list} from ${table}`,
    primary,
    fields,
    mapRow: rowMapper(orm, meta, columns, platform),
  };
}

/**
 * MikroORM's compiled result mapper (dates, booleans), then custom types, as hydration does.
 * `hidden` properties stay readable but non-enumerable, so JSON leaves them out as it does for
 * entities (a password hash returned by a controller must not reach the response).
 */
function rowMapper(
  orm: MikroORM,
  meta: EntityMetadata,
  columns: readonly EntityProperty[],
  platform: Platform,
): (row: Record<string, unknown>) => Record<string, unknown> {
  const mapper = orm.em.getComparator().getResultMapper(meta.className);
  const custom = columns.filter((p) => p.kind === ReferenceKind.SCALAR && p.customType);
  const hidden = columns.filter((p) => p.hidden).map((p) => p.name);
  if (custom.length === 0 && hidden.length === 0)
    return (row) => mapper(row) as Record<string, unknown>;
  return (row) => {
    const out = mapper(row) as Record<string, unknown>;
    for (const prop of custom) {
      const value = out[prop.name];
      if (value != null) out[prop.name] = prop.customType!.convertToJSValue(value, platform);
    }
    for (const name of hidden)
      if (name in out) Object.defineProperty(out, name, { enumerable: false });
    return out;
  };
}

import { HttpError, type FieldError } from '@pith/core';
import { OrmErrors } from './orm-errors';

type Comparison = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte';

/** One filter a list endpoint accepts: the value's type, the entity field, the operator. */
export type FilterSpec = { readonly field?: string } & (
  | { readonly type: 'string'; readonly op?: 'eq' | 'ne'; readonly maxLength?: number }
  | {
      readonly type: 'int' | 'number';
      readonly op?: Comparison;
      readonly min?: number;
      readonly max?: number;
    }
  | { readonly type: 'date'; readonly op?: Comparison }
  | { readonly type: 'boolean' }
  | { readonly type: 'enum'; readonly values: readonly string[]; readonly op?: 'eq' | 'ne' | 'in' }
  | { readonly type: 'id'; readonly op?: 'eq' | 'ne' }
);

/** What a list endpoint accepts: filters, sortable fields, page sizes. */
export interface ListQuerySpec {
  readonly filters?: Readonly<Record<string, FilterSpec>>;
  /** The fields `sort` may name (`sort=-startsAt,title`). */
  readonly sort?: readonly string[];
  readonly defaultSort?: string;
  readonly defaultPageSize?: number;
  /** Larger requested page sizes are clamped to this. */
  readonly maxPageSize?: number;
}

/** A parsed list request, ready for `em.find(Entity, where, { orderBy, limit, offset })`. */
export interface ListQuery {
  readonly where: Record<string, unknown>;
  readonly orderBy: Record<string, 'asc' | 'desc'>;
  readonly limit: number;
  readonly offset: number;
  readonly page: number;
  readonly pageSize: number;
}

const RESERVED = new Set(['sort', 'page', 'pageSize']);
const ID = /^[A-Za-z0-9-]{1,64}$/;
const MAX_PAGE = 100_000;
const MAX_SORT_FIELDS = 3;

/**
 * Declares a list endpoint's query once, at boot; `parse` turns request input into a filter
 * built only from typed values under declared fields and operators, so `{"$ne": null}`, a raw
 * where or an unknown sort field can never reach the database.
 *
 * @example
 * const appointments = defineListQuery({
 *   filters: { status: { type: 'enum', values: ['scheduled', 'done'] }, from: { type: 'date', field: 'startsAt', op: 'gte' } },
 *   sort: ['startsAt', 'title'], defaultSort: 'startsAt', maxPageSize: 100,
 * });
 * const q = appointments.parse(ctx.query);
 * const [items, total] = await em.findAndCount(Appointment, q.where, q);
 */
export function defineListQuery(spec: ListQuerySpec): {
  parse(input: Readonly<Record<string, unknown>>): ListQuery;
} {
  const filters = Object.entries(spec.filters ?? {});
  const sortable = new Set(spec.sort ?? []);
  const maxPageSize = spec.maxPageSize ?? 100;
  const defaultPageSize = Math.min(spec.defaultPageSize ?? 20, maxPageSize);
  for (const key of Object.keys(spec.filters ?? {})) {
    if (RESERVED.has(key))
      throw new TypeError(`list query filter "${key}" is a reserved parameter`);
  }
  if (spec.defaultSort) {
    const problems: FieldError[] = [];
    parseSort(spec.defaultSort, sortable, problems);
    if (problems.length > 0)
      throw new TypeError(`list query defaultSort "${spec.defaultSort}" names a field not in sort`);
  }
  return {
    parse(input) {
      const errors: FieldError[] = [];
      for (const key of Object.keys(input)) {
        if (!RESERVED.has(key) && !spec.filters?.[key])
          errors.push({ field: key, message: 'is not a known parameter' });
      }
      const where: Record<string, Record<string, unknown>> = {};
      const plain: Record<string, unknown> = {};
      for (const [name, filter] of filters) {
        const raw = input[name];
        if (raw === undefined || raw === '') continue;
        const value = convert(filter, raw);
        if (value instanceof Invalid) {
          errors.push({ field: name, message: value.message });
          continue;
        }
        const op = `$${'op' in filter && filter.op ? filter.op : 'eq'}`;
        const field = filter.field ?? name;
        (where[field] ??= {})[op] = value;
      }
      for (const [field, ops] of Object.entries(where)) {
        // A lone equality reads as a plain value, which every driver takes.
        if (Object.keys(ops).length === 1 && '$eq' in ops) plain[field] = ops.$eq;
        else plain[field] = ops;
      }
      const sortInput = single(input.sort, 'sort', errors) ?? spec.defaultSort;
      const orderBy = sortInput ? parseSort(sortInput, sortable, errors) : {};
      if (!('id' in orderBy)) orderBy.id = 'asc';
      const page = integer(input.page, 'page', 1, 1, MAX_PAGE, errors);
      const requested = integer(
        input.pageSize,
        'pageSize',
        defaultPageSize,
        1,
        Number.MAX_SAFE_INTEGER,
        errors,
      );
      const pageSize = Math.min(requested, maxPageSize);
      if (errors.length > 0) {
        throw new HttpError(
          'ERR_ORM_QUERY_INVALID',
          { detail: 'The query parameters are invalid.', errors },
          OrmErrors.ERR_ORM_QUERY_INVALID,
        );
      }
      return {
        where: plain,
        orderBy,
        limit: pageSize,
        offset: (page - 1) * pageSize,
        page,
        pageSize,
      };
    },
  };
}

function single(raw: unknown, field: string, errors: FieldError[]): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number') return String(raw);
  errors.push({ field, message: 'must be a single value' });
  return undefined;
}

function integer(
  raw: unknown,
  field: string,
  fallback: number,
  min: number,
  max: number,
  errors: FieldError[],
): number {
  const text = single(raw, field, errors);
  if (text === undefined) return fallback;
  if (!/^\d{1,15}$/.test(text)) {
    errors.push({ field, message: 'must be a positive integer' });
    return fallback;
  }
  return Math.max(min, Math.min(max, Number(text)));
}

function parseSort(
  text: string,
  sortable: ReadonlySet<string>,
  errors: FieldError[],
): Record<string, 'asc' | 'desc'> {
  const orderBy: Record<string, 'asc' | 'desc'> = {};
  const parts = text.split(',');
  if (parts.length > MAX_SORT_FIELDS)
    errors.push({ field: 'sort', message: `names at most ${MAX_SORT_FIELDS} fields` });
  for (const part of parts.slice(0, MAX_SORT_FIELDS)) {
    const desc = part.startsWith('-');
    const name = desc ? part.slice(1) : part;
    if (!sortable.has(name)) {
      errors.push({
        field: 'sort',
        message: `cannot sort by "${name.slice(0, 40)}"; use one of ${[...sortable].join(', ')}`,
      });
      continue;
    }
    orderBy[name] = desc ? 'desc' : 'asc';
  }
  return orderBy;
}

class Invalid {
  constructor(readonly message: string) {}
}
const invalid = (message: string): Invalid => new Invalid(message);

/** The typed value of a filter, or {@link Invalid} when the input does not fit its type. */
function convert(filter: FilterSpec, raw: unknown): unknown {
  if (Array.isArray(raw) || (typeof raw === 'object' && !(raw instanceof Date)) || raw === null) {
    return invalid('must be a single value');
  }
  switch (filter.type) {
    case 'string': {
      if (typeof raw !== 'string') return invalid('must be a string');
      return raw.length > (filter.maxLength ?? 200)
        ? invalid(`must be at most ${filter.maxLength ?? 200} characters`)
        : raw;
    }
    case 'id':
      return typeof raw === 'string' && ID.test(raw) ? raw : invalid('must be an id');
    case 'int':
    case 'number': {
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && raw.trim() !== ''
            ? Number(raw)
            : NaN;
      if (!Number.isFinite(n) || (filter.type === 'int' && !Number.isInteger(n)))
        return invalid(`must be ${filter.type === 'int' ? 'an integer' : 'a number'}`);
      if (
        (filter.min !== undefined && n < filter.min) ||
        (filter.max !== undefined && n > filter.max)
      )
        return invalid('is out of range');
      return n;
    }
    case 'boolean':
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      return invalid('must be true or false');
    case 'date': {
      const d =
        raw instanceof Date
          ? raw
          : typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}/.test(raw)
            ? new Date(raw)
            : undefined;
      return d && !Number.isNaN(d.getTime()) ? d : invalid('must be an ISO 8601 date');
    }
    case 'enum': {
      if (typeof raw !== 'string') return invalid('must be a string');
      const values = filter.op === 'in' ? raw.split(',') : [raw];
      const bad = values.find((v) => !filter.values.includes(v));
      if (bad !== undefined) return invalid(`must be one of ${filter.values.join(', ')}`);
      return filter.op === 'in' ? values : raw;
    }
  }
}

/**
 * A small schema language for plugin options and app config: validates once at boot, fills
 * defaults, coerces environment strings, and reports every problem with its key, what was wrong
 * and the expected shape.
 */
export interface Issue {
  readonly path: string;
  readonly problem: string;
  readonly expected: string;
}

export interface Schema<T> {
  /** Human-readable expected shape, as printed in errors. */
  readonly expected: string;
  readonly isOptional: boolean;
  readonly defaultValue: T | undefined;
  check(value: unknown, path: string, issues: Issue[]): T;
  /** Turns an environment-variable string into a value of this schema's type. */
  fromEnv(raw: string): unknown;
  optional(): Schema<T | undefined>;
  /** Used when the value is absent; it is checked like a given value, so nested defaults fill in. */
  default(value: T | (T extends object ? Partial<T> : never)): Schema<T>;
}

export type Infer<S> = S extends { check(value: unknown, path: string, issues: Issue[]): infer T }
  ? T
  : never;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return 'an object';
  return `${value as number | boolean | bigint | undefined}`;
}

function make<T>(
  expected: string,
  check: (value: unknown, path: string, issues: Issue[]) => T,
  fromEnv: (raw: string) => unknown = (raw) => raw,
  isOptional = false,
  defaultValue: T | undefined = undefined,
  // Members a builder adds (an object's `shape`) must survive `.optional()` and `.default()`.
  extra: object = {},
): Schema<T> {
  const schema: Schema<T> = {
    expected,
    isOptional,
    defaultValue,
    fromEnv,
    check(value, path, issues) {
      if (value === undefined) {
        if (defaultValue !== undefined) return check(defaultValue, path, issues);
        if (isOptional) return undefined as T;
        issues.push({ path, problem: 'is missing', expected });
        return undefined as T;
      }
      return check(value, path, issues);
    },
    optional: () => make<T | undefined>(expected, check, fromEnv, true, defaultValue, extra),
    default: (value) => make<T>(expected, check, fromEnv, true, value as T, extra),
  };
  return Object.assign(schema, extra);
}

function fail<T>(issues: Issue[], path: string, value: unknown, expected: string): T {
  issues.push({ path, problem: `got ${describe(value)}`, expected });
  return undefined as T;
}

function parseNumberEnv(raw: string): unknown {
  const n = Number(raw.trim());
  return raw.trim() === '' || Number.isNaN(n) ? raw : n;
}

function parseBooleanEnv(raw: string): unknown {
  const v = raw.trim().toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes') return true;
  if (v === 'false' || v === '0' || v === 'no') return false;
  return raw;
}

function parseJsonEnv(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Schema builders. */
export const s = {
  string(opts: { minLength?: number; maxLength?: number; pattern?: RegExp } = {}): Schema<string> {
    const parts = ['a string'];
    if (opts.minLength !== undefined) parts.push(`of at least ${opts.minLength} characters`);
    if (opts.maxLength !== undefined) parts.push(`of at most ${opts.maxLength} characters`);
    if (opts.pattern) parts.push(`matching ${String(opts.pattern)}`);
    const expected = parts.join(' ');
    return make(expected, (v, path, issues) => {
      if (typeof v !== 'string') return fail(issues, path, v, expected);
      if (opts.minLength !== undefined && v.length < opts.minLength) {
        issues.push({ path, problem: `is ${v.length} characters long`, expected });
      } else if (opts.maxLength !== undefined && v.length > opts.maxLength) {
        issues.push({ path, problem: `is ${v.length} characters long`, expected });
      } else if (opts.pattern && !opts.pattern.test(v)) {
        return fail(issues, path, v, expected);
      }
      return v;
    });
  },

  number(opts: { min?: number; max?: number; integer?: boolean } = {}): Schema<number> {
    let expected = opts.integer ? 'an integer' : 'a number';
    if (opts.min !== undefined && opts.max !== undefined)
      expected += ` from ${opts.min} to ${opts.max}`;
    else if (opts.min !== undefined) expected += ` >= ${opts.min}`;
    else if (opts.max !== undefined) expected += ` <= ${opts.max}`;
    return make(
      expected,
      (v, path, issues) => {
        if (typeof v !== 'number' || Number.isNaN(v)) return fail(issues, path, v, expected);
        if (
          (opts.integer && !Number.isInteger(v)) ||
          (opts.min !== undefined && v < opts.min) ||
          (opts.max !== undefined && v > opts.max)
        ) {
          return fail(issues, path, v, expected);
        }
        return v;
      },
      parseNumberEnv,
    );
  },

  boolean(): Schema<boolean> {
    const expected = 'true or false';
    return make(
      expected,
      (v, path, issues) => (typeof v === 'boolean' ? v : fail(issues, path, v, expected)),
      parseBooleanEnv,
    );
  },

  enum<const V extends string | number>(...values: V[]): Schema<V> {
    const expected = `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
    return make(expected, (v, path, issues) =>
      (values as unknown[]).includes(v) ? (v as V) : fail(issues, path, v, expected),
    );
  },

  literal<const V extends string | number | boolean>(value: V): Schema<V> {
    const expected = JSON.stringify(value);
    return make(
      expected,
      (v, path, issues) => (v === value ? value : fail(issues, path, v, expected)),
      parseJsonEnv,
    );
  },

  array<T>(item: Schema<T>, opts: { minItems?: number } = {}): Schema<T[]> {
    const expected = `an array of ${item.expected}${opts.minItems ? ` (at least ${opts.minItems})` : ''}`;
    return make(
      expected,
      (v, path, issues) => {
        if (!Array.isArray(v)) return fail(issues, path, v, expected);
        if (opts.minItems !== undefined && v.length < opts.minItems) {
          issues.push({ path, problem: `has ${v.length} items`, expected });
        }
        return v.map((x, i) => item.check(x, `${path}[${i}]`, issues));
      },
      parseJsonEnv,
    );
  },

  /** An object with known keys; unknown keys are an error (a typo must not be ignored). */
  object<Shape extends Record<string, Schema<unknown>>>(shape: Shape): ObjectSchema<Shape> {
    const keys = Object.keys(shape);
    const expected = `an object with ${keys.length ? keys.join(', ') : 'no keys'}`;
    const schema = make<ObjectShape<Shape>>(
      expected,
      (v, path, issues) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v))
          return fail(issues, path, v, expected);
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(v)) {
          if (!(key in shape)) {
            issues.push({
              path: join(path, key),
              problem: 'is not a known option',
              expected: `one of ${keys.join(', ')}`,
            });
          }
        }
        for (const key of keys) {
          const result = shape[key].check(
            (v as Record<string, unknown>)[key],
            join(path, key),
            issues,
          );
          if (result !== undefined) out[key] = result;
        }
        return out as ObjectShape<Shape>;
      },
      parseJsonEnv,
      false,
      undefined,
      { shape },
    );
    return schema as ObjectSchema<Shape>;
  },

  record<T>(value: Schema<T>): Schema<Record<string, T>> {
    const expected = `an object whose values are ${value.expected}`;
    return make(
      expected,
      (v, path, issues) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v))
          return fail(issues, path, v, expected);
        const out: Record<string, T> = Object.create(null) as Record<string, T>;
        for (const [k, x] of Object.entries(v)) out[k] = value.check(x, join(path, k), issues);
        return out;
      },
      parseJsonEnv,
    );
  },

  /** Any value that passes `test`, e.g. a class, a function, an instance. */
  custom<T>(expected: string, test: (value: unknown) => boolean): Schema<T> {
    return make(expected, (v, path, issues) =>
      test(v) ? (v as T) : fail(issues, path, v, expected),
    );
  },

  /** The first option that accepts the value wins; its type is the union of the options'. */
  union<const S extends readonly Schema<unknown>[]>(
    expected: string,
    ...options: S
  ): Schema<Infer<S[number]>> {
    const accepts = (option: Schema<unknown>, value: unknown): boolean => {
      const local: Issue[] = [];
      option.check(value, '', local);
      return local.length === 0;
    };
    return make(
      expected,
      (v, path, issues) => {
        for (const option of options) {
          const local: Issue[] = [];
          const result = option.check(v, path, local);
          if (local.length === 0) return result as Infer<S[number]>;
        }
        return fail(issues, path, v, expected);
      },
      (raw) => {
        for (const option of options) {
          const value = option.fromEnv(raw);
          if (accepts(option, value)) return value;
        }
        return raw;
      },
    );
  },
};

type ObjectShape<Shape extends Record<string, Schema<unknown>>> = {
  [K in keyof Shape]: Infer<Shape[K]>;
};

export type ObjectSchema<Shape extends Record<string, Schema<unknown>>> = Schema<
  ObjectShape<Shape>
> & {
  readonly shape: Shape;
};

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Formats issues as one readable block, one line per problem. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues
    .map((i) => `  - ${i.path || '(root)'} ${i.problem}; expected ${i.expected}`)
    .join('\n');
}

/** The schema found at a dotted path inside object schemas, for coercing environment overrides. */
export function schemaAt(
  schema: Schema<unknown>,
  path: readonly string[],
): Schema<unknown> | undefined {
  let current: Schema<unknown> | undefined = schema;
  for (const key of path) {
    const shape: Record<string, Schema<unknown>> | undefined = (
      current as { shape?: Record<string, Schema<unknown>> }
    ).shape;
    if (!shape) return undefined;
    const match: string | undefined = Object.keys(shape).find(
      (k) => k.toLowerCase() === key.toLowerCase(),
    );
    current = match === undefined ? undefined : shape[match];
    if (!current) return undefined;
  }
  return current;
}

import { s, type Infer } from '@pith/core';
import type { EntityManager } from '@mikro-orm/core';

/** Seeds the database for `pith db:seed`; runs in an isolated fork inside a transaction. */
export type Seeder = (em: EntityManager) => Promise<void>;

const isFunction = (v: unknown): boolean => typeof v === 'function';

/** The orm plugin's options, validated once at boot. */
export const ormOptionsSchema = s.object({
  /** `DATABASE_URL` style; when absent, the `DATABASE_URL` environment variable, else SQLite. */
  url: s.string({ minLength: 1 }).optional(),
  /** The entity classes (extend PithEntity to run on every backend). */
  entities: s.array(s.custom<new (...args: never[]) => unknown>('an entity class', isFunction), {
    minItems: 1,
  }),
  /** Boot-time schema step: `update` (default outside production), `migrate` (default in production), `none`. */
  schema: s.enum('migrate', 'update', 'none').optional(),
  /** Create the database when it does not exist (default outside production, and whenever `schema` is not `none`). */
  createDatabase: s.boolean().optional(),
  /** Log every query at debug level. */
  debug: s.boolean().default(false),
  /** Connecting (and waiting for a pooled connection) gives up after this. */
  connectTimeout: s.number({ integer: true, min: 100 }).default(5_000),
  /** A statement running longer is cancelled by the database (or the socket times out). */
  queryTimeout: s.number({ integer: true, min: 100 }).default(10_000),
  /** The readiness check's bound. */
  readinessTimeout: s.number({ integer: true, min: 100 }).default(2_000),
  pool: s
    .object({
      min: s.number({ integer: true, min: 0 }).default(0),
      max: s.number({ integer: true, min: 1 }).default(10),
    })
    .default({}),
  migrations: s
    .object({
      /** Folder of compiled migrations, relative to the app's rootDir. */
      path: s.string().default('migrations'),
      /** Folder of TypeScript migrations, when running from sources. */
      pathTs: s.string().optional(),
      tableName: s.string({ pattern: /^[A-Za-z_][A-Za-z0-9_]*$/ }).default('pith_migrations'),
      emit: s.enum('ts', 'js').default('ts'),
    })
    .default({}),
  /** The seeder `pith db:seed` runs. */
  seed: s.custom<Seeder>('a function (em) => Promise<void>', isFunction).optional(),
  /** Extra MikroORM options, merged last (an escape hatch; prefer the options above). */
  mikroOrm: s
    .custom<Record<string, unknown>>(
      'an object of MikroORM options',
      (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    )
    .optional(),
});

/** The orm plugin's options after validation and defaults. */
export type OrmOptions = Infer<typeof ormOptionsSchema>;

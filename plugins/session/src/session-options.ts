import { s, type Infer } from '@pith/core';
import type { SessionClock } from './session-manager';
import type { SessionStore } from './session-store';

const secret = s.string({ minLength: 32 });

/** The built-in stores, by name. */
export type StoreKind = 'memory' | 'cookie' | 'redis' | 'database';

function isStore(value: unknown): boolean {
  const v = value as Partial<SessionStore> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.kind === 'string' &&
    ['read', 'write', 'destroy', 'check', 'open', 'close'].every(
      (m) => typeof (v as Record<string, unknown>)[m] === 'function',
    )
  );
}

/** The session plugin's options, checked at boot. */
export const sessionOptionsSchema = s.object({
  /**
   * `memory` (the default outside production, refused in it), `cookie`, `redis`, `database`,
   * or a {@link SessionStore} instance of your own (it should pass the store contract suite).
   */
  store: s
    .union(
      'one of "memory", "cookie", "redis", "database", or a SessionStore instance',
      s.enum('memory', 'cookie', 'redis', 'database'),
      s.custom<SessionStore>('a SessionStore', isStore),
    )
    .optional(),
  /**
   * Signs ids and encrypts cookie sessions. A list rotates keys: the first signs and encrypts,
   * all verify and decrypt. Falls back to `SESSION_SECRET` (comma-separated for a list);
   * required in production.
   */
  secret: s
    .union(
      'a secret of at least 32 characters, or a non-empty list of them',
      secret,
      s.array(secret, { minItems: 1 }),
    )
    .optional(),
  idleTimeout: s.number({ integer: true, min: 1000 }).default(30 * 60_000),
  absoluteTimeout: s.number({ integer: true, min: 1000 }).default(12 * 60 * 60_000),
  rolling: s.boolean().default(true),
  touchInterval: s.number({ integer: true, min: 0 }).default(60_000),
  operationTimeout: s.number({ integer: true, min: 1 }).default(1000),
  cookie: s
    .object({
      name: s.string({ pattern: /^[A-Za-z0-9_.-]{1,64}$/ }).default('sid'),
      sameSite: s.enum('lax', 'strict').default('lax'),
      secure: s.enum('auto', 'always').default('auto'),
    })
    .default({}),
  memory: s.object({ maxEntries: s.number({ integer: true, min: 1 }).default(10_000) }).default({}),
  redis: s
    .object({
      url: s.string({ pattern: /^rediss?:\/\// }).default('redis://127.0.0.1:6379'),
      keyPrefix: s.string({ minLength: 1 }).default('pith:session:'),
      commandTimeout: s.number({ integer: true, min: 1 }).default(500),
      connectTimeout: s.number({ integer: true, min: 1 }).default(2000),
      maxReconnectDelay: s.number({ integer: true, min: 1 }).default(1000),
    })
    .default({}),
  database: s
    .object({
      /** How often expired rows are deleted (ms); 0 turns the sweep off. */
      sweepInterval: s.number({ integer: true, min: 0 }).default(15 * 60_000),
    })
    .default({}),
  /**
   * Cookie store: where destroyed ids are remembered so a copied cookie cannot be replayed.
   * `database` needs the orm plugin with revokedSessionEntity() in its entities.
   */
  revocation: s.enum('none', 'memory', 'redis', 'database').default('none'),
  /** Give templates `session` and `flash` locals when the views plugin is enabled. */
  locals: s.boolean().default(true),
  /** Time source for expiry (tests pass a manual clock). */
  clock: s
    .custom<SessionClock>(
      'an object with a now() method',
      (v) => typeof (v as SessionClock)?.now === 'function',
    )
    .optional(),
});

/** The session plugin's options after defaults. */
export type SessionOptions = Infer<typeof sessionOptionsSchema>;

/** The session options as an app writes them: everything optional, nested groups partial. */
export type SessionConfig = {
  [K in keyof SessionOptions]?: SessionOptions[K] extends
    readonly unknown[] | SessionClock | SessionStore | string
    ? SessionOptions[K]
    : SessionOptions[K] extends object
      ? Partial<SessionOptions[K]>
      : SessionOptions[K];
};

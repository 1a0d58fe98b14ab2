import { s, type RequestContext } from '@pith/core';
import type { HelmetOptions } from 'helmet';
import type { CorsOptions } from './cors';
import type { RateLimitStore } from './rate-limit-store';
import type { RedisStoreOptions } from './redis-rate-limit-store';
import type { PasswordHasherOptions } from './password-hasher';

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFunction = (v: unknown): boolean => typeof v === 'function';

/** Loads the user a session names; undefined when it no longer exists. */
export type UserLoader = (id: string, ctx: RequestContext) => unknown;

const csrfSchema = s.object({
  /** `session`: a secret in the session, masked per render; `hmac`: tokens signed and bound to the session id. */
  mode: s.enum('session', 'hmac').default('session'),
  /** HMAC keys (newest first, ≥ 32 characters each), required in `hmac` mode. */
  secrets: s.array(s.string({ minLength: 32 })).optional(),
  /** Origins besides the app's own that may post (the CORS allowlist is added). */
  trustedOrigins: s.array(s.string()).default([]),
  /** Let sibling subdomains (`Sec-Fetch-Site: same-site`) through the fetch-metadata check. */
  allowSameSite: s.boolean().default(false),
  /** Requests carrying no cookie at all skip the token (the source checks still apply); false: every unsafe request needs one. */
  allowCookieless: s.boolean().default(true),
});

const globalLimitSchema = s.object({
  limit: s.number({ integer: true, min: 1 }),
  windowMs: s.number({ integer: true, min: 1 }),
});

const rateLimitSchema = s.object({
  /** A limit on every request, by client address, before routing. */
  global: s
    .union('false or { limit, windowMs }', s.literal(false), globalLimitSchema)
    .default(false),
  /** `memory` (one process), `{ redis: {...} }`, or a store object. */
  store: s
    .custom<'memory' | { redis: RedisStoreOptions } | RateLimitStore>(
      '"memory", { redis: { url | client | options, prefix } } or an object with hit(key, windowMs)',
      (v) =>
        v === 'memory' ||
        (isObject(v) &&
          (isObject((v as { redis?: unknown }).redis) || isFunction((v as { hit?: unknown }).hit))),
    )
    .default('memory'),
  /** Keys the memory store tracks at most. */
  maxKeys: s.number({ integer: true, min: 1 }).default(100_000),
  headers: s
    .union('"draft", "legacy" or false', s.enum('draft', 'legacy'), s.literal(false))
    .default('draft'),
  /** Answer 503 on every limited route when the store is down (auth routes always do). */
  failClosed: s.boolean().default(false),
  now: s.custom<() => number>('a function returning milliseconds', isFunction).optional(),
});

const authSchema = s.object({
  loginPath: s.string({ pattern: /^\/(?![/\\])/ }).default('/login'),
  /** The session key holding the user id. */
  sessionKey: s.string({ minLength: 1 }).default('userId'),
  loadUser: s.custom<UserLoader>('a function (id, ctx) => user', isFunction).optional(),
  password: s.custom<PasswordHasherOptions>('{ log2N, r, p }', isObject).default({}),
});

/** The security plugin's options (see README for what each default protects against). */
export const securityOptionsSchema = s.object({
  /** helmet's options, or false to send no security headers. */
  headers: s
    .union(
      'false or helmet options',
      s.literal(false),
      s.custom<HelmetOptions>('helmet options', isObject),
    )
    .default({}),
  cors: s
    .union(
      'false or { origins, credentials, methods, allowedHeaders, exposedHeaders, maxAge }',
      s.literal(false),
      s.custom<CorsOptions>(
        'cors options',
        (v) => isObject(v) && Array.isArray((v as CorsOptions).origins),
      ),
    )
    .default(false),
  csrf: s.union('false or csrf options', s.literal(false), csrfSchema).default({}),
  rateLimit: rateLimitSchema.default({}),
  auth: authSchema.default({}),
});

export type SecurityOptions = ReturnType<typeof securityOptionsSchema.check>;
export type CsrfOptions = Exclude<SecurityOptions['csrf'], false>;

import type { RequestContext } from '@pith/core';

/** Metadata keys the security decorators write and the plugin reads once at boot. */
export const SECURITY_METADATA = Object.freeze({
  rateLimit: Symbol.for('pith.security.rateLimit'),
  csrfExempt: Symbol.for('pith.security.csrfExempt'),
  authenticated: Symbol.for('pith.security.authenticated'),
});

/** A rate limit on a route (or, as the global option, on every request). */
export interface RateLimitRule {
  /** Requests allowed per window. */
  readonly limit: number;
  readonly windowMs: number;
  /** The counter key; defaults to the client address (IPv6 by /64). */
  readonly key?: (ctx: RequestContext) => string;
  /**
   * Whether the route guards credentials (login, password reset): then a store failure answers
   * 503 instead of letting requests through uncounted.
   */
  readonly auth?: boolean;
  /** Counter namespace; defaults to the route (`POST /login`), `global` for the global rule. */
  readonly name?: string;
}

/** What `@Authenticated()` records. */
export interface AuthenticatedRule {
  /** Overrides the login page of the plugin options for this route. */
  readonly loginPath?: string;
}

type Target = object;

/** Writes metadata on a method (when decorating one) or on the class. */
export function recordMetadata(
  key: symbol,
  value: unknown,
  target: Target,
  propertyKey?: string | symbol,
): void {
  if (propertyKey === undefined) Reflect.defineMetadata(key, value, target);
  else Reflect.defineMetadata(key, value, target, propertyKey);
}

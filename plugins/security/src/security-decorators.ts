import {
  SECURITY_METADATA,
  recordMetadata,
  type AuthenticatedRule,
  type RateLimitRule,
} from './security-metadata';

type ClassOrMethodDecorator = ClassDecorator & MethodDecorator;

function classOrMethod(key: symbol, value: unknown): ClassOrMethodDecorator {
  return (target: object, propertyKey?: string | symbol) => {
    recordMetadata(key, value, target, propertyKey);
  };
}

/**
 * Limits a route (or every route of a controller): records the rule; the security plugin applies
 * it at boot.
 *
 * @example
 * @Post('/login') @RateLimit({ limit: 5, windowMs: 60_000, auth: true, key: (ctx) => `${ctx.ip}:${String((ctx.body as { email?: string }).email)}` })
 */
export function RateLimit(rule: RateLimitRule): ClassOrMethodDecorator {
  if (!Number.isInteger(rule.limit) || rule.limit < 1)
    throw new TypeError(`@RateLimit limit must be a positive integer, got ${String(rule.limit)}`);
  if (!Number.isInteger(rule.windowMs) || rule.windowMs < 1)
    throw new TypeError(
      `@RateLimit windowMs must be a positive integer, got ${String(rule.windowMs)}`,
    );
  return classOrMethod(SECURITY_METADATA.rateLimit, Object.freeze({ ...rule }));
}

/** Exempts a route (or a controller) from the CSRF check, e.g. a webhook verified by signature. */
export function CsrfExempt(): ClassOrMethodDecorator {
  return classOrMethod(SECURITY_METADATA.csrfExempt, true);
}

/**
 * Requires a logged-in user: browsers asking for HTML get 303 to the login page with `next`,
 * API clients get 401.
 */
export function Authenticated(rule: AuthenticatedRule = {}): ClassOrMethodDecorator {
  return classOrMethod(SECURITY_METADATA.authenticated, Object.freeze({ ...rule }));
}

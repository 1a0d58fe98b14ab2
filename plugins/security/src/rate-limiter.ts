import { createHash } from 'node:crypto';
import { HttpError, type Logger, type RequestContext, type RequestHook } from '@pith/core';
import { clientKey } from './client-key';
import type { RateLimitRule } from './security-metadata';
import type { RateLimitHit, RateLimitStore } from './rate-limit-store';

/** How a limiter behaves, fixed at boot. */
export interface LimiterSettings {
  readonly store: RateLimitStore;
  readonly logger: Logger;
  /** `draft` sends `RateLimit` + `RateLimit-Policy`; `legacy` sends `X-RateLimit-*`. */
  readonly headers: 'draft' | 'legacy' | false;
  /** Whether a store failure on a non-auth route answers 503 (auth routes always do). */
  readonly failClosed: boolean;
}

const defaultKey = (ctx: RequestContext): string => clientKey(ctx.ip);

/**
 * The rate-limit fields of one answer: the IETF draft's `RateLimit-Policy` / `RateLimit`, the
 * legacy `X-RateLimit-*`, or none. Apps that count on their own (a sign-in throttle) send the
 * same fields with it.
 */
export function rateLimitFields(
  style: 'draft' | 'legacy' | false,
  limit: number,
  windowSeconds: number,
  remaining: number,
  resetSeconds: number,
): Record<string, string> {
  if (style === 'draft')
    return {
      'ratelimit-policy': `${limit};w=${windowSeconds}`,
      ratelimit: `limit=${limit}, remaining=${remaining}, reset=${resetSeconds}`,
    };
  if (style === 'legacy')
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': String(resetSeconds),
    };
  return {};
}

/**
 * Builds the hook enforcing one rule: counts the hit, sets the rate-limit headers, and answers
 * 429 (with `Retry-After`) past the limit.
 */
export function createRateLimitHook(
  rule: RateLimitRule,
  name: string,
  settings: LimiterSettings,
): RequestHook {
  const { store, logger, headers } = settings;
  const failClosed = rule.auth === true || settings.failClosed;
  const keyOf = rule.key ?? defaultKey;
  const windowSeconds = Math.ceil(rule.windowMs / 1000);
  const prefix = `${name}|`;

  const apply = (ctx: RequestContext, hit: RateLimitHit): void => {
    const remaining = Math.max(0, rule.limit - hit.count);
    const reset = Math.max(0, Math.ceil(hit.resetMs / 1000));
    const fields = rateLimitFields(headers, rule.limit, windowSeconds, remaining, reset);
    if (hit.count > rule.limit) {
      // Headers go on the error itself: the error path clears what was set on the response.
      throw new HttpError('ERR_TOO_MANY_REQUESTS', {
        detail: `Too many requests; retry in ${reset} s.`,
        headers: { ...fields, 'retry-after': String(Math.max(1, reset)) },
      });
    }
    // Through the reply, which writes its headers once, not through ctx.res (see security-headers).
    const reply = ctx.reply;
    for (const field in fields) reply.header(field, fields[field]);
  };

  const onStoreError = (ctx: RequestContext, error: unknown): void => {
    logger.error({ err: error, rule: name }, 'rate-limit store failed');
    if (failClosed)
      throw new HttpError('ERR_SERVICE_UNAVAILABLE', {
        detail: 'Rate limiting is unavailable; try again later.',
        cause: error,
      });
    ctx.log.warn({ rule: name }, 'rate-limit store down; request let through uncounted');
  };

  return (ctx) => {
    let key: string;
    try {
      key = keyOf(ctx);
      // Keys built from request input (an email field) must not grow the store without bound.
      key =
        prefix + (key.length > 128 ? createHash('sha256').update(key).digest('base64url') : key);
    } catch (error) {
      throw new HttpError('ERR_BAD_REQUEST', {
        detail: 'The request could not be attributed for rate limiting.',
        cause: error,
      });
    }
    let result: RateLimitHit | Promise<RateLimitHit>;
    try {
      result = store.hit(key, rule.windowMs);
    } catch (error) {
      return onStoreError(ctx, error);
    }
    if (result instanceof Promise)
      return result.then(
        (hit) => apply(ctx, hit),
        (error: unknown) => onStoreError(ctx, error),
      );
    apply(ctx, result);
  };
}

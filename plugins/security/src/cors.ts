import { HttpError, PithError, type RequestHook } from '@pith/core';

/** CORS options; CORS is off unless this is given. */
export interface CorsOptions {
  /** Exact origins (`https://app.example.com`), compared as strings; `*` only without credentials. */
  readonly origins: readonly string[];
  readonly credentials?: boolean;
  readonly methods?: readonly string[];
  readonly allowedHeaders?: readonly string[];
  readonly exposedHeaders?: readonly string[];
  /** Seconds a browser may cache a preflight answer. */
  readonly maxAge?: number;
}

const ORIGIN_SHAPE =
  /^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?$|^https?:\/\/\[[0-9a-f:.]+\](?::\d{1,5})?$/;

/** Validates the allowlist at boot: a typo or a pattern must not silently widen it. */
export function checkCorsOptions(options: CorsOptions): void {
  for (const origin of options.origins) {
    if (origin === '*') {
      if (options.credentials)
        throw new PithError(
          'ERR_CONFIG_INVALID',
          'plugins.security.cors.origins contains "*" with credentials: true; credentials need explicit origins',
        );
      continue;
    }
    if (origin === 'null' || !ORIGIN_SHAPE.test(origin))
      throw new PithError(
        'ERR_CONFIG_INVALID',
        `plugins.security.cors.origins has ${JSON.stringify(origin)}; expected an exact lower-case origin like "https://app.example.com" (scheme, host, optional port, no path)`,
      );
  }
}

/** The CORS hooks: preflight answered in onRequest, response headers in onSend (errors too). */
export function createCorsHooks(options: CorsOptions): {
  onRequest: RequestHook;
  onSend: RequestHook;
} {
  checkCorsOptions(options);
  const origins = new Set(options.origins);
  const any = origins.has('*');
  const credentials = options.credentials === true;
  const methods = (options.methods ?? ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']).map((m) =>
    m.toUpperCase(),
  );
  const methodSet = new Set(methods);
  const allowedHeaders = (
    options.allowedHeaders ?? ['content-type', 'x-csrf-token', 'authorization']
  ).map((h) => h.toLowerCase());
  const headerSet = new Set(allowedHeaders);
  const exposed = options.exposedHeaders?.join(', ');
  const maxAge = String(options.maxAge ?? 600);

  // Never echo an arbitrary Origin: the value sent is either the literal "*" or an allowlisted string.
  const allowed = (origin: string | undefined): string | undefined => {
    if (origin === undefined) return undefined;
    if (origins.has(origin)) return origin;
    return any ? '*' : undefined;
  };

  const onRequest: RequestHook = (ctx) => {
    if (ctx.method !== 'OPTIONS') return;
    const requested = ctx.header('access-control-request-method');
    const origin = ctx.header('origin');
    if (requested === undefined || origin === undefined) return;
    const reply = ctx.reply;
    reply.appendHeader('vary', 'Origin');
    reply.appendHeader('vary', 'Access-Control-Request-Method');
    reply.appendHeader('vary', 'Access-Control-Request-Headers');
    const allow = allowed(origin);
    if (!allow)
      throw new HttpError('ERR_FORBIDDEN', {
        detail: 'This origin may not make cross-origin requests.',
      });
    const askedHeaders = (ctx.header('access-control-request-headers') ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean);
    if (!methodSet.has(requested.toUpperCase()) || askedHeaders.some((h) => !headerSet.has(h)))
      throw new HttpError('ERR_FORBIDDEN', {
        detail: 'This cross-origin method or header is not allowed.',
      });
    reply.header('access-control-allow-origin', allow);
    if (credentials) reply.header('access-control-allow-credentials', 'true');
    reply.header('access-control-allow-methods', methods.join(', '));
    if (allowedHeaders.length)
      reply.header('access-control-allow-headers', allowedHeaders.join(', '));
    reply.header('access-control-max-age', maxAge);
    return reply.status(204).send();
  };

  const onSend: RequestHook = (ctx) => {
    const reply = ctx.reply;
    if (!any || credentials) reply.appendHeader('vary', 'Origin');
    if (reply.hasHeader('access-control-allow-origin')) return;
    const allow = allowed(ctx.header('origin'));
    if (!allow) return;
    reply.header('access-control-allow-origin', allow);
    if (credentials) reply.header('access-control-allow-credentials', 'true');
    if (exposed) reply.header('access-control-expose-headers', exposed);
  };

  return { onRequest, onSend };
}

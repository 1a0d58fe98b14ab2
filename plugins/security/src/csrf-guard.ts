import { HttpError, type RequestContext, type RequestHook } from '@pith/core';

/** The read-only methods that never need a CSRF check (RFC 9110 safe methods). */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** How the CSRF check runs, fixed at boot. */
export interface CsrfCheckSettings {
  /** Origins besides the app's own allowed to send unsafe requests (CORS allowlist, SPAs). */
  readonly trustedOrigins: ReadonlySet<string>;
  /** Whether `Sec-Fetch-Site: same-site` (a sibling subdomain) passes the fetch-metadata check. */
  readonly allowSameSite: boolean;
  /** Whether `X-Forwarded-Host` names the app's host (only with `server.trustProxy`). */
  readonly trustProxy: boolean;
  /** Whether a request carrying no cookie at all may skip the token (never the source checks). */
  readonly allowCookieless: boolean;
  /** Checks the token against the session; resolves false when it does not match. */
  readonly verifyToken: (ctx: RequestContext, token: string) => boolean | Promise<boolean>;
}

const FORM_TYPES = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

function forbidden(detail: string): HttpError {
  return new HttpError('ERR_FORBIDDEN', { detail, extensions: { reason: 'csrf' } });
}

function ownOrigin(ctx: RequestContext, trustProxy: boolean): string | undefined {
  const forwarded = trustProxy ? ctx.header('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  const host = forwarded ?? ctx.header('host');
  return host ? `${ctx.protocol}://${host.toLowerCase()}` : undefined;
}

/**
 * Fetch metadata and Origin: a browser tells us where a request comes from, and a cross-site
 * form post or fetch is refused before the token is even looked at. Clients that send neither
 * header (old browsers, scripts) still need the token.
 */
function checkSource(ctx: RequestContext, settings: CsrfCheckSettings): void {
  const origin = ctx.header('origin');
  const trusted = origin !== undefined && settings.trustedOrigins.has(origin);
  const site = ctx.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none' && !trusted) {
    if (site !== 'same-site' || !settings.allowSameSite)
      throw forbidden(`Cross-site request refused (Sec-Fetch-Site: ${site}).`);
  }
  // Sec-Fetch-Site is a forbidden header: a page cannot forge it. Browsers under
  // `Referrer-Policy: no-referrer` (helmet's default) send `Origin: null` on same-origin form
  // posts, so a same-origin fetch-metadata verdict wins over an opaque Origin.
  if (site === 'same-origin' || origin === undefined || trusted) return;
  if (origin === 'null') throw forbidden('Requests from an opaque origin are refused.');
  if (origin.toLowerCase() !== ownOrigin(ctx, settings.trustProxy))
    throw forbidden('Cross-origin request refused (Origin does not match).');
}

/** The token from the `_csrf` form field or the `X-CSRF-Token` header, and nowhere else. */
export function readCsrfToken(ctx: RequestContext): string | undefined {
  const header = ctx.req.headers['x-csrf-token'];
  if (typeof header === 'string' && header.length > 0) return header;
  const body = ctx.body;
  if (
    typeof body !== 'object' ||
    body === null ||
    !FORM_TYPES.test(ctx.header('content-type') ?? '')
  )
    return undefined;
  const field = (body as Record<string, unknown>)._csrf;
  return typeof field === 'string' && field.length > 0 ? field : undefined;
}

/**
 * The CSRF preHandler of one route. Safe methods are exempt. The source checks run on every unsafe
 * request: a cross-site post without cookies is login CSRF. With `allowCookieless`, a request
 * carrying no cookie at all (no ambient credential, e.g. a bearer-token API client) needs no token.
 */
export function createCsrfHook(settings: CsrfCheckSettings): RequestHook {
  return (ctx) => {
    if (SAFE_METHODS.has(ctx.method)) return;
    checkSource(ctx, settings);
    if (settings.allowCookieless && !ctx.req.headers.cookie) return;
    const token = readCsrfToken(ctx);
    if (token === undefined || token.length > 256) throw forbidden('The CSRF token is missing.');
    const ok = settings.verifyToken(ctx, token);
    if (ok === true) return;
    if (ok === false) throw forbidden('The CSRF token is invalid or expired; reload the form.');
    return ok.then((valid) => {
      if (!valid) throw forbidden('The CSRF token is invalid or expired; reload the form.');
    });
  };
}

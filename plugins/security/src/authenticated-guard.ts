import { HttpError, negotiate, type RequestContext, type RequestHook } from '@pith/core';
import type { Security } from './security-service';

const BROWSER_OFFERS = ['application/json', 'application/xml', 'text/html'];

/** Whether the client wants a page (a browser) rather than data: decides redirect versus 401. */
export function wantsHtml(ctx: RequestContext): boolean {
  // The route chose a format (negotiation among several, or a `.json`/`.xml` suffix): follow it.
  if (ctx.format !== undefined) return ctx.format === 'html';
  // A JSON-only route still gets a browser navigation: ask the client, not the route.
  const accept = ctx.header('accept');
  return accept !== undefined && negotiate(accept, BROWSER_OFFERS) === 'text/html';
}

/**
 * The `@Authenticated()` preHandler: anonymous browsers get 303 to the login page with `next` (the
 * page they asked for, GET only: replaying a form post after login would surprise), API clients
 * get 401.
 */
export function createAuthenticatedHook(security: Security, loginPath: string): RequestHook {
  const join = loginPath.includes('?') ? '&' : '?';
  return async (ctx) => {
    const user = await security.currentUser(ctx);
    if (user !== undefined) return;
    if (!wantsHtml(ctx))
      throw new HttpError('ERR_UNAUTHORIZED', {
        detail: 'Log in to continue.',
        headers: { 'www-authenticate': 'Session' },
      });
    const next =
      ctx.method === 'GET' || ctx.method === 'HEAD'
        ? `${join}next=${encodeURIComponent(ctx.url)}`
        : '';
    ctx.reply.header('cache-control', 'no-store');
    await ctx.reply.redirect(loginPath + next, 303);
  };
}

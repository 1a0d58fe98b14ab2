import type { RequestContext } from '@pith/core';

const JSON_BODY = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * A client that sends JSON and states no preference (`Accept` absent or `*\/*`) is an API client:
 * it gets JSON back, errors included. Deciding this before routing means the answers the router
 * gives before any handler runs (a malformed body's 400, an oversized body's 413, a wrong media
 * type's 415) are problem+json too, not the HTML a browser would get. Runs as an `onRequest` hook.
 */
export function preferJsonForJsonBodies(ctx: RequestContext): void {
  const headers = ctx.req.headers;
  const type = headers['content-type'];
  if (type === undefined || !JSON_BODY.test(type)) return;
  const accept = headers.accept?.trim();
  if (!accept || accept === '*/*') headers.accept = 'application/json';
}

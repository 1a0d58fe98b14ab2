import {
  errorFormat,
  toHttpError,
  toProblem,
  type ErrorMapper,
  type ErrorRenderer,
} from './error-responder';
import type { ErrorHook } from './hooks';
import type { RequestContext } from './request-context';

/** What the error path needs, fixed at ready. */
export interface ErrorHandlerParts {
  readonly onError: readonly ErrorHook[];
  readonly errorRenderers: Readonly<Record<string, ErrorRenderer>>;
  readonly errorMappers: readonly ErrorMapper[];
}

/** Headers an error response keeps from the failed one: identity, caching and cookie decisions. */
const KEPT_HEADERS = new Set(['x-request-id', 'vary', 'connection', 'set-cookie']);

/**
 * Builds the one error path of an app: map the error, log 5xx, run `onError` hooks, then answer
 * in the negotiated format. A failure while answering an error falls back to a plain 500, so the
 * path can never loop.
 */
export function createErrorHandler(
  parts: ErrorHandlerParts,
): (ctx: RequestContext, error: unknown) => Promise<void> {
  const { onError, errorRenderers, errorMappers } = parts;
  return async function handleError(ctx, error) {
    const res = ctx.nodeResponse;
    if (ctx.isFailing) {
      ctx.log.error({ err: error }, 'error responder failed');
      return plainFailure(ctx);
    }
    ctx.isFailing = true;
    const httpError = toHttpError(error, errorMappers);
    if (httpError.status >= 500)
      ctx.log.error({ err: error, url: ctx.url, route: ctx.route?.handler }, 'request failed');
    try {
      for (const hook of onError) await hook(ctx, error);
    } catch (hookError) {
      ctx.log.error({ err: hookError }, 'onError hook failed');
    }
    if (res.headersSent || res.destroyed) return;
    const reply = ctx.reply;
    reply.sent = false;
    reply.statusCode = httpError.status;
    for (const name of reply.getHeaderNames())
      if (!KEPT_HEADERS.has(name)) reply.removeHeader(name);
    // An error page may carry a session-bound token (a sign-out form): never cache one.
    reply.header('cache-control', 'no-store');
    if (httpError.headers)
      for (const [k, v] of Object.entries(httpError.headers)) reply.header(k, v);
    try {
      const format = errorFormat(ctx, errorRenderers);
      const rendered = await errorRenderers[format](toProblem(httpError, ctx, error), ctx);
      reply.header('content-type', rendered.type);
      await reply.send(rendered.body);
    } catch (renderError) {
      ctx.log.error({ err: renderError }, 'error responder failed');
      plainFailure(ctx);
    }
  };
}

function plainFailure(ctx: RequestContext): void {
  const res = ctx.res;
  if (res.headersSent || res.destroyed) return;
  for (const name of res.getHeaderNames()) if (!KEPT_HEADERS.has(name)) res.removeHeader(name);
  res.statusCode = 500;
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end('Internal Server Error');
}

import { HttpError, runHooks, type RequestContext, type RequestHook } from '@pith/core';
import type { Guard } from '../metadata/route-metadata';
import type { RouteDefinition } from '../router-extensions';
import { isThenable, type Invoker } from './handler-invoker';
import type { Representation, RepresentationSet } from './representations';

/** Everything one route needs, chosen at boot. */
export interface RouteParts {
  readonly definition: RouteDefinition;
  readonly invoke: Invoker;
  readonly hooks: readonly RequestHook[];
  readonly guards: readonly Guard[];
  readonly parseBody: ((ctx: RequestContext) => Promise<void>) | undefined;
  readonly representations: RepresentationSet;
  readonly usesRes: boolean;
  readonly httpCode: number | undefined;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly redirect: { readonly url: string; readonly status: number } | undefined;
}

/** A route compiled into one function. */
export type RouteRunner = (
  ctx: RequestContext,
  forced: Representation | undefined,
) => void | Promise<void>;

function forbidden(definition: RouteDefinition): HttpError {
  return new HttpError('ERR_FORBIDDEN', {
    detail: `Access to ${definition.method} ${definition.path} is denied.`,
  });
}

function createGuardStage(
  parts: RouteParts,
): ((ctx: RequestContext) => void | Promise<void>) | undefined {
  const { guards, definition } = parts;
  if (guards.length === 0) return undefined;
  const rest = async (
    ctx: RequestContext,
    from: number,
    pending: Promise<boolean>,
  ): Promise<void> => {
    if (!(await pending)) throw forbidden(definition);
    for (let i = from; i < guards.length; i++)
      if (!(await guards[i](ctx))) throw forbidden(definition);
  };
  return (ctx) => {
    for (let i = 0; i < guards.length; i++) {
      const allowed = guards[i](ctx);
      if (isThenable(allowed)) return rest(ctx, i + 1, Promise.resolve(allowed));
      if (!allowed) throw forbidden(definition);
    }
  };
}

type Responder = (ctx: RequestContext, value: unknown, rep: Representation) => void | Promise<void>;

function createResponder(parts: RouteParts): Responder {
  const { usesRes, httpCode, headers, redirect } = parts;
  return (ctx, value, rep) => {
    const reply = ctx.reply;
    if (reply.sent) return;
    for (let i = 0; i < headers.length; i++) reply.header(headers[i][0], headers[i][1]);
    if (redirect) {
      const given = (typeof value === 'object' && value !== null ? value : {}) as {
        url?: unknown;
        statusCode?: unknown;
      };
      const url = typeof given.url === 'string' ? given.url : redirect.url;
      const status = typeof given.statusCode === 'number' ? given.statusCode : redirect.status;
      return reply.redirect(url, status);
    }
    if (value === undefined) {
      if (usesRes) return;
      if (reply.statusCode === 200) reply.statusCode = httpCode ?? 204;
      return reply.send(undefined);
    }
    if (httpCode !== undefined && reply.statusCode === 200) reply.statusCode = httpCode;
    return rep.send(ctx, value);
  };
}

/**
 * Compiles a route into one function: negotiate (406 before any work; `ctx.format` set so
 * errors answer in it when the route offers several representations or a suffix chose one), parse the body, run the merged preHandler hooks, the guards, then the
 * interceptors and handler, then send through the chosen representation. Absent stages are
 * skipped at boot, and the path stays synchronous while every stage is.
 */
export function compileRoute(parts: RouteParts): RouteRunner {
  const { representations, hooks, parseBody, invoke } = parts;
  const guard = createGuardStage(parts);
  const respond = createResponder(parts);
  const vary = representations.isNegotiated;

  const execute = (ctx: RequestContext, rep: Representation): void | Promise<void> => {
    const result = invoke(ctx);
    if (isThenable(result))
      return Promise.resolve(result).then((value) => respond(ctx, value, rep));
    return respond(ctx, result, rep);
  };
  const afterHooks = (ctx: RequestContext, rep: Representation): void | Promise<void> => {
    if (ctx.reply.sent) return;
    if (guard) {
      const pending = guard(ctx);
      if (pending) return pending.then(() => execute(ctx, rep));
    }
    return execute(ctx, rep);
  };
  const afterBody =
    hooks.length === 0
      ? afterHooks
      : (ctx: RequestContext, rep: Representation): void | Promise<void> => {
          const pending = runHooks(hooks, ctx);
          if (pending) return pending.then(() => afterHooks(ctx, rep));
          return afterHooks(ctx, rep);
        };

  return (ctx, forced) => {
    if (vary) ctx.reply.appendHeader('vary', 'Accept');
    const rep = forced ?? representations.choose(ctx.req.headers.accept);
    // Only a real choice binds errors to a format: on a JSON-only route a browser's error page
    // should still be HTML, so errors there negotiate from Accept.
    if (vary || forced) ctx.format = rep.format;
    if (parseBody) return parseBody(ctx).then(() => afterBody(ctx, rep));
    return afterBody(ctx, rep);
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { HttpError } from '../errors/http-error';
import type { ResolvedConfig } from '../config/app-config';
import type { Readiness } from '../lifecycle/readiness';
import type { Dispatcher } from '../plugin/plugin';
import { createErrorHandler } from './error-handler';
import { createHealthEndpoints } from './health-endpoints';
import type { ErrorMapper, ErrorRenderer } from './error-responder';
import { isThenable, runHooks, type FrozenHooks } from './hooks';
import { InFlightRequests } from './in-flight';
import {
  noteRequestContextOff,
  RequestContext,
  runInRequestContext,
  type RequestScope,
} from './request-context';
import { createRequestIds } from './request-ids';

/** Everything the pipeline needs, fixed at ready. */
export interface PipelineParts {
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  readonly hooks: FrozenHooks;
  readonly dispatcher: Dispatcher | undefined;
  readonly errorRenderers: Readonly<Record<string, ErrorRenderer>>;
  readonly errorMappers: readonly ErrorMapper[];
  readonly readiness: Readiness;
  /** Run each request in the request context (AsyncLocalStorage) from the start. */
  readonly requestContext: boolean;
}

/** The compiled request path of one app, plus the state shutdown and timeouts need. */
export interface RequestPipeline {
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void;
  /** Requests being answered. */
  readonly inFlight: InFlightRequests;
  /** From now on new requests get 503 + `Connection: close`; in-flight ones close their connection. */
  startClosing(): void;
  stop(): void;
  /** Runs the requests that arrive from now on in the request context. */
  enableRequestContext(): void;
}

/**
 * Compiles the request path: onRequest hooks (skipped when none), health endpoints, the
 * dispatcher (a clean 404 without one), and one error path for everything thrown.
 */
export function compilePipeline(parts: PipelineParts): RequestPipeline {
  const { config, hooks, dispatcher } = parts;
  let closing = false;
  const onRequest = hooks.onRequest;
  const logRequests = config.logger.requests ?? config.env === 'development';
  const health = createHealthEndpoints(config.health, parts.readiness);
  const nextId = createRequestIds(config.server.trustRequestId);
  const fail = createErrorHandler({
    onError: hooks.onError,
    errorRenderers: parts.errorRenderers,
    errorMappers: parts.errorMappers,
  });
  const scope = createScope(parts, fail);
  let enter = parts.requestContext ? enterContext : enterDirectly;
  if (!parts.requestContext) noteRequestContextOff();
  const inFlight = new InFlightRequests(config.server.handlerTimeout, (ctx) => {
    const error = new HttpError('ERR_HANDLER_TIMEOUT', {
      detail: `The request took longer than ${config.server.handlerTimeout} ms.`,
    });
    // Close the reply before aborting: abort listeners run synchronously and must not answer.
    ctx.reply.sent = true;
    ctx.cancel(error);
    enter(ctx, (c) => void fail(c, error));
  });

  function dispatch(ctx: RequestContext): void | Promise<void> {
    if (ctx.reply.sent) return;
    const answered = health?.(ctx);
    if (answered) return answered;
    if (!dispatcher)
      throw new HttpError('ERR_NOT_FOUND', { detail: `No route for ${ctx.method} ${ctx.path}.` });
    return dispatcher(ctx);
  }

  function execute(ctx: RequestContext): void {
    try {
      const pending = onRequest.length > 0 ? runHooks(onRequest, ctx) : undefined;
      const result = pending ? pending.then(() => dispatch(ctx)) : dispatch(ctx);
      if (isThenable(result)) result.then(undefined, (error: unknown) => fail(ctx, error));
    } catch (error) {
      void fail(ctx, error);
    }
  }

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const ctx = new RequestContext(nextId(req), req, res, scope);
    if (logRequests) logWhenFinished(ctx);
    if (closing) {
      ctx.reply.header('connection', 'close');
      const error = new HttpError('ERR_SHUTTING_DOWN', { detail: 'The server is shutting down.' });
      enter(ctx, (c) => void fail(c, error));
      return;
    }
    enter(ctx, execute);
    // Tracked until its response closes, unless it was answered synchronously and handed to the
    // socket whole (most requests: no map entry, no listener). An ended response may still be
    // flushing, and the drain must wait for that one. Added after the synchronous part, a request
    // keeps the arrival tick its handler timeout counts from.
    if (!res.writableFinished) inFlight.add(ctx);
  };

  return {
    handle,
    inFlight,
    startClosing: () => {
      closing = true;
      for (const ctx of inFlight.keys())
        if (!ctx.nodeResponse.headersSent) ctx.reply.header('connection', 'close');
    },
    stop: () => inFlight.stop(),
    enableRequestContext: () => {
      enter = enterContext;
    },
  };
}

/** Runs `fn(ctx)` with `ctx` as the current request context. */
function enterContext(ctx: RequestContext, fn: (ctx: RequestContext) => void): void {
  runInRequestContext(ctx, fn, ctx);
}

/**
 * Stands in for {@link enterContext} while the request context is off. A fixed arity on both:
 * a rest parameter would build an array on every request.
 */
function enterDirectly(ctx: RequestContext, fn: (ctx: RequestContext) => void): void {
  fn(ctx);
}

/** The app-wide part of every request context, built once. */
function createScope(
  parts: PipelineParts,
  fail: (ctx: RequestContext, error: unknown) => Promise<void>,
): RequestScope {
  return {
    logger: parts.logger,
    trustProxy: parts.config.server.trustProxy,
    debugErrors: parts.config.debugErrors,
    onSend: parts.hooks.onSend,
    onResponse: parts.hooks.onResponse,
    onSendFailure: (ctx, error) => {
      if (ctx.nodeResponse.headersSent) {
        ctx.log.error({ err: error }, 'reply failed after it was committed');
        ctx.nodeResponse.destroy();
      } else void fail(ctx, error);
    },
  };
}

function logWhenFinished(ctx: RequestContext): void {
  const start = process.hrtime.bigint();
  const res = ctx.nodeResponse;
  res.once('finish', () => {
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const { method, url } = ctx;
    const status = res.statusCode;
    ctx.log.info({ method, url, status, ms: Math.round(ms * 10) / 10 }, 'request completed');
  });
}

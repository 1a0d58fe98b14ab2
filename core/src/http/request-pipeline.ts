import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from '../errors/http-error';
import type { ResolvedConfig } from '../config/app-config';
import type { Readiness } from '../lifecycle/readiness';
import type { Dispatcher } from '../plugin/plugin';
import {
  errorFormat,
  toHttpError,
  toProblem,
  type ErrorMapper,
  type ErrorRenderer,
} from './error-responder';
import { isThenable, runHooks, type FrozenHooks } from './hooks';
import { RequestContext, runInRequestContext, type RequestScope } from './request-context';
import type { Logger } from 'pino';

/** Everything the pipeline needs, fixed at ready. */
export interface PipelineParts {
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  readonly hooks: FrozenHooks;
  readonly dispatcher: Dispatcher | undefined;
  readonly errorRenderers: Readonly<Record<string, ErrorRenderer>>;
  readonly errorMappers: readonly ErrorMapper[];
  readonly readiness: Readiness;
}

/** The compiled request path of one app, plus the state shutdown and timeouts need. */
export interface RequestPipeline {
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void;
  /** Requests dispatched but not yet answered. */
  readonly inFlight: ReadonlyMap<RequestContext, number>;
  startClosing(): void;
  stop(): void;
}

/**
 * Compiles the request path: onRequest hooks (skipped when none), health endpoints, the
 * dispatcher (a clean 404 without one), and one error path for everything thrown.
 */
export function compilePipeline(parts: PipelineParts): RequestPipeline {
  const { config, hooks, dispatcher, errorRenderers, errorMappers, readiness } = parts;
  const bootId = randomBytes(4).toString('hex');
  let counter = 0;
  let closing = false;
  let tick = 0;
  const inFlight = new Map<RequestContext, number>();
  const onRequest = hooks.onRequest;
  const onError = hooks.onError;
  const logRequests = config.logger.requests ?? config.env === 'development';
  const health = config.health.enabled ? config.health : undefined;
  const trustRequestId = config.server.trustRequestId;
  const handlerTimeout = config.server.handlerTimeout;

  const scope: RequestScope = {
    logger: parts.logger,
    trustProxy: config.server.trustProxy,
    isDevelopment: config.env === 'development',
    onSend: hooks.onSend,
    onResponse: hooks.onResponse,
    onSendFailure: (ctx, error) => {
      ctx.log.error({ err: error }, 'reply failed after it was committed');
      if (!ctx.res.headersSent) void fail(ctx, error);
      else ctx.res.destroy();
    },
  };

  const nextId = (req: IncomingMessage): string => {
    if (trustRequestId) {
      const given = req.headers['x-request-id'];
      if (typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given)) return given;
    }
    return `${bootId}-${(++counter).toString(36)}`;
  };

  async function fail(ctx: RequestContext, error: unknown): Promise<void> {
    const httpError = toHttpError(error, errorMappers);
    if (httpError.status >= 500)
      ctx.log.error({ err: error, url: ctx.url, route: ctx.route?.handler }, 'request failed');
    try {
      for (const hook of onError) await hook(ctx, error);
    } catch (hookError) {
      ctx.log.error({ err: hookError }, 'onError hook failed');
    }
    const res = ctx.res;
    if (res.headersSent || res.destroyed) return;
    const reply = ctx.reply;
    reply.sent = false;
    reply.statusCode = httpError.status;
    for (const name of res.getHeaderNames()) {
      if (
        name !== 'x-request-id' &&
        name !== 'vary' &&
        name !== 'connection' &&
        name !== 'set-cookie'
      )
        res.removeHeader(name);
    }
    if (httpError.headers)
      for (const [k, v] of Object.entries(httpError.headers)) res.setHeader(k, v);
    try {
      const format = errorFormat(ctx, errorRenderers);
      const rendered = await errorRenderers[format]!(toProblem(httpError, ctx, error), ctx);
      res.setHeader('content-type', rendered.type);
      await reply.send(rendered.body);
    } catch (renderError) {
      ctx.log.error({ err: renderError }, 'error responder failed');
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.end('Internal Server Error');
      }
    }
  }

  async function serveHealth(ctx: RequestContext, path: string): Promise<void> {
    if (path === health!.healthPath) {
      ctx.reply.json({ status: 'ok' });
      return;
    }
    const report = await readiness.run();
    ctx.reply.status(report.ready ? 200 : 503).header('cache-control', 'no-store');
    await ctx.reply.json({ status: report.ready ? 'ok' : 'unavailable', checks: report.checks });
  }

  function dispatch(ctx: RequestContext): void | Promise<void> {
    if (ctx.reply.sent) return;
    if (health && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
      const path = ctx.path;
      if (path === health.healthPath || path === health.readyPath) return serveHealth(ctx, path);
    }
    if (!dispatcher)
      throw new HttpError('ERR_NOT_FOUND', { detail: `No route for ${ctx.method} ${ctx.path}.` });
    return dispatcher(ctx);
  }

  function execute(ctx: RequestContext): void {
    try {
      const pending = onRequest.length > 0 ? runHooks(onRequest, ctx) : undefined;
      const result = pending ? pending.then(() => dispatch(ctx)) : dispatch(ctx);
      if (isThenable(result))
        (result as Promise<void>).then(undefined, (error: unknown) => fail(ctx, error));
    } catch (error) {
      void fail(ctx, error);
    }
  }

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const ctx = new RequestContext(nextId(req), req, res, scope);
    res.setHeader('x-request-id', ctx.id);
    if (logRequests) {
      const start = process.hrtime.bigint();
      res.once('finish', () => {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        ctx.log.info(
          {
            method: ctx.method,
            url: ctx.url,
            status: res.statusCode,
            ms: Math.round(ms * 10) / 10,
          },
          'request completed',
        );
      });
    }
    if (closing) {
      res.setHeader('connection', 'close');
      void runInRequestContext(ctx, () =>
        fail(ctx, new HttpError('ERR_SHUTTING_DOWN', { detail: 'The server is shutting down.' })),
      );
      return;
    }
    if (handlerTimeout > 0) {
      inFlight.set(ctx, tick);
      res.once('close', () => inFlight.delete(ctx));
    }
    runInRequestContext(ctx, () => execute(ctx));
  };

  let sweeper: NodeJS.Timeout | undefined;
  if (handlerTimeout > 0) {
    const period = Math.max(10, Math.min(1000, Math.floor(handlerTimeout / 10)));
    const limit = Math.ceil(handlerTimeout / period);
    sweeper = setInterval(() => {
      tick++;
      for (const [ctx, started] of inFlight) {
        if (tick - started < limit) break;
        inFlight.delete(ctx);
        if (ctx.res.headersSent || ctx.res.destroyed) continue;
        const error = new HttpError('ERR_HANDLER_TIMEOUT', {
          detail: `The request took longer than ${handlerTimeout} ms.`,
        });
        ctx.cancel(error);
        runInRequestContext(ctx, () => void fail(ctx, error));
      }
    }, period);
    sweeper.unref();
  }

  return {
    handle,
    inFlight,
    startClosing: () => {
      closing = true;
      for (const ctx of inFlight.keys())
        if (!ctx.res.headersSent) ctx.res.setHeader('connection', 'close');
    },
    stop: () => clearInterval(sweeper),
  };
}

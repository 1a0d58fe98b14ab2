import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { HttpError } from '../errors/http-error';
import type { ResolvedConfig } from '../config/app-config';
import type { Readiness } from '../lifecycle/readiness';
import type { Dispatcher } from '../plugin/plugin';
import { createErrorHandler } from './error-handler';
import type { ErrorMapper, ErrorRenderer } from './error-responder';
import { isThenable, runHooks, type FrozenHooks } from './hooks';
import { InFlightRequests } from './in-flight';
import { RequestContext, runInRequestContext, type RequestScope } from './request-context';

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
  /** Requests being answered. */
  readonly inFlight: InFlightRequests;
  /** From now on new requests get 503 + `Connection: close`; in-flight ones close their connection. */
  startClosing(): void;
  stop(): void;
}

/**
 * Compiles the request path: onRequest hooks (skipped when none), health endpoints, the
 * dispatcher (a clean 404 without one), and one error path for everything thrown.
 */
export function compilePipeline(parts: PipelineParts): RequestPipeline {
  const { config, hooks, dispatcher, readiness } = parts;
  const bootId = randomBytes(4).toString('hex');
  let counter = 0;
  let closing = false;
  const onRequest = hooks.onRequest;
  const logRequests = config.logger.requests ?? config.env === 'development';
  const health = config.health.enabled ? config.health : undefined;
  const trustRequestId = config.server.trustRequestId;
  const handlerTimeout = config.server.handlerTimeout;
  const fail = createErrorHandler({
    onError: hooks.onError,
    errorRenderers: parts.errorRenderers,
    errorMappers: parts.errorMappers,
  });

  const scope: RequestScope = {
    logger: parts.logger,
    trustProxy: config.server.trustProxy,
    isDevelopment: config.env === 'development',
    onSend: hooks.onSend,
    onResponse: hooks.onResponse,
    onSendFailure: (ctx, error) => {
      if (ctx.res.headersSent) {
        ctx.log.error({ err: error }, 'reply failed after it was committed');
        ctx.res.destroy();
      } else void fail(ctx, error);
    },
  };

  const inFlight = new InFlightRequests(handlerTimeout, (ctx) => {
    const error = new HttpError('ERR_HANDLER_TIMEOUT', {
      detail: `The request took longer than ${handlerTimeout} ms.`,
    });
    // Close the reply before aborting: abort listeners run synchronously and must not answer.
    ctx.reply.sent = true;
    ctx.cancel(error);
    void runInRequestContext(ctx, () => fail(ctx, error));
  });

  const nextId = (req: IncomingMessage): string => {
    if (trustRequestId) {
      const given = req.headers['x-request-id'];
      if (typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given)) return given;
    }
    return `${bootId}-${(++counter).toString(36)}`;
  };

  async function serveHealth(ctx: RequestContext, path: string): Promise<void> {
    ctx.reply.header('cache-control', 'no-store');
    if (path === health!.healthPath) return ctx.reply.json({ status: 'ok' });
    const report = await readiness.run();
    ctx.reply.status(report.ready ? 200 : 503);
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
      if (isThenable(result)) result.then(undefined, (error: unknown) => fail(ctx, error));
    } catch (error) {
      void fail(ctx, error);
    }
  }

  function logWhenFinished(ctx: RequestContext): void {
    const start = process.hrtime.bigint();
    ctx.res.once('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      ctx.log.info(
        {
          method: ctx.method,
          url: ctx.url,
          status: ctx.res.statusCode,
          ms: Math.round(ms * 10) / 10,
        },
        'request completed',
      );
    });
  }

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const ctx = new RequestContext(nextId(req), req, res, scope);
    res.setHeader('x-request-id', ctx.id);
    if (logRequests) logWhenFinished(ctx);
    if (closing) {
      res.setHeader('connection', 'close');
      void runInRequestContext(ctx, () =>
        fail(ctx, new HttpError('ERR_SHUTTING_DOWN', { detail: 'The server is shutting down.' })),
      );
      return;
    }
    inFlight.add(ctx);
    runInRequestContext(ctx, () => execute(ctx));
  };

  return {
    handle,
    inFlight,
    startClosing: () => {
      closing = true;
      for (const ctx of inFlight.keys())
        if (!ctx.res.headersSent) ctx.res.setHeader('connection', 'close');
    },
    stop: () => inFlight.stop(),
  };
}

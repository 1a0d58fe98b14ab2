import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { NEEDS_DECODING, parseQuery, queryValue } from './query-string';
import { Reply, type ReplyPipeline } from './reply';
import { createToken } from '../container/tokens';
import { PithError } from '../errors/http-error';

/** What the dispatcher tells the rest of the pipeline about the matched route. */
export interface RouteInfo {
  readonly method: string;
  readonly path: string;
  /** `Controller.method`, for logs and errors. */
  readonly handler: string;
}

/** App-wide values every request context reads; one object per app, built at ready. */
export interface RequestScope extends ReplyPipeline {
  readonly logger: Logger;
  readonly trustProxy: boolean;
  /** `config.debugErrors`: server errors carry their message and stack. */
  readonly debugErrors: boolean;
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze(
  Object.create(null) as Record<string, string>,
);

/**
 * Everything about one request: the raw request, the reply, the route's params, the parsed body
 * and per-request state. Reachable anywhere in the request through {@link currentRequest}.
 */
export class RequestContext {
  readonly reply: Reply;
  readonly method: string;
  readonly url: string;
  /** Route parameters, set by the dispatcher. */
  params: Record<string, string> = EMPTY;
  /** The parsed body, set by the dispatcher when the route takes one. */
  body: unknown = undefined;
  /** The matched route, set by the dispatcher. */
  route: RouteInfo | undefined = undefined;
  /** The negotiated representation (`json`, `html`, `xml`, …); errors answer in it too. */
  format: string | undefined = undefined;
  /** Set while the error path answers this request, so a failing error page cannot loop. */
  isFailing = false;
  /** @internal The in-flight sweep tick the request arrived at; -1 once it timed out. */
  arrivalTick = 0;

  private pathCache: string | undefined = undefined;
  private queryCache: Record<string, string | string[]> | undefined = undefined;
  private stateCache: Record<string | symbol, unknown> | undefined = undefined;
  private logCache: Logger | undefined = undefined;
  private abort: AbortController | undefined = undefined;

  constructor(
    readonly id: string,
    readonly req: IncomingMessage,
    /** @internal The Node response, read without moving the reply's held headers onto it. */
    readonly nodeResponse: ServerResponse,
    readonly scope: RequestScope,
  ) {
    this.method = req.method ?? 'GET';
    this.url = req.url ?? '/';
    this.reply = new Reply(this, nodeResponse, scope, id);
  }

  /** The Node response (the same as `reply.raw`: the reply's headers move onto it). */
  get res(): ServerResponse {
    return this.reply.raw;
  }

  /** The path part of the URL, still percent-encoded. */
  get path(): string {
    if (this.pathCache === undefined) {
      const q = this.url.indexOf('?');
      this.pathCache = q === -1 ? this.url : this.url.slice(0, q);
    }
    return this.pathCache;
  }

  /** The raw query string without `?`. */
  get querystring(): string {
    const q = this.url.indexOf('?');
    return q === -1 ? '' : this.url.slice(q + 1);
  }

  /**
   * The query as a null-prototype object with flat `URLSearchParams` semantics: a repeated key
   * becomes an array, nothing is nested.
   */
  get query(): Record<string, string | string[]> {
    return (this.queryCache ??= parseQuery(this.querystring));
  }

  /**
   * One query parameter, the same as `query[name]`; a query with nothing to decode is scanned for
   * it without building the query object.
   */
  queryParam(name: string): string | string[] | undefined {
    if (this.queryCache === undefined) {
      const q = this.url.indexOf('?');
      if (q === -1) return undefined;
      const value = queryValue(this.url, q + 1, name);
      if (value !== NEEDS_DECODING) return value;
    }
    return this.query[name];
  }

  /** Per-request state that hooks and handlers share (null prototype). */
  get state(): Record<string | symbol, unknown> {
    return (this.stateCache ??= Object.create(null) as Record<string | symbol, unknown>);
  }

  /** A child logger carrying the request id. */
  get log(): Logger {
    return (this.logCache ??= this.scope.logger.child({ reqId: this.id }));
  }

  /** Aborted when the client goes away or the handler timeout passes. */
  get signal(): AbortSignal {
    if (!this.abort) {
      const controller = new AbortController();
      this.abort = controller;
      const onClose = (): void => {
        if (!this.nodeResponse.writableEnded)
          controller.abort(new Error('client closed the connection'));
      };
      this.nodeResponse.once('close', onClose);
    }
    return this.abort.signal;
  }

  /** Aborts the request's signal (used by the handler timeout). */
  cancel(reason: Error): void {
    if (this.abort) this.abort.abort(reason);
    else {
      this.abort = new AbortController();
      this.abort.abort(reason);
    }
  }

  /** A request header, lower-case name. */
  header(name: string): string | undefined {
    const value = this.req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  /** The client address; `X-Forwarded-For` counts only when `server.trustProxy` is on. */
  get ip(): string {
    if (this.scope.trustProxy) {
      const forwarded = this.req.headers['x-forwarded-for'];
      const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
      if (first) return first;
    }
    return this.req.socket.remoteAddress ?? '';
  }

  /** `https` when the socket is TLS, or a trusted proxy says so. */
  get protocol(): 'http' | 'https' {
    if ((this.req.socket as { encrypted?: boolean }).encrypted) return 'https';
    if (this.scope.trustProxy) {
      const proto = this.header('x-forwarded-proto')?.split(',')[0]?.trim();
      if (proto === 'https') return 'https';
    }
    return 'http';
  }
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn(...args)` with `ctx` as the current request context. */
export function runInRequestContext<A extends unknown[], R>(
  ctx: RequestContext,
  fn: (...args: A) => R,
  ...args: A
): R {
  return storage.run(ctx, fn, ...args);
}

/**
 * The context of the request being handled, or undefined outside a request (and everywhere in
 * an app whose request context is off: `server.requestContext: false`, or `"auto"` with nothing
 * that asked for it; inject {@link REQUEST_CONTEXT} instead, which turns it on).
 */
export function currentRequest(): RequestContext | undefined {
  const ctx = storage.getStore();
  if (ctx === undefined && contextOffWarning) warnContextOff();
  return ctx;
}

/** Set once an app in this process serves requests with its request context off. */
let contextOffWarning = false;

/** Called by a pipeline compiled with the request context off: arms a one-time warning. */
export function noteRequestContextOff(): void {
  contextOffWarning = true;
}

function warnContextOff(): void {
  contextOffWarning = false;
  process.emitWarning(
    'currentRequest() returned undefined while an app runs with its request context off ' +
      '(server.requestContext false, or "auto" with nothing asking for it). If this call is in a ' +
      'request: inject REQUEST_CONTEXT, call ctx.requireRequestContext() in your plugin, or set ' +
      'server.requestContext: true.',
    { code: 'PITH_REQUEST_CONTEXT_OFF' },
  );
}

/** What {@link REQUEST_CONTEXT} resolves to: the request being handled, from anywhere in it. */
export interface RequestContextAccessor {
  /** The request being handled, or undefined outside a request. */
  current(): RequestContext | undefined;
  /** The request being handled; `ERR_NO_REQUEST_CONTEXT` outside a request. */
  get(): RequestContext;
}

export const requestContextAccessor: RequestContextAccessor = Object.freeze({
  current: currentRequest,
  get(): RequestContext {
    const ctx = storage.getStore();
    if (ctx) return ctx;
    throw new PithError(
      'ERR_NO_REQUEST_CONTEXT',
      'no request is being handled here: the request context exists only while a request runs (from its hooks, handler and what they await)',
    );
  },
});

/**
 * The request context accessor in DI. Resolving it turns the request context on in an app
 * with `server.requestContext: "auto"` (the default), and fails the resolution when it is
 * `false`.
 *
 * @example
 * @injectable()
 * class Audit {
 *   constructor(@inject(REQUEST_CONTEXT) private readonly request: RequestContextAccessor) {}
 *   record(action: string) { log(action, this.request.get().id); }
 * }
 */
export const REQUEST_CONTEXT = createToken<RequestContextAccessor>('pith:request-context');

import {
  ServerResponse,
  validateHeaderName,
  validateHeaderValue,
  type OutgoingHttpHeader,
} from 'node:http';
import { Readable } from 'node:stream';
import { runHooks, type RequestHook } from './hooks';
import type { RequestContext } from './request-context';

/** The app-wide parts of sending a reply, fixed at ready. */
export interface ReplyPipeline {
  readonly onSend: readonly RequestHook[];
  readonly onResponse: readonly RequestHook[];
  /** Called when an `onSend` hook or a stream fails after the reply was committed. */
  readonly onSendFailure: (ctx: RequestContext, error: unknown) => void;
}

/** A reply body: text, bytes, a stream, nothing, or a value to serialize as JSON. */
export type Payload = string | Buffer | Uint8Array | Readable | null | undefined;

const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';
const BINARY_TYPE = 'application/octet-stream';

/**
 * The last string value that passed Node's header checks, per header name as given: a header an
 * app sets to the same value on every request (`Server`, a content type) is checked once, not
 * twice a request (Node checks again when it writes the head). Bounded by distinct names.
 */
const CHECKED = new Map<string, { lower: string; value: string }>();
const CHECKED_MAX = 256;

/**
 * Builds and sends the response; `send` runs the `onSend` hooks, then writes once.
 *
 * The headers are held by the reply and written with the status in one `writeHead` (Node's
 * `setHeader` validates, lower-cases and stores every call). Reading {@link Reply.raw} (or
 * `ctx.res`) before the response is written moves them onto the Node response, and from then
 * on the reply works through it: code using the raw response sees and changes the same headers.
 * Once written, only the reply's `getHeader` still knows the headers it wrote.
 */
export class Reply {
  statusCode = 200;
  /** Set once `send` was called: hooks after it are skipped. */
  sent = false;
  /** The serialized body; `onSend` hooks may replace it. */
  payload: Payload = undefined;
  /** `[lower-case name, value, …]` as `writeHead` takes them; null once moved onto the response. */
  private held: Array<string | OutgoingHttpHeader> | null;

  constructor(
    private readonly ctx: RequestContext,
    private readonly res: ServerResponse,
    private readonly pipeline: ReplyPipeline,
    requestId: string,
  ) {
    // A response of another class (light-my-request's) reads its headers back with getHeaders().
    // `constructor` is a plain property load; Object.getPrototypeOf was a runtime call per request.
    this.held = res.constructor === ServerResponse ? ['x-request-id', requestId] : null;
    if (this.held === null) res.setHeader('x-request-id', requestId);
  }

  /** The Node response; the held headers move onto it while it is still unwritten. */
  get raw(): ServerResponse {
    if (this.held !== null && !this.res.headersSent) this.release();
    return this.res;
  }

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  header(name: string, value: OutgoingHttpHeader): this {
    if (this.held === null || this.res.headersSent) {
      this.res.setHeader(name, value);
      return this;
    }
    const known = CHECKED.get(name);
    if (known !== undefined && known.value === value) {
      this.put(known.lower, value);
      return this;
    }
    validateHeaderName(name);
    validateHeaderValue(name, value as string);
    const lower = name.toLowerCase();
    if (typeof value === 'string') {
      if (known !== undefined) known.value = value;
      else if (CHECKED.size < CHECKED_MAX) CHECKED.set(name, { lower, value });
    }
    this.put(lower, value);
    return this;
  }

  getHeader(name: string): OutgoingHttpHeader | undefined {
    if (this.held === null) return this.res.getHeader(name);
    const i = this.find(name.toLowerCase());
    return i === -1 ? undefined : this.held[i + 1];
  }

  hasHeader(name: string): boolean {
    return this.getHeader(name) !== undefined;
  }

  /** The lower-case names of the headers set so far. */
  getHeaderNames(): string[] {
    const held = this.held;
    if (held === null) return this.res.getHeaderNames();
    const names: string[] = [];
    for (let i = 0; i < held.length; i += 2) names.push(held[i] as string);
    return names;
  }

  removeHeader(name: string): this {
    if (this.held === null || this.res.headersSent) {
      this.res.removeHeader(name);
      return this;
    }
    const i = this.find(name.toLowerCase());
    if (i !== -1) this.held.splice(i, 2);
    return this;
  }

  /** Appends a value to a header that may repeat (`Vary`, `Set-Cookie`). */
  appendHeader(name: string, value: string): this {
    const prev = this.getHeader(name);
    if (prev === undefined) this.header(name, value);
    else if (name.toLowerCase() === 'vary') {
      const list = String(prev)
        .split(',')
        .map((v) => v.trim().toLowerCase());
      if (!list.includes(value.toLowerCase())) this.header(name, `${String(prev)}, ${value}`);
    } else this.header(name, [...(Array.isArray(prev) ? prev : [String(prev)]), value]);
    return this;
  }

  type(contentType: string): this {
    return this.header('content-type', contentType);
  }

  /** Sends `value` serialized as JSON. */
  json(value: unknown): void | Promise<void> {
    this.setDefault('content-type', JSON_TYPE);
    return this.send(JSON.stringify(value) ?? 'null');
  }

  /** Redirects with 302 (or the status given) to `location`. */
  redirect(location: string, status = 302): void | Promise<void> {
    this.statusCode = status;
    this.header('location', location);
    return this.send(undefined);
  }

  /**
   * Commits the reply: strings default to text/plain, bytes to octet-stream, plain objects are
   * sent as JSON; then the `onSend` hooks run and the body is written once.
   */
  send(body?: unknown): void | Promise<void> {
    if (this.sent) {
      this.ctx.log.warn({ url: this.ctx.url }, 'reply already sent; second send ignored');
      return;
    }
    this.sent = true;
    this.payload = this.serialize(body);
    const hooks = this.pipeline.onSend;
    if (hooks.length === 0) return this.write();
    const pending = runHooks(hooks, this.ctx, true);
    // The caller may not await send(): a failing async onSend hook must reach the error path,
    // not become an unhandled rejection.
    if (pending)
      return pending.then(
        () => this.write(),
        (error: unknown) => this.pipeline.onSendFailure(this.ctx, error),
      );
    this.write();
  }

  private serialize(body: unknown): Payload {
    if (body === undefined || body === null) return body;
    if (typeof body === 'string') {
      this.setDefault('content-type', TEXT_TYPE);
      return body;
    }
    if (body instanceof Readable) return body;
    if (body instanceof Uint8Array) {
      this.setDefault('content-type', BINARY_TYPE);
      return body;
    }
    this.setDefault('content-type', JSON_TYPE);
    return JSON.stringify(body);
  }

  private write(): void {
    const res = this.res;
    if (res.headersSent || res.destroyed) return;
    if (this.pipeline.onResponse.length > 0) {
      const ctx = this.ctx;
      const hooks = this.pipeline.onResponse;
      res.once('finish', () => {
        Promise.resolve(runHooks(hooks, ctx, true)).catch((error: unknown) => {
          ctx.log.error({ err: error }, 'onResponse hook failed');
        });
      });
    }
    const payload = this.payload;
    // HEAD answers with the GET's headers and no body, whatever server carries the response.
    const isHead = this.ctx.method === 'HEAD';
    if (payload instanceof Readable) {
      // Streamed: the headers go out with the first chunk, so a stream failing before it still
      // gets an error page.
      res.statusCode = this.statusCode;
      if (this.held !== null) this.release();
      if (isHead) {
        payload.destroy();
        res.end();
        return;
      }
      payload.once('error', (error) => this.pipeline.onSendFailure(this.ctx, error));
      payload.pipe(res);
      return;
    }
    if (typeof payload === 'string') this.setOwn('content-length', Buffer.byteLength(payload));
    else if (payload !== undefined && payload !== null)
      this.setOwn('content-length', payload.byteLength);
    else if (this.statusCode !== 204 && this.statusCode !== 304) this.setOwn('content-length', '0');
    if (this.held === null) res.statusCode = this.statusCode;
    else res.writeHead(this.statusCode, this.held);
    if (isHead || payload === undefined || payload === null) res.end();
    else res.end(payload);
  }

  /** Sets a header the kernel knows to be valid, unless one is set already. */
  private setDefault(name: string, value: string): void {
    if (this.held === null) {
      if (!this.res.hasHeader(name)) this.res.setHeader(name, value);
    } else if (this.find(name) === -1) this.held.push(name, value);
  }

  /** Sets a header the kernel knows to be valid. */
  private setOwn(name: string, value: number | string): void {
    if (this.held === null) this.res.setHeader(name, value);
    else this.put(name, value);
  }

  private put(name: string, value: OutgoingHttpHeader): void {
    const held = this.held!;
    const i = this.find(name);
    if (i === -1) held.push(name, value);
    else held[i + 1] = value;
  }

  private find(name: string): number {
    const held = this.held!;
    for (let i = 0; i < held.length; i += 2) if (held[i] === name) return i;
    return -1;
  }

  private release(): void {
    const held = this.held!;
    this.held = null;
    for (let i = 0; i < held.length; i += 2) this.res.setHeader(held[i] as string, held[i + 1]);
  }
}

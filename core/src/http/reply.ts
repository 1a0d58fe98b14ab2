import type { OutgoingHttpHeader, ServerResponse } from 'node:http';
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
 * Builds and sends the response. Headers go straight onto the Node response; `send` runs the
 * `onSend` hooks, then writes once.
 */
export class Reply {
  statusCode = 200;
  /** Set once `send` was called: hooks after it are skipped. */
  sent = false;
  /** The serialized body; `onSend` hooks may replace it. */
  payload: Payload = undefined;

  constructor(
    private readonly ctx: RequestContext,
    readonly raw: ServerResponse,
    private readonly pipeline: ReplyPipeline,
  ) {}

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  header(name: string, value: OutgoingHttpHeader): this {
    this.raw.setHeader(name, value);
    return this;
  }

  getHeader(name: string): OutgoingHttpHeader | undefined {
    return this.raw.getHeader(name);
  }

  hasHeader(name: string): boolean {
    return this.raw.hasHeader(name);
  }

  removeHeader(name: string): this {
    this.raw.removeHeader(name);
    return this;
  }

  /** Appends a value to a header that may repeat (`Vary`, `Set-Cookie`). */
  appendHeader(name: string, value: string): this {
    const prev = this.raw.getHeader(name);
    if (prev === undefined) this.raw.setHeader(name, value);
    else if (name.toLowerCase() === 'vary') {
      const list = String(prev)
        .split(',')
        .map((v) => v.trim().toLowerCase());
      if (!list.includes(value.toLowerCase()))
        this.raw.setHeader(name, `${String(prev)}, ${value}`);
    } else this.raw.setHeader(name, [...(Array.isArray(prev) ? prev : [String(prev)]), value]);
    return this;
  }

  type(contentType: string): this {
    this.raw.setHeader('content-type', contentType);
    return this;
  }

  /** Sends `value` serialized as JSON. */
  json(value: unknown): void | Promise<void> {
    if (!this.raw.hasHeader('content-type')) this.raw.setHeader('content-type', JSON_TYPE);
    return this.send(JSON.stringify(value) ?? 'null');
  }

  /** Redirects with 302 (or the status given) to `location`. */
  redirect(location: string, status = 302): void | Promise<void> {
    this.statusCode = status;
    this.raw.setHeader('location', location);
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
      if (!this.raw.hasHeader('content-type')) this.raw.setHeader('content-type', TEXT_TYPE);
      return body;
    }
    if (body instanceof Readable) return body;
    if (body instanceof Uint8Array) {
      if (!this.raw.hasHeader('content-type')) this.raw.setHeader('content-type', BINARY_TYPE);
      return body;
    }
    if (!this.raw.hasHeader('content-type')) this.raw.setHeader('content-type', JSON_TYPE);
    return JSON.stringify(body);
  }

  private write(): void {
    const res = this.raw;
    if (res.headersSent || res.destroyed) return;
    res.statusCode = this.statusCode;
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
    if (typeof payload === 'string') {
      res.setHeader('content-length', Buffer.byteLength(payload));
      if (isHead) res.end();
      else res.end(payload);
      return;
    }
    if (payload instanceof Readable) {
      if (isHead) {
        payload.destroy();
        res.end();
        return;
      }
      payload.once('error', (error) => this.pipeline.onSendFailure(this.ctx, error));
      payload.pipe(res);
      return;
    }
    if (payload === undefined || payload === null) {
      if (this.statusCode !== 204 && this.statusCode !== 304) res.setHeader('content-length', '0');
      res.end();
      return;
    }
    res.setHeader('content-length', payload.byteLength);
    if (isHead) res.end();
    else res.end(payload);
  }
}

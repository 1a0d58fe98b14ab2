import { HttpError, isHttpError, type FieldError } from '../errors/http-error';
import { negotiate } from './media-type';
import type { RequestContext } from './request-context';

/** The problem document every error format renders (RFC 9457 members plus Pith's). */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly requestId: string;
  readonly errors?: readonly FieldError[];
  /** Only with `debugErrors`, only on 5xx: the message and stack of the original error. */
  readonly debug?: { readonly message: string; readonly stack?: string };
  readonly [extension: string]: unknown;
}

/** Renders a problem in one format; returns the body and its content type. */
export type ErrorRenderer = (
  problem: Problem,
  ctx: RequestContext,
) => { body: string; type: string } | Promise<{ body: string; type: string }>;

/** Maps a foreign error (a driver's, a library's) to an HttpError, or leaves it (undefined). */
export type ErrorMapper = (error: unknown) => HttpError | undefined;

const GENERIC_5XX = 'The server could not complete the request.';

/** Builds the client-safe problem for an error: 4xx say what was wrong, 5xx say nothing. */
export function toProblem(error: HttpError, ctx: RequestContext, original: unknown): Problem {
  const debug = ctx.scope.debugErrors;
  const showDetail = error.isClientError;
  const problem: Record<string, unknown> = {
    type: 'about:blank',
    title: error.title,
    status: error.status,
    detail: showDetail ? (error.detail ?? error.title) : GENERIC_5XX,
    code: error.status >= 500 && !debug && !isHttpError(original) ? 'ERR_INTERNAL' : error.code,
    requestId: ctx.id,
  };
  if (showDetail && error.errors) problem.errors = error.errors;
  if (showDetail && error.extensions) {
    for (const [k, v] of Object.entries(error.extensions)) if (!(k in problem)) problem[k] = v;
  }
  // A client error's stack is the framework's own throw site: it tells the client nothing.
  if (debug && !showDetail && original instanceof Error) {
    problem.debug = { message: original.message, stack: original.stack };
  }
  return problem as unknown as Problem;
}

/** Wraps anything thrown into an HttpError; unknown errors become a 500. */
export function toHttpError(error: unknown, mappers: readonly ErrorMapper[]): HttpError {
  if (isHttpError(error)) return error;
  for (const map of mappers) {
    const mapped = map(error);
    if (mapped) return mapped;
  }
  return new HttpError('ERR_INTERNAL', { cause: error });
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Escapes text for HTML and XML element content and attribute values. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** The built-in renderers; the views plugin may replace `html`. */
export const defaultErrorRenderers: Readonly<Record<string, ErrorRenderer>> = {
  json: (p) => ({ body: JSON.stringify(p), type: 'application/problem+json; charset=utf-8' }),
  xml: (p) => ({ body: problemToXml(p), type: 'application/problem+xml; charset=utf-8' }),
  html: (p) => ({ body: problemToHtml(p), type: 'text/html; charset=utf-8' }),
  text: (p) => ({
    body: `${p.status} ${p.title}\n${p.detail}\n`,
    type: 'text/plain; charset=utf-8',
  }),
};

function problemToHtml(p: Problem): string {
  const errors = p.errors?.length
    ? `<ul>${p.errors.map((e) => `<li><strong>${escapeMarkup(e.field)}</strong>: ${escapeMarkup(e.message)}</li>`).join('')}</ul>`
    : '';
  const debug = p.debug ? `<pre>${escapeMarkup(p.debug.stack ?? p.debug.message)}</pre>` : '';
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${p.status} ${escapeMarkup(p.title)}</title></head>` +
    `<body><h1>${p.status} ${escapeMarkup(p.title)}</h1><p>${escapeMarkup(p.detail)}</p>${errors}` +
    `<p><small>Request id: ${escapeMarkup(p.requestId)}</small></p>${debug}</body></html>`
  );
}

function problemToXml(p: Problem): string {
  const errors = p.errors?.length
    ? `<errors>${p.errors.map((e) => `<error field="${escapeMarkup(e.field)}">${escapeMarkup(e.message)}</error>`).join('')}</errors>`
    : '';
  return (
    `<?xml version="1.0" encoding="UTF-8"?><problem xmlns="urn:ietf:rfc:7807">` +
    `<type>${escapeMarkup(p.type)}</type><title>${escapeMarkup(p.title)}</title><status>${p.status}</status>` +
    `<detail>${escapeMarkup(p.detail)}</detail><code>${escapeMarkup(p.code)}</code>` +
    `<requestId>${escapeMarkup(p.requestId)}</requestId>${errors}</problem>`
  );
}

const ERROR_OFFERS = [
  'application/json',
  'application/problem+json',
  'text/html',
  'application/xml',
  'application/problem+xml',
  'text/plain',
];
const OFFER_FORMAT: Record<string, string> = {
  'application/json': 'json',
  'application/problem+json': 'json',
  'text/html': 'html',
  'application/xml': 'xml',
  'application/problem+xml': 'xml',
  'text/plain': 'text',
};

/** The format an error answers in: the route's negotiated one, else the client's `Accept`. */
export function errorFormat(
  ctx: RequestContext,
  renderers: Readonly<Record<string, ErrorRenderer>>,
): string {
  if (ctx.format && renderers[ctx.format]) return ctx.format;
  const offer = negotiate(ctx.req.headers.accept, ERROR_OFFERS);
  return offer ? (OFFER_FORMAT[offer] ?? 'json') : 'json';
}

import { randomBytes } from 'node:crypto';
import type { RandomPool } from './random-pool';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import { PithError, type RequestContext, type RequestHook } from '@pith/core';
import { SECURITY_STATE } from './security-state';

const NONCE_SENTINEL = 'PITH-NONCE-SENTINEL';
const NONCE_SOURCE = `'nonce-${NONCE_SENTINEL}'`;

/** The response headers fixed at boot from helmet's config: one list per protocol. */
export interface HeaderSet {
  readonly http: ReadonlyArray<readonly [string, string]>;
  readonly https: ReadonlyArray<readonly [string, string]>;
  /** The CSP header name and its value split around the nonce, when CSP is on. */
  readonly csp:
    | {
        readonly name: string;
        readonly before: string;
        readonly after: string;
        readonly plain: string;
      }
    | undefined;
  readonly remove: readonly string[];
}

type Directives = Record<string, unknown>;

function withNonce(options: HelmetOptions): HelmetOptions {
  const csp = options.contentSecurityPolicy;
  if (csp === false) return options;
  const given = (typeof csp === 'object' ? csp : {}) as {
    directives?: Directives;
    useDefaults?: boolean;
  };
  const directives: Directives = { ...given.directives };
  for (const [name, value] of Object.entries(directives)) {
    if (Array.isArray(value) && value.some((v) => typeof v === 'function'))
      throw new PithError(
        'ERR_CONFIG_INVALID',
        `plugins.security.headers.contentSecurityPolicy.directives.${name} holds a function; headers are computed once at boot, use the per-request nonce (cspNonce) instead`,
      );
  }
  const defaults = helmet.contentSecurityPolicy.getDefaultDirectives() as Directives;
  const scriptSrc = (directives['script-src'] ??
    directives.scriptSrc ??
    (given.useDefaults === false ? undefined : defaults['script-src'])) as string[] | undefined;
  if (scriptSrc) {
    delete directives.scriptSrc;
    directives['script-src'] = [...scriptSrc, () => NONCE_SOURCE];
  }
  return {
    ...options,
    contentSecurityPolicy: { ...given, directives } as HelmetOptions['contentSecurityPolicy'],
  };
}

/**
 * Runs helmet once at boot against a recording response and keeps what it set, so each request
 * only copies a fixed list (helmet's own middleware re-serializes its config on every call).
 */
export function computeHeaderSet(options: HelmetOptions): HeaderSet {
  const set: Array<[string, string]> = [];
  const remove: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string) => void set.push([name.toLowerCase(), String(value)]),
    removeHeader: (name: string) => void remove.push(name.toLowerCase()),
  };
  let failure: unknown;
  helmet(withNonce(options))(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      failure = error;
    },
  );
  if (failure)
    throw new PithError(
      'ERR_CONFIG_INVALID',
      `plugins.security.headers is not a valid helmet config: ${(failure as Error).message}`,
      { cause: failure },
    );
  let csp: HeaderSet['csp'];
  const rest: Array<[string, string]> = [];
  for (const [name, value] of set) {
    if (name === 'content-security-policy' || name === 'content-security-policy-report-only') {
      const at = value.indexOf(NONCE_SOURCE);
      const plain = at === -1 ? value : value.replace(` ${NONCE_SOURCE}`, '');
      csp =
        at === -1
          ? { name, before: value, after: '', plain }
          : {
              name,
              before: value.slice(0, at) + "'nonce-",
              after: "'" + value.slice(at + NONCE_SOURCE.length),
              plain,
            };
    } else rest.push([name, value]);
  }
  return {
    https: rest,
    http: rest.filter(([name]) => name !== 'strict-transport-security'),
    csp,
    remove,
  };
}

/**
 * The set for the kernel's answers to requests Node's parser refused (400/408/431): no request
 * exists to tell HTTPS from HTTP, so no HSTS; the CSP without a nonce.
 */
export function clientErrorHeaders(headers: HeaderSet): Record<string, string> {
  const out: Record<string, string> = Object.fromEntries(headers.http);
  if (headers.csp) out[headers.csp.name] = headers.csp.plain;
  return out;
}

/** The per-request CSP nonce (base64, 128 bits), made on first use; views put it on `<script nonce>`. */
export function cspNonce(ctx: RequestContext): string {
  const state = ctx.state;
  let nonce = state[SECURITY_STATE.nonce] as string | undefined;
  if (nonce === undefined) {
    // The service the plugin puts in every request's state owns the app's pool.
    const random = (state[SECURITY_STATE.service] as { random?: RandomPool } | undefined)?.random;
    nonce = random ? random.string(16, 'base64') : randomBytes(16).toString('base64');
    state[SECURITY_STATE.nonce] = nonce;
  }
  return nonce;
}

/**
 * The onSend hook that sets the boot-computed headers on every response, errors included (the
 * kernel's error path re-runs onSend). HSTS only over HTTPS: over plain HTTP browsers ignore it
 * and a proxy-less dev server must stay reachable.
 *
 * Through `ctx.reply`, never `ctx.res`: the reply holds its headers and writes them with the
 * status in one `writeHead`, while reading `ctx.res` moves them onto the Node response, where
 * every `setHeader` stores them again (about 6 µs a request for these eleven in a bare
 * node:http measurement, bench/micro-full/README.md).
 */
export function createHeadersHook(headers: HeaderSet): RequestHook {
  const { http, https, csp, remove } = headers;
  return (ctx) => {
    const reply = ctx.reply;
    const list = ctx.protocol === 'https' ? https : http;
    for (let i = 0; i < list.length; i++) reply.header(list[i][0], list[i][1]);
    for (let i = 0; i < remove.length; i++) reply.removeHeader(remove[i]);
    if (csp) {
      const nonce = ctx.state[SECURITY_STATE.nonce] as string | undefined;
      reply.header(csp.name, nonce === undefined ? csp.plain : csp.before + nonce + csp.after);
    }
  };
}

import { HttpError, PithError, type RequestContext, type RouteInfo } from '@pith/core';
import FindMyWay from 'find-my-way';
import type { RouteDefinition } from '../router-extensions';
import type { Representation, RepresentationSet } from '../pipeline/representations';
import type { RouteRunner } from '../pipeline/route-compiler';
import { checkPathSafety, PATH_NEEDS_CHECK, queryStart, scanPath } from './path-safety';

/** A compiled route as the table stores it. */
export interface TableEntry {
  readonly definition: RouteDefinition;
  readonly info: RouteInfo;
  readonly run: RouteRunner;
  readonly representations: RepresentationSet;
}

/** Matcher settings taken from the router options. */
export interface RouteTableOptions {
  readonly maxParamLength: number;
  readonly ignoreTrailingSlash: boolean;
}

const NO_QUERY = Object.freeze({});
/** A path find-my-way would match only literally: no parameter, wildcard, regex or escape. */
const LITERAL_PATH = /^[^:*(%]*$/;
/** What `find` returns: find-my-way's result, or a literal route's own. */
type Found = Pick<FindMyWay.FindResult<FindMyWay.HTTPVersion.V1>, 'handler' | 'params' | 'store'>;
/** A representation's path suffix: `.xml`, `.json`, `.v2-json`. */
const SUFFIX = /^\.[\w-]+$/;
/** What `@All` covers. */
const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function noop(): undefined {
  return undefined;
}

/** Up to this many literal routes per method are compared in turn, more are looked up by hash. */
const SCAN_LIMIT = 8;

/**
 * The literal routes of one method. A short list is compared in turn against the path part of
 * the URL (a length check, then the characters), which needs neither a hash of the URL string
 * (a new string for every request) nor a copy of its path; a longer one goes through a `Map`.
 */
class LiteralRoutes {
  private readonly paths: string[] = [];
  private readonly entries: TableEntry[] = [];
  private readonly byPath = new Map<string, TableEntry>();

  set(path: string, entry: TableEntry): void {
    const i = this.paths.indexOf(path);
    if (i === -1) {
      this.paths.push(path);
      this.entries.push(entry);
    } else this.entries[i] = entry;
    this.byPath.set(path, entry);
  }

  /** The route whose path is `url` up to `end` (where its query starts). */
  find(url: string, end: number): TableEntry | undefined {
    const paths = this.paths;
    if (paths.length > SCAN_LIMIT)
      return this.byPath.get(end === url.length ? url : url.slice(0, end));
    const whole = end === url.length;
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i];
      if (path.length === end && (whole ? url === path : url.startsWith(path)))
        return this.entries[i];
    }
    return undefined;
  }
}

/** `/a/:id` and `/a/:name` are the same route to the matcher. */
function shapeOf(path: string): string {
  return path.replace(/:[^/(.-]+/g, ':');
}

/**
 * The matcher of one app: find-my-way plus conflict detection naming both handlers, automatic
 * HEAD for GET, 405 with `Allow`, `.json`-style suffixes, and path safety checks.
 */
export class RouteTable {
  private readonly matcher: FindMyWay.Instance<FindMyWay.HTTPVersion.V1>;
  private readonly claimed = new Map<string, RouteDefinition>();
  private readonly methods = new Set<string>();
  private readonly suffixes = new Set<string>();
  private suffixList: string[] = [];
  /** Literal routes by method then exact path: a hit skips find-my-way, a miss falls back to it. */
  private readonly literals = new Map<string, LiteralRoutes>();
  /** `literals.get('GET')`, kept at hand. */
  private getLiterals: LiteralRoutes | undefined = undefined;

  constructor(options: RouteTableOptions) {
    this.matcher = FindMyWay({
      maxParamLength: options.maxParamLength,
      ignoreTrailingSlash: options.ignoreTrailingSlash,
      querystringParser: () => NO_QUERY as Record<string, string>,
      onBadUrl: () => {
        throw new HttpError('ERR_BAD_REQUEST', {
          detail: 'The path has malformed percent-encoding.',
        });
      },
      // No resource is named by a value past the bound: 404 (as Fastify answers), so an app's
      // "malformed id → 404" holds for over-long ids too.
      onMaxParamLength: () => {
        throw new HttpError('ERR_NOT_FOUND', {
          detail: `No resource matches: a path parameter is longer than ${options.maxParamLength} characters.`,
        });
      },
    });
  }

  /** Adds a route; refuses a conflict or a bad pattern naming the handlers. */
  add(entry: TableEntry, method = entry.definition.method): void {
    const { definition } = entry;
    const methods = method === 'ALL' ? ALL_METHODS : [method];
    for (const rep of entry.representations.offers) {
      if (rep.suffix !== undefined && !SUFFIX.test(rep.suffix)) {
        throw new PithError(
          'ERR_ROUTE_INVALID',
          `${definition.handlerName}: the ${rep.format} representation's suffix "${rep.suffix}" must be "." then letters, digits, "-" or "_" (like ".xml")`,
        );
      }
    }
    const shape = shapeOf(definition.path);
    for (const m of methods) {
      const other = this.claimed.get(`${m} ${shape}`);
      if (other) {
        throw new PithError(
          'ERR_ROUTE_CONFLICT',
          `${definition.handlerName} (${definition.method} ${definition.path}) conflicts with ${other.handlerName} (${other.method} ${other.path})`,
        );
      }
    }
    try {
      this.matcher.on(methods as FindMyWay.HTTPMethod[], definition.path, noop, entry);
    } catch (error) {
      throw new PithError(
        'ERR_ROUTE_INVALID',
        `${definition.handlerName}: bad route pattern ${definition.method} ${definition.path}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    for (const m of methods) {
      this.claimed.set(`${m} ${shape}`, definition);
      this.methods.add(m);
      if (!LITERAL_PATH.test(definition.path)) continue;
      let byPath = this.literals.get(m);
      if (!byPath) this.literals.set(m, (byPath = new LiteralRoutes()));
      byPath.set(definition.path, entry);
      if (m === 'GET') this.getLiterals = byPath;
    }
    for (const rep of entry.representations.offers) if (rep.suffix) this.suffixes.add(rep.suffix);
    this.suffixList = [...this.suffixes];
  }

  /** Adds HEAD for every GET route whose path no explicit HEAD route claims. */
  addAutomaticHead(entries: readonly TableEntry[]): void {
    for (const entry of entries) {
      if (entry.definition.method !== 'GET') continue;
      if (this.claimed.has(`HEAD ${shapeOf(entry.definition.path)}`)) continue;
      this.add(entry, 'HEAD');
    }
  }

  /** Matches and runs a request: the kernel's dispatcher. */
  dispatch(ctx: RequestContext): void | Promise<void> {
    const url = ctx.url;
    // One scan finds the `?` and whether the path needs the safety check. Every suffix starts
    // with a `.` (checked in add), so a path the scan does not flag has none to strip either.
    const scan = scanPath(url);
    const method = ctx.method;
    let end = scan;
    if (scan >= PATH_NEEDS_CHECK) {
      end = scan - PATH_NEEDS_CHECK;
      checkPathSafety(url, end);
      if ((method === 'GET' || method === 'HEAD') && this.suffixList.length > 0) {
        const forced = this.dispatchSuffix(ctx, method, url, end);
        if (forced !== false) return forced;
      }
    }
    // A literal route needs no match result object. Its params are a fresh empty object, as
    // find-my-way gives (a handler may write to them).
    const literal = this.findLiteral(method, url, end);
    if (literal !== undefined) {
      ctx.params = {};
      ctx.route = literal.info;
      return literal.run(ctx, undefined);
    }
    const found = this.findPattern(method, url);
    if (found === null) return this.notFound(ctx);
    const entry = found.store as TableEntry | null;
    if (entry === null) return (found.handler as () => void)();
    ctx.params = found.params as Record<string, string>;
    ctx.route = entry.info;
    return entry.run(ctx, undefined);
  }

  private dispatchSuffix(
    ctx: RequestContext,
    method: string,
    url: string,
    end: number,
  ): void | Promise<void> | false {
    for (const suffix of this.suffixList) {
      if (end <= suffix.length + 1 || !url.endsWith(suffix, end)) continue;
      const base = url.slice(0, end - suffix.length) + url.slice(end);
      const found = this.find(method, base);
      const entry = found?.store as TableEntry | null | undefined;
      if (!entry || entry.definition.method !== 'GET') continue;
      const rep: Representation | undefined = entry.representations.bySuffix(suffix);
      if (!rep) continue;
      ctx.params = found!.params as Record<string, string>;
      ctx.route = entry.info;
      return entry.run(ctx, rep);
    }
    return false;
  }

  /** The route for a method and URL: a literal route first, then the patterns. */
  private find(method: string, url: string, end = queryStart(url)): Found | null {
    const entry = this.findLiteral(method, url, end);
    if (entry !== undefined) return { handler: noop, params: {}, store: entry };
    return this.findPattern(method, url);
  }

  /** The literal route of `method` whose path is `url` up to `end`. */
  private findLiteral(method: string, url: string, end: number): TableEntry | undefined {
    // GET skips the map: most requests are GETs, and Node's method strings are fresh ones
    // whose hash the map would compute on every request.
    const byPath = method === 'GET' ? this.getLiterals : this.literals.get(method);
    return byPath?.find(url, end);
  }

  /**
   * find-my-way's match. It matches `/users/` to `/users/:id` with id "": a named parameter is
   * never empty, so that is no match.
   */
  private findPattern(method: string, url: string): Found | null {
    const found = this.matcher.find(method as FindMyWay.HTTPMethod, url);
    if (found === null) return null;
    const params = found.params;
    for (const key in params) if (params[key] === '' && key !== '*') return null;
    return found;
  }

  private notFound(ctx: RequestContext): never {
    const allowed: string[] = [];
    for (const m of this.methods) {
      if (m === ctx.method) continue;
      const found = this.find(m, ctx.url);
      if (found?.store) allowed.push(m);
    }
    if (allowed.length > 0) {
      throw new HttpError('ERR_METHOD_NOT_ALLOWED', {
        detail: `${ctx.method} is not allowed on ${ctx.path}; use ${allowed.join(', ')}.`,
        headers: { allow: allowed.join(', ') },
      });
    }
    throw new HttpError('ERR_NOT_FOUND', { detail: `No route for ${ctx.method} ${ctx.path}.` });
  }
}

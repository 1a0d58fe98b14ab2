import { HttpError } from '../errors/http-error';
import type { ResolvedConfig } from '../config/app-config';
import type { Readiness } from '../lifecycle/readiness';
import type { RequestContext } from './request-context';

/**
 * Builds the `/healthz` (alive) and `/readyz` (readiness checks) responder, or undefined when
 * `health.enabled` is off. It answers GET/HEAD on those two paths (405 with `Allow` for other
 * methods) and returns undefined for every other path.
 */
export function createHealthEndpoints(
  health: ResolvedConfig['health'],
  readiness: Readiness,
): ((ctx: RequestContext) => Promise<void> | undefined) | undefined {
  if (!health.enabled) return undefined;
  const { healthPath, readyPath } = health;

  async function ready(ctx: RequestContext): Promise<void> {
    const report = await readiness.run();
    ctx.reply.status(report.ready ? 200 : 503).header('cache-control', 'no-store');
    await ctx.reply.json({ status: report.ready ? 'ok' : 'unavailable', checks: report.checks });
  }

  return (ctx) => {
    // Compared on the URL: every request passes here, and `ctx.path` copies a path with a query.
    const url = ctx.url;
    const path = isPath(url, healthPath) ? healthPath : isPath(url, readyPath) ? readyPath : '';
    if (path === '') return undefined;
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD')
      throw new HttpError('ERR_METHOD_NOT_ALLOWED', {
        detail: `${ctx.method} is not allowed on ${path}; use GET, HEAD.`,
        headers: { allow: 'GET, HEAD' },
      });
    if (path === readyPath) return ready(ctx);
    ctx.reply.header('cache-control', 'no-store');
    return Promise.resolve(ctx.reply.json({ status: 'ok' }));
  };
}

/** `url` is `path`, or `path` then a query. */
function isPath(url: string, path: string): boolean {
  return url.startsWith(path) && (url.length === path.length || url.charCodeAt(path.length) === 63);
}

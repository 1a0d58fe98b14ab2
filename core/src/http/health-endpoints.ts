import type { ResolvedConfig } from '../config/app-config';
import type { Readiness } from '../lifecycle/readiness';
import type { RequestContext } from './request-context';

/**
 * Builds the `/healthz` (alive) and `/readyz` (readiness checks) responder, or undefined when
 * `health.enabled` is off. It answers only GET/HEAD on those two paths and returns undefined
 * for every other request.
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
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return undefined;
    const path = ctx.path;
    if (path === readyPath) return ready(ctx);
    if (path !== healthPath) return undefined;
    ctx.reply.header('cache-control', 'no-store');
    return Promise.resolve(ctx.reply.json({ status: 'ok' }));
  };
}

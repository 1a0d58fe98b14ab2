import type { Interceptor } from '@pith/router';

/**
 * A client that sends JSON and states no preference (`Accept` absent or `*\/*`) is an API client:
 * it gets JSON back, errors included, rather than the HTML a browser would.
 */
export const answerJsonBodiesInJson: Interceptor = async (ctx, next) => {
  const accept = ctx.header('accept')?.trim();
  const type = ctx.header('content-type')?.toLowerCase() ?? '';
  const isJsonBody = type.startsWith('application/json');
  if (ctx.format === 'json' || !isJsonBody || (accept && accept !== '*/*')) return next();
  ctx.format = 'json';
  const value = await next();
  if (!ctx.reply.sent && value !== undefined) await ctx.reply.json(value);
  return undefined;
};

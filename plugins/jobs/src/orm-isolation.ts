import type { PluginContext, Token } from '@pith/core';
import type { JobWrapper } from './jobs';

/** The part of the orm plugin's `Orm` a job needs. */
interface IsolatingOrm {
  withEntityManager<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * When the orm plugin is enabled, every job runs in its own EntityManager fork, exactly like a
 * request: services holding the injected EntityManager work unchanged inside jobs. `@pith/orm`
 * is required only when the app enables it, so a jobs-only app never loads MikroORM.
 */
export function ormIsolation(ctx: PluginContext): JobWrapper | undefined {
  const entry = ctx.config.plugins.orm;
  if (entry === undefined || entry === false) return undefined;
  let token: Token<IsolatingOrm>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peer, only when orm is enabled
    token = (require('@pith/orm') as { ORM: Token<IsolatingOrm> }).ORM;
  } catch {
    return undefined;
  }
  if (!ctx.container.isRegistered(token)) return undefined;
  const orm = ctx.resolve(token);
  return (_job, run) => orm.withEntityManager(run);
}

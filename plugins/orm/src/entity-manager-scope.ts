import { RequestContext as MikroContext, type EntityManager } from '@mikro-orm/core';
import { currentRequest } from '@pith/core';

/**
 * MikroORM's `context` option for one app. An explicit scope ({@link runIsolated}, a job, a CLI
 * command) wins; inside a request the request gets its own fork, created on first use and kept
 * in the request's state, so a request that never touches the database costs nothing.
 */
export function createContextResolver(
  root: () => EntityManager | undefined,
  key: symbol = Symbol('pith.orm.em'),
): (name: string) => EntityManager | undefined {
  return (name) => {
    const scoped = MikroContext.getEntityManager(name);
    if (scoped) return scoped;
    const state = currentRequest()?.state;
    if (!state) return undefined;
    let em = state[key] as EntityManager | undefined;
    if (!em) {
      const base = root();
      if (!base) return undefined;
      // disableContextResolution: forking must not ask this resolver again.
      em = base.fork({ disableContextResolution: true });
      state[key] = em;
    }
    return em;
  };
}

/**
 * The current scope's EntityManager if one exists already, without creating the request's fork
 * (`key` is the one given to {@link createContextResolver}).
 */
export function existingEntityManager(name: string, key: symbol): EntityManager | undefined {
  return (
    MikroContext.getEntityManager(name) ??
    (currentRequest()?.state[key] as EntityManager | undefined)
  );
}

/** Runs `fn` with a fresh fork as the current EntityManager, isolated like a request. */
export function runIsolated<T>(
  root: EntityManager,
  fn: (em: EntityManager) => Promise<T>,
): Promise<T> {
  const fork = root.fork({ disableContextResolution: true });
  return MikroContext.create(fork, () => fn(fork));
}

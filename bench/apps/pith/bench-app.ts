import { PithError, type Application } from '@pith/core';
import type { BenchDatabase } from './full-app';

export type { BenchDatabase } from './full-app';

/** Which Pith stack a bench server runs. */
export type BenchProfile = 'kernel' | 'router' | 'full';

/**
 * Builds the bench app of a profile; the verifier test and the benchmark run this same app.
 * Each profile is required only when asked for, as config-enabled plugins are: the kernel profile
 * must not pay for loading the router, MikroORM or EJS in its cold start and memory.
 */
export function createBenchApp(profile: BenchProfile, database?: BenchDatabase): Application {
  switch (profile) {
    case 'kernel':
      return (require('./kernel-app') as typeof import('./kernel-app')).createKernelApp();
    case 'router':
      return (require('./router-app') as typeof import('./router-app')).createRouterApp();
    case 'full':
      if (!database)
        throw new PithError('ERR_CONFIG_INVALID', 'bench profile "full" needs a database URL');
      return (require('./full-app') as typeof import('./full-app')).createFullApp(database);
    default:
      throw new PithError('ERR_CONFIG_INVALID', `unknown bench profile "${String(profile)}"`);
  }
}

import { PithError, type Application } from '@pith/core';
import type { BenchDatabase } from './full-app';

export type { BenchDatabase } from './full-app';

/**
 * Which Pith stack a bench server runs: `kernel`, `router` (minimal), `full` (router + orm +
 * views), `full-micro` (the same, reads through the orm's entity reader), `views` (router + views on the bare SQLite statement, issue 4), `page` and
 * `page-secure` (a session page without and with the security plugin, issue 7).
 */
export type BenchProfile =
  'kernel' | 'router' | 'full' | 'full-micro' | 'views' | 'page' | 'page-secure';

function needDatabase(profile: BenchProfile, database?: BenchDatabase): BenchDatabase {
  if (!database)
    throw new PithError('ERR_CONFIG_INVALID', `bench profile "${profile}" needs a database URL`);
  return database;
}

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
    case 'full-micro':
      return (require('./full-app') as typeof import('./full-app')).createFullApp(
        needDatabase(profile, database),
        profile === 'full-micro',
      );
    case 'views':
      return (require('./views-app') as typeof import('./views-app')).createViewsApp(
        needDatabase(profile, database).url,
      );
    case 'page':
    case 'page-secure':
      return (require('./page-app') as typeof import('./page-app')).createPageApp(
        profile === 'page' ? false : {},
      );
    default:
      throw new PithError('ERR_CONFIG_INVALID', `unknown bench profile "${String(profile)}"`);
  }
}

import type { AppConfig } from '@pith/core';
import path from 'node:path';
import { withDevelopmentSecret } from './development-secret';
import { APP_ROOT, readEnvironment } from './environment';

/**
 * The sample app for the `pith` CLI, e.g. several processes behind one port:
 * `REDIS_URL=… SESSION_STORE=redis DATABASE_URL=postgres://… npx pith start --config sample-app/dist/pith.config.js --workers 2`
 * (`pith start`).
 * The profile comes from `PROFILE`; each profile's modules load only when chosen.
 */
export default function sampleAppConfig(): AppConfig {
  const settings = readEnvironment([], process.env);
  if (settings.profile === 'minimal') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for this profile
    const minimal = require('./minimal/minimal-app') as typeof import('./minimal/minimal-app');
    return minimal.minimalAppConfig(settings);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the full profile's plugins load only here
  const full = require('./full-app') as typeof import('./full-app');
  return full.fullAppConfig(withDevelopmentSecret(settings, path.join(APP_ROOT, 'data')));
}

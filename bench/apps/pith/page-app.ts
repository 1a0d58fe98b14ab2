import path from 'node:path';
import { createApp, type Application, type PluginEntry } from '@pith/core';
import { router } from '@pith/router';
import { securityPlugin, type SecurityOptions } from '@pith/security';
import { sessionPlugin } from '@pith/session';
import { viewsPlugin } from '@pith/views';
import { BASE_CONFIG } from './base-config';
import { PageController } from './page.controller';

// The same folder from the sources (bench/apps/pith) and from the build (bench/dist/pith).
const PAGE_VIEWS = path.join(__dirname, '..', '..', 'apps', 'pith', 'page-views');

/**
 * Issue 7's pair: one page (router + views + cookie session), without the security plugin
 * (`security: false`) or with it (its options; `{}` is every default: helmet headers with a CSP
 * nonce, a masked CSRF token in the page).
 */
export function createPageApp(security: false | Partial<SecurityOptions>): Application {
  const plugins: Record<string, PluginEntry> = {
    router: [router, { controllers: [PageController] }],
    views: [viewsPlugin, { dir: PAGE_VIEWS }],
    session: [sessionPlugin, { store: 'cookie', secret: 'bench-page-secret-'.padEnd(40, 'x') }],
  };
  if (security !== false) plugins.security = [securityPlugin, security];
  return createApp(
    {
      ...BASE_CONFIG,
      plugins,
    },
    {},
  );
}

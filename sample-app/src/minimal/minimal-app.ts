import { createApp, type AppConfig, type Application } from '@pith/core';
import type { BaseEnvironment } from '../environment';
import { HelloController } from './hello.controller';

/** The minimal profile's config: the kernel and the router, nothing else is ever required. */
export function minimalAppConfig(settings: BaseEnvironment): AppConfig {
  return {
    name: 'pith-sample-minimal',
    env: settings.nodeEnv,
    // Nothing here asks for the request context, so "auto" (the default) leaves it off: no
    // AsyncLocalStorage on the request path.
    server: { port: settings.port },
    logger: { requests: false },
    plugins: { router: { controllers: [HelloController] } },
  };
}

/**
 * The minimal profile: `/json` and `/users/:id` from the router; `/healthz` and `/readyz` come
 * from the kernel.
 *
 * @example
 * const app = createMinimalApp({ profile: 'minimal', nodeEnv: 'production', port: 3000 });
 * await app.listen();
 */
export function createMinimalApp(
  settings: BaseEnvironment,
  env: NodeJS.ProcessEnv = process.env,
): Application {
  return createApp(minimalAppConfig(settings), env);
}

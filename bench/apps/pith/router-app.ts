import { createApp, type Application } from '@pith/core';
import { router } from '@pith/router';
import { BASE_CONFIG, benchRequestContext } from './base-config';
import { WebController } from './web.controller';

/** The minimal profile: the kernel and the router. */
export function createRouterApp(): Application {
  return createApp(
    {
      ...BASE_CONFIG,
      // Nothing here calls currentRequest(); the full profile keeps it (the orm needs it).
      server: { requestContext: benchRequestContext(false) },
      plugins: { router: [router, { controllers: [WebController] }] },
    },
    {},
  );
}

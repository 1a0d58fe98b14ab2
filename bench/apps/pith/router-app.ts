import { createApp, type Application } from '@pith/core';
import { router } from '@pith/router';
import { benchBaseConfig } from './base-config';
import { WebController } from './web.controller';

/** The minimal profile: the kernel and the router. */
export function createRouterApp(): Application {
  return createApp(
    {
      // The default "auto" leaves the request context off here: nothing reads it.
      ...benchBaseConfig(),
      plugins: { router: [router, { controllers: [WebController] }] },
    },
    {},
  );
}

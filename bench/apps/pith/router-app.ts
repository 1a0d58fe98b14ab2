import { createApp, type Application } from '@pith/core';
import { router } from '@pith/router';
import { BASE_CONFIG, benchRequestContext } from './base-config';
import { WebController } from './web.controller';

/** The minimal profile: the kernel and the router. */
export function createRouterApp(): Application {
  return createApp(
    {
      ...BASE_CONFIG,
      // The default ("auto": off, nothing here reads the request context) unless
      // BENCH_REQUEST_CONTEXT forces it.
      server: { requestContext: benchRequestContext() ?? 'auto' },
      plugins: { router: [router, { controllers: [WebController] }] },
    },
    {},
  );
}

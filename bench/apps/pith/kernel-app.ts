import { createApp, type Application } from '@pith/core';
import { BASE_CONFIG, benchRequestContext } from './base-config';
import { helloPlugin } from './hello-plugin';

/**
 * The kernel and one hand-written dispatcher plugin, nothing else, with the default config
 * (issue 2's target; the request context is "auto", and the plugin does not ask for it).
 */
export function createKernelApp(): Application {
  const requestContext = benchRequestContext();
  const config =
    requestContext === undefined ? BASE_CONFIG : { ...BASE_CONFIG, server: { requestContext } };
  return createApp(config, {}).register(helloPlugin);
}

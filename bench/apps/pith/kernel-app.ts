import { createApp, type Application } from '@pith/core';
import { benchBaseConfig } from './base-config';
import { helloPlugin } from './hello-plugin';

/**
 * The kernel and one hand-written dispatcher plugin, nothing else, with the default config
 * (issue 2's target; the request context is "auto", and the plugin does not ask for it).
 */
export function createKernelApp(): Application {
  return createApp(benchBaseConfig(), {}).register(helloPlugin);
}

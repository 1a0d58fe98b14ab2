import { createApp, type Application } from '@pith/core';
import { BASE_CONFIG } from './base-config';
import { helloPlugin } from './hello-plugin';

/** The kernel and one hand-written dispatcher plugin, nothing else. */
export function createKernelApp(): Application {
  return createApp({ ...BASE_CONFIG, server: { requestContext: false } }, {}).register(helloPlugin);
}

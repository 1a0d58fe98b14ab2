import { PithError, createApp, type AppConfig, type Application } from '@pith/core';
import { router } from '@pith/router';
import { helloPlugin } from './hello-plugin';
import { WebController } from './web.controller';

/** Which Pith stack a bench server runs. */
export type BenchProfile = 'kernel' | 'router' | 'full';

/** Production settings shared by every profile: no request logging, warnings only. */
const BASE_CONFIG: AppConfig = {
  name: 'pith-bench',
  env: 'production',
  logger: { level: 'warn', requests: false },
};

/** Builds the bench app of a profile; the verifier test and the benchmark run this same app. */
export function createBenchApp(profile: BenchProfile): Application {
  switch (profile) {
    case 'kernel':
      return createApp(BASE_CONFIG, {}).register(helloPlugin);
    case 'router':
      return createApp(
        { ...BASE_CONFIG, plugins: { router: [router, { controllers: [WebController] }] } },
        {},
      );
    default:
      throw new PithError(
        'ERR_CONFIG_INVALID',
        `bench profile "${profile}" needs a plugin that is not written yet (kernel and router so far)`,
      );
  }
}

import type { Application } from '@pith/core';
import path from 'node:path';
import { withDevelopmentSecret } from './development-secret';
import { APP_ROOT, EnvironmentError, readBaseEnvironment, readEnvironment } from './environment';

/**
 * Starts the sample app: `node sample-app/dist/main.js [--profile minimal]`. The full profile is
 * loaded only when chosen, so the minimal one never requires the other plugins.
 */
async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const base = readBaseEnvironment(argv, env);
  let app: Application;
  let notices: readonly string[] = [];
  if (base.profile === 'minimal') {
    const { createMinimalApp } =
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for this profile
      require('./minimal/minimal-app') as typeof import('./minimal/minimal-app');
    app = createMinimalApp(base, env);
  } else {
    const settings = withDevelopmentSecret(readEnvironment(argv, env), path.join(APP_ROOT, 'data'));
    if (settings.redisUrl) {
      const { assertRedisReachable } =
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only with REDIS_URL
        require('./redis-reachability') as typeof import('./redis-reachability');
      await assertRedisReachable(settings.redisUrl);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the full profile's plugins load only here
    const { createFullApp } = require('./full-app') as typeof import('./full-app');
    const full = createFullApp(settings, env);
    app = full.app;
    notices = full.notices;
  }
  const address = await app.listen(base.port);
  const url = `http://localhost:${address.port}`;
  process.stdout.write(
    [
      `Pith sample app (${base.profile} profile) is running at ${url}`,
      ...notices.map((l) => `  ${l}`),
      '',
    ].join('\n'),
  );
}

main(process.argv.slice(2), process.env).catch((error: unknown) => {
  if (error instanceof EnvironmentError) {
    process.stderr.write(`Cannot start: ${error.message}\n`);
  } else {
    process.stderr.write(
      `Cannot start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  process.exitCode = 1;
});

import type { AppConfig } from '@pith/core';

/** Production settings shared by every bench profile: no request logging, warnings only. */
export const BASE_CONFIG: AppConfig = {
  name: 'pith-bench',
  env: 'production',
  logger: { level: 'warn', requests: false },
};

/**
 * {@link BASE_CONFIG} with `server.requestContext` forced as `BENCH_REQUEST_CONTEXT` (`on` /
 * `off`) asks, else left to the framework default (`"auto"`). Lets bench/micro measure one build
 * both ways.
 */
export function benchBaseConfig(): AppConfig {
  const asked = process.env.BENCH_REQUEST_CONTEXT;
  if (asked !== 'on' && asked !== 'off') return BASE_CONFIG;
  return { ...BASE_CONFIG, server: { requestContext: asked === 'on' } };
}

import type { AppConfig } from '@pith/core';

/** Production settings shared by every bench profile: no request logging, warnings only. */
export const BASE_CONFIG: AppConfig = {
  name: 'pith-bench',
  env: 'production',
  logger: { level: 'warn', requests: false },
};

/**
 * `server.requestContext` as `BENCH_REQUEST_CONTEXT` (`on` / `off`) asks, else the profile's own
 * choice (`undefined`: the framework default). Lets bench/micro measure one build both ways.
 */
export function benchRequestContext(
  profileChoice?: boolean | 'auto',
): boolean | 'auto' | undefined {
  const asked = process.env.BENCH_REQUEST_CONTEXT;
  if (asked === 'on') return true;
  if (asked === 'off') return false;
  return profileChoice;
}

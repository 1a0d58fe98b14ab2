import type { AppConfig } from '@pith/core';

/** Production settings shared by every bench profile: no request logging, warnings only. */
export const BASE_CONFIG: AppConfig = {
  name: 'pith-bench',
  env: 'production',
  logger: { level: 'warn', requests: false },
};

import { PithError } from '../errors/http-error';
import { appConfigSchema, type AppConfig, type ResolvedConfig } from './app-config';
import {
  applyEnvOverrides,
  blameOverrides,
  readEnvOverrides,
  type EnvOverride,
} from './env-overrides';
import { formatIssues, type Issue } from './options-schema';

/** Fills defaults, applies environment overrides and validates; a bad value stops the boot. */
export function resolveConfig(
  config: AppConfig,
  env: NodeJS.ProcessEnv = process.env,
): { config: ResolvedConfig; overrides: EnvOverride[] } {
  const overrides = readEnvOverrides(env);
  const coreOverrides = overrides.filter((o) => o.path[0] !== 'plugins');
  const withEnv = applyEnvOverrides(
    config as Record<string, unknown>,
    appConfigSchema,
    coreOverrides,
    [],
  );
  const issues: Issue[] = [];
  const checked = appConfigSchema.check(withEnv, '', issues);
  if (issues.length > 0) {
    throw new PithError(
      'ERR_CONFIG_INVALID',
      `the app config is invalid:\n${formatIssues(blameOverrides(issues, coreOverrides))}`,
    );
  }
  const nodeEnv = env.NODE_ENV;
  const envName =
    checked.env ?? (nodeEnv === 'production' || nodeEnv === 'test' ? nodeEnv : 'development');
  const resolved: ResolvedConfig = {
    ...checked,
    env: envName,
    debugErrors: checked.debugErrors ?? (checked.env ?? nodeEnv) === 'development',
    rootDir: checked.rootDir ?? process.cwd(),
    logger: Object.freeze({ ...checked.logger }),
    server: Object.freeze({ ...checked.server }),
    health: Object.freeze({ ...checked.health }),
    shutdown: Object.freeze({ ...checked.shutdown }),
    plugins: Object.freeze({ ...checked.plugins }),
  };
  return {
    config: Object.freeze(resolved),
    overrides: overrides.filter((o) => o.path[0] === 'plugins'),
  };
}

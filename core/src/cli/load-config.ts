import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AppConfig } from '../config/app-config';
import { PithError } from '../errors/http-error';

/** The files `pith` looks for in the working directory when no `--config` is given. */
export const DEFAULT_CONFIG_FILES = ['pith.config.js', 'pith.config.json'] as const;

/**
 * Loads an app's config file: compiled JavaScript (default export of `defineConfig`, or a
 * function returning it, possibly async) or JSON. Relative plugin paths resolve from the
 * file's folder unless the config sets `rootDir`.
 */
export async function loadConfigFile(file: string | undefined, cwd: string): Promise<AppConfig> {
  const found = file ? path.resolve(cwd, file) : findDefault(cwd);
  if (!fs.existsSync(found)) {
    throw new PithError(
      'ERR_CONFIG_NOT_FOUND',
      file
        ? `config file ${found} does not exist`
        : `no ${DEFAULT_CONFIG_FILES.join(' or ')} in ${cwd}; pass --config <file>`,
    );
  }
  const config = found.endsWith('.json') ? readJson(found) : await readModule(found);
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new PithError(
      'ERR_CONFIG_INVALID',
      `${found} must export a config object (defineConfig({...})) or a function returning one`,
    );
  }
  return { rootDir: path.dirname(found), ...(config as AppConfig) };
}

function findDefault(cwd: string): string {
  for (const name of DEFAULT_CONFIG_FILES) {
    const candidate = path.join(cwd, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return path.join(cwd, DEFAULT_CONFIG_FILES[0]);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new PithError(
      'ERR_CONFIG_INVALID',
      `${file} is not valid JSON: ${(error as Error).message}`,
    );
  }
}

async function readModule(file: string): Promise<unknown> {
  const mod = createRequire(file)(file) as { default?: unknown } | undefined;
  const exported = mod && typeof mod === 'object' && 'default' in mod ? mod.default : mod;
  return typeof exported === 'function' ? await (exported as () => unknown)() : exported;
}

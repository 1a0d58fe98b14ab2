import path from 'node:path';
import { PithError } from '../errors/http-error';
import type { PluginEntry } from '../config/app-config';
import { applyEnvOverrides, blameOverrides, type EnvOverride } from '../config/env-overrides';
import { formatIssues, type Issue } from '../config/options-schema';
import { isPlugin, type Plugin } from './plugin';

/** Built-in plugin names and the packages that provide them. */
export const BUILTIN_PLUGINS: Readonly<Record<string, string>> = Object.freeze({
  router: '@pith/router',
  views: '@pith/views',
  orm: '@pith/orm',
  session: '@pith/session',
  security: '@pith/security',
  jobs: '@pith/jobs',
});

/** A plugin ready to set up: the plugin, its validated options and where it came from. */
export interface EnabledPlugin {
  readonly key: string;
  readonly plugin: Plugin<unknown>;
  readonly options: unknown;
  readonly source: string;
}

type Loader = (specifier: string) => unknown;

/**
 * Turns the config's `plugins` entries into plugins with validated options. Only enabled entries
 * are loaded (`require`d): a disabled or absent plugin's package is never touched.
 */
export function resolvePlugins(
  entries: Readonly<Record<string, PluginEntry>>,
  rootDir: string,
  overrides: readonly EnvOverride[],
  load: Loader = require,
): EnabledPlugin[] {
  const enabled: EnabledPlugin[] = [];
  for (const [key, entry] of Object.entries(entries)) {
    if (entry === false) continue;
    let plugin: Plugin<unknown>;
    let rawOptions: Record<string, unknown> = {};
    let source: string;
    if (Array.isArray(entry)) {
      const [p, o] = entry as readonly [unknown, Record<string, unknown>?];
      if (!isPlugin(p))
        throw new PithError('ERR_PLUGIN_INVALID', `plugins.${key}: the first item is not a plugin`);
      plugin = p;
      rawOptions = o ?? {};
      source = 'inline';
    } else if (isPlugin(entry)) {
      plugin = entry;
      source = 'inline';
    } else {
      source = BUILTIN_PLUGINS[key] ?? (key.startsWith('.') ? path.resolve(rootDir, key) : key);
      plugin = loadPluginModule(key, source, load);
      if (entry !== true) rawOptions = entry as Record<string, unknown>;
    }
    const options = validateOptions(key, plugin, rawOptions, overrides);
    enabled.push({ key, plugin, options, source });
  }
  return enabled;
}

function loadPluginModule(key: string, specifier: string, load: Loader): Plugin<unknown> {
  let mod: unknown;
  try {
    mod = load(specifier);
  } catch (error) {
    const missing =
      (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' &&
      String((error as Error).message).includes(specifier);
    if (missing) {
      throw new PithError(
        'ERR_PLUGIN_NOT_FOUND',
        `plugins.${key}: cannot load "${specifier}"; install it (npm install ${specifier}) or fix the path`,
        { cause: error },
      );
    }
    throw new PithError(
      'ERR_PLUGIN_INVALID',
      `plugins.${key}: loading "${specifier}" failed: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const candidate =
    (mod as { default?: unknown; plugin?: unknown })?.default ??
    (mod as { plugin?: unknown })?.plugin ??
    mod;
  if (!isPlugin(candidate)) {
    throw new PithError(
      'ERR_PLUGIN_INVALID',
      `plugins.${key}: "${specifier}" exports no plugin (expected a default export made with definePlugin)`,
    );
  }
  return candidate;
}

function validateOptions(
  key: string,
  plugin: Plugin<unknown>,
  raw: Record<string, unknown>,
  overrides: readonly EnvOverride[],
): unknown {
  // PITH_PLUGINS__<NAME>__<KEY>: <NAME> is the config key or, for a module path, the plugin's name.
  const names = new Set([key.toLowerCase(), plugin.name.toLowerCase()]);
  const mine = overrides.filter((o) => o.path[0] === 'plugins' && names.has(o.path[1] ?? ''));
  if (!plugin.options) {
    const extra = [...Object.keys(raw), ...mine.map((o) => o.variable)];
    if (extra.length > 0) {
      throw new PithError(
        'ERR_CONFIG_INVALID',
        `plugins.${key}: plugin "${plugin.name}" takes no options, got ${extra.join(', ')}`,
      );
    }
    return raw;
  }
  const keyed = mine.map((o) => ({ ...o, path: ['plugins', key, ...o.path.slice(2)] }));
  const withEnv = applyEnvOverrides(raw, plugin.options, keyed, ['plugins', key]);
  const issues: Issue[] = [];
  const options = plugin.options.check(withEnv, `plugins.${key}`, issues);
  if (issues.length > 0) {
    throw new PithError(
      'ERR_CONFIG_INVALID',
      `options of plugin "${plugin.name}" are invalid:\n${formatIssues(blameOverrides(issues, keyed))}`,
    );
  }
  return options;
}

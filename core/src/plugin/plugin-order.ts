import { PithError } from '../errors/http-error';
import type { Plugin } from './plugin';

/**
 * Orders plugins so each comes after its dependencies (and its `after` names when present),
 * keeping the configured order otherwise. Refuses duplicates, missing dependencies and cycles.
 */
export function orderPlugins<T>(items: readonly T[], pluginOf: (item: T) => Plugin<unknown>): T[] {
  const plugins = items.map((item) => ({ ...pluginOf(item), item }));
  type P = (typeof plugins)[number];
  const byName = new Map<string, P>();
  for (const plugin of plugins) {
    if (byName.has(plugin.name)) {
      throw new PithError('ERR_PLUGIN_DUPLICATE', `plugin "${plugin.name}" is registered twice`);
    }
    byName.set(plugin.name, plugin);
  }
  for (const plugin of plugins) {
    for (const dep of plugin.dependencies ?? []) {
      if (!byName.has(dep)) {
        throw new PithError(
          'ERR_PLUGIN_MISSING_DEPENDENCY',
          `plugin "${plugin.name}" depends on "${dep}", which is not enabled; enable "${dep}" in the config's plugins`,
        );
      }
    }
  }
  const ordered: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (plugin: P, trail: string[]): void => {
    const mark = state.get(plugin.name);
    if (mark === 'done') return;
    if (mark === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(plugin.name)), plugin.name];
      throw new PithError(
        'ERR_PLUGIN_CYCLE',
        `plugins depend on each other in a cycle: ${cycle.join(' -> ')}`,
      );
    }
    state.set(plugin.name, 'visiting');
    const before = [
      ...(plugin.dependencies ?? []),
      ...(plugin.after ?? []).filter((n) => byName.has(n)),
    ];
    for (const dep of before) visit(byName.get(dep)!, [...trail, plugin.name]);
    state.set(plugin.name, 'done');
    ordered.push(plugin.item);
  };
  for (const plugin of plugins) visit(plugin, []);
  return ordered;
}

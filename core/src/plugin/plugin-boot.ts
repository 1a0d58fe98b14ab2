import { PithError } from '../errors/http-error';
import type { Application } from '../application';
import type { EnabledPlugin } from './plugin-resolver';
import type { PluginReport } from './plugin-report';
import { PluginSetupContext, type PluginRegistries } from './setup-context';

type MutableReport = { -readonly [K in keyof PluginReport]: PluginReport[K] };

/**
 * Runs each plugin's declare-only `setup` in order, timing it, then seals every context so
 * nothing can be declared once the boot moves on.
 */
export function setupPlugins(
  enabled: readonly EnabledPlugin[],
  app: Application,
  registries: PluginRegistries,
): PluginReport[] {
  const reports: MutableReport[] = [];
  const contexts: PluginSetupContext[] = [];
  for (const entry of enabled) {
    const ctx = new PluginSetupContext(entry.plugin.name, app, registries);
    const started = performance.now();
    try {
      entry.plugin.setup(ctx, entry.options);
    } catch (error) {
      throw error instanceof PithError
        ? error
        : new PithError(
            'ERR_PLUGIN_SETUP',
            `plugin "${entry.plugin.name}" failed in setup: ${(error as Error).message}`,
            { cause: error },
          );
    }
    contexts.push(ctx);
    reports.push({
      name: entry.plugin.name,
      source: entry.source,
      dependencies: entry.plugin.dependencies ?? [],
      setupMs: performance.now() - started,
      readyMs: 0,
    });
  }
  for (const ctx of contexts) ctx.seal();
  return reports;
}

/** Runs the `onReady` hooks in plugin order, one at a time, adding their time to the reports. */
export async function runOnReady(
  registries: PluginRegistries,
  reports: readonly PluginReport[],
): Promise<void> {
  const byName = new Map(reports.map((r) => [r.name, r as MutableReport]));
  for (const { plugin, fn } of registries.onReady) {
    const started = performance.now();
    try {
      await fn();
    } catch (error) {
      throw error instanceof PithError
        ? error
        : new PithError(
            'ERR_PLUGIN_READY',
            `plugin "${plugin}" failed in onReady: ${(error as Error).message}`,
            { cause: error },
          );
    }
    const report = byName.get(plugin);
    if (report) report.readyMs += performance.now() - started;
  }
}

/** One plugin as `app.printPlugins()` shows it. */
export interface PluginReport {
  readonly name: string;
  readonly source: string;
  readonly dependencies: readonly string[];
  readonly setupMs: number;
  readonly readyMs: number;
}

/** A readable table of the plugins in boot order, their setup / ready timings and sources. */
export function formatPluginReport(reports: readonly PluginReport[]): string {
  const width = Math.max(12, ...reports.map((r) => r.name.length + 1));
  const ms = (n: number): string => `${n.toFixed(1)} ms`.padStart(10);
  const rows = reports.map(
    (r) =>
      `${r.name.padEnd(width)} ${ms(r.setupMs)} ${ms(r.readyMs)}  ${r.source}` +
      (r.dependencies.length ? ` (after ${r.dependencies.join(', ')})` : ''),
  );
  return [
    `${'plugin'.padEnd(width)} ${'setup'.padStart(10)} ${'ready'.padStart(10)}  source`,
    ...rows,
  ].join('\n');
}

import type { CompiledEntry } from './router-compiler';

function names(label: string, list: readonly ((...args: never[]) => unknown)[]): string {
  return list.length === 0 ? '' : `${label}: ${list.map((f) => f.name || 'anonymous').join(',')}`;
}

/** The lines `pith routes` prints: one per route, columns aligned. */
export function formatRoutes(entries: readonly CompiledEntry[]): string[] {
  const rows = entries.map((e) => [
    e.definition.method,
    e.definition.path,
    e.definition.handlerName,
    [names('hooks', e.hooks), names('guards', e.guards), names('interceptors', e.interceptors)]
      .filter(Boolean)
      .join(' ') || '-',
    e.representations.offers.map((o) => o.format).join(','),
  ]);
  const header = ['METHOD', 'PATH', 'HANDLER', 'STAGES', 'REPRESENTATIONS'];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all.map((r) =>
    r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '),
  );
}

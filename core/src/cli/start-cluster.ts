import cluster, { type Worker } from 'node:cluster';

/** How the primary restarts crashed workers: exponential backoff, reset after a stable run. */
export interface RestartPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** A worker that ran this long before crashing counts as stable: its next restart is quick. */
  readonly stableAfterMs: number;
}

const DEFAULT_POLICY: RestartPolicy = {
  initialDelayMs: 100,
  maxDelayMs: 30_000,
  stableAfterMs: 10_000,
};

/**
 * Runs `count` workers (each re-runs this CLI and serves the app on the shared port). A worker
 * that crashes is restarted after a growing delay; SIGTERM / SIGINT stop the restarts, pass the
 * signal on so every worker drains, and exit 0 once all are gone.
 */
export function startCluster(
  count: number,
  out: (line: string) => void,
  policy: RestartPolicy = DEFAULT_POLICY,
): Promise<number> {
  let stopping = false;
  let failures = 0;
  const startedAt = new Map<Worker, number>();
  const fork = (): void => {
    const worker = cluster.fork();
    startedAt.set(worker, Date.now());
  };
  return new Promise((resolve) => {
    cluster.on('exit', (worker, code, signal) => {
      const lived = Date.now() - (startedAt.get(worker) ?? Date.now());
      startedAt.delete(worker);
      if (stopping) {
        out(`pith: worker ${worker.process.pid} stopped (${signal ?? code})`);
        if (startedAt.size === 0) resolve(0);
        return;
      }
      failures = lived >= policy.stableAfterMs ? 0 : failures + 1;
      const delay = Math.min(
        policy.maxDelayMs,
        policy.initialDelayMs * 2 ** Math.max(0, failures - 1),
      );
      out(
        `pith: worker ${worker.process.pid} exited (${signal ?? code}); restarting in ${delay} ms`,
      );
      setTimeout(() => {
        if (!stopping) fork();
      }, delay);
    });
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      out(`pith: ${signal}: draining ${startedAt.size} workers`);
      if (startedAt.size === 0) resolve(0);
      for (const worker of startedAt.keys()) worker.process.kill('SIGTERM');
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
    out(`pith: primary ${process.pid} starting ${count} workers`);
    for (let i = 0; i < count; i++) fork();
  });
}

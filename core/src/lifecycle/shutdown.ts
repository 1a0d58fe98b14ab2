import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { InFlightRequests } from '../http/in-flight';

/**
 * Waits for in-flight requests, at most `timeoutMs`, then stops accepting connections and closes
 * whatever connections remain. Resolves when the server is closed.
 *
 * The listener stays open while requests drain: a new connection meanwhile is answered 503 +
 * `Connection: close` and `/readyz` says not ready, as a load balancer expects, instead of being
 * refused at connect.
 */
export async function drainRequests(
  server: Server | undefined,
  inFlight: InFlightRequests | undefined,
  timeoutMs: number,
  logger: Logger,
): Promise<void> {
  // No closeIdleConnections() yet: Node counts a socket whose response has ended but is still
  // flushing as idle and would cut it. Until the drain ends, a kept-alive client's next request
  // is answered 503 + Connection: close instead.
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const idle = (inFlight?.idle() ?? Promise.resolve()).then(() => 'done' as const);
  let outcome = await Promise.race([idle, expired]);
  if (server) {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Sockets that went idle after their last response would hold close() open.
    server.closeIdleConnections();
    if (outcome === 'done')
      outcome = await Promise.race([closed.then(() => 'done' as const), expired]);
    if (outcome === 'timeout') server.closeAllConnections();
    await closed;
  }
  clearTimeout(timer);
  if (outcome === 'timeout') {
    logger.warn(
      { inFlight: inFlight?.size ?? 0, timeoutMs },
      'drain timed out; closed the remaining connections',
    );
  }
}

/**
 * Closes the app on SIGTERM / SIGINT, then ends the process with code 0 (1 if closing failed).
 * Returns the function that removes the handlers.
 */
export function handleSignals(close: () => Promise<void>, logger: Logger): () => void {
  const installed: Array<[NodeJS.Signals, () => void]> = [];
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const handler = (): void => {
      logger.info({ signal }, 'shutting down');
      // No immediate process.exit(): pino writes stdout asynchronously and would lose the last
      // lines. The loop ends by itself once the app let go of everything; the unref'd timer only
      // exits a process that a leaked handle would keep alive.
      const exit = (code: number) => (): void => {
        process.exitCode = code;
        setTimeout(() => process.exit(code), 1000).unref();
        // A cluster worker's IPC channel would otherwise hold the loop open.
        if (process.connected) process.disconnect();
      };
      close().then(exit(0), (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        exit(1)();
      });
    };
    process.once(signal, handler);
    installed.push([signal, handler]);
  }
  return () => {
    for (const [signal, handler] of installed) process.off(signal, handler);
  };
}

/**
 * Runs close hooks in the order given, each bounded by `timeoutMs` (0: unbounded): a hook that
 * fails or hangs is logged with its plugin and the rest still run, so shutdown always ends.
 */
export async function runCloseHooks(
  hooks: ReadonlyArray<{ plugin: string; fn: () => void | Promise<void> }>,
  logger: Logger,
  timeoutMs: number,
): Promise<void> {
  for (const { plugin, fn } of hooks) {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'timeout'>((resolve) => {
      if (timeoutMs > 0) timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const outcome = await Promise.race([
        Promise.resolve(fn()).then(() => 'done' as const),
        expired,
      ]);
      if (outcome === 'timeout') {
        logger.error({ plugin, timeoutMs }, 'onClose did not finish in time; going on without it');
      }
    } catch (error) {
      logger.error({ err: error, plugin }, 'onClose failed');
    } finally {
      clearTimeout(timer);
    }
  }
}

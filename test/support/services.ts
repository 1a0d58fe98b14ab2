import net from 'node:net';
import { spawnSync } from 'node:child_process';

/** Whether this run is CI (`CI=true`), where a missing required service is a failure, not a skip. */
export function isCi(): boolean {
  return process.env.CI === 'true';
}

/** Whether something accepts TCP connections at `host:port` within `timeoutMs`. */
export function isReachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(timeoutMs);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * {@link isReachable}, decided synchronously (in a child process) so a describe block can be
 * skipped or failed at collection time. Returns why it is not reachable, or undefined.
 */
export function unreachableReason(host: string, port: number): string | undefined {
  const script = `const s=require('net').connect(${port},${JSON.stringify(host)});s.setTimeout(1500);s.on('connect',()=>process.exit(0));s.on('timeout',()=>process.exit(2));s.on('error',()=>process.exit(1));`;
  const result = spawnSync(process.execPath, ['-e', script], { timeout: 5000 });
  return result.status === 0 ? undefined : `nothing answers on ${host}:${port}`;
}

/**
 * The one policy for a missing service: under CI=true it throws (when `requiredInCi`), otherwise
 * it prints one loud skip line. Returns false, so callers can `return serviceMissing(...)`.
 */
export function serviceMissing(what: string, reason: string, requiredInCi = true): false {
  if (requiredInCi && isCi()) throw new Error(`${what}: ${reason} (a failure under CI=true)`);
  console.warn(`\n\n  !!! SKIPPING ${what}: ${reason} !!!\n\n`);
  return false;
}

/**
 * Whether `what` (tests needing the service `name` at `host:port`) should run: true when it is
 * reachable; otherwise throws under CI=true or skips loudly ({@link serviceMissing}).
 */
export async function requireService(
  name: string,
  host: string,
  port: number,
  what: string,
): Promise<boolean> {
  if (await isReachable(host, port)) return true;
  return serviceMissing(what, `${name} does not answer on ${host}:${port}`);
}

/** {@link requireService} for a service given by URL (`redis://host:port`), with its default port. */
export function requireServiceAt(
  name: string,
  url: string,
  defaultPort: number,
  what: string,
): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return requireService(name, hostname, Number(port || defaultPort), what);
}

import { execFileSync, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { serviceMissing } from '../../support/services';

/** The shared Redis the machine runs (never stopped by tests). */
export const SHARED_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether the shared Redis answers, decided synchronously so suites can be skipped at collection.
 * Under CI=true a missing Redis throws: there it is a failure, not a skip.
 */
export function sharedRedisAvailable(suite: string): boolean {
  const { hostname, port } = new URL(SHARED_REDIS_URL);
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `const s=require('net').connect(${Number(port) || 6379},'${hostname}');` +
        `s.setTimeout(1000,()=>process.exit(1));s.on('error',()=>process.exit(1));` +
        `s.on('connect',()=>{s.write('PING\\r\\n')});s.on('data',d=>process.exit(String(d).startsWith('+PONG')?0:1));`,
    ],
    { timeout: 3000 },
  );
  if (probe.status === 0) return true;
  return serviceMissing(
    suite,
    `Redis at ${SHARED_REDIS_URL} does not answer PING (start redis-server to run it)`,
  );
}

/** A key prefix unique to one test file run, so parallel workers never share keys. */
export function uniquePrefix(file: string): string {
  return `pith-test:${file}:${process.pid}:${Date.now().toString(36)}:`;
}

/** Deletes every key under `prefix` on the shared server. */
export async function dropPrefix(prefix: string): Promise<void> {
  const client = new Redis(SHARED_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length) await client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await client.quit();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A private redis-server on its own port, so a test can stop and restart it without touching the
 * shared one. `stop` shuts it down without saving; `start` brings it back on the same port.
 */
export class PrivateRedis {
  private constructor(readonly port: number) {}

  static async create(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  start(): void {
    execFileSync('redis-server', [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'yes',
      '--dir',
      '/tmp',
      '--logfile',
      '',
    ]);
    for (let i = 0; i < 100; i++) {
      if (
        spawnSync('redis-cli', ['-p', String(this.port), 'ping'])
          .stdout?.toString()
          .includes('PONG')
      )
        return;
      spawnSync('sleep', ['0.05']);
    }
    throw new Error(`private redis-server on port ${this.port} did not start`);
  }

  stop(): void {
    spawnSync('redis-cli', ['-p', String(this.port), 'shutdown', 'nosave']);
  }
}

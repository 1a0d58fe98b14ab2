import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { requireService } from '../support/services';
import { startWebhookReceiver } from './fixtures/webhook-receiver';
import type { WebhookReceiver } from './fixtures/webhook-receiver';

const ROOT = path.resolve(__dirname, '../..');
const TS_REGISTER = path.join(__dirname, '../support/ts-register.js');
const REDIS_URL = 'redis://127.0.0.1:6379';

/** One request on its own connection, so the cluster's round robin spreads them over workers. */
function request(
  port: number,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: url,
        headers: { ...headers, connection: 'close' },
        agent: false,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

describe('pith start --workers 2 with Redis sessions and PostgreSQL', () => {
  let available = false;
  let child: ChildProcess | undefined;
  let hook: WebhookReceiver<{ appointmentId: string }> | undefined;
  const prefix = `pith-sample-cluster-${process.pid}-${Date.now()}`;
  let port = 0;

  beforeAll(async () => {
    available =
      (await requireService('PostgreSQL', '127.0.0.1', 5432, 'the scale-out test')) &&
      (await requireService('Redis', '127.0.0.1', 6379, 'the scale-out test'));
    if (!available) return;
    hook = await startWebhookReceiver();
    const free = net.createServer().listen(0, '127.0.0.1');
    await once(free, 'listening');
    port = (free.address() as AddressInfo).port;
    await new Promise((r) => free.close(r));
    child = spawn(
      process.execPath,
      [
        '-r',
        TS_REGISTER,
        'core/src/cli/main.ts',
        'start',
        '--config',
        'sample-app/src/pith.config.ts',
        '--workers',
        '2',
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          PORT: String(port),
          DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/pith_sample_scale_out',
          SESSION_STORE: 'redis',
          REDIS_URL,
          SESSION_SECRET: 'a-shared-secret-for-every-worker-0123456789',
          ADMIN_PASSWORD: 'scale-out-password',
          REMINDER_WEBHOOK_URL: hook.url,
          PITH_PLUGINS__JOBS__PREFIX: prefix,
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.setEncoding('utf8').on('data', (c: string) => {
        out += c;
        if ((out.match(/listening on http/g) ?? []).length >= 2) resolve();
      });
      child!.once('exit', (code) =>
        reject(new Error(`the cluster exited (${code}):\n${out}\n${err}`)),
      );
    });
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    await hook?.close();
    if (!available) return;
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('keeps a session made on one worker on the other, and sends one reminder per appointment', async () => {
    if (!available) return;
    const login = await request(port, 'GET', '/session', { accept: 'application/json' });
    const cookie0 = String(login.headers['set-cookie']).split(';')[0];
    const { csrfToken } = JSON.parse(login.body) as { csrfToken: string };
    const signedIn = await request(
      port,
      'POST',
      '/login',
      {
        cookie: cookie0,
        'content-type': 'application/json',
        accept: 'application/json',
        'x-csrf-token': csrfToken,
      },
      JSON.stringify({ username: 'admin', password: 'scale-out-password' }),
    );
    expect(signedIn.status).toBe(200);
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0];
    // Round robin hands consecutive connections to alternating workers: all of them know the session.
    for (let i = 0; i < 8; i++) {
      const res = await request(port, 'GET', '/session', { cookie, accept: 'application/json' });
      expect(JSON.parse(res.body)).toMatchObject({ user: { username: 'admin' } });
    }

    const { arrived, bodies: received } = hook!;
    const token = JSON.parse(
      (await request(port, 'GET', '/session', { cookie, accept: 'application/json' })).body,
    ) as {
      csrfToken: string;
    };
    const post = (name: string): Promise<{ status: number; body: string }> =>
      request(
        port,
        'POST',
        '/appointments',
        {
          cookie,
          'content-type': 'application/json',
          accept: 'application/json',
          'x-csrf-token': token.csrfToken,
        },
        JSON.stringify({
          name,
          phoneNumber: '5550100',
          time: new Date(Date.now() + 10 * 60_000).toISOString(),
        }),
      );
    const first = await post('Cluster One');
    expect(first.status).toBe(201);
    await arrived(1);
    const second = await post('Cluster Two');
    await arrived(2);
    expect(received.map((r) => r.appointmentId).sort()).toEqual(
      [JSON.parse(first.body) as { id: string }, JSON.parse(second.body) as { id: string }]
        .map((a) => a.id)
        .sort(),
    );
  }, 60_000);
});

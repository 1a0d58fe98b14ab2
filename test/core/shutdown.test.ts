import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { createApp, definePlugin, type Application } from '@pith/core';
import { spawnNode } from './fixtures/spawn-node';

/** A promise with its resolve function outside, for requests that wait on the test. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** An app whose /slow request waits for `release`; `entered` resolves once it is in flight. */
function slowApp(log: string[], config = {}) {
  const entered = gate();
  const release = gate();
  const app = createApp({
    env: 'test',
    ...config,
    plugins: {
      slow: definePlugin({
        name: 'slow',
        setup(ctx) {
          ctx.setDispatcher(async (req) => {
            if (req.path !== '/slow') return req.reply.send('fast');
            entered.open();
            await release.promise;
            log.push('slow finished');
            return req.reply.send('slow done');
          });
          ctx.onClose(() => void log.push('onClose'));
        },
      }),
    },
  });
  return { app, entered, release };
}

/** GET over a real socket; resolves with status, headers and body, or the socket error. */
function get(port: number, path: string, agent?: http.Agent) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path, agent }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        })
        .on('error', reject);
    },
  );
}

describe('graceful shutdown', () => {
  it('lets an in-flight request finish; new requests meanwhile get 503 + Connection: close; onClose after', async () => {
    const log: string[] = [];
    const { app, entered, release } = slowApp(log);
    const inFlight = app.inject('/slow');
    await entered.promise;
    const closed = app.close().then(() => log.push('closed'));
    const late = await app.inject({ url: '/fast', headers: { accept: 'application/json' } });
    expect(late.statusCode).toBe(503);
    expect(late.headers.connection).toBe('close');
    expect(late.json()).toMatchObject({ code: 'ERR_SHUTTING_DOWN', status: 503 });
    expect(late.headers['x-request-id']).toBeDefined();
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(503);
    expect(log).toEqual([]);
    release.open();
    const res = await inFlight;
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('slow done');
    expect(res.headers.connection).toBe('close');
    await closed;
    expect(log).toEqual(['slow finished', 'onClose', 'closed']);
  });

  it('drains over a real socket, closing the kept-alive connection after the last response', async () => {
    const log: string[] = [];
    const { app, entered, release } = slowApp(log);
    const { port } = await app.listen(0, '127.0.0.1');
    const agent = new http.Agent({ keepAlive: true });
    expect((await get(port, '/warm-up', agent)).body).toBe('fast');
    const inFlight = get(port, '/slow', agent);
    await entered.promise;
    const closed = app.close();
    // While the drain waits, a new connection is answered (not refused): a load balancer polling
    // readiness sees 503, and a request that still arrives is told to go elsewhere.
    const readyz = await get(port, '/readyz');
    expect(readyz.status).toBe(503);
    expect(readyz.headers.connection).toBe('close');
    const late = await get(port, '/fast');
    expect(late.status).toBe(503);
    expect(late.headers.connection).toBe('close');
    release.open();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.headers.connection).toBe('close');
    await closed;
    expect(log).toEqual(['slow finished', 'onClose']);
    await expect(get(port, '/after')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    agent.destroy();
  });

  it('bounds the drain: a request still running at drainTimeout is cut off and onClose runs', async () => {
    const log: string[] = [];
    const { app, entered, release } = slowApp(log, {
      shutdown: { drainTimeout: 50 },
      server: { handlerTimeout: 0 },
    });
    const { port } = await app.listen(0, '127.0.0.1');
    const stuck = get(port, '/slow').catch((error: NodeJS.ErrnoException) => error.code);
    await entered.promise;
    const started = performance.now();
    await app.close();
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(await stuck).toBe('ECONNRESET');
    expect(log).toEqual(['onClose']);
    release.open();
  });

  it('bounds each onClose: a hook that never resolves is logged and the others still run (regression)', async () => {
    const closed: string[] = [];
    const stuck = definePlugin({
      name: 'stuck',
      setup(ctx) {
        ctx.onReady(() => undefined);
        ctx.onClose(() => new Promise<void>(() => undefined));
      },
    });
    const tidy = definePlugin({
      name: 'tidy',
      setup(ctx) {
        ctx.onReady(() => undefined);
        ctx.onClose(() => {
          closed.push('tidy');
        });
      },
    });
    const app = createApp({ shutdown: { closeTimeout: 50 }, plugins: { tidy, stuck } });
    await app.ready();
    await app.close();
    expect(closed).toEqual(['tidy']);
  });

  it('close() is idempotent, waits for a pending ready() and works on an app never started', async () => {
    const fresh: Application = createApp({ env: 'test' });
    await Promise.all([fresh.close(), fresh.close()]);
    const log: string[] = [];
    const { app } = slowApp(log);
    const ready = app.ready();
    await app.close();
    await ready;
    expect(log).toEqual(['onClose']);
  });

  it('SIGTERM drains the in-flight request over a real socket, then exits 0', async () => {
    const run = spawnNode([path.join(__dirname, 'fixtures/serve-until-sigterm.js')]);
    const [, port] = await run.waitFor(/listening on (\d+)/);
    const response = get(Number(port), '/slow');
    await run.waitFor(/slow request started/);
    run.child.kill('SIGTERM');
    const res = await response;
    expect(res.status).toBe(200);
    expect(res.body).toBe('finished after SIGTERM');
    expect(res.headers.connection).toBe('close');
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('onClose ran');
    expect(run.stderr()).toBe('');
  });
});

describe('graceful shutdown of a response still flushing', () => {
  it('delivers a large answer to a slow reader whole when close() starts meanwhile', async () => {
    const big = 'x'.repeat(8 * 1024 * 1024);
    const sent = gate();
    const app = createApp({
      env: 'test',
      plugins: {
        big: definePlugin({
          name: 'big',
          setup(ctx) {
            ctx.setDispatcher((req) => {
              void req.reply.send(big);
              sent.open();
            });
          },
        }),
      },
    });
    const { port } = await app.listen(0, '127.0.0.1');
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.pause();
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    // The answer is written but mostly still buffered: the client reads nothing yet.
    await sent.promise;
    const closed = app.close();
    let received = 0;
    const ended = new Promise<void>((resolve) => {
      socket.on('data', (chunk: Buffer) => (received += chunk.length));
      socket.on('close', () => resolve());
    });
    socket.resume();
    await ended;
    await closed;
    expect(received).toBeGreaterThan(big.length);
  });
});

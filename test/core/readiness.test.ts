import { createApp, definePlugin, type PluginContext } from '@pith/core';

function appWithChecks(declare: (ctx: PluginContext) => void, config = {}) {
  return createApp({
    env: 'test',
    ...config,
    plugins: { checks: definePlugin({ name: 'checks', setup: declare }) },
  });
}

describe('health endpoints', () => {
  it('/healthz answers 200 without running checks', async () => {
    let ran = 0;
    const app = appWithChecks((ctx) => ctx.addReadinessCheck('db', () => void ran++));
    const res = await app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(ran).toBe(0);
    await app.close();
  });

  it('/readyz answers 200 when every check passes', async () => {
    const app = appWithChecks((ctx) => {
      ctx.addReadinessCheck('db', () => undefined);
      ctx.addReadinessCheck('redis', async () => {
        await Promise.resolve();
      });
    });
    const res = await app.inject('/readyz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', checks: { db: 'ok', redis: 'ok' } });
    expect(res.headers['cache-control']).toBe('no-store');
    await app.close();
  });

  it('/readyz answers 503 naming the failed check, without its message', async () => {
    const app = appWithChecks((ctx) => {
      ctx.addReadinessCheck('db', () => undefined);
      ctx.addReadinessCheck('redis', () => {
        throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:6379'), {
          code: 'ECONNREFUSED',
        });
      });
      ctx.addReadinessCheck('queue', () => Promise.reject(new Error('secret host name')));
    });
    const res = await app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      status: 'unavailable',
      checks: { db: 'ok', redis: 'failed (ECONNREFUSED)', queue: 'failed' },
    });
    expect(res.body).not.toContain('10.0.0.7');
    await app.close();
  });

  it('times a check out and aborts its signal', async () => {
    let aborted = false;
    const app = appWithChecks((ctx) =>
      ctx.addReadinessCheck(
        'hanging',
        (signal) =>
          new Promise<void>((resolve) =>
            signal.addEventListener('abort', () => {
              aborted = true;
              resolve();
            }),
          ),
        { timeoutMs: 30 },
      ),
    );
    const res = await app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      status: 'unavailable',
      checks: { hanging: 'timed out after 30 ms' },
    });
    expect(aborted).toBe(true);
    await app.close();
  });

  it('answers 405 with Allow: GET, HEAD to other methods on /healthz and /readyz', async () => {
    const app = createApp({ env: 'test' });
    for (const url of ['/healthz', '/readyz']) {
      for (const method of ['POST', 'DELETE'] as const) {
        const res = await app.inject({ method, url, headers: { accept: 'application/json' } });
        expect(res.statusCode).toBe(405);
        expect(res.headers.allow).toBe('GET, HEAD');
        expect(res.headers['cache-control']).toBe('no-store');
      }
    }
    expect((await app.inject({ method: 'HEAD', url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });

  it('matches the path exactly, with or without a query', async () => {
    const app = appWithChecks(() => undefined);
    expect((await app.inject('/healthz?probe=1')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/readyz?x')).statusCode).toBe(200);
    for (const url of ['/healthzz', '/healthz/', '/health', '/readyz/x', '/readyzz?a=1'])
      expect([url, (await app.inject(url)).statusCode]).toEqual([url, 404]);
    await app.close();
  });

  it('serves custom paths, or nothing when disabled (the dispatcher gets the request)', async () => {
    const custom = createApp({ env: 'test', health: { healthPath: '/live', readyPath: '/ready' } });
    expect((await custom.inject('/live')).statusCode).toBe(200);
    expect((await custom.inject('/ready')).statusCode).toBe(200);
    expect((await custom.inject('/healthz')).statusCode).toBe(404);
    await custom.close();
    const off = createApp({ env: 'test', health: { enabled: false } });
    expect((await off.inject('/healthz')).statusCode).toBe(404);
    expect((await off.inject('/readyz')).statusCode).toBe(404);
    await off.close();
  });

  it('turns unready as soon as shutdown starts', async () => {
    const app = createApp({ env: 'test' });
    await app.ready();
    expect(app.readiness.isShuttingDown).toBe(false);
    expect((await app.readiness.run()).ready).toBe(true);
    await app.close();
    expect(await app.readiness.run()).toEqual({
      ready: false,
      checks: { shutdown: 'shutting down' },
    });
  });

  it('refuses two checks with one name, naming the plugin', async () => {
    const app = appWithChecks((ctx) => {
      ctx.addReadinessCheck('db', () => undefined);
      ctx.addReadinessCheck('db', () => undefined);
    });
    await expect(app.ready()).rejects.toMatchObject({
      code: 'ERR_PLUGIN_SETUP',
      message: expect.stringContaining('plugin "checks" adds readiness check "db"'),
    });
  });
});

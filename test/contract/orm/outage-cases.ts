import { ORM } from '@pith/orm';
import type { BackendFixture } from './backends';
import { buildApp, DRIVER_WORDS } from './contract-app';
import { Customer } from './contract-entities';
import { startTcpProxy } from './tcp-proxy';

/**
 * The contract's outage cases for server backends: the database going away under a running app
 * (a real TCP proxy that the test closes), a boot against a port where nothing listens, and a
 * statement slower than `queryTimeout`.
 */
export function describeOutageCases(
  network: NonNullable<BackendFixture['network']>,
  backend: BackendFixture['backend'],
): void {
  it('turns unready and answers 503 quickly when the database goes away', async () => {
    const proxy = await startTcpProxy(network.host, network.port);
    const proxied = buildApp(
      network.urlThrough(proxy.port),
      {},
      { schema: 'none', connectTimeout: 1000, queryTimeout: 1500 },
    );
    try {
      await proxied.ready();
      const c = await proxied.resolve(ORM).withEntityManager(async (em) => {
        const made = em.create(Customer, { email: 'down@example.com', name: 'D' });
        await em.flush();
        return made;
      });
      expect((await proxied.inject('/readyz')).statusCode).toBe(200);
      await proxy.close();
      const ready = await proxied.inject('/readyz');
      expect(ready.statusCode).toBe(503);
      expect(ready.json().checks.database).not.toBe('ok');
      const started = Date.now();
      const res = await proxied.inject({
        url: `/customers/${c.id}`,
        headers: { accept: 'application/json' },
      });
      expect(res.statusCode).toBe(503);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(res.body).not.toMatch(DRIVER_WORDS);
    } finally {
      await proxy.close();
      await proxied.close();
    }
  });

  it('refuses to boot against a wrong port, naming the database but not the password', async () => {
    const wrong = buildApp(
      network.urlThrough(1, 's3cret-pw'),
      {},
      { schema: 'none', connectTimeout: 1000 },
    );
    const started = Date.now();
    const error = (await wrong.ready().catch((e: unknown) => e)) as Error & { code?: string };
    expect(error.code).toBe('ERR_ORM_CONNECT');
    expect(error.message).toContain(':1/');
    expect(error.message).not.toContain('s3cret-pw');
    expect(Date.now() - started).toBeLessThan(5000);
    await wrong.close();
  });

  // MongoDB has no portable sleeping query; its bound is the socket timeout (queryTimeout).
  const sql = backend === 'mongodb' ? it.skip : it;
  sql('answers 503 when a statement runs past queryTimeout, within that bound', async () => {
    const slow = buildApp(
      network.urlThrough(network.port),
      {},
      { schema: 'none', queryTimeout: 1000 },
    );
    try {
      await slow.ready();
      const started = Date.now();
      const res = await slow.inject({ url: '/slow', headers: { accept: 'application/json' } });
      expect(res.statusCode).toBe(503);
      expect(Date.now() - started).toBeLessThan(4000);
      expect(res.body).not.toMatch(DRIVER_WORDS);
    } finally {
      await slow.close();
    }
  });
}

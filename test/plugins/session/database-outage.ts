import type { Application } from '@pith/core';
import type { BackendFixture } from '../../contract/orm/backends';
import { Browser } from './session-test-app';
import { SwitchableProxy } from './switchable-proxy';

/**
 * Logs in on an app whose database (reached through a proxy) then goes away: the session route
 * must answer 503 ERR_SESSION_STORE_UNAVAILABLE (within `failWithinMs` when given) while routes
 * without the session still answer; once the database is back, readiness and the session return.
 */
export async function expectOutageThenRecovery(
  fixture: BackendFixture,
  app: (url: string) => Application,
  failWithinMs?: number,
): Promise<void> {
  const proxy = await SwitchableProxy.start(fixture.network!.host, fixture.network!.port);
  const a = app(fixture.network!.urlThrough(proxy.port));
  try {
    const browser = new Browser(a);
    await browser.request('POST', '/login');
    proxy.cut();
    const started = performance.now();
    const failed = await browser.request('GET', '/whoami', { accept: 'application/json' });
    expect(failed.statusCode).toBe(503);
    if (failWithinMs !== undefined) expect(performance.now() - started).toBeLessThan(failWithinMs);
    expect(failed.json()).toMatchObject({ code: 'ERR_SESSION_STORE_UNAVAILABLE' });
    expect((await a.inject('/plain')).statusCode).toBe(200);
    proxy.restore();
    // The pool drops the cut connections and opens new ones: the next requests work again.
    expect((await a.inject('/readyz')).statusCode).toBe(200);
    expect((await browser.request('GET', '/whoami')).json()).toEqual({ user: 'ada' });
  } finally {
    await a.close();
    await proxy.close();
  }
}

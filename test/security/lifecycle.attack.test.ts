/**
 * SECURITY-DEFAULTS row "lifecycle": on shutdown readiness turns false, new requests get 503 +
 * Connection: close, in-flight requests finish, then the app closes. Real socket.
 */
import { once } from 'node:events';
import { createSecurityApp } from './security-app';

describe('attack: requests during shutdown', () => {
  it('drains: in-flight requests finish, new ones get 503 + Connection: close with security headers', async () => {
    const { app, data } = await createSecurityApp({
      config: { shutdown: { handleSignals: false, drainTimeout: 5000 } },
    });
    const { port } = await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    const parked = once(data.parked, 'parked');
    const inFlight = fetch(`${base}/attack/wait`, { headers: { accept: 'application/json' } });
    await parked;
    const closing = app.close();
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(503);
    const late = await app.inject({ url: '/notes', headers: { accept: 'application/json' } });
    expect(late.statusCode).toBe(503);
    expect(late.headers.connection).toBe('close');
    expect(late.headers['x-content-type-options']).toBe('nosniff');
    data.release.shift()!();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ finished: true });
    await closing;
  });
});

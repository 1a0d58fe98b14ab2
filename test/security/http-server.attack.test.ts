/**
 * SECURITY-DEFAULTS row "HTTP server": header and request timeouts (slowloris), 16 KiB header
 * limit (431), bounded connections, handler timeout aborting through an AbortSignal. Real sockets.
 */
import { once } from 'node:events';
import net from 'node:net';
import type { Application } from '@pith/core';
import { createSecurityApp, type TestData } from './security-app';
import { firstResponse, rawRequest } from './socket-client';

describe('attack: HTTP server limits (real socket)', () => {
  let app: Application;
  let data: TestData;
  let port: number;

  beforeAll(async () => {
    ({ app, data } = await createSecurityApp({
      config: {
        server: {
          headersTimeout: 1000,
          requestTimeout: 1500,
          handlerTimeout: 300,
          maxConnections: 20,
        },
        shutdown: { handleSignals: false, drainTimeout: 1000 },
      },
    }));
    port = (await app.listen(0, '127.0.0.1')).port;
  });
  afterAll(() => app.close());

  it('slow headers (slowloris): the server answers 408 and closes after headersTimeout', async () => {
    const started = Date.now();
    const res = await rawRequest(port, ['GET /notes HTTP/1.1\r\nHost: localhost\r\nX-Slow: a']);
    expect(res.status).toBe(408);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a slow body: the server gives up after requestTimeout, and nothing was created', async () => {
    const res = await rawRequest(port, [
      'POST /public-notes HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"text":',
    ]);
    expect([408, 503]).toContain(res.status);
    expect(data.notes).toEqual([]);
  });

  it('oversized headers (over 16 KiB) get 431', async () => {
    const res = await rawRequest(port, [
      `GET /notes HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`,
    ]);
    expect(res.status).toBe(431);
  });

  it('a handler past the handler timeout answers 503 and its AbortSignal fires', async () => {
    const before = data.aborted;
    const res = await fetch(`http://127.0.0.1:${port}/attack/slow`, {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { code: string }).code).toBe('ERR_HANDLER_TIMEOUT');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(data.aborted).toBe(before + 1);
  });

  it('keeps answering on a kept-alive socket, with security headers on the raw wire', async () => {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const pending = firstResponse(socket);
    socket.write('GET /notes HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const head = await pending;
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    expect(head.toLowerCase()).toContain('x-content-type-options: nosniff');
    socket.destroy();
  });
});

describe('attack: slow bodies and idle sockets (no handler timeout in the way)', () => {
  it('requestTimeout cuts a body that never finishes (408), and an idle kept-alive socket is closed', async () => {
    const { app, data } = await createSecurityApp({
      config: {
        server: {
          requestTimeout: 1000,
          headersTimeout: 1000,
          handlerTimeout: 0,
          keepAliveTimeout: 200,
        },
        shutdown: { handleSignals: false, drainTimeout: 500 },
      },
    });
    const { port } = await app.listen(0, '127.0.0.1');
    const slow = await rawRequest(port, [
      'POST /public-notes HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"text":',
    ]);
    expect(slow.status).toBe(408);
    expect(data.notes).toEqual([]);
    const socket = net.connect(port, '127.0.0.1');
    await once(socket, 'connect');
    const answered = firstResponse(socket);
    socket.write('GET /notes HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(await answered).toMatch(/^HTTP\/1\.1 200/);
    const started = Date.now();
    await once(socket, 'close');
    expect(Date.now() - started).toBeLessThan(5000);
    await app.close();
  });
});

describe('attack: connection flood', () => {
  it('bounds connections: past server.maxConnections new sockets are closed unanswered', async () => {
    const { app } = await createSecurityApp({
      config: {
        server: { maxConnections: 2 },
        shutdown: { handleSignals: false, drainTimeout: 500 },
      },
    });
    const { port } = await app.listen(0, '127.0.0.1');
    const held = await Promise.all(
      [0, 1].map(
        () =>
          new Promise<net.Socket>((resolve) => {
            const s = net.connect(port, '127.0.0.1', () => resolve(s));
          }),
      ),
    );
    await new Promise((resolve) => setImmediate(resolve));
    const third = await rawRequest(port, ['GET /notes HTTP/1.1\r\nHost: localhost\r\n\r\n']);
    expect(third.status).toBeUndefined();
    for (const s of held) s.destroy();
    await app.close();
  });
});

import net from 'node:net';
import { createApp, definePlugin } from '@pith/core';
import { rawRequest } from '../support/raw-request';

const hello = definePlugin({
  name: 'hello',
  setup: (ctx) => ctx.setDispatcher((req) => req.reply.json({ message: 'Hello, World!' })),
});

describe('the node:http server', () => {
  it('carries the configured timeouts and limits', async () => {
    const app = createApp({ env: 'test', plugins: { hello } });
    await app.listen(0, '127.0.0.1');
    const server = app.server!;
    expect(server.headersTimeout).toBe(20_000);
    expect(server.requestTimeout).toBe(60_000);
    expect(server.keepAliveTimeout).toBe(5_000);
    // @types/node 20 lacks the property Node sets from the option.
    expect((server as unknown as { maxHeaderSize: number }).maxHeaderSize).toBe(16 * 1024);
    expect(server.maxConnections).toBe(10_000);
    await app.close();
    const tuned = createApp({
      env: 'test',
      server: {
        headersTimeout: 5000,
        requestTimeout: 9000,
        keepAliveTimeout: 100,
        maxConnections: 7,
      },
    });
    await tuned.listen(0, '127.0.0.1');
    expect(tuned.server).toMatchObject({
      headersTimeout: 5000,
      requestTimeout: 9000,
      keepAliveTimeout: 100,
      maxConnections: 7,
    });
    await tuned.close();
  });

  it('answers 431 to headers over 16 KiB and serves headers under it', async () => {
    const app = createApp({ env: 'test', plugins: { hello } });
    const { port } = await app.listen(0, '127.0.0.1');
    const big = await rawRequest(
      port,
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\nConnection: close\r\n\r\n`,
    );
    expect(big).toMatch(/^HTTP\/1\.1 431 /);
    expect(big).toMatch(/\r\nx-request-id: [0-9a-f-]{36}\r\n/i);
    expect(big).toMatch(/\r\nconnection: close\r\n/i);
    expect(big).toMatch(/\r\ncontent-type: text\/plain; charset=utf-8\r\n/i);
    expect(big).toMatch(/\r\nx-content-type-options: nosniff\r\n/i);
    expect(big).toMatch(/\r\n\r\n431 Request Header Fields Too Large: .+\n$/);
    const fine = await rawRequest(
      port,
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(12 * 1024)}\r\nConnection: close\r\n\r\n`,
    );
    expect(fine).toMatch(/^HTTP\/1\.1 200 /);
    expect(fine).toContain('{"message":"Hello, World!"}');
    await app.close();
  });

  it('adds the headers plugins declare for parser errors (a security header set), once each', async () => {
    const headers = definePlugin({
      name: 'headers',
      setup(ctx) {
        ctx.addClientErrorHeaders({
          'X-Frame-Options': 'DENY',
          'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
          'x-content-type-options': 'nosniff',
        });
      },
    });
    const app = createApp({ env: 'test', plugins: { hello, headers } });
    const { port } = await app.listen(0, '127.0.0.1');
    const big = await rawRequest(
      port,
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`,
    );
    expect(big).toMatch(/^HTTP\/1\.1 431 /);
    expect(big).toMatch(/\r\nX-Frame-Options: DENY\r\n/);
    expect(big).toMatch(
      /\r\nContent-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n/,
    );
    expect(big.match(/x-content-type-options/gi)).toHaveLength(1);
    const bad = await rawRequest(port, 'NOT A REQUEST\r\n\r\n');
    expect(bad).toMatch(/^HTTP\/1\.1 400 /);
    expect(bad).toMatch(/\r\nX-Frame-Options: DENY\r\n/);
    await app.close();
  });

  it('refuses a client error header value that could split the response', () => {
    const splitting = definePlugin({
      name: 'splitting',
      setup(ctx) {
        ctx.addClientErrorHeaders({ 'x-evil': 'a\r\nSet-Cookie: x=1' });
      },
    });
    return expect(createApp({ env: 'test', plugins: { splitting } }).ready()).rejects.toThrow(
      /x-evil/,
    );
  });

  it('answers a malformed request line with 400, a request id and Connection: close', async () => {
    const app = createApp({ env: 'test', plugins: { hello } });
    const { port } = await app.listen(0, '127.0.0.1');
    for (const request of ['GARBAGE\r\n\r\n', 'GET / HTTP/1.1\r\nHost x\r\n\r\n']) {
      const answer = await rawRequest(port, request);
      expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(answer).toMatch(/\r\nx-request-id: [0-9a-f-]{36}\r\n/i);
      expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    }
    await app.close();
  });

  it('answers 408 with a request id when the headers never finish arriving', async () => {
    const app = createApp({
      env: 'test',
      plugins: { hello },
      server: { headersTimeout: 1000, requestTimeout: 1100 },
    });
    const { port } = await app.listen(0, '127.0.0.1');
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () =>
        socket.write('GET / HTTP/1.1\r\nHost: x\r\n'),
      );
      let data = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (data += chunk));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(answer).toMatch(/\r\nx-request-id: [0-9a-f-]{36}\r\n/i);
    await app.close();
  });

  it('answers oversized chunk extensions with 413 and a request id, as Node does', async () => {
    const reader = definePlugin({
      name: 'reader',
      setup: (ctx) =>
        ctx.setDispatcher(async (req) => {
          for await (const chunk of req.req) void chunk;
          await req.reply.json({ ok: true });
        }),
    });
    const app = createApp({ env: 'test', plugins: { reader } });
    const { port } = await app.listen(0, '127.0.0.1');
    const answer = await rawRequest(
      port,
      `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1;${'a'.repeat(20_000)}\r\nx\r\n0\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(answer).toMatch(/\r\nx-request-id: [0-9a-f-]{36}\r\n/i);
    await app.close();
  });

  it('refuses to listen twice and serves the same pipeline as inject', async () => {
    const app = createApp({ env: 'test', plugins: { hello } });
    const { port } = await app.listen(0, '127.0.0.1');
    await expect(app.listen(0, '127.0.0.1')).rejects.toMatchObject({
      code: 'ERR_APP_ALREADY_READY',
    });
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-z]{5}-[0-9a-z]+$/);
    expect(await res.json()).toEqual({ message: 'Hello, World!' });
    await app.close();
  });

  it('aborts ctx.signal when the client goes away mid-request', async () => {
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    let seen!: (reason: unknown) => void;
    const abortSeen = new Promise<unknown>((resolve) => (seen = resolve));
    const app = createApp({
      env: 'test',
      plugins: {
        waiting: definePlugin({
          name: 'waiting',
          setup: (ctx) =>
            ctx.setDispatcher(
              (req) =>
                new Promise<void>((resolve) => {
                  req.signal.addEventListener('abort', () => {
                    seen(req.signal.reason);
                    resolve();
                  });
                  entered();
                }),
            ),
        }),
      },
    });
    const { port } = await app.listen(0, '127.0.0.1');
    const socket = net.connect(port, '127.0.0.1', () =>
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
    );
    await inHandler;
    socket.destroy();
    expect(await abortSeen).toMatchObject({ message: 'client closed the connection' });
    await app.close();
  });
});

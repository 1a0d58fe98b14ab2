import http from 'node:http';
import { createApp, definePlugin } from '@pith/core';
import type { RequestPipeline } from '../../core/src/http/request-pipeline';

/**
 * A request answered synchronously and handed to the socket whole is not tracked; one still
 * flushing (or still running) is, until its response closes, so the drain waits for it.
 */
describe('in-flight tracking', () => {
  const size = 8 * 1024 * 1024;
  let release!: () => void;
  let sizeAtFinish = -1;
  let entered!: () => void;
  const laterEntered = new Promise<void>((resolve) => (entered = resolve));
  let bigClosed!: (size: number) => void;
  const sizeAfterBigClosed = new Promise<number>((resolve) => (bigClosed = resolve));
  const app = createApp({ env: 'test', logger: { level: 'silent' } }).register(
    definePlugin({
      name: 'answers',
      setup: (ctx) => {
        // onResponse runs on 'finish', before the response's 'close' would untrack it.
        ctx.addHook('onResponse', (req) => {
          if (req.path === '/small') sizeAtFinish = inFlight().size;
          // Registered after the tracker's own close listener: runs once it untracked the request.
          if (req.path === '/big') req.nodeResponse.once('close', () => bigClosed(inFlight().size));
        });
        ctx.setDispatcher((req) => {
          if (req.path === '/big') return req.reply.send(Buffer.alloc(size, 97));
          if (req.path === '/later') {
            // Resolved after this synchronous part, so after the pipeline tracked the request.
            entered();
            return new Promise<void>((resolve) => (release = resolve)).then(() =>
              req.reply.send('later'),
            );
          }
          return req.reply.send('small');
        });
      },
    }),
  );
  const inFlight = () => (app as unknown as { pipeline: RequestPipeline }).pipeline.inFlight;
  let port: number;
  beforeAll(async () => {
    port = (await app.listen(0, '127.0.0.1')).port;
  });
  afterAll(() => app.close());

  function open(path: string): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) =>
      http.get({ host: '127.0.0.1', port, path }, resolve).on('error', reject),
    );
  }
  function drain(res: http.IncomingMessage): Promise<number> {
    let received = 0;
    res.on('data', (chunk: Buffer) => (received += chunk.length));
    return new Promise((resolve) => res.on('end', () => resolve(received)));
  }

  it('tracks a synchronous answer the socket is still flushing until it closes', async () => {
    const res = await open('/big');
    res.pause();
    expect(inFlight().size).toBe(1);
    res.resume();
    expect(await drain(res)).toBe(size);
    expect(await sizeAfterBigClosed).toBe(0);
  });

  it('tracks an asynchronous answer, not a small synchronous one', async () => {
    const later = open('/later');
    await laterEntered;
    expect(inFlight().size).toBe(1);
    expect(await drain(await open('/small'))).toBe(5);
    expect(sizeAtFinish).toBe(1);
    release();
    expect(await drain(await later)).toBe(5);
  });
});

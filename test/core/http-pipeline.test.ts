import { Readable } from 'node:stream';
import {
  createApp,
  currentRequest,
  definePlugin,
  HttpError,
  type Dispatcher,
  type PluginContext,
  type RequestContext,
} from '@pith/core';

/** An app whose dispatcher is `dispatch`, plus whatever `more` declares. */
function appWith(dispatch: Dispatcher, more?: (ctx: PluginContext) => void, config = {}) {
  return createApp({
    env: 'test',
    ...config,
    plugins: {
      test: definePlugin({
        name: 'test',
        setup(ctx) {
          ctx.setDispatcher(dispatch);
          more?.(ctx);
        },
      }),
    },
  });
}

describe('hook order', () => {
  it('runs onRequest → dispatcher → onSend → onResponse, each phase in registration order', async () => {
    const log: string[] = [];
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const app = appWith(
      (ctx) => {
        log.push('dispatch');
        return ctx.reply.json({ ok: true });
      },
      (ctx) => {
        ctx.addHook('onRequest', () => void log.push('onRequest 1'));
        ctx.addHook('onRequest', async () => {
          await Promise.resolve();
          log.push('onRequest 2');
        });
        ctx.addHook('onSend', (req) => {
          log.push(`onSend ${req.reply.payload as string}`);
          req.reply.header('x-on-send', 'yes');
        });
        ctx.addHook('onResponse', (req) => {
          log.push(`onResponse ${req.res.writableEnded}`);
          finished();
        });
      },
    );
    const res = await app.inject('/');
    await done;
    expect(res.headers['x-on-send']).toBe('yes');
    expect(log).toEqual([
      'onRequest 1',
      'onRequest 2',
      'dispatch',
      'onSend {"ok":true}',
      'onResponse true',
    ]);
    await app.close();
  });

  it('ends the pipeline when a hook sends: later onRequest hooks and the dispatcher are skipped', async () => {
    const log: string[] = [];
    const app = appWith(
      () => void log.push('dispatch'),
      (ctx) => {
        ctx.addHook('onRequest', (req) => {
          log.push('guard');
          return req.reply.status(401).json({ error: 'who are you' });
        });
        ctx.addHook('onRequest', () => void log.push('second onRequest'));
        ctx.addHook('onSend', () => void log.push('onSend'));
      },
    );
    const res = await app.inject('/');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'who are you' });
    expect(log).toEqual(['guard', 'onSend']);
    await app.close();
  });

  it('lets onSend hooks replace the payload before it is written', async () => {
    const app = appWith(
      (ctx) => ctx.reply.send('hello'),
      (ctx) =>
        ctx.addHook(
          'onSend',
          (req) => void (req.reply.payload = `${req.reply.payload as string}!`),
        ),
    );
    const res = await app.inject('/');
    expect(res.body).toBe('hello!');
    expect(res.headers['content-length']).toBe('6');
    await app.close();
  });

  it('calls onError hooks with the error, then answers; a failing onError hook changes nothing', async () => {
    const seen: unknown[] = [];
    const app = appWith(
      () => {
        throw new HttpError('ERR_CONFLICT', { detail: 'Taken.' });
      },
      (ctx) => {
        ctx.addHook(
          'onError',
          (req, error) => void seen.push([req.path, (error as HttpError).code]),
        );
        ctx.addHook('onError', () => {
          throw new Error('reporter down');
        });
      },
    );
    const res = await app.inject('/x');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ERR_CONFLICT', detail: 'Taken.' });
    expect(seen).toEqual([['/x', 'ERR_CONFLICT']]);
    await app.close();
  });

  it('sends an error through the error path when an async onSend hook fails, even if send() was not awaited', async () => {
    const app = appWith(
      (ctx) => {
        void ctx.reply.json({ ok: true });
      },
      (ctx) =>
        ctx.addHook('onSend', async (req) => {
          await Promise.resolve();
          if (!req.reply.statusCode || req.reply.statusCode < 400)
            throw new Error('session store down');
        }),
    );
    const res = await app.inject({ url: '/', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'ERR_INTERNAL' });
    await app.close();
  });

  it('hands preHandler hooks to the dispatcher, which runs them per route (the router contract)', async () => {
    const log: string[] = [];
    const app = createApp({
      env: 'test',
      plugins: {
        guard: definePlugin({
          name: 'guard',
          setup: (ctx) => ctx.addHook('preHandler', () => void log.push('preHandler')),
        }),
        router: definePlugin({
          name: 'router',
          after: ['guard'],
          setup(ctx) {
            let preHandlers: readonly ((c: RequestContext) => void | Promise<void>)[] = [];
            ctx.onReady(() => void (preHandlers = ctx.hooks('preHandler')));
            ctx.setDispatcher(async (req) => {
              for (const hook of preHandlers) await hook(req);
              log.push('handler');
              return req.reply.send('ok');
            });
          },
        }),
      },
    });
    await app.inject('/');
    expect(log).toEqual(['preHandler', 'handler']);
    await app.close();
  });
});

describe('reply helpers', () => {
  const app = appWith((ctx) => {
    const r = ctx.reply;
    switch (ctx.path) {
      case '/json':
        return r.status(201).header('x-custom', 'a').json({ created: true });
      case '/text':
        return r.send('plain');
      case '/bytes':
        return r.send(Buffer.from([1, 2, 3]));
      case '/object':
        return r.send({ sent: 'as json' });
      case '/typed':
        return r.type('text/csv; charset=utf-8').send('a,b\n');
      case '/stream':
        return r.type('text/plain').send(Readable.from(['chunk 1, ', 'chunk 2']));
      case '/redirect':
        return r.redirect('/elsewhere');
      case '/moved':
        return r.redirect('/new', 301);
      case '/empty':
        return r.status(204).send();
      case '/vary':
        r.appendHeader('vary', 'Accept')
          .appendHeader('Vary', 'accept')
          .appendHeader('vary', 'Origin');
        r.appendHeader('set-cookie', 'a=1').appendHeader('set-cookie', 'b=2');
        r.header('x-gone', '1').removeHeader('x-gone');
        return r.send(String(r.hasHeader('x-gone')));
      default:
        return Promise.resolve(r.send('twice')).then(() => r.send('ignored'));
    }
  });
  afterAll(() => app.close());

  it('status, header and json', async () => {
    const res = await app.inject('/json');
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-custom']).toBe('a');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.json()).toEqual({ created: true });
  });

  it('send picks the content type from the body', async () => {
    const text = await app.inject('/text');
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.body).toBe('plain');
    const bytes = await app.inject('/bytes');
    expect(bytes.headers['content-type']).toBe('application/octet-stream');
    expect([...bytes.rawPayload]).toEqual([1, 2, 3]);
    const object = await app.inject('/object');
    expect(object.json()).toEqual({ sent: 'as json' });
    const typed = await app.inject('/typed');
    expect(typed.headers['content-type']).toBe('text/csv; charset=utf-8');
  });

  it('streams a Readable', async () => {
    const res = await app.inject('/stream');
    expect(res.body).toBe('chunk 1, chunk 2');
    expect(res.headers['content-length']).toBeUndefined();
  });

  it('redirects with 302 by default or the status given', async () => {
    const found = await app.inject('/redirect');
    expect(found.statusCode).toBe(302);
    expect(found.headers.location).toBe('/elsewhere');
    const moved = await app.inject('/moved');
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe('/new');
  });

  it('answers HEAD with the GET headers and no body, streams included', async () => {
    const json = await app.inject({ method: 'HEAD', url: '/json' });
    expect(json.statusCode).toBe(201);
    expect(json.headers['content-length']).toBe(String('{"created":true}'.length));
    expect(json.body).toBe('');
    const stream = await app.inject({ method: 'HEAD', url: '/stream' });
    expect(stream.statusCode).toBe(200);
    expect(stream.body).toBe('');
  });

  it('sends nothing for 204, appends repeatable headers, ignores a second send', async () => {
    const empty = await app.inject('/empty');
    expect(empty.statusCode).toBe(204);
    expect(empty.body).toBe('');
    const vary = await app.inject('/vary');
    expect(vary.headers.vary).toBe('Accept, Origin');
    expect(vary.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(vary.body).toBe('false');
    const twice = await app.inject('/twice');
    expect(twice.body).toBe('twice');
  });
});

describe('request context', () => {
  it('is reachable through currentRequest() inside async code, and only there', async () => {
    async function deepInAService(): Promise<string | undefined> {
      await new Promise<void>((resolve) => setImmediate(resolve));
      await Promise.resolve();
      return currentRequest()?.id;
    }
    const app = appWith(
      async (ctx) => {
        const seen = await deepInAService();
        return ctx.reply.json({ same: seen === ctx.id, id: seen });
      },
      (ctx) => ctx.requireRequestContext(),
    );
    const [a, b] = await Promise.all([app.inject('/a'), app.inject('/b')]);
    expect(a.json()).toEqual({ same: true, id: a.headers['x-request-id'] });
    expect(b.json()).toEqual({ same: true, id: b.headers['x-request-id'] });
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    expect(currentRequest()).toBeUndefined();
    await app.close();
  });

  it('exposes method, path, a flat null-prototype query, headers and per-request state', async () => {
    const app = appWith(
      (ctx) =>
        ctx.reply.json({
          method: ctx.method,
          path: ctx.path,
          query: ctx.query,
          protoless: Object.getPrototypeOf(ctx.query) === null,
          header: ctx.header('x-thing'),
          state: ctx.state.user,
        }),
      (ctx) => ctx.addHook('onRequest', (req) => void (req.state.user = 'ada')),
    );
    const res = await app.inject({
      method: 'POST',
      url: '/p/a%20b?x=1&x=2&y=&__proto__=z&a[b]=c',
      headers: { 'x-thing': 'yes' },
    });
    expect(res.json()).toEqual({
      method: 'POST',
      path: '/p/a%20b',
      query: { x: ['1', '2'], y: '', ['__proto__']: 'z', 'a[b]': 'c' },
      protoless: true,
      header: 'yes',
      state: 'ada',
    });
    await app.close();
  });

  it('answers a clean 404 when no plugin fills the dispatcher', async () => {
    const app = createApp({ env: 'test' });
    const res = await app.inject({ url: '/anything?q=1', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({
      status: 404,
      code: 'ERR_NOT_FOUND',
      detail: 'No route for GET /anything.',
    });
    await app.close();
  });

  it('puts a request id header on every response, errors and health included', async () => {
    const app = appWith((ctx) => {
      if (ctx.path === '/boom') throw new Error('boom');
      if (ctx.path === '/teapot') throw new HttpError('ERR_BAD_REQUEST');
      return ctx.reply.send('ok');
    });
    const ids = new Set<string>();
    for (const url of ['/', '/boom', '/teapot', '/healthz', '/readyz']) {
      const res = await app.inject(url);
      const id = res.headers['x-request-id'] as string;
      expect(id).toMatch(/^[0-9a-z]{5}-[0-9a-z]+$/);
      ids.add(id);
    }
    expect(ids.size).toBe(5);
    await app.close();
  });

  it('adopts a client X-Request-Id only when trusted and well-formed', async () => {
    const plain = appWith((ctx) => ctx.reply.send(ctx.id));
    const given = { 'x-request-id': 'edge-123' };
    expect((await plain.inject({ url: '/', headers: given })).body).not.toBe('edge-123');
    const trusting = appWith((ctx) => ctx.reply.send(ctx.id), undefined, {
      server: { trustRequestId: true },
    });
    expect((await trusting.inject({ url: '/', headers: given })).body).toBe('edge-123');
    const evil = await trusting.inject({ url: '/', headers: { 'x-request-id': 'a b<script>' } });
    expect(evil.body).not.toContain('script');
    await Promise.all([plain.close(), trusting.close()]);
  });
});

describe('handler timeout', () => {
  it('answers 503 and aborts ctx.signal when the handler runs too long', async () => {
    let abortReason: unknown;
    let lateSend: Promise<void> | undefined;
    const app = appWith(
      (ctx) =>
        new Promise<void>((resolve) => {
          ctx.signal.addEventListener('abort', () => {
            abortReason = ctx.signal.reason;
            lateSend = Promise.resolve(ctx.reply.json({ too: 'late' }));
            resolve();
          });
        }),
      undefined,
      { server: { handlerTimeout: 40 } },
    );
    const res = await app.inject({ url: '/slow', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'ERR_HANDLER_TIMEOUT', status: 503 });
    expect(res.headers['x-request-id']).toBeDefined();
    expect(abortReason).toMatchObject({ code: 'ERR_HANDLER_TIMEOUT' });
    await lateSend;
    await app.close();
  });

  it('leaves fast requests alone and can be switched off', async () => {
    const app = appWith((ctx) => ctx.reply.send('quick'), undefined, {
      server: { handlerTimeout: 0 },
    });
    expect((await app.inject('/')).body).toBe('quick');
    await app.close();
  });
});

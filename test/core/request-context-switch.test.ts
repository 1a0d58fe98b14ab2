import {
  REQUEST_CONTEXT,
  createApp,
  currentRequest,
  definePlugin,
  inject,
  injectable,
  type AppConfig,
  type PluginContext,
  type RequestContextAccessor,
} from '@pith/core';

/** A dispatcher that reads the request through currentRequest() after an await. */
function probeApp(config: AppConfig['server'], more?: (ctx: PluginContext) => void) {
  const seen: Array<string | undefined> = [];
  const probe = definePlugin({
    name: 'probe',
    setup(ctx) {
      more?.(ctx);
      ctx.setDispatcher(async (req) => {
        await new Promise<void>((resolve) => setImmediate(resolve));
        seen.push(currentRequest()?.id);
        await req.reply.json({ id: req.id });
      });
    },
  });
  return { app: createApp({ env: 'test', server: config, plugins: { probe } }), seen };
}

@injectable()
class AuditTrail {
  constructor(@inject(REQUEST_CONTEXT) private readonly request: RequestContextAccessor) {}

  async record(): Promise<string> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return this.request.get().id;
  }
}

describe('server.requestContext "auto" (the default)', () => {
  it('stays off while nothing asks for it: requests answer, currentRequest() is undefined and warns once', async () => {
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const { app, seen } = probeApp({});
    expect(app.config.server.requestContext).toBe('auto');
    const res = await app.inject('/');
    await app.inject('/');
    expect(res.statusCode).toBe(200);
    expect(seen).toEqual([undefined, undefined]);
    expect(app.requestContext).toBeUndefined();
    expect(emitWarning).toHaveBeenCalledTimes(1);
    expect(emitWarning.mock.calls[0]).toEqual([
      expect.stringMatching(/inject REQUEST_CONTEXT.*requireRequestContext/),
      { code: 'PITH_REQUEST_CONTEXT_OFF' },
    ]);
    emitWarning.mockRestore();
    await app.close();
  });

  it('is on when a plugin requires it, and says which plugin', async () => {
    const { app, seen } = probeApp({}, (ctx) => ctx.requireRequestContext());
    const res = await app.inject('/');
    expect(seen).toEqual([res.json<{ id: string }>().id]);
    expect(app.requestContext).toBe('plugin "probe"');
    await app.close();
  });

  it('is on when a service injects REQUEST_CONTEXT, and get() finds the request after awaits', async () => {
    let audit: AuditTrail | undefined;
    const app = createApp({
      env: 'test',
      plugins: {
        audit: definePlugin({
          name: 'audit',
          setup(ctx) {
            // Resolved at ready, before the pipeline is compiled (as the router resolves controllers).
            ctx.onReady(() => void (audit = ctx.resolve(AuditTrail)));
            ctx.setDispatcher(async (req) =>
              req.reply.json({ same: (await audit!.record()) === req.id }),
            );
          },
        }),
      },
    });
    const [a, b] = await Promise.all([app.inject('/a'), app.inject('/b')]);
    expect([a.json(), b.json()]).toEqual([{ same: true }, { same: true }]);
    expect(app.requestContext).toBe('resolving REQUEST_CONTEXT');
    await app.close();
  });

  it('turns on for the next requests when REQUEST_CONTEXT is first resolved after ready', async () => {
    const { app, seen } = probeApp({});
    await app.inject('/');
    app.resolve(AuditTrail);
    const res = await app.inject('/');
    expect(seen).toEqual([undefined, res.json<{ id: string }>().id]);
    await app.close();
  });

  it('get() outside a request is a coded error saying where the context exists', async () => {
    const app = createApp({ env: 'test' });
    const accessor = app.resolve(REQUEST_CONTEXT);
    expect(accessor.current()).toBeUndefined();
    expect(() => accessor.get()).toThrow(/ERR_NO_REQUEST_CONTEXT.*while a request runs/);
    await app.close();
  });
});

describe('server.requestContext true and false', () => {
  it('true: on from the start with nothing asking', async () => {
    const { app, seen } = probeApp({ requestContext: true });
    const res = await app.inject('/');
    expect(seen).toEqual([res.json<{ id: string }>().id]);
    expect(app.requestContext).toBe('server.requestContext: true');
    await app.close();
  });

  it('false: a plugin that requires it stops the boot naming the plugin and the setting', async () => {
    const { app } = probeApp({ requestContext: false }, (ctx) => ctx.requireRequestContext());
    await expect(app.ready()).rejects.toThrow(
      /ERR_CONFIG_INVALID.*plugin "probe".*server\.requestContext is false/,
    );
  });

  it('false: resolving REQUEST_CONTEXT is refused, naming the setting', async () => {
    const app = createApp({ env: 'test', server: { requestContext: false } });
    expect(() => app.resolve(AuditTrail)).toThrow(
      /REQUEST_CONTEXT.*server\.requestContext is false/,
    );
    await app.close();
  });
});

describe('server.requestContext from the environment', () => {
  it.each([
    ['false', false],
    ['true', true],
    ['auto', 'auto'],
  ])('PITH_SERVER__REQUESTCONTEXT=%s', async (raw, expected) => {
    const app = createApp({}, { PITH_SERVER__REQUESTCONTEXT: raw });
    expect(app.config.server.requestContext).toBe(expected);
    await app.close();
  });

  it('a bad value stops the boot with the key and the expected shape', () => {
    expect(() => createApp({}, { PITH_SERVER__REQUESTCONTEXT: 'sometimes' })).toThrow(
      /server\.requestContext.*true, false or "auto"/,
    );
  });
});

import { createApp, currentRequest, definePlugin } from '@pith/core';

function app(requestContext: boolean, needsContext = false) {
  const seen: Array<string | undefined> = [];
  const probe = definePlugin({
    name: 'probe',
    setup(ctx) {
      if (needsContext) ctx.requireRequestContext();
      ctx.setDispatcher(async (req) => {
        await Promise.resolve();
        seen.push(currentRequest()?.id);
        await req.reply.json({ id: req.id });
      });
    },
  });
  return { app: createApp({ server: { requestContext }, plugins: { probe } }), seen };
}

describe('server.requestContext', () => {
  it('is on by default: currentRequest() finds the request after an await', async () => {
    const { app: on, seen } = app(true);
    const res = await on.inject('/');
    expect(seen).toEqual([res.json().id]);
    await on.close();
  });

  it('off: requests still answer and currentRequest() is undefined', async () => {
    const { app: off, seen } = app(false);
    const res = await off.inject('/');
    expect(res.statusCode).toBe(200);
    expect(seen).toEqual([undefined]);
    await off.close();
  });

  it('off: a plugin that requires it stops the boot naming the plugin and the setting', async () => {
    const { app: off } = app(false, true);
    await expect(off.ready()).rejects.toThrow(
      /ERR_CONFIG_INVALID.*"probe".*server\.requestContext/,
    );
  });

  it('can be turned off from the environment', async () => {
    const off = createApp({}, { PITH_SERVER__REQUESTCONTEXT: 'false' });
    expect(off.config.server.requestContext).toBe(false);
    await off.close();
  });
});

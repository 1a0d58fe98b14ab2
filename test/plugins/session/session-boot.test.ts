import { sessionApp, setCookies } from './session-test-app';

describe('session plugin boot rules', () => {
  const saved = process.env.SESSION_SECRET;
  afterEach(() => {
    if (saved === undefined) delete process.env.SESSION_SECRET;
    else process.env.SESSION_SECRET = saved;
  });

  it('refuses the memory store in production', async () => {
    const app = sessionApp({ store: 'memory' }, 'production');
    await expect(app.ready()).rejects.toThrow(
      /ERR_SESSION_CONFIG: plugins\.session\.store is "memory".*refused in production: choose "cookie", "redis" or "database"/,
    );
  });

  it('refuses production with no store chosen', async () => {
    const app = sessionApp({}, 'production');
    await expect(app.ready()).rejects.toThrow(/plugins\.session\.store is not set/);
  });

  it('requires a secret in production', async () => {
    delete process.env.SESSION_SECRET;
    const app = sessionApp({ store: 'cookie', secret: undefined }, 'production');
    await expect(app.ready()).rejects.toThrow(
      /ERR_SESSION_CONFIG: plugins\.session\.secret is missing.*SESSION_SECRET/,
    );
  });

  it('takes SESSION_SECRET (comma-separated for rotation) in production', async () => {
    process.env.SESSION_SECRET = `${'n'.repeat(40)},${'o'.repeat(40)}`;
    const app = sessionApp({ store: 'cookie', secret: undefined }, 'production');
    const res = await app.inject({ method: 'POST', url: '/set?key=a&value=b' });
    expect(res.statusCode).toBe(200);
    expect(setCookies(res)).toHaveLength(1);
    await app.close();
  });

  it('refuses a short secret, naming the option', async () => {
    const app = sessionApp({ secret: 'short' });
    await expect(app.ready()).rejects.toThrow(/plugins\.session\.secret .*at least 32 characters/);
  });

  it('runs without a secret outside production (random per app)', async () => {
    delete process.env.SESSION_SECRET;
    const app = sessionApp({ secret: undefined }, 'development');
    const res = await app.inject({ method: 'POST', url: '/set?key=a&value=b' });
    expect(res.statusCode).toBe(200);
    await app.close();
  });

  it('explains a use of ctx.session in an app without the plugin', async () => {
    const { createApp, definePlugin } = await import('@pith/core');
    const app = createApp({
      env: 'development',
      logger: { level: 'silent' },
      plugins: {
        bare: definePlugin({
          name: 'bare',
          setup(ctx) {
            ctx.setDispatcher(async (req) => req.reply.json(await req.session.get('x')));
          },
        }),
      },
    });
    const res = await app.inject({ url: '/', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'ERR_SESSION_NOT_ENABLED' });
    await app.close();
  });

  it('takes the store from PITH_PLUGINS__SESSION__STORE', async () => {
    const { createApp } = await import('@pith/core');
    const { sessionPlugin } = await import('@pith/session');
    const app = createApp(
      {
        env: 'test',
        logger: { level: 'silent' },
        plugins: {
          session: [sessionPlugin, { secret: 'x'.repeat(40) }],
          touch: [
            (await import('@pith/core')).definePlugin({
              name: 'touch',
              setup(ctx) {
                ctx.setDispatcher(async (req) => {
                  await req.session.set('a', 1);
                  return req.reply.json({ ok: true });
                });
              },
            }),
          ],
        },
      },
      { PITH_PLUGINS__SESSION__STORE: 'cookie' },
    );
    expect(setCookies(await app.inject('/'))[0]).toMatch(/^sid=v1\./);
    await app.close();
  });
});

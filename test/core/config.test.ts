import path from 'node:path';
import { createApp, defineConfig, definePlugin, s, BUILTIN_PLUGINS } from '@pith/core';
import { resolvePlugins } from '../../core/src/plugin/plugin-resolver';
import { spawnNode } from './fixtures/spawn-node';

const FIXTURES = path.join(__dirname, 'fixtures/plugins');

/** The message of the error `fn` throws (fails the test when it does not throw). */
function bootError(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected the boot to fail');
}

describe('config defaults', () => {
  it('fills the secure server defaults and the lifecycle defaults', () => {
    const { config } = createApp({}, {});
    expect(config).toMatchObject({
      name: 'pith-app',
      env: 'development',
      rootDir: process.cwd(),
      server: {
        port: 3000,
        host: '0.0.0.0',
        headersTimeout: 20_000,
        requestTimeout: 60_000,
        keepAliveTimeout: 5_000,
        maxHeaderSize: 16 * 1024,
        maxConnections: 10_000,
        handlerTimeout: 30_000,
        trustProxy: false,
        trustRequestId: false,
      },
      health: { enabled: true, healthPath: '/healthz', readyPath: '/readyz' },
      shutdown: { drainTimeout: 25_000, handleSignals: true },
      plugins: {},
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.server)).toBe(true);
  });

  it('takes env from the config, else NODE_ENV', () => {
    expect(createApp({}, { NODE_ENV: 'production' }).config.env).toBe('production');
    expect(createApp({ env: 'test' }, { NODE_ENV: 'production' }).config.env).toBe('test');
  });

  it('debugErrors follows an explicit development only, and PITH_DEBUGERRORS sets it', () => {
    expect(createApp({}, {}).config.debugErrors).toBe(false);
    expect(createApp({}, { NODE_ENV: 'development' }).config.debugErrors).toBe(true);
    expect(createApp({ env: 'development' }, {}).config.debugErrors).toBe(true);
    expect(createApp({ env: 'production' }, { PITH_DEBUGERRORS: 'true' }).config.debugErrors).toBe(
      true,
    );
  });

  it('defineConfig returns the config unchanged (it only types it)', () => {
    const config = { name: 'x', server: { port: 1 } };
    expect(defineConfig(config)).toBe(config);
  });
});

describe('environment overrides', () => {
  it('PORT, HOST, LOG_LEVEL and PITH_<SECTION>__<KEY> override and are coerced', () => {
    const { config } = createApp(
      { server: { port: 1234, handlerTimeout: 5000 } },
      {
        PORT: '8080',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        PITH_SERVER__HANDLERTIMEOUT: '1500',
        PITH_HEALTH__ENABLED: 'false',
        pith_ignored_lowercase: 'x',
      },
    );
    expect(config.server.port).toBe(8080);
    expect(config.server.host).toBe('127.0.0.1');
    expect(config.server.handlerTimeout).toBe(1500);
    expect(config.logger.level).toBe('warn');
    expect(config.health.enabled).toBe(false);
  });

  it('does not mutate the config object it was given', () => {
    const written = { server: { port: 1 } };
    createApp(written, { PORT: '2' });
    expect(written).toEqual({ server: { port: 1 } });
  });

  it('PITH_PLUGINS__<NAME>__<KEY> reaches plugin options, coerced by the plugin schema', async () => {
    const app = createApp(
      { rootDir: FIXTURES, plugins: { './greeter.js': { greeting: 'Hi' } } },
      { PITH_PLUGINS__GREETER__TIMES: '3', PITH_PLUGINS__GREETER__LOUD: 'true' },
    );
    const res = await app.inject('/');
    expect(res.json()).toEqual({ message: 'HI HI HI' });
    await app.close();
  });

  it('a bad environment value stops the boot and names the variable', () => {
    const error = bootError(() => createApp({}, { PORT: 'eighty' }));
    expect(error.code).toBe('ERR_CONFIG_INVALID');
    expect(error.message).toContain(
      'server.port got "eighty" (from PORT); expected an integer from 0 to 65535',
    );
    const app = createApp(
      { rootDir: FIXTURES, plugins: { './greeter.js': true } },
      { PITH_PLUGINS__GREETER__LOUD: 'maybe' },
    );
    return expect(app.ready()).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      message: expect.stringContaining('loud got "maybe" (from PITH_PLUGINS__GREETER__LOUD)'),
    });
  });

  it('an override naming no known option stops the boot', async () => {
    expect(bootError(() => createApp({}, { PITH_SERVER__PROT: '1' })).message).toContain(
      'environment variable PITH_SERVER__PROT names server.prot, which is not a known option',
    );
    const app = createApp(
      { rootDir: FIXTURES, plugins: { './greeter.js': true } },
      { PITH_PLUGINS__GREETER__COLOUR: 'red' },
    );
    await expect(app.ready()).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    const plain = definePlugin({ name: 'plain', setup: () => undefined });
    const noOptions = createApp({ plugins: { plain } }, { PITH_PLUGINS__PLAIN__X: '1' });
    await expect(noOptions.ready()).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      message: expect.stringContaining('takes no options, got PITH_PLUGINS__PLAIN__X'),
    });
  });
});

describe('bad values stop the boot with key, problem and expected shape', () => {
  it('reports every problem of the app config at once', () => {
    const error = bootError(() =>
      createApp(
        { server: { port: -1, host: 7 as unknown as string }, env: 'staging' as 'test' },
        {},
      ),
    );
    expect(error.code).toBe('ERR_CONFIG_INVALID');
    expect(error.message).toContain('server.port got -1; expected an integer from 0 to 65535');
    expect(error.message).toContain('server.host got 7; expected a string');
    expect(error.message).toContain(
      'env got "staging"; expected one of "development", "production", "test"',
    );
  });

  it('refuses unknown keys at every level (a typo must not be ignored)', () => {
    const top = bootError(() => createApp({ servr: {} } as never, {}));
    expect(top.message).toContain(
      'servr is not a known option; expected one of name, env, debugErrors, rootDir, server',
    );
    const nested = bootError(() => createApp({ server: { prot: 80 } } as never, {}));
    expect(nested.message).toContain(
      'server.prot is not a known option; expected one of port, host',
    );
  });

  it('validates plugin options at boot with the plugin key in the path', async () => {
    const app = createApp(
      { rootDir: FIXTURES, plugins: { './greeter.js': { times: 9, greeting: '', colour: 'red' } } },
      {},
    );
    const error = (await app.ready().catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    expect(error.message).toContain('options of plugin "greeter" are invalid');
    expect(error.message).toContain(
      'plugins../greeter.js.times got 9; expected an integer from 1 to 5',
    );
    expect(error.message).toContain(
      'plugins../greeter.js.greeting is 0 characters long; expected a string of at least 1 characters',
    );
    expect(error.message).toContain('plugins../greeter.js.colour is not a known option');
  });

  it('refuses options given to a plugin that takes none', async () => {
    const plain = definePlugin({ name: 'plain', setup: () => undefined });
    await expect(
      createApp({ plugins: { plain: [plain, { x: 1 }] } }, {}).ready(),
    ).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      message: expect.stringContaining('plugin "plain" takes no options, got x'),
    });
  });

  it('fills nested option defaults from the schema', async () => {
    let seen: unknown;
    const nested = definePlugin({
      name: 'nested',
      options: s.object({
        pool: s.object({ min: s.number().default(1), max: s.number().default(4) }).default({}),
      }),
      setup: (_ctx, options) => void (seen = options),
    });
    await createApp({ plugins: { nested: [nested, { pool: { max: 8 } }] } }, {}).ready();
    expect(seen).toEqual({ pool: { min: 1, max: 8 } });
  });
});

describe('only enabled plugins are required', () => {
  it('never loads a disabled module path (it throws when loaded)', async () => {
    const app = createApp(
      { rootDir: FIXTURES, plugins: { './never.js': false, './greeter.js': true } },
      {},
    );
    await expect(app.ready()).resolves.toBe(app);
    await app.close();
  });

  it('asks the loader only for enabled entries, built-in names mapped to Pith packages', () => {
    const loaded: string[] = [];
    const greeter = jest.requireActual<object>(path.join(FIXTURES, 'greeter.js'));
    const spy = (specifier: string): unknown => {
      loaded.push(specifier);
      return greeter;
    };
    const enabled = resolvePlugins(
      { router: false, views: {}, session: true, './never.js': false, './greeter.js': true },
      FIXTURES,
      [],
      spy,
    );
    expect(loaded).toEqual(['@pith/views', '@pith/session', path.join(FIXTURES, 'greeter.js')]);
    expect(enabled.map((e) => e.source)).toEqual(loaded);
    expect(BUILTIN_PLUGINS).toMatchObject({ router: '@pith/router', orm: '@pith/orm' });
  });

  it('leaves disabled plugins out of require.cache in a real process', async () => {
    const script = path.join(__dirname, 'fixtures/print-loaded-modules.js');
    const run = spawnNode([script]);
    expect(await run.exited).toBe(0);
    const loaded = JSON.parse(run.stdout()) as string[];
    expect(loaded.some((f) => f.endsWith('greeter.js'))).toBe(true);
    expect(loaded.filter((f) => f.endsWith('never.js'))).toEqual([]);
    const pluginsDir = path.resolve(__dirname, '../../plugins') + path.sep;
    expect(loaded.filter((f) => f.startsWith(pluginsDir))).toEqual([]);
    expect(loaded.filter((f) => f.includes(`${path.sep}@pith${path.sep}`))).toEqual([]);
  });
});

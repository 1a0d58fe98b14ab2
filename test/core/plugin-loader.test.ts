import path from 'node:path';
import { createApp, definePlugin, type Plugin, type PluginContext } from '@pith/core';

const FIXTURES = path.join(__dirname, 'fixtures/plugins');

/** A plugin that records its setup, onReady and onClose into `log`. */
function recorder(
  name: string,
  log: string[],
  extra: Partial<Pick<Plugin, 'dependencies' | 'after'>> = {},
): Plugin {
  return definePlugin({
    name,
    ...extra,
    setup(ctx) {
      log.push(`setup:${name}`);
      ctx.onReady(() => void log.push(`ready:${name}`));
      ctx.onClose(() => void log.push(`close:${name}`));
    },
  });
}

describe('plugin ordering', () => {
  it('keeps the config order when nothing depends on anything', async () => {
    const log: string[] = [];
    const app = createApp({
      plugins: { x: recorder('x', log), y: recorder('y', log), z: recorder('z', log) },
    });
    await app.ready();
    expect(log).toEqual(['setup:x', 'setup:y', 'setup:z', 'ready:x', 'ready:y', 'ready:z']);
    expect(app.plugins.map((p) => p.name)).toEqual(['x', 'y', 'z']);
    await app.close();
  });

  it('sets dependencies up first, topologically, and keeps the config order otherwise', async () => {
    const log: string[] = [];
    const app = createApp({
      plugins: {
        web: recorder('web', log, { dependencies: ['session', 'db'] }),
        logger: recorder('logger', log),
        session: recorder('session', log, { dependencies: ['db'] }),
        db: recorder('db', log),
      },
    });
    await app.ready();
    expect(app.plugins.map((p) => p.name)).toEqual(['db', 'session', 'web', 'logger']);
    await app.close();
    expect(log.filter((l) => l.startsWith('close:'))).toEqual([
      'close:logger',
      'close:web',
      'close:session',
      'close:db',
    ]);
  });

  it('honours `after` for enabled plugins and ignores it for absent ones', async () => {
    const log: string[] = [];
    const app = createApp({
      plugins: {
        late: recorder('late', log, { after: ['early', 'not-enabled'] }),
        other: recorder('other', log),
        early: recorder('early', log),
      },
    });
    await app.ready();
    expect(app.plugins.map((p) => p.name)).toEqual(['early', 'late', 'other']);
    await app.close();
  });

  it('puts plugins registered in code after the config ones, still by dependency', async () => {
    const log: string[] = [];
    const app = createApp({ plugins: { a: recorder('a', log, { dependencies: ['b'] }) } });
    app.register(recorder('b', log));
    await app.ready();
    expect(app.plugins.map((p) => p.name)).toEqual(['b', 'a']);
    await app.close();
  });

  it('runs onReady in plugin order and onClose in reverse', async () => {
    const log: string[] = [];
    const app = createApp({
      plugins: {
        c: recorder('c', log, { dependencies: ['a'] }),
        a: recorder('a', log),
        b: recorder('b', log),
      },
    });
    await app.ready();
    await app.close();
    expect(log).toEqual([
      'setup:a',
      'setup:c',
      'setup:b',
      'ready:a',
      'ready:c',
      'ready:b',
      'close:b',
      'close:c',
      'close:a',
    ]);
  });

  it('awaits each async onReady before the next one starts', async () => {
    const log: string[] = [];
    const slow = definePlugin({
      name: 'slow',
      setup(ctx) {
        ctx.onReady(async () => {
          await Promise.resolve();
          await new Promise<void>((resolve) => setImmediate(resolve));
          log.push('slow done');
        });
      },
    });
    const app = createApp({ plugins: { slow, next: recorder('next', log) } });
    await app.ready();
    expect(log).toEqual(['setup:next', 'slow done', 'ready:next']);
    await app.close();
  });
});

describe('loader errors name the plugins involved', () => {
  it('ERR_PLUGIN_DUPLICATE for two plugins with one name', async () => {
    const app = createApp({ plugins: { cache: recorder('cache', []) } });
    app.register(recorder('cache', []));
    await expect(app.ready()).rejects.toMatchObject({
      code: 'ERR_PLUGIN_DUPLICATE',
      message: expect.stringContaining('"cache"'),
    });
  });

  it('ERR_PLUGIN_MISSING_DEPENDENCY names the plugin and what it lacks', async () => {
    const app = createApp({ plugins: { orm: recorder('orm', [], { dependencies: ['db'] }) } });
    const error = await app.ready().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_PLUGIN_MISSING_DEPENDENCY' });
    expect((error as Error).message).toContain('plugin "orm" depends on "db"');
  });

  it('ERR_PLUGIN_CYCLE spells out the cycle', async () => {
    const app = createApp({
      plugins: {
        a: recorder('a', [], { dependencies: ['b'] }),
        b: recorder('b', [], { dependencies: ['c'] }),
        c: recorder('c', [], { dependencies: ['a'] }),
        d: recorder('d', []),
      },
    });
    await expect(app.ready()).rejects.toMatchObject({
      code: 'ERR_PLUGIN_CYCLE',
      message: expect.stringContaining('a -> b -> c -> a'),
    });
  });

  it('ERR_PLUGIN_CYCLE also for a cycle made through `after`', async () => {
    const app = createApp({
      plugins: {
        a: recorder('a', [], { after: ['b'] }),
        b: recorder('b', [], { dependencies: ['a'] }),
      },
    });
    await expect(app.ready()).rejects.toMatchObject({
      code: 'ERR_PLUGIN_CYCLE',
      message: expect.stringContaining('a -> b -> a'),
    });
  });

  it('ERR_PLUGIN_NOT_FOUND for a module path or package that does not exist', async () => {
    const byPath = createApp({ rootDir: FIXTURES, plugins: { './nope.js': true } });
    const error = await byPath.ready().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_PLUGIN_NOT_FOUND' });
    expect((error as Error).message).toContain(
      `plugins../nope.js: cannot load "${FIXTURES}/nope.js"`,
    );
    const byName = createApp({ plugins: { 'pith-plugin-that-does-not-exist': {} } });
    await expect(byName.ready()).rejects.toMatchObject({
      code: 'ERR_PLUGIN_NOT_FOUND',
      message: expect.stringContaining('npm install pith-plugin-that-does-not-exist'),
    });
  });

  it('ERR_PLUGIN_INVALID for a module that exports no plugin', async () => {
    const app = createApp({ rootDir: FIXTURES, plugins: { './not-a-plugin.js': true } });
    await expect(app.ready()).rejects.toMatchObject({
      code: 'ERR_PLUGIN_INVALID',
      message: expect.stringContaining('exports no plugin'),
    });
  });

  it('ERR_PLUGIN_INVALID (not NOT_FOUND) when the plugin exists but its own import is missing', async () => {
    const app = createApp({ rootDir: FIXTURES, plugins: { './broken-import.js': true } });
    await expect(app.ready()).rejects.toMatchObject({
      code: 'ERR_PLUGIN_INVALID',
      message: expect.stringContaining('pith-test-missing-dependency'),
    });
  });

  it('ERR_PLUGIN_INVALID for a [plugin, options] entry whose first item is not a plugin', async () => {
    const notAPlugin = { name: 'bad' } as unknown as Plugin;
    const app = createApp({ plugins: { bad: [notAPlugin, {}] } });
    await expect(app.ready()).rejects.toMatchObject({
      code: 'ERR_PLUGIN_INVALID',
      message: expect.stringContaining('plugins.bad'),
    });
  });

  it('ERR_PLUGIN_SETUP and ERR_PLUGIN_READY name the failing plugin', async () => {
    const throwsInSetup = definePlugin({
      name: 'fragile',
      setup() {
        throw new Error('no config file');
      },
    });
    await expect(createApp({ plugins: { throwsInSetup } }).ready()).rejects.toMatchObject({
      code: 'ERR_PLUGIN_SETUP',
      message: expect.stringContaining('plugin "fragile" failed in setup: no config file'),
    });
    const closed: string[] = [];
    const throwsInReady = definePlugin({
      name: 'db',
      setup(ctx) {
        ctx.onReady(() => Promise.reject(new Error('connection refused')));
        ctx.onClose(() => void closed.push('db'));
      },
    });
    await expect(createApp({ plugins: { throwsInReady } }).ready()).rejects.toMatchObject({
      code: 'ERR_PLUGIN_READY',
      message: expect.stringContaining('plugin "db" failed in onReady: connection refused'),
    });
    expect(closed).toEqual(['db']);
  });

  it('ERR_DISPATCHER_TAKEN names both plugins', async () => {
    const dispatcher = (name: string): Plugin =>
      definePlugin({ name, setup: (ctx) => ctx.setDispatcher(() => undefined) });
    const app = createApp({ plugins: { r1: dispatcher('r1'), r2: dispatcher('r2') } });
    await expect(app.ready()).rejects.toMatchObject({
      code: 'ERR_DISPATCHER_TAKEN',
      message: expect.stringContaining(
        'plugin "r2" sets the dispatcher, but plugin "r1" already did',
      ),
    });
  });
});

describe('nothing can be registered after ready', () => {
  it('refuses app.register once the app is ready', async () => {
    const app = createApp();
    await app.ready();
    expect(() => app.register(recorder('late', []))).toThrow(
      expect.objectContaining({ code: 'ERR_APP_ALREADY_READY' }),
    );
    await app.close();
  });

  it('refuses every declaration a plugin tries after its setup', async () => {
    let saved: PluginContext | undefined;
    const sneaky = definePlugin({
      name: 'sneaky',
      setup(ctx) {
        saved = ctx;
      },
    });
    const app = createApp({ plugins: { sneaky } });
    await app.ready();
    const ctx = saved!;
    const attempts: Array<() => void> = [
      () => ctx.addHook('onRequest', () => undefined),
      () => ctx.provide(Symbol('x'), { useValue: 1 }),
      () => ctx.addReadinessCheck('late', () => undefined),
      () => ctx.addErrorMapper(() => undefined),
      () => ctx.setErrorRenderer('html', () => ({ body: '', type: 'text/html' })),
      () => ctx.setDispatcher(() => undefined),
      () => ctx.addCommand('late', { description: '', run: () => undefined }),
      () => ctx.onReady(() => undefined),
      () => ctx.onClose(() => undefined),
    ];
    for (const attempt of attempts) {
      expect(attempt).toThrow(
        expect.objectContaining({
          code: 'ERR_APP_ALREADY_READY',
          message: expect.stringContaining('plugin "sneaky" tried to'),
        }),
      );
    }
    await app.close();
  });

  it('lets hooks(phase) be read only once every setup is done', async () => {
    const seen: number[] = [];
    const reader = definePlugin({
      name: 'reader',
      setup(ctx) {
        expect(() => ctx.hooks('preHandler')).toThrow(
          expect.objectContaining({ code: 'ERR_PLUGIN_SETUP' }),
        );
        ctx.onReady(() => void seen.push(ctx.hooks('preHandler').length));
      },
    });
    const guard = definePlugin({
      name: 'guard',
      setup: (ctx) => ctx.addHook('preHandler', () => undefined),
    });
    const app = createApp({ plugins: { reader, guard } });
    await app.ready();
    expect(seen).toEqual([1]);
    await app.close();
  });
});

describe('printPlugins()', () => {
  it('lists plugins in boot order with their setup and ready timings and sources', async () => {
    const spin = definePlugin({
      name: 'spin',
      dependencies: ['greeter'],
      setup() {
        const until = performance.now() + 15;
        while (performance.now() < until) {
          // a setup that really takes 15 ms of CPU
        }
      },
    });
    const app = createApp({ rootDir: FIXTURES, plugins: { spin, './greeter.js': true } });
    await app.ready();
    const [greeter, spun] = app.plugins;
    expect(greeter).toMatchObject({ name: 'greeter', source: path.join(FIXTURES, 'greeter.js') });
    expect(spun).toMatchObject({ name: 'spin', source: 'inline', dependencies: ['greeter'] });
    expect(spun.setupMs).toBeGreaterThanOrEqual(15);
    const table = app.printPlugins().split('\n');
    expect(table[0]).toMatch(/^plugin\s+setup\s+ready\s+source$/);
    expect(table[1]).toMatch(/^greeter\s+\d+\.\d ms\s+\d+\.\d ms\s+.*greeter\.js$/);
    expect(table[2]).toMatch(
      /^spin\s+(1[5-9]|[2-9]\d|\d{3,})\.\d ms\s+\d+\.\d ms\s+inline \(after greeter\)$/,
    );
    expect(table[3]).toBe('request context: off (server.requestContext "auto")');
    await app.close();
  });
});

describe('app.setup()', () => {
  it('sets up without running onReady, and ready() then continues from there', async () => {
    const log: string[] = [];
    const app = createApp({ plugins: { a: recorder('a', log) } });
    app.setup();
    expect(log).toEqual(['setup:a']);
    expect(app.plugins.map((p) => p.name)).toEqual(['a']);
    await app.ready();
    expect(log).toEqual(['setup:a', 'ready:a']);
    await app.close();
    expect(log).toEqual(['setup:a', 'ready:a', 'close:a']);
  });

  it('skips onClose for an app that was only set up (close undoes ready)', async () => {
    const log: string[] = [];
    const app = createApp({ plugins: { a: recorder('a', log) } });
    app.setup();
    await app.close();
    expect(log).toEqual(['setup:a']);
  });

  it('closes the app when a setup fails, so it is never set up twice', async () => {
    let setups = 0;
    const flaky = definePlugin({
      name: 'flaky',
      setup() {
        setups++;
        throw new Error('nope');
      },
    });
    const app = createApp({ plugins: { flaky } });
    expect(() => app.setup()).toThrow(expect.objectContaining({ code: 'ERR_PLUGIN_SETUP' }));
    await expect(app.ready()).rejects.toMatchObject({
      code: 'ERR_APP_CLOSED',
      message: expect.stringContaining('cannot start: the app is closed'),
    });
    expect(() => app.setup()).toThrow(expect.objectContaining({ code: 'ERR_APP_CLOSED' }));
    expect(setups).toBe(1);
  });
});

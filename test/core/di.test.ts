import { container as globalContainer } from 'tsyringe';
import {
  APP,
  CONFIG,
  LOGGER,
  READINESS,
  createApp,
  createToken,
  definePlugin,
  inject,
  injectable,
  resolveToken,
  type ResolvedConfig,
} from '@pith/core';

const GREETING = createToken<string>('test:greeting');
const CLOCK = createToken<{ now(): number }>('test:clock');

@injectable()
class Greeter {
  constructor(
    @inject(CONFIG) readonly config: ResolvedConfig,
    @inject(GREETING) readonly greeting: string,
  ) {}
  greet(): string {
    return `${this.greeting} from ${this.config.name}`;
  }
}

class Pool {
  disposed = 0;
  async dispose(): Promise<void> {
    await Promise.resolve();
    this.disposed++;
  }
}

const services = definePlugin({
  name: 'services',
  setup(ctx) {
    ctx.provide(GREETING, { useValue: 'Hello' });
    ctx.provide(Greeter, { useClass: Greeter });
    ctx.provide(Pool, { useClass: Pool });
    ctx.provide(CLOCK, { useFactory: () => ({ now: () => 42 }) });
  },
});

describe('DI', () => {
  it('registers the kernel tokens in the app container', async () => {
    const app = createApp({ name: 'tokens' });
    await app.ready();
    expect(app.resolve(CONFIG)).toBe(app.config);
    expect(app.resolve(LOGGER)).toBe(app.logger);
    expect(app.resolve(APP)).toBe(app);
    expect(app.resolve(READINESS)).toBe(app.readiness);
    expect(resolveToken(app.container, CONFIG).name).toBe('tokens');
    await app.close();
  });

  it('uses a child container and registers nothing in tsyringe’s global one', async () => {
    const app = createApp({ plugins: { services } });
    await app.ready();
    app.resolve(Greeter);
    expect(app.container).not.toBe(globalContainer);
    const tokens: Array<symbol | (new (...args: never[]) => unknown)> = [
      CONFIG,
      LOGGER,
      APP,
      READINESS,
      GREETING,
      CLOCK,
      Greeter,
      Pool,
    ];
    for (const token of tokens as Array<symbol>) {
      expect(app.container.isRegistered(token)).toBe(true);
      expect(globalContainer.isRegistered(token, true)).toBe(false);
    }
    await app.close();
  });

  it('keeps apps apart: two apps in one process resolve their own services', async () => {
    const one = createApp({ name: 'one', plugins: { services } });
    const two = createApp({ name: 'two', plugins: { services } });
    await Promise.all([one.ready(), two.ready()]);
    expect(one.resolve(Greeter).greet()).toBe('Hello from one');
    expect(two.resolve(Greeter).greet()).toBe('Hello from two');
    expect(one.resolve(Greeter)).not.toBe(two.resolve(Greeter));
    await Promise.all([one.close(), two.close()]);
  });

  it('makes classes singletons by default, transient only on request', async () => {
    class Transient {}
    const app = createApp({
      plugins: {
        services,
        extra: definePlugin({
          name: 'extra',
          setup: (ctx) => ctx.provide(Transient, { useClass: Transient, singleton: false }),
        }),
      },
    });
    await app.ready();
    expect(app.resolve(Greeter)).toBe(app.resolve(Greeter));
    expect(app.resolve(Transient)).not.toBe(app.resolve(Transient));
    expect(app.resolve(CLOCK).now()).toBe(42);
    await app.close();
  });

  it('lets a plugin resolve what another provided, from onReady', async () => {
    let greeting = '';
    const consumer = definePlugin({
      name: 'consumer',
      dependencies: ['services'],
      setup(ctx) {
        ctx.onReady(() => void (greeting = ctx.resolve(Greeter).greet()));
      },
    });
    const app = createApp({ name: 'di', plugins: { consumer, services } });
    await app.ready();
    expect(greeting).toBe('Hello from di');
    await app.close();
  });

  it('refuses a provider with nothing to provide', async () => {
    const bad = definePlugin({
      name: 'bad',
      setup: (ctx) => ctx.provide(GREETING, {} as never),
    });
    await expect(createApp({ plugins: { bad } }).ready()).rejects.toMatchObject({
      code: 'ERR_PROVIDER_INVALID',
      message: expect.stringContaining('plugin "bad" provided test:greeting'),
    });
  });

  it('disposes the container on close: a Disposable service gets dispose() awaited', async () => {
    const app = createApp({ plugins: { services } });
    await app.ready();
    const pool = app.resolve(Pool);
    expect(pool.disposed).toBe(0);
    await app.close();
    expect(pool.disposed).toBe(1);
    await app.close();
    expect(pool.disposed).toBe(1);
  });
});

import { createApp, type Application } from '@pith/core';
import router, { Controller, Get, Param, Post } from '@pith/router';

/** Literal routes are found without find-my-way; they must answer exactly as it would. */
@Controller('/items')
class ItemsController {
  @Get('/me') me(@Param() params: Record<string, string>) {
    // A handler may write to its params: each request gets its own object.
    const seen = Object.keys(params).length;
    params.touched = 'yes';
    return { route: 'me', seen };
  }
  @Get('/:id') show(@Param('id') id: string) {
    return { route: 'show', id };
  }
  @Post('/me') update() {
    return { route: 'update' };
  }
}

function makeApp(options: Record<string, unknown> = {}): Application {
  return createApp({
    logger: { level: 'silent' },
    plugins: { router: [router, { controllers: [ItemsController], ...options }] },
  });
}

describe('literal routes', () => {
  const app = makeApp();
  afterAll(() => app.close());

  it('win over a parameter sibling, with a fresh params object per request', async () => {
    expect((await app.inject('/items/me')).json()).toEqual({ route: 'me', seen: 0 });
    expect((await app.inject('/items/me?x=1')).json()).toEqual({ route: 'me', seen: 0 });
    expect((await app.inject('/items/7')).json()).toEqual({ route: 'show', id: '7' });
  });

  it('keep automatic HEAD, 405 with Allow, suffixes and 404 for other spellings', async () => {
    const head = await app.inject({ method: 'HEAD', url: '/items/me' });
    expect([head.statusCode, head.body]).toEqual([200, '']);
    const put = await app.inject({ method: 'PUT', url: '/items/me' });
    expect(put.statusCode).toBe(405);
    expect(put.headers.allow).toBe('GET, POST, HEAD');
    expect((await app.inject('/items/me.json')).json()).toEqual({ route: 'me', seen: 0 });
    expect((await app.inject('/items/ME')).json()).toEqual({ route: 'show', id: 'ME' });
    expect((await app.inject('/items/me/')).statusCode).toBe(404);
  });

  it('follow ignoreTrailingSlash through find-my-way', async () => {
    const lenient = makeApp({ ignoreTrailingSlash: true });
    expect((await lenient.inject('/items/me/')).json()).toEqual({ route: 'me', seen: 0 });
    await lenient.close();
  });
});

/** Twelve literal routes of one method: past the short list they are looked up by hash. */
const NAMES = ['a', 'ab', 'abc', 'b', 'ba', 'json', 'jsonx', 'js', 'plain', 'plaintext', 'x', 'y'];

@Controller('/many')
class ManyController {}
for (const name of NAMES) {
  const key = `route_${name}`;
  Object.defineProperty(ManyController.prototype, key, {
    value: () => ({ name }),
    configurable: true,
  });
  Get(`/${name}`)(
    ManyController.prototype,
    key,
    Object.getOwnPropertyDescriptor(ManyController.prototype, key)!,
  );
}

@Controller('/few')
class FewController {
  @Get('/json') json() {
    return { name: 'json' };
  }
  @Get('/jsonx') jsonx() {
    return { name: 'jsonx' };
  }
  @Get('/js') js() {
    return { name: 'js' };
  }
}

describe('literal routes, short list (compared in turn) and long list (hashed)', () => {
  const boot = (controllers: Array<new () => unknown>) =>
    createApp({ logger: { level: 'silent' }, plugins: { router: [router, { controllers }] } });
  const many = boot([ManyController]);
  const few = boot([FewController]);
  afterAll(() => Promise.all([many.close(), few.close()]));
  const appFor = (url: string) => (url.startsWith('/many') ? many : few);

  it.each([...NAMES.map((n) => `/many/${n}`), '/few/json', '/few/jsonx', '/few/js'])(
    '%s, with and without a query, answers its own route',
    async (url) => {
      const name = url.split('/')[2];
      expect((await appFor(url).inject(url)).json()).toEqual({ name });
      expect((await appFor(url).inject(`${url}?q=1&r=/few/json`)).json()).toEqual({ name });
    },
  );

  it.each(['/few/jso', '/few/jsonxx', '/few/j', '/few/JSON', '/many/abcd', '/many/jsonx/'])(
    '%s (a prefix, an extension or another spelling of a literal path) is 404',
    async (url) => {
      expect((await appFor(url).inject(url)).statusCode).toBe(404);
    },
  );
});

import { createApp } from '@pith/core';
import router, { Body, Controller, Get, Post, ROUTER } from '@pith/router';

@Controller('/in')
class InputController {
  @Post('/') take(@Body() body: unknown) {
    return { body };
  }
  @Get('/items') items() {
    return ['a'];
  }
}

function appWith(options: Record<string, unknown> = {}) {
  return createApp({
    plugins: { router: [router, { controllers: [InputController], ...options }] },
  });
}

const post = (type: string, payload: string | Buffer) => ({
  method: 'POST' as const,
  url: '/in',
  headers: { 'content-type': type, accept: 'application/json' },
  payload,
});

describe('router input options', () => {
  it('accepts application/*+json only with allowJsonSuffix', async () => {
    const strict = appWith();
    expect((await strict.inject(post('application/vnd.api+json', '{"a":1}'))).statusCode).toBe(415);
    await strict.close();
    const relaxed = appWith({ allowJsonSuffix: true });
    const res = await relaxed.inject(post('application/vnd.api+json', '{"a":1}'));
    expect(res.json()).toEqual({ body: { a: 1 } });
    await relaxed.close();
  });

  it('bounds JSON nesting', async () => {
    const app = appWith({ maxJsonDepth: 3 });
    expect((await app.inject(post('application/json', '{"a":{"b":{"c":1}}}'))).statusCode).toBe(
      200,
    );
    const deep = await app.inject(post('application/json', '{"a":{"b":{"c":{"d":1}}}}'));
    expect(deep.statusCode).toBe(400);
    expect(deep.json().detail).toMatch(/nested deeper than 3/);
    const inString = await app.inject(post('application/json', '{"a":"{{{{{{"}'));
    expect(inString.statusCode).toBe(200);
    await app.close();
  });

  it('refuses invalid UTF-8 with 400', async () => {
    const app = appWith();
    const res = await app.inject(
      post('application/json', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d])),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/UTF-8/);
    await app.close();
  });

  it('applies per-kind limits', async () => {
    const app = appWith({ bodyLimit: { json: 10 } });
    expect((await app.inject(post('application/json', '{"a":"0123456789"}'))).statusCode).toBe(413);
    expect((await app.inject(post('application/json', '{"a":1}'))).statusCode).toBe(200);
    await app.close();
  });

  it('matches a trailing slash only with ignoreTrailingSlash', async () => {
    const strict = appWith();
    expect((await strict.inject('/in/items/')).statusCode).toBe(404);
    await strict.close();
    const relaxed = appWith({ ignoreTrailingSlash: true });
    expect((await relaxed.inject('/in/items/')).json()).toEqual(['a']);
    await relaxed.close();
  });

  it('answers HEAD with a suffix', async () => {
    const app = appWith();
    const res = await app.inject({ method: 'HEAD', url: '/in/items.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toBe('');
    await app.close();
  });

  it('exposes the compiled routes through ROUTER.routes()', async () => {
    const app = appWith();
    await app.ready();
    const routes = app.resolve(ROUTER).routes();
    expect(routes.map((r) => `${r.method} ${r.path} ${r.handlerName}`)).toEqual([
      'POST /in InputController.take',
      'GET /in/items InputController.items',
    ]);
    await app.close();
  });
});

import http from 'node:http';
import { createApp, type Application } from '@pith/core';
import router, {
  All,
  Controller,
  Delete,
  Get,
  Head,
  Options,
  Param,
  Patch,
  Put,
} from '@pith/router';

@Controller('/users')
class UsersController {
  @Get('/') list() {
    return [{ id: '1' }];
  }
  @Get('/:id') show(@Param('id') id: string) {
    return { id };
  }
  @Put('/:id') replace(@Param('id') id: string) {
    return { replaced: id };
  }
  @Patch('/:id') patch(@Param('id') id: string) {
    return { patched: id };
  }
  @Options('/:id') options() {
    return { options: true };
  }
  @Delete('/:id') remove() {
    return undefined;
  }
  @Get('/file/:name.txt') file(@Param('name') name: string) {
    return { name };
  }
}

@Controller('/')
class MiscController {
  @Get('/json') json() {
    return { message: 'Hello, World!' };
  }
  @Head('/probe') probe() {
    return undefined;
  }
  @All('/any') any() {
    return { any: true };
  }
}

function makeApp(options: Record<string, unknown> = {}): Application {
  return createApp({
    plugins: { router: [router, { controllers: [UsersController, MiscController], ...options }] },
  });
}

describe('router matching', () => {
  let app: Application;
  beforeAll(async () => {
    app = makeApp();
    await app.ready();
  });
  afterAll(() => app.close());

  it('answers a static route with JSON', async () => {
    const res = await app.inject('/json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.json()).toEqual({ message: 'Hello, World!' });
  });

  it('matches params and joins prefixes', async () => {
    expect((await app.inject('/users')).json()).toEqual([{ id: '1' }]);
    expect((await app.inject('/users/42')).json()).toEqual({ id: '42' });
    expect((await app.inject('/users/file/report.txt')).json()).toEqual({ name: 'report' });
  });

  it('decodes params', async () => {
    expect((await app.inject('/users/J%C3%BCrgen')).json()).toEqual({ id: 'Jürgen' });
  });

  it('answers 404 for an unknown path', async () => {
    const res = await app.inject({ url: '/nope', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'ERR_NOT_FOUND' });
  });

  it('never matches a named parameter with an empty value (404, no Allow)', async () => {
    for (const [method, url] of [
      ['GET', '/users/'],
      ['DELETE', '/users/'],
      ['POST', '/users/'],
      ['GET', '/users/file/.txt'],
    ] as const) {
      const res = await app.inject({ method, url, headers: { accept: 'application/json' } });
      expect([method, url, res.statusCode]).toEqual([method, url, 404]);
      expect(res.headers.allow).toBeUndefined();
    }
    expect((await app.inject('/users/0')).json()).toEqual({ id: '0' });
  });

  it('answers 405 with Allow for a known path and another method', async () => {
    const res = await app.inject({ method: 'POST', url: '/users/42' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, PUT, PATCH, OPTIONS, DELETE, HEAD');
    expect(res.json()).toMatchObject({ code: 'ERR_METHOD_NOT_ALLOWED' });
  });

  it('answers HEAD for GET routes without a body', async () => {
    const res = await app.inject({ method: 'HEAD', url: '/json' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-length']).toBe(String('{"message":"Hello, World!"}'.length));
  });

  it('keeps an explicit HEAD route', async () => {
    const res = await app.inject({ method: 'HEAD', url: '/probe' });
    expect(res.statusCode).toBe(204);
    expect((await app.inject('/probe')).statusCode).toBe(405);
  });

  it('routes every method to @All', async () => {
    for (const method of ['GET', 'POST', 'PATCH', 'DELETE'] as const) {
      const res = await app.inject({ method, url: '/any' });
      expect(res.json()).toEqual({ any: true });
    }
  });

  it('routes PUT, PATCH and OPTIONS', async () => {
    expect((await app.inject({ method: 'PUT', url: '/users/3' })).json()).toEqual({
      replaced: '3',
    });
    expect((await app.inject({ method: 'PATCH', url: '/users/3' })).json()).toEqual({
      patched: '3',
    });
    expect((await app.inject({ method: 'OPTIONS', url: '/users/3' })).json()).toEqual({
      options: true,
    });
  });

  it('answers 204 when the handler returns undefined', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/users/1' });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
  });

  it('refuses bad percent-encoding with 400', async () => {
    const res = await app.inject('/users/%E0%A4%A');
    expect(res.statusCode).toBe(400);
  });

  it.each(['/users/a%2fb', '/users/a%2Fb', '/users/a%5cb', '/users/a%00'])(
    'refuses the ambiguous path %s with 400',
    async (url) => {
      const res = await app.inject({ url, headers: { accept: 'application/json' } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'ERR_BAD_REQUEST' });
    },
  );

  it('refuses dot segments and backslashes sent raw over a socket', async () => {
    const served = createApp({ plugins: { router: [router, { controllers: [UsersController] }] } });
    const { port } = await served.listen(0, '127.0.0.1');
    try {
      for (const path of ['/users/../json', '/users/./1', '/users/a\\b', '/users/%2e%2e/json']) {
        const status = await new Promise<number>((resolve, reject) => {
          http
            .get({ host: '127.0.0.1', port, path }, (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            })
            .on('error', reject);
        });
        expect([path, status]).toEqual([path, 400]);
      }
    } finally {
      await served.close();
    }
  });

  it('bounds parameter length', async () => {
    const ok = await app.inject(`/users/${'a'.repeat(100)}`);
    expect(ok.statusCode).toBe(200);
    const res = await app.inject({
      url: `/users/${'a'.repeat(101)}`,
      headers: { accept: 'application/json' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toContain('longer than 100 characters');
  });
});

describe('router options', () => {
  it('applies a global prefix and maxParamLength', async () => {
    const app = makeApp({ prefix: '/api', maxParamLength: 5 });
    expect((await app.inject('/api/users/12345')).statusCode).toBe(200);
    expect((await app.inject('/api/users/123456')).statusCode).toBe(404);
    expect((await app.inject('/users/1')).statusCode).toBe(404);
    await app.close();
  });

  it('refuses unknown options at boot with the key', async () => {
    const app = makeApp({ bodyLimits: {} });
    await expect(app.ready()).rejects.toThrow(/bodyLimits/);
  });
});

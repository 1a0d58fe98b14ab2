import { createApp, definePlugin, HttpError, type PluginContext } from '@pith/core';

class DriverError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const SECRET = 'password=hunter2 at /srv/app/db.ts';

function errorApp(
  env: 'production' | 'development' | 'test' | undefined,
  more?: (ctx: PluginContext) => void,
  debugErrors?: boolean,
) {
  return createApp({
    env,
    debugErrors,
    logger: { level: 'silent', pretty: false },
    plugins: {
      failing: definePlugin({
        name: 'failing',
        setup(ctx) {
          more?.(ctx);
          ctx.setDispatcher((req) => {
            req.reply.header('x-internal', 'must not leak onto the error');
            req.reply.header('cache-control', 'public, max-age=3600');
            switch (req.path) {
              case '/crash':
                throw new Error(SECRET);
              case '/unavailable':
                throw new HttpError('ERR_SERVICE_UNAVAILABLE', {
                  detail: SECRET,
                  headers: { 'retry-after': '30' },
                });
              case '/duplicate':
                throw new DriverError(SECRET, 'ER_DUP_ENTRY');
              case '/invalid':
                throw new HttpError('ERR_VALIDATION', {
                  detail: 'The appointment is invalid.',
                  errors: [
                    { field: 'when', message: 'must be in the future' },
                    { field: 'title', message: 'must not be <empty>' },
                  ],
                });
              case '/as-xml':
                req.format = 'xml';
                throw new HttpError('ERR_FORBIDDEN');
              case '/slow-down':
                throw new HttpError('ERR_TOO_MANY_REQUESTS', {
                  detail: 'Try again later.',
                  headers: { 'retry-after': '5' },
                  extensions: { limit: 10 },
                });
              default:
                throw new HttpError('ERR_NOT_FOUND', { detail: 'No appointment <42>.' });
            }
          });
        },
      }),
    },
  });
}

const JSON_CLIENT = { accept: 'application/json' };
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('error responses by format', () => {
  const app = errorApp('production');
  afterAll(() => app.close());

  it('answers RFC 9457 problem+json to JSON clients', async () => {
    const res = await app.inject({ url: '/missing', headers: JSON_CLIENT });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.json()).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No appointment <42>.',
      code: 'ERR_NOT_FOUND',
      requestId: res.headers['x-request-id'],
    });
    expect(res.headers['x-internal']).toBeUndefined();
  });

  it('answers JSON when the client sends no Accept', async () => {
    const res = await app.inject('/missing');
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  });

  it('answers a plain, escaped HTML page to browsers', async () => {
    const res = await app.inject({ url: '/missing', headers: BROWSER });
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<title>404 Not Found</title>');
    expect(res.body).toContain('No appointment &lt;42&gt;.');
    expect(res.body).not.toContain('<42>');
    expect(res.body).toContain(`Request id: ${String(res.headers['x-request-id'])}`);
  });

  it('answers problem+xml to XML clients', async () => {
    const res = await app.inject({ url: '/missing', headers: { accept: 'application/xml' } });
    expect(res.headers['content-type']).toBe('application/problem+xml; charset=utf-8');
    expect(res.body).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?><problem xmlns="urn:ietf:rfc:7807">/,
    );
    expect(res.body).toContain('<status>404</status>');
    expect(res.body).toContain('<code>ERR_NOT_FOUND</code>');
    expect(res.body).toContain('<detail>No appointment &lt;42&gt;.</detail>');
  });

  it('answers text to text clients', async () => {
    const res = await app.inject({ url: '/missing', headers: { accept: 'text/plain' } });
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toBe('404 Not Found\nNo appointment <42>.\n');
  });

  it('answers in the format the route negotiated, whatever the Accept', async () => {
    const res = await app.inject({ url: '/as-xml', headers: JSON_CLIENT });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toBe('application/problem+xml; charset=utf-8');
  });

  it('lists every field of a 422', async () => {
    const json = await app.inject({ url: '/invalid', headers: JSON_CLIENT });
    expect(json.statusCode).toBe(422);
    expect(json.json()).toMatchObject({
      code: 'ERR_VALIDATION',
      title: 'Unprocessable Content',
      detail: 'The appointment is invalid.',
      errors: [
        { field: 'when', message: 'must be in the future' },
        { field: 'title', message: 'must not be <empty>' },
      ],
    });
    const html = await app.inject({ url: '/invalid', headers: BROWSER });
    expect(html.body).toContain('<li><strong>when</strong>: must be in the future</li>');
    expect(html.body).toContain('must not be &lt;empty&gt;');
    const xml = await app.inject({ url: '/invalid', headers: { accept: 'application/xml' } });
    expect(xml.body).toContain('<error field="when">must be in the future</error>');
  });

  it('keeps the error’s own headers and RFC 9457 extensions on 4xx', async () => {
    const res = await app.inject({ url: '/slow-down', headers: JSON_CLIENT });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toMatchObject({ limit: 10, detail: 'Try again later.' });
  });

  it('marks every error answer Cache-Control: no-store, replacing a handler’s cache header', async () => {
    for (const [url, headers] of [
      ['/missing', JSON_CLIENT],
      ['/invalid', JSON_CLIENT],
      ['/missing', BROWSER],
      ['/crash', BROWSER],
    ] as const) {
      const res = await app.inject({ url, headers });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });
});

describe('5xx bodies are generic outside development', () => {
  for (const env of ['production', 'test'] as const) {
    const app = errorApp(env);
    afterAll(() => app.close());

    for (const [url, status] of [
      ['/crash', 500],
      ['/unavailable', 503],
      ['/duplicate', 500],
    ] as const) {
      it(`${env}: ${url} says nothing about the cause, in every format`, async () => {
        for (const accept of ['application/json', 'text/html', 'application/xml', 'text/plain']) {
          const res = await app.inject({ url, headers: { accept } });
          expect(res.statusCode).toBe(status);
          expect(res.body).not.toContain('hunter2');
          expect(res.body).not.toContain('/srv/app');
          expect(res.body).not.toMatch(/\bat .+:\d+:\d+/);
          expect(res.body).not.toContain('ER_DUP_ENTRY');
          expect(res.body).toContain('The server could not complete the request.');
          expect(res.headers['x-request-id']).toBeDefined();
        }
        const problem = (await app.inject({ url, headers: JSON_CLIENT })).json();
        expect(problem.debug).toBeUndefined();
        expect(problem.code).toBe(status === 503 ? 'ERR_SERVICE_UNAVAILABLE' : 'ERR_INTERNAL');
      });
    }
  }

  it('keeps the headers an HttpError sets on a 5xx (Retry-After)', async () => {
    const app = errorApp('production');
    const res = await app.inject({ url: '/unavailable', headers: JSON_CLIENT });
    expect(res.headers['retry-after']).toBe('30');
    await app.close();
  });

  it('adds debug info (message and stack) in development only', async () => {
    const dev = errorApp('development');
    const problem = (await dev.inject({ url: '/crash', headers: JSON_CLIENT })).json();
    expect(problem.detail).toBe('The server could not complete the request.');
    expect(problem.debug.message).toBe(SECRET);
    expect(problem.debug.stack).toContain('error-responses.test.ts');
    const page = await dev.inject({ url: '/crash', headers: BROWSER });
    expect(page.body).toContain('<pre>Error: password=hunter2');
    await dev.close();
  });

  it('shows no stack when development is only the fallback for an unset NODE_ENV', async () => {
    const saved = process.env.NODE_ENV;
    delete process.env.NODE_ENV;
    try {
      const app = errorApp(undefined);
      await app.ready();
      expect(app.config.env).toBe('development');
      expect(app.config.debugErrors).toBe(false);
      const problem = (await app.inject({ url: '/crash', headers: JSON_CLIENT })).json();
      expect(problem.debug).toBeUndefined();
      expect(problem.code).toBe('ERR_INTERNAL');
      const page = await app.inject({ url: '/crash', headers: BROWSER });
      expect(page.body).not.toContain('hunter2');
      await app.close();
    } finally {
      process.env.NODE_ENV = saved;
    }
  });

  it('debugErrors is an explicit switch; client errors never carry a stack', async () => {
    const app = errorApp('production', undefined, true);
    expect((await app.inject({ url: '/crash', headers: JSON_CLIENT })).json().debug.message).toBe(
      SECRET,
    );
    const invalid = (await app.inject({ url: '/invalid', headers: JSON_CLIENT })).json();
    expect(invalid.debug).toBeUndefined();
    await app.close();
    const dev = errorApp('development');
    expect((await dev.inject({ url: '/invalid', headers: JSON_CLIENT })).json().debug).toBe(
      undefined,
    );
    await dev.close();
  });
});

describe('error mappers and renderers', () => {
  it('maps foreign errors to coded HttpErrors; the first mapper that answers wins', async () => {
    const seen: string[] = [];
    const app = errorApp('production', (ctx) => {
      ctx.addErrorMapper((error) => {
        seen.push('first');
        return error instanceof DriverError && error.code === 'ER_DUP_ENTRY'
          ? new HttpError('ERR_CONFLICT', { detail: 'That name is taken.' })
          : undefined;
      });
      ctx.addErrorMapper(() => {
        seen.push('second');
        return undefined;
      });
    });
    const mapped = await app.inject({ url: '/duplicate', headers: JSON_CLIENT });
    expect(mapped.statusCode).toBe(409);
    expect(mapped.json()).toMatchObject({ code: 'ERR_CONFLICT', detail: 'That name is taken.' });
    expect(seen).toEqual(['first']);
    const unmapped = await app.inject({ url: '/crash', headers: JSON_CLIENT });
    expect(unmapped.statusCode).toBe(500);
    expect(seen).toEqual(['first', 'first', 'second']);
    await app.close();
  });

  it('lets a plugin replace the HTML page (what the views plugin does)', async () => {
    const app = errorApp('production', (ctx) =>
      ctx.setErrorRenderer('html', (problem) => ({
        body: `<p>custom ${problem.status} ${problem.code}</p>`,
        type: 'text/html; charset=utf-8',
      })),
    );
    const res = await app.inject({ url: '/missing', headers: BROWSER });
    expect(res.body).toBe('<p>custom 404 ERR_NOT_FOUND</p>');
    await app.close();
  });

  it('falls back to a plain 500 when the renderer itself fails, never looping', async () => {
    const app = errorApp('production', (ctx) =>
      ctx.setErrorRenderer('json', () => {
        throw new Error('renderer broke');
      }),
    );
    const res = await app.inject({ url: '/missing', headers: JSON_CLIENT });
    expect(res.statusCode).toBe(500);
    expect(res.body).toBe('Internal Server Error');
    expect(res.headers['x-request-id']).toBeDefined();
    await app.close();
  });

  it('runs onSend hooks on error responses too (security headers), and survives one that fails', async () => {
    const headers = errorApp('production', (ctx) =>
      ctx.addHook('onSend', (req) => void req.reply.header('x-frame-options', 'DENY')),
    );
    const res = await headers.inject({ url: '/missing', headers: JSON_CLIENT });
    expect(res.statusCode).toBe(404);
    expect(res.headers['x-frame-options']).toBe('DENY');
    await headers.close();
    const broken = errorApp('production', (ctx) =>
      ctx.addHook('onSend', () => Promise.reject(new Error('always fails'))),
    );
    const failed = await broken.inject({ url: '/missing', headers: JSON_CLIENT });
    expect(failed.statusCode).toBe(500);
    expect(failed.body).toBe('Internal Server Error');
    await broken.close();
  });
});

describe('HttpError', () => {
  it('refuses an unknown code unless its spec is given', () => {
    expect(() => new HttpError('ERR_NOPE')).toThrow('unknown error code ERR_NOPE');
    const custom = new HttpError(
      'ERR_SESSION_STORE',
      {},
      { status: 503, title: 'Session store down' },
    );
    expect(custom).toMatchObject({
      status: 503,
      title: 'Session store down',
      isClientError: false,
    });
  });
});

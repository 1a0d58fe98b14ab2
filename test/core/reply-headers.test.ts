import http, { type IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { createApp, definePlugin, HttpError, type Application } from '@pith/core';

/**
 * Over a real socket the reply holds its headers and writes them with one writeHead; through
 * inject() (another response class) they go on the response as set. Both must answer the same.
 */
const routes = definePlugin({
  name: 'reply-headers',
  setup(ctx) {
    ctx.addHook('onSend', (c) => {
      if (c.path !== '/on-send-raw') return;
      // What a plugin using the raw response does (the security headers hook).
      c.res.setHeader('x-on-send', 'yes');
      c.res.removeHeader('x-route');
    });
    ctx.setDispatcher((c) => {
      const reply = c.reply;
      switch (c.path) {
        case '/json':
          return reply.header('Server', 'test').json({ a: 1 });
        case '/text':
          return reply.send('héllo');
        case '/bytes':
          return reply.send(Buffer.from('abc'));
        case '/no-content':
          return reply.status(204).send();
        case '/not-modified':
          return reply.status(304).send();
        case '/empty':
          return reply.send();
        case '/redirect':
          return reply.redirect('/json');
        case '/cookies':
          reply.appendHeader('set-cookie', 'a=1').appendHeader('Set-Cookie', 'b=2');
          return reply.send('ok');
        case '/vary':
          reply.appendHeader('vary', 'Accept').appendHeader('Vary', 'accept');
          return reply.appendHeader('vary', 'Origin').send('ok');
        case '/accessors': {
          reply.header('x-a', '1').header('X-B', 2).header('x-gone', 'x').removeHeader('X-Gone');
          const seen = {
            a: reply.getHeader('X-A'),
            b: reply.getHeader('x-b'),
            hasB: reply.hasHeader('x-b'),
            gone: reply.hasHeader('x-gone'),
            names: reply.getHeaderNames().filter((n) => n.startsWith('x-a') || n === 'x-b'),
          };
          return reply.json(seen);
        }
        case '/raw-mix': {
          reply.header('x-a', '1');
          c.res.setHeader('x-b', '2');
          const rawSees = c.res.getHeader('x-a');
          reply.header('x-c', '3');
          c.res.removeHeader('x-a');
          return reply.json({ rawSees, replySees: reply.getHeader('x-b') ?? null });
        }
        case '/on-send-raw':
          return reply.header('x-route', 'r').send('ok');
        case '/stream':
          return reply.header('content-type', 'text/plain').send(Readable.from(['a', 'b']));
        case '/invalid': {
          let code: string | undefined;
          try {
            reply.header('x-bad', 'a\r\nb');
          } catch (error) {
            code = (error as NodeJS.ErrnoException).code;
          }
          return reply.json({ code, set: reply.hasHeader('x-bad') });
        }
        case '/checked-once': {
          // The same valid pair twice is checked once; a bad value or name for it still throws.
          const codes: Array<string | null> = [];
          for (const [name, value] of [
            ['X-Same', 'ok'],
            ['X-Same', 'ok'],
            ['X-Same', 'a\r\nb'],
            ['X-Same ', 'ok'],
            ['X-Same', 'ok'],
          ]) {
            try {
              reply.header(name, value);
              codes.push(null);
            } catch (error) {
              codes.push((error as NodeJS.ErrnoException).code ?? null);
            }
          }
          return reply.json({ codes, value: reply.getHeader('x-same') });
        }
        case '/error':
          reply.header('x-dropped', '1').appendHeader('set-cookie', 's=1');
          throw new HttpError('ERR_NOT_FOUND', { detail: 'gone', headers: { 'x-why': 'test' } });
        default:
          throw new HttpError('ERR_NOT_FOUND');
      }
    });
  },
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function request(port: number, path: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The headers that depend on the transport or the request, not on the reply. */
function comparable(headers: Record<string, unknown>): Record<string, unknown> {
  const { date, connection, 'keep-alive': _k, 'x-request-id': id, ...rest } = headers;
  expect(typeof id).toBe('string');
  void date;
  void connection;
  // node:http's client always gives set-cookie as a list, light-my-request a lone one as text.
  const cookies = rest['set-cookie'];
  if (typeof cookies === 'string') rest['set-cookie'] = [cookies];
  return rest;
}

describe('reply headers over a socket and through inject', () => {
  let app: Application;
  let port: number;
  beforeAll(async () => {
    app = createApp({ env: 'production', logger: { level: 'silent' } }).register(routes);
    port = (await app.listen(0, '127.0.0.1')).port;
  });
  afterAll(() => app.close());

  const paths = [
    '/json',
    '/text',
    '/bytes',
    '/no-content',
    '/not-modified',
    '/empty',
    '/redirect',
    '/cookies',
    '/vary',
    '/accessors',
    '/raw-mix',
    '/on-send-raw',
    '/stream',
    '/invalid',
    '/checked-once',
    '/error',
  ];
  it.each(paths)('%s answers the same both ways', async (path) => {
    for (const method of ['GET', 'HEAD']) {
      const real = await request(port, path, method);
      const injected = await app.inject({ url: path, method: method as 'GET' });
      expect(real.status).toBe(injected.statusCode);
      expect(comparable(real.headers)).toEqual(comparable(injected.headers));
      const ids = /"requestId":"[^"]*"/g;
      const expected = method === 'HEAD' ? '' : injected.body.replace(ids, '');
      expect(real.body.replace(ids, '')).toBe(expected);
    }
  });

  it('writes what each route asked for', async () => {
    const json = await request(port, '/json');
    expect(json.headers).toMatchObject({
      server: 'test',
      'content-type': 'application/json; charset=utf-8',
      'content-length': '7',
    });
    const head = await request(port, '/text', 'HEAD');
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength('héllo')));
    expect((await request(port, '/no-content')).headers['content-length']).toBeUndefined();
    expect((await request(port, '/not-modified')).headers['content-length']).toBeUndefined();
    expect((await request(port, '/empty')).headers['content-length']).toBe('0');
    expect((await request(port, '/cookies')).headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect((await request(port, '/vary')).headers.vary).toBe('Accept, Origin');
    expect(JSON.parse((await request(port, '/accessors')).body)).toEqual({
      a: '1',
      b: 2,
      hasB: true,
      gone: false,
      names: ['x-a', 'x-b'],
    });
    const mix = await request(port, '/raw-mix');
    expect(JSON.parse(mix.body)).toEqual({ rawSees: '1', replySees: '2' });
    expect(mix.headers).toMatchObject({ 'x-b': '2', 'x-c': '3' });
    expect(mix.headers['x-a']).toBeUndefined();
    const onSend = await request(port, '/on-send-raw');
    expect(onSend.headers['x-on-send']).toBe('yes');
    expect(onSend.headers['x-route']).toBeUndefined();
    const stream = await request(port, '/stream');
    expect([stream.body, stream.headers['content-type']]).toEqual(['ab', 'text/plain']);
    expect(JSON.parse((await request(port, '/invalid')).body)).toEqual({
      code: 'ERR_INVALID_CHAR',
      set: false,
    });
    const once = await request(port, '/checked-once');
    expect(JSON.parse(once.body)).toEqual({
      codes: [null, null, 'ERR_INVALID_CHAR', 'ERR_INVALID_HTTP_TOKEN', null],
      value: 'ok',
    });
    expect(once.headers['x-same']).toBe('ok');
    const error = await request(port, '/error');
    expect(error.status).toBe(404);
    expect(error.headers).toMatchObject({ 'set-cookie': ['s=1'], 'x-why': 'test' });
    expect(error.headers['cache-control']).toBe('no-store');
    expect(error.headers['x-dropped']).toBeUndefined();
  });
});

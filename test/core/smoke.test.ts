import { createApp, definePlugin, HttpError } from '@pith/core';

const hello = definePlugin({
  name: 'hello',
  setup(ctx) {
    ctx.setDispatcher((req) => {
      if (req.path === '/boom') throw new Error('secret driver text');
      if (req.path === '/missing')
        throw new HttpError('ERR_NOT_FOUND', { detail: 'No such thing.' });
      return req.reply.json({ message: 'Hello, World!' });
    });
  },
});

describe('a 20-line app', () => {
  it('boots, answers and closes', async () => {
    const app = createApp({ plugins: { hello } });
    const res = await app.inject('/json');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ message: 'Hello, World!' });
    expect(res.headers['x-request-id']).toBeDefined();
    const boom = await app.inject({ url: '/boom', headers: { accept: 'application/json' } });
    expect(boom.statusCode).toBe(500);
    expect(boom.body).not.toContain('secret');
    expect(boom.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const missing = await app.inject({ url: '/missing', headers: { accept: 'text/html' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('No such thing.');
    const address = await app.listen(0, '127.0.0.1');
    const real = await fetch(`http://127.0.0.1:${address.port}/healthz`);
    expect(await real.json()).toEqual({ status: 'ok' });
    await app.close();
  });
});

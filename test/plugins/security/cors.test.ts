import { createApp, definePlugin } from '@pith/core';
import { securityPlugin } from '@pith/security';

const ALLOWED = 'https://app.example.com';

function corsApp(cors: unknown) {
  const dispatcher = definePlugin({
    name: 'dispatcher',
    setup(ctx) {
      ctx.setDispatcher((req) => {
        if (req.path === '/boom') throw new Error('x');
        return req.reply.json({ ok: true });
      });
    },
  });
  return createApp(
    {
      env: 'test',
      logger: { level: 'silent' },
      plugins: { dispatcher, security: [securityPlugin, { csrf: false, cors }] },
    },
    {},
  );
}

const preflight = (origin: string, method = 'PUT', headers?: string) => ({
  method: 'OPTIONS' as const,
  url: '/items',
  headers: {
    origin,
    'access-control-request-method': method,
    ...(headers ? { 'access-control-request-headers': headers } : {}),
  },
});

describe('CORS', () => {
  it('is off by default: no Access-Control-* header, even for a preflight', async () => {
    const app = corsApp(false);
    const res = await app.inject(preflight(ALLOWED));
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const get = await app.inject({ url: '/', headers: { origin: ALLOWED } });
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
    await app.close();
  });

  it('answers a preflight from an allowlisted origin with exactly that origin', async () => {
    const app = corsApp({ origins: [ALLOWED], credentials: true, maxAge: 300 });
    const res = await app.inject(preflight(ALLOWED, 'PUT', 'Content-Type, X-CSRF-Token'));
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['access-control-allow-methods']).toContain('PUT');
    expect(res.headers['access-control-max-age']).toBe('300');
    expect(res.headers.vary).toContain('Origin');
    await app.close();
  });

  it.each([
    ['an unknown origin', 'https://evil.example'],
    ['a suffix match', 'https://app.example.com.evil.example'],
    ['a prefix match', 'https://evilapp.example.com'],
    ['the null origin', 'null'],
    ['another scheme', 'http://app.example.com'],
  ])('never reflects %s', async (_label, origin) => {
    const app = corsApp({ origins: [ALLOWED], credentials: true });
    const pre = await app.inject(preflight(origin));
    expect(pre.statusCode).toBe(403);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const simple = await app.inject({ url: '/', headers: { origin } });
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    expect(simple.headers['access-control-allow-credentials']).toBeUndefined();
    expect(simple.headers.vary).toContain('Origin');
    await app.close();
  });

  it('refuses a preflight asking for a method or header outside the allowlist', async () => {
    const app = corsApp({ origins: [ALLOWED], methods: ['GET', 'POST'] });
    expect((await app.inject(preflight(ALLOWED, 'DELETE'))).statusCode).toBe(403);
    expect((await app.inject(preflight(ALLOWED, 'POST', 'x-admin'))).statusCode).toBe(403);
    await app.close();
  });

  it('keeps CORS headers on error responses for an allowed origin, with Vary: Origin', async () => {
    const app = corsApp({ origins: [ALLOWED] });
    const res = await app.inject({ url: '/boom', headers: { origin: ALLOWED } });
    expect(res.statusCode).toBe(500);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers.vary).toContain('Origin');
    await app.close();
  });

  it('refuses at boot: credentials with "*", "null", patterns and paths', async () => {
    for (const cors of [
      { origins: ['*'], credentials: true },
      { origins: ['null'] },
      { origins: ['https://*.example.com'] },
      { origins: ['https://app.example.com/'] },
    ]) {
      await expect(corsApp(cors).ready()).rejects.toThrow(/plugins\.security\.cors/);
    }
  });

  it('sends the literal "*" (not the request origin) for a public allowlist without credentials', async () => {
    const app = corsApp({ origins: ['*'] });
    const res = await app.inject({ url: '/', headers: { origin: 'https://anyone.example' } });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    await app.close();
  });
});

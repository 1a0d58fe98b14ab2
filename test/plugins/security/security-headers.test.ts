import { createApp, definePlugin, HttpError, type RequestContext } from '@pith/core';
import { securityPlugin } from '@pith/security';
import {
  computeHeaderSet,
  createHeadersHook,
} from '../../../plugins/security/src/security-headers';
import { Browser, createSecurityApp } from '../../security/security-app';
import { rawRequest } from '../../support/raw-request';

const HELMET_DEFAULTS = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

function bareApp(security: Record<string, unknown> = {}, trustProxy = false) {
  const dispatcher = definePlugin({
    name: 'dispatcher',
    setup(ctx) {
      ctx.setDispatcher((req) => {
        if (req.path === '/boom') throw new Error('driver text');
        if (req.path === '/missing') throw new HttpError('ERR_NOT_FOUND');
        req.reply.header('x-powered-by', 'leaky');
        return req.reply.json({ ok: true });
      });
    },
  });
  return createApp(
    {
      env: 'test',
      logger: { level: 'silent' },
      server: { trustProxy },
      plugins: { dispatcher, security: [securityPlugin, { csrf: false, ...security }] },
    },
    {},
  );
}

describe('security headers', () => {
  it('go onto the answers to requests the HTTP parser refuses (431, 400) too', async () => {
    const app = bareApp();
    const { port } = await app.listen(0, '127.0.0.1');
    for (const [request, status] of [
      [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`, 431],
      ['BROKEN\r\n\r\n', 400],
    ] as const) {
      const answer = await rawRequest(port, request);
      expect(answer.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
      const head = answer.slice(0, answer.indexOf('\r\n\r\n')).toLowerCase();
      for (const name of HELMET_DEFAULTS) expect(head).toContain(`\r\n${name}: `);
      expect(head).not.toContain('strict-transport-security');
      expect(head.match(/x-content-type-options/g)).toHaveLength(1);
    }
    await app.close();
  });

  it("sets helmet's default set on success, 404 and 500 responses alike", async () => {
    const app = bareApp();
    for (const [url, status] of [
      ['/', 200],
      ['/missing', 404],
      ['/boom', 500],
    ] as const) {
      const res = await app.inject(url);
      expect(res.statusCode).toBe(status);
      for (const name of HELMET_DEFAULTS) expect(res.headers[name]).toBeDefined();
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
    await app.close();
  });

  it('sends HSTS only over HTTPS, and believes X-Forwarded-Proto only with trustProxy', async () => {
    const plain = bareApp();
    expect((await plain.inject('/')).headers['strict-transport-security']).toBeUndefined();
    const spoofed = await plain.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } });
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
    await plain.close();
    const proxied = bareApp({}, true);
    const res = await proxied.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    await proxied.close();
  });

  it('takes helmet options, and headers: false sends none', async () => {
    const custom = bareApp({
      headers: { frameguard: { action: 'deny' }, contentSecurityPolicy: false },
    });
    const res = await custom.inject('/');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toBeUndefined();
    await custom.close();
    const none = bareApp({ headers: false });
    expect((await none.inject('/')).headers['x-frame-options']).toBeUndefined();
    await none.close();
  });

  it('refuses per-request CSP functions at boot (headers are computed once)', async () => {
    const app = bareApp({
      headers: { contentSecurityPolicy: { directives: { 'img-src': ["'self'", () => 'x'] } } },
    });
    await expect(app.ready()).rejects.toThrow(/img-src holds a function/);
  });

  it('gives views a per-request CSP nonce that the CSP header names', async () => {
    const { app } = await createSecurityApp();
    const browser = new Browser(app);
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const page = await browser.request('GET', '/login', { headers: { accept: 'text/html' } });
      const nonce = /<script nonce="([^"]+)"/.exec(page.body)![1];
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(page.headers['content-security-policy']).toContain(
        `script-src 'self' 'nonce-${nonce}'`,
      );
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
    const json = await browser.request('GET', '/notes');
    expect(json.headers['content-security-policy']).not.toContain('nonce-');
    await app.close();
  });
});

describe('security headers hook', () => {
  it('sets the headers through the reply and never reads ctx.res (the reply writes them once)', () => {
    const set: Array<[string, string]> = [];
    const removed: string[] = [];
    const reply = {
      header: (name: string, value: string) => (set.push([name, value]), reply),
      removeHeader: (name: string) => (removed.push(name), reply),
    };
    const ctx = {
      protocol: 'http',
      state: {},
      reply,
      get res(): never {
        throw new Error('ctx.res read: the held headers would move onto the Node response');
      },
    } as unknown as RequestContext;
    void createHeadersHook(computeHeaderSet({}))(ctx);
    expect(set.map(([name]) => name).sort()).toEqual(HELMET_DEFAULTS);
    expect(removed).toEqual(['x-powered-by']);
  });
});

import path from 'node:path';
import { createApp, type Application } from '@pith/core';
import { Controller, Get, Post, router } from '@pith/router';
import { SESSION_MANAGER, sessionPlugin, type SessionManager } from '@pith/session';
import { securityPlugin } from '@pith/security';
import { Render, viewsPlugin } from '@pith/views';

const BROWSER = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', host: 'localhost' };
const SAME_ORIGIN = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };

@Controller('/')
class PagesController {
  @Get('/login') @Render('login') loginPage() {
    return {};
  }
  @Post('/login') signIn() {
    return { ok: true };
  }
}

/** An app whose error template reads `csrfToken`, with a count of session store writes. */
async function appCountingWrites(): Promise<{ app: Application; writes: () => number }> {
  const app = createApp({
    env: 'test',
    logger: { level: 'silent' },
    plugins: {
      router: [router, { controllers: [PagesController] }],
      session: [sessionPlugin, { secret: 'anonymous-error-pages-secret-0123456789' }],
      views: [viewsPlugin, { dir: path.join(__dirname, 'fixtures/anonymous-views') }],
      security: [securityPlugin, {}],
    },
  });
  await app.ready();
  const store = app.container.resolve<SessionManager>(SESSION_MANAGER).store;
  const write = store.write.bind(store);
  let count = 0;
  store.write = (...args: Parameters<typeof write>) => {
    count++;
    return write(...args);
  };
  return { app, writes: () => count };
}

describe('anonymous error pages', () => {
  it('a visitor without a session gets 404/405 pages with no cookie and no store write', async () => {
    const { app, writes } = await appCountingWrites();
    for (let i = 0; i < 20; i++) {
      const res = await app.inject({ url: `/nope-${i}`, headers: BROWSER });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('<h1>404 Not Found</h1>');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const wrongMethod = await app.inject({ method: 'DELETE', url: '/login', headers: BROWSER });
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers['set-cookie']).toBeUndefined();
    expect(writes()).toBe(0);
    await app.close();
  });

  it('the login page still mints a working token; a signed-in error page gets its token', async () => {
    const { app, writes } = await appCountingWrites();
    const page = await app.inject({ url: '/login', headers: BROWSER });
    expect(page.statusCode).toBe(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const cookie = String(page.headers['set-cookie']).split(';')[0];
    expect(writes()).toBe(1);
    const post = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { ...BROWSER, ...SAME_ORIGIN, cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({}),
    });
    expect(post.statusCode).toBe(403);
    const accepted = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { ...BROWSER, ...SAME_ORIGIN, cookie, 'x-csrf-token': token! },
    });
    expect(accepted.statusCode).toBe(200);
    // With a session, an error page carries the token (its sign-out form needs it).
    const missing = await app.inject({ url: '/nope', headers: { ...BROWSER, cookie } });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toMatch(/name="_csrf" value="[A-Za-z0-9_-]{20,}"/);
    await app.close();
  });
});

import path from 'node:path';
import { IsString, Length } from 'class-validator';
import { createApp, type Application, type InjectResponse, type RequestContext } from '@pith/core';
import { Body, Controller, Ctx, Get, Post } from '@pith/router';
import { Render, viewsPlugin } from '@pith/views';
import { Session, sessionPlugin } from '@pith/session';
import { PrivateRedis, sharedRedisAvailable } from '../../contract/session/redis-test-server';
import { Browser, setCookies, TEST_SECRET } from './session-test-app';

class LoginForm {
  @IsString()
  @Length(1, 40)
  user!: string;
}

@Controller('/')
class AccountController {
  @Get('/public')
  publicPage() {
    return { ok: true };
  }

  @Post('/login')
  async login(@Session() session: Session, @Body() form: LoginForm) {
    await session.regenerate();
    await session.set('user', form.user);
    await session.set('__internal', 'hidden-from-templates');
    await session.flash('info', `Welcome, ${form.user}`);
    return { ok: true };
  }

  @Get('/me')
  async me(@Ctx() ctx: RequestContext) {
    return { user: (await ctx.session.get<string>('user')) ?? null };
  }

  @Get('/home')
  @Render('home')
  home() {
    return {};
  }
}

function app(session: Record<string, unknown> = {}): Application {
  return createApp({
    env: 'test',
    logger: { level: 'silent' },
    plugins: {
      router: { controllers: [AccountController] },
      views: [viewsPlugin, { dir: path.join(__dirname, 'fixtures/views') }],
      session: [sessionPlugin, { secret: TEST_SECRET, ...session }],
    },
  });
}

const json = { 'content-type': 'application/json' };

/** Posts the login form as "ada", with the session cookie when one is given. */
function postLogin(a: Application, cookie?: string): Promise<InjectResponse> {
  return a.inject({
    method: 'POST',
    url: '/login',
    headers: cookie ? { ...json, cookie } : json,
    payload: { user: 'ada' },
  });
}

/** The `name=value` pair of the response's first Set-Cookie header. */
const firstCookie = (res: InjectResponse): string => setCookies(res)[0].split(';')[0];

describe('session with the router and views plugins', () => {
  it('@Session() injects the loaded session; ctx.session reads it in another route', async () => {
    const a = app();
    const browser = new Browser(a);
    const res = await postLogin(a);
    expect(res.statusCode).toBe(200);
    browser.cookie = firstCookie(res);
    expect((await browser.request('GET', '/me')).json()).toEqual({ user: 'ada' });
    expect(setCookies(await a.inject('/public'))).toEqual([]);
    await a.close();
  });

  it('gives templates the session and its flash messages, read once', async () => {
    const a = app();
    const browser = new Browser(a);
    const anonymous = await browser.request('GET', '/home', { accept: 'text/html' });
    expect(anonymous.body).toContain('user=anonymous');
    expect(setCookies(anonymous)).toEqual([]);
    browser.cookie = firstCookie(await postLogin(a));
    const first = await browser.request('GET', '/home', { accept: 'text/html' });
    expect(first.body).toContain('user=ada');
    expect(first.body).toContain('<p class="info">Welcome, ada</p>');
    expect(first.body).not.toContain('hidden-from-templates');
    const second = await browser.request('GET', '/home', { accept: 'text/html' });
    expect(second.body).toContain('user=ada');
    expect(second.body).not.toContain('Welcome');
    await a.close();
  });

  (sharedRedisAvailable('the router + Redis outage test') ? it : it.skip)(
    'with the store down: @Session() routes answer 503, others and pages still answer',
    async () => {
      const redis = await PrivateRedis.create();
      const a = app({ store: 'redis', redis: { url: redis.url, keyPrefix: 'router-test:' } });
      const browser = new Browser(a);
      browser.cookie = firstCookie(await postLogin(a));
      redis.stop();
      try {
        const started = performance.now();
        const failed = await postLogin(a, browser.cookie);
        expect(failed.statusCode).toBe(503);
        expect(performance.now() - started).toBeLessThan(1500);
        expect((await browser.request('GET', '/me')).statusCode).toBe(503);
        expect((await a.inject('/public')).statusCode).toBe(200);
        const page = await browser.request('GET', '/home', { accept: 'text/html' });
        expect(page.statusCode).toBe(200);
        expect(page.body).toContain('user=unknown');
      } finally {
        redis.stop();
        await a.close();
      }
    },
  );
});

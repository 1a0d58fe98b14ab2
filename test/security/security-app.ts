import { EventEmitter } from 'node:events';
import path from 'node:path';
import {
  createApp,
  HttpError,
  type AppConfig,
  type Application,
  type InjectResponse,
  type RequestContext,
} from '@pith/core';
import { Body, Consumes, Controller, Ctx, Get, Post, Query, router } from '@pith/router';
import { sessionPlugin } from '@pith/session';
import {
  Authenticated,
  CsrfExempt,
  CurrentUser,
  PasswordHasher,
  RateLimit,
  csrfToken,
  login,
  logout,
  safeRedirectPath,
  securityPlugin,
} from '@pith/security';
import { Render, viewsPlugin } from '@pith/views';
import { createAttackController } from './attack-controller';

/** A manual clock shared by the session and rate-limit stores: tests move time, never sleep. */
export class TestClock {
  constructor(public current = Date.parse('2030-01-01T09:00:00Z')) {}
  readonly now = (): number => this.current;
  advance(ms: number): void {
    this.current += ms;
  }
}

export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly passwordHash: string;
}

/** The app's data, so a test can assert that a refused request changed nothing. */
export class TestData {
  readonly notes: string[] = [];
  readonly users = new Map<string, TestUser>();
  readonly appointments: unknown[] = [];
  /** Resolvers of requests parked in `GET /attack/wait`. */
  readonly release: Array<() => void> = [];
  /** Emits `parked` when a request starts waiting in `GET /attack/wait`. */
  readonly parked = new EventEmitter();
  webhooks = 0;
  aborted = 0;
}

export const PASSWORD = 'correct horse battery staple';

/** A form field as a string; anything else (an array, an object) as empty. */
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Builds the attack-suite app: router + session + security + views, every route kind. */
export async function createSecurityApp(
  overrides: {
    security?: Record<string, unknown>;
    config?: AppConfig;
  } = {},
): Promise<{ app: Application; data: TestData; clock: TestClock; hasher: PasswordHasher }> {
  const data = new TestData();
  const clock = new TestClock();
  const hasher = new PasswordHasher({ log2N: 10 });
  const ada: TestUser = {
    id: 'u1',
    email: 'ada@example.com',
    passwordHash: await hasher.hash(PASSWORD),
  };
  data.users.set(ada.email, ada);
  const byId = (id: string): TestUser | undefined =>
    [...data.users.values()].find((u) => u.id === id);

  @Controller('/')
  class AuthController {
    @Get('/login')
    @Render('login')
    loginPage() {
      return { title: 'Log in' };
    }

    @Post('/login')
    @Consumes('urlencoded', 'json')
    @RateLimit({
      limit: 3,
      windowMs: 60_000,
      auth: true,
      key: (ctx) =>
        `${ctx.ip}|${text((ctx.body as { email?: unknown } | undefined)?.email).toLowerCase()}`,
    })
    async login(
      @Body() body: Record<string, unknown>,
      @Query('next') next: string | undefined,
      @Ctx() ctx: RequestContext,
    ) {
      const user = data.users.get(text(body.email));
      if (!(await hasher.verify(user?.passwordHash, text(body.password))))
        throw new HttpError('ERR_UNAUTHORIZED', { detail: 'Wrong email or password.' });
      await login(ctx, user!);
      return ctx.reply.redirect(safeRedirectPath(next, '/me'), 303);
    }

    @Post('/logout')
    async logout(@Ctx() ctx: RequestContext) {
      await logout(ctx);
      return { ok: true };
    }

    @Get('/session')
    async session(@Ctx() ctx: RequestContext, @CurrentUser() user: TestUser | undefined) {
      return { csrfToken: await csrfToken(ctx), user: user?.email ?? null };
    }
  }

  @Controller('/')
  class NotesController {
    @Get('/notes')
    list() {
      return { notes: data.notes };
    }

    @Post('/notes')
    @Consumes('json', 'urlencoded')
    @Authenticated()
    add(@Body() body: { text?: unknown }) {
      data.notes.push(String(body.text));
      return { count: data.notes.length };
    }

    @Post('/public-notes')
    @Consumes('json', 'urlencoded')
    addPublic(@Body() body: { text?: unknown }) {
      data.notes.push(String(body.text));
      return { count: data.notes.length };
    }

    @Post('/notes/form')
    @Consumes('urlencoded')
    @Render('login')
    addFromForm(@Body() body: { text?: unknown }) {
      data.notes.push(String(body.text));
      return { title: 'Saved' };
    }

    @Get('/me')
    @Authenticated()
    me(@CurrentUser() user: TestUser) {
      return { email: user.email };
    }

    @Post('/webhook')
    @CsrfExempt()
    webhook() {
      data.webhooks++;
      return { ok: true };
    }

    @Get('/limited')
    @RateLimit({ limit: 2, windowMs: 10_000 })
    limited() {
      return { ok: true };
    }

    @Get('/boom')
    @Render({ html: 'search', layout: false })
    boom() {
      throw new Error('secret driver text at /srv/db.js');
    }
  }

  const app = createApp(
    {
      env: 'test',
      logger: { level: 'silent' },
      ...overrides.config,
      plugins: {
        router: [
          router,
          { controllers: [AuthController, NotesController, createAttackController(data)] },
        ],
        session: [sessionPlugin, { secret: 'attack-suite-secret-0123456789abcdef', clock }],
        views: [viewsPlugin, { dir: path.join(__dirname, 'fixtures/views') }],
        security: [
          securityPlugin,
          {
            auth: { loadUser: (id: string) => byId(id), password: { log2N: 10 } },
            cors: { origins: ['https://app.example.com'], credentials: true },
            ...overrides.security,
            rateLimit: { now: clock.now, ...(overrides.security?.rateLimit as object | undefined) },
          },
        ],
        ...overrides.config?.plugins,
      },
    },
    {},
  );
  await app.ready();
  return { app, data, clock, hasher };
}

/** Cookies across injected requests, like a browser's jar for one site. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(res: InjectResponse): InjectResponse {
    const header = res.headers['set-cookie'];
    for (const line of Array.isArray(header) ? header : header ? [header] : []) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get size(): number {
    return this.cookies.size;
  }
}

/** A browser-like client: keeps cookies, sends same-origin fetch metadata unless told otherwise. */
export class Browser {
  readonly jar = new CookieJar();
  constructor(private readonly app: Application) {}

  async request(
    method: string,
    url: string,
    options: {
      headers?: Record<string, string>;
      form?: Record<string, string>;
      json?: unknown;
    } = {},
  ): Promise<InjectResponse> {
    const headers: Record<string, string> = { host: 'localhost', ...options.headers };
    const cookie = this.jar.header;
    if (cookie && headers.cookie === undefined) headers.cookie = cookie;
    let payload: string | undefined;
    if (options.form) {
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
      payload = new URLSearchParams(options.form).toString();
    } else if (options.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      payload = JSON.stringify(options.json);
    }
    const res = await this.app.inject({ method: method as 'GET', url, headers, payload });
    return this.jar.store(res);
  }

  /** The CSRF token from the login form page (a real render). */
  async formToken(): Promise<string> {
    const page = await this.request('GET', '/login', { headers: { accept: 'text/html' } });
    const match = /name="_csrf" value="([^"]+)"/.exec(page.body);
    if (!match)
      throw new Error(
        `no CSRF field in the login page: ${page.statusCode} ${page.body.slice(0, 200)}`,
      );
    return match[1];
  }

  /** Logs in through the form with a fresh token. */
  async logIn(password = PASSWORD): Promise<InjectResponse> {
    const token = await this.formToken();
    return this.request('POST', '/login', {
      form: { email: 'ada@example.com', password, _csrf: token },
      headers: { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
    });
  }
}

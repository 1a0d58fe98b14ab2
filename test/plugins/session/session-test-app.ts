import { createApp, definePlugin, type Application, type RequestContext } from '@pith/core';
import { sessionPlugin, type SessionConfig } from '@pith/session';
import type { InjectResponse } from '@pith/core';

/** A manual clock: tests move time instead of sleeping. */
export class TestClock {
  constructor(private current = Date.parse('2030-01-01T09:00:00Z')) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789';

type Route = (ctx: RequestContext) => unknown;

/** Routes exercising the session through `ctx.session`, plus one that never touches it. */
const routes: Record<string, Route> = {
  'GET /plain': () => ({ ok: true }),
  'GET /get': async (ctx) => ({ value: (await ctx.session.get(String(ctx.query.key))) ?? null }),
  'POST /set': async (ctx) => {
    await ctx.session.set(String(ctx.query.key), ctx.query.value);
    return { ok: true };
  },
  'POST /login': async (ctx) => {
    await ctx.session.regenerate({ keepData: ctx.query.keep !== 'no' });
    await ctx.session.set('user', String(ctx.query.user ?? 'ada'));
    return { ok: true };
  },
  'GET /whoami': async (ctx) => ({ user: (await ctx.session.get('user')) ?? null }),
  'POST /logout': async (ctx) => {
    await ctx.session.destroy();
    if (ctx.query.flash) await ctx.session.flash('info', String(ctx.query.flash));
    return { ok: true };
  },
  'POST /flash': async (ctx) => {
    await ctx.session.flash(String(ctx.query.kind ?? 'info'), String(ctx.query.text));
    return { ok: true };
  },
  'GET /flash': async (ctx) => ({
    messages: await ctx.session.flash(String(ctx.query.kind ?? 'info')),
  }),
  'POST /set-bigint': async (ctx) => {
    await ctx.session.set('n', 10n);
    return { ok: true };
  },
  'POST /big': async (ctx) => {
    await ctx.session.set('big', 'x'.repeat(Number(ctx.query.size)));
    return { ok: true };
  },
};

/** A plugin answering the test routes above; add it next to the session plugin in an app. */
export const sessionRoutes = definePlugin({
  name: 'test-dispatcher',
  dependencies: ['session'],
  setup(ctx) {
    ctx.setDispatcher(async (req) => {
      const route = routes[`${req.method} ${req.path}`];
      if (!route) return req.reply.status(404).json({ error: 'no route' });
      return req.reply.json(await route(req));
    });
  },
});

/** An app with the session plugin (options as given) and the test routes. */
export function sessionApp(
  options: SessionConfig = {},
  env: 'test' | 'production' | 'development' = 'test',
  trustProxy = false,
): Application {
  return createApp({
    env,
    server: { trustProxy },
    logger: { level: 'silent' },
    plugins: {
      session: [sessionPlugin, { secret: TEST_SECRET, ...options }],
      dispatcher: sessionRoutes,
    },
  });
}

/** The Set-Cookie headers of a response, as a list. */
export function setCookies(res: InjectResponse): string[] {
  const raw = res.headers['set-cookie'];
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
}

/** A one-user cookie jar: keeps the session cookie between requests like a browser. */
export class Browser {
  cookie: string | undefined;

  constructor(private readonly app: Application) {}

  async request(
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string> = {},
  ): Promise<InjectResponse> {
    const res = await this.app.inject({
      method,
      url,
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
    });
    for (const line of setCookies(res)) {
      const pair = line.split(';')[0];
      this.cookie = /Max-Age=0(;|$)/.test(line) ? undefined : pair;
    }
    return res;
  }
}

import { randomBytes } from 'node:crypto';
import { createToken, definePlugin, PithError, type PluginContext } from '@pith/core';
import { DatabaseBackend } from './database-backend';
import { CookieSessionStore, MAX_COOKIE_BYTES } from './cookie-session-store';
import { MemoryBackend } from './memory-backend';
import { RedisBackend } from './redis-backend';
import { ServerSessionStore } from './server-session-store';
import { peekSession, SESSION_STATE } from './session-accessor';
import { SessionKeyring } from './session-keyring';
import { sessionLocals } from './session-locals';
import { revokedSessionEntity, sessionEntity } from './session-entity-loader';
import { SessionManager } from './session-manager';
import { sessionOptionsSchema, type SessionOptions } from './session-options';
import type { SessionBackend, SessionStore } from './session-store';

const SYSTEM_CLOCK = Object.freeze({ now: (): number => Date.now() });

/** The app's session store, e.g. for an admin "sign out everywhere" or tooling. */
export const SESSION_STORE = createToken<SessionStore>('pith:session:store');
/** The app's session manager (settings, clock, cookie rules). */
export const SESSION_MANAGER = createToken<SessionManager>('pith:session:manager');

/**
 * Sessions: `ctx.session` on every request, loaded lazily from the configured store, saved in
 * `onSend` only when something changed.
 *
 * @example
 * createApp({ plugins: { router: { controllers }, session: { store: 'redis', secret } } });
 */
export const sessionPlugin = definePlugin<SessionOptions>({
  name: 'session',
  // Set up after views (to add template locals) and orm (the database store uses it) when enabled.
  after: ['views', 'orm'],
  options: sessionOptionsSchema,
  setup(ctx, options) {
    const keyring = new SessionKeyring(resolveSecrets(ctx, options));
    const store = createStore(ctx, options, keyring);
    const manager = new SessionManager({
      store,
      clock: options.clock ?? SYSTEM_CLOCK,
      idleTimeout: options.idleTimeout,
      absoluteTimeout: options.absoluteTimeout,
      rolling: options.rolling,
      // A refresh interval as long as the idle timeout would let used sessions die.
      touchInterval: Math.min(options.touchInterval, Math.floor(options.idleTimeout / 2)),
      operationTimeout: options.operationTimeout,
      cookie: options.cookie,
    });
    ctx.provide(SESSION_STORE, { useValue: store });
    ctx.provide(SESSION_MANAGER, { useValue: manager });
    // Only a reference is stored per request; the session itself is created on first use.
    ctx.addHook('onRequest', (req) => {
      req.state[SESSION_STATE.manager] = manager;
    });
    ctx.addHook('onSend', (req) => peekSession(req)?.save());
    ctx.addReadinessCheck(`session:${store.kind}`, () => store.check(), {
      timeoutMs: options.operationTimeout,
    });
    store.onStatusChange?.((up, error) => {
      if (up) ctx.logger.info(`the ${store.kind} session store is back`);
      else
        ctx.logger.error(
          { err: error },
          `the ${store.kind} session store is down; routes that use the session answer 503`,
        );
    });
    if (options.locals) addViewLocals(ctx);
    ctx.onReady(() => store.open());
    ctx.onClose(() => store.close());
  },
});

function addViewLocals(ctx: PluginContext): void {
  let views: typeof import('@pith/views') | undefined;
  try {
    // Loaded only to find its token; an app without the views package simply has no locals.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peer, loaded only when needed
    views = require('@pith/views') as typeof import('@pith/views');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    return;
  }
  if (ctx.container.isRegistered(views.VIEWS)) ctx.resolve(views.VIEWS).addLocals(sessionLocals);
}

function resolveSecrets(ctx: PluginContext, options: SessionOptions): string[] {
  const given = options.secret ?? process.env.SESSION_SECRET;
  const list = (Array.isArray(given) ? given : (given ?? '').split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (list.length > 0) {
    const short = list.findIndex((v) => v.length < 32);
    if (short !== -1)
      throw new PithError(
        'ERR_SESSION_CONFIG',
        `SESSION_SECRET item ${short} is shorter than 32 characters; use a long random value (e.g. openssl rand -base64 48)`,
      );
    return list;
  }
  if (ctx.isProduction)
    throw new PithError(
      'ERR_SESSION_CONFIG',
      'plugins.session.secret is missing: production needs a secret (option or SESSION_SECRET, comma-separated to rotate keys)',
    );
  ctx.logger.warn(
    'no session secret (plugins.session.secret / SESSION_SECRET): using a random one, sessions end on restart',
  );
  return [randomBytes(32).toString('base64url')];
}

function createStore(
  ctx: PluginContext,
  options: SessionOptions,
  keyring: SessionKeyring,
): SessionStore {
  if (typeof options.store === 'object') return options.store;
  const kind = options.store ?? (ctx.isProduction ? undefined : 'memory');
  if (kind === undefined || (kind === 'memory' && ctx.isProduction))
    throw new PithError(
      'ERR_SESSION_CONFIG',
      `plugins.session.store is ${kind === undefined ? 'not set' : '"memory"'}; the memory store is for development and tests only and is refused in production: choose "cookie", "redis" or "database"`,
    );
  switch (kind) {
    case 'memory':
      return new ServerSessionStore(new MemoryBackend(options.memory.maxEntries), keyring);
    case 'redis':
      return new ServerSessionStore(redisBackend(options), keyring);
    case 'cookie':
      return new CookieSessionStore(
        keyring,
        cookieValueBudget(options),
        revocationBackend(ctx, options),
      );
    case 'database':
      return new ServerSessionStore(databaseBackend(ctx, options, 'store'), keyring);
  }
}

/** A database backend on `entity` through the orm plugin; `what` and `loader` name it in errors. */
function databaseBackend(
  ctx: PluginContext,
  options: SessionOptions,
  kind: 'store' | 'revocation',
): SessionBackend {
  const [what, loader] =
    kind === 'store'
      ? ['plugins.session.store is "database"', 'sessionEntity()']
      : ['plugins.session.revocation is "database"', 'revokedSessionEntity()'];
  const refuse = (): never => {
    throw new PithError(
      'ERR_SESSION_CONFIG',
      `${what}, which needs the orm plugin: enable plugins.orm and add ${loader} (from @pith/session) to its entities`,
    );
  };
  let orm: typeof import('@pith/orm');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peer, loaded only when needed
    orm = require('@pith/orm') as typeof import('@pith/orm');
  } catch {
    return refuse();
  }
  if (!ctx.container.isRegistered(orm.ORM)) return refuse();
  return new DatabaseBackend(
    ctx.resolve(orm.ORM),
    kind === 'store' ? sessionEntity() : revokedSessionEntity(),
    options.clock ?? SYSTEM_CLOCK,
    options.database.sweepInterval,
    `${what} but the orm plugin does not know its entity; add ${loader} (from @pith/session) to plugins.orm.entities`,
  );
}

function redisBackend(options: SessionOptions): SessionBackend {
  return new RedisBackend(options.redis);
}

function revocationBackend(
  ctx: PluginContext,
  options: SessionOptions,
): SessionBackend | undefined {
  if (options.revocation === 'redis') return redisBackend(options);
  if (options.revocation === 'database') return databaseBackend(ctx, options, 'revocation');
  if (options.revocation === 'memory')
    return new MemoryBackend(options.memory.maxEntries, 'refuse');
  if (ctx.isProduction)
    ctx.logger.warn(
      'cookie sessions without revocation: a cookie copied before logout stays valid until its absolute timeout; set plugins.session.revocation to "redis" or "database" to refuse replays',
    );
  return undefined;
}

function cookieValueBudget(options: SessionOptions): number {
  return MAX_COOKIE_BYTES - `__Host-${options.cookie.name}=`.length;
}

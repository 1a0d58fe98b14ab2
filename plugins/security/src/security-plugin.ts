import { definePlugin, PithError, type PluginContext } from '@pith/core';
import { ROUTER, type RouteDefinition, type RouteHooks } from '@pith/router';
import { getSession, SESSION_MANAGER } from '@pith/session';
import { createAuthenticatedHook } from './authenticated-guard';
import { createCorsHooks } from './cors';
import { createCsrfHook, SAFE_METHODS } from './csrf-guard';
import { createRateLimitStore } from './rate-limit-store-factory';
import { RedisRateLimitStore } from './redis-rate-limit-store';
import { createRateLimitHook, type LimiterSettings } from './rate-limiter';
import { clientErrorHeaders, computeHeaderSet, createHeadersHook } from './security-headers';
import { SECURITY_METADATA, type AuthenticatedRule, type RateLimitRule } from './security-metadata';
import { securityOptionsSchema, type SecurityOptions } from './security-options';
import { SECURITY, Security } from './security-service';
import { SECURITY_STATE } from './security-state';
import type { RequestContext, RequestHook } from '@pith/core';

/**
 * Security on by default: helmet headers on every response, CSRF checks on unsafe requests,
 * rate limits, CORS when configured, and login/logout/`@Authenticated()`.
 *
 * @example
 * createApp({ plugins: { router: { controllers }, session: { store: 'redis' }, security: { cors: { origins: ['https://app.example.com'] } } } });
 */
export const securityPlugin = definePlugin<SecurityOptions>({
  name: 'security',
  after: ['router', 'session', 'views'],
  options: securityOptionsSchema,
  setup(ctx, options) {
    const service = new Security(options);
    ctx.provide(SECURITY, { useValue: service });
    ctx.addHook('onRequest', (req) => {
      req.state[SECURITY_STATE.service] = service;
    });
    if (options.headers !== false) {
      const headers = computeHeaderSet(options.headers);
      ctx.addHook('onSend', createHeadersHook(headers));
      ctx.addClientErrorHeaders(clientErrorHeaders(headers));
    }
    if (options.cors !== false) {
      const cors = createCorsHooks(options.cors);
      ctx.addHook('onRequest', cors.onRequest);
      ctx.addHook('onSend', cors.onSend);
    }
    const limiter = setupRateLimits(ctx, options);
    const hasSession = ctx.container.isRegistered(SESSION_MANAGER);
    if (options.csrf !== false) checkCsrfConfig(options, hasSession);
    if (ctx.container.isRegistered(ROUTER))
      ctx
        .resolve(ROUTER)
        .addRouteHooks((route) => routeHooks(route, ctx, options, service, limiter));
    const views = viewsExtensions(ctx);
    // Chosen at boot: without CSRF the contributor stays synchronous (no promise per page).
    if (views && options.csrf !== false)
      views.addLocals(async (req) => {
        const nonce = service.cspNonce(req);
        return { cspNonce: nonce, csrfToken: await pageCsrfToken(service, req) };
      });
    else if (views) views.addLocals((req) => ({ cspNonce: service.cspNonce(req) }));
  },
});

/**
 * The CSRF token for a rendered page. Minting one creates and stores a session, so a visitor
 * without a session gets it only on a successful page: error pages (404s from scanners) then
 * cost no cookie and no store write. An existing session always gets its token.
 */
async function pageCsrfToken(service: Security, req: RequestContext): Promise<string> {
  if (req.reply.statusCode >= 400) {
    const session = await getSession(req).load();
    if (session.id === undefined) return '';
  }
  return service.csrfToken(req);
}

type ViewsModule = typeof import('@pith/views');

/** The views plugin's extensions when it is enabled; its package is an optional peer. */
function viewsExtensions(ctx: PluginContext): import('@pith/views').ViewsExtensions | undefined {
  let views: ViewsModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peer, loaded only if installed
    views = require('@pith/views') as ViewsModule;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
  return ctx.container.isRegistered(views.VIEWS) ? ctx.resolve(views.VIEWS) : undefined;
}

function setupRateLimits(ctx: PluginContext, options: SecurityOptions): LimiterSettings {
  const { rateLimit } = options;
  const store = createRateLimitStore(rateLimit);
  if (store instanceof RedisRateLimitStore) {
    let lastError = 0;
    const onError = (error: unknown): void => {
      // ioredis emits an error per reconnect attempt; one log line a minute is enough.
      if (Date.now() - lastError < 60_000) return;
      lastError = Date.now();
      ctx.logger.error(
        { err: error },
        'rate-limit Redis unreachable; auth routes answer 503 until it is back',
      );
    };
    ctx.onReady(() => store.connect(onError));
    ctx.addReadinessCheck('security:rate-limit-redis', () => store.check(), { timeoutMs: 1000 });
  }
  if (store.close) ctx.onClose(() => store.close!());
  const settings: LimiterSettings = {
    store,
    logger: ctx.logger,
    headers: rateLimit.headers,
    failClosed: rateLimit.failClosed,
  };
  if (rateLimit.global !== false)
    ctx.addHook(
      'onRequest',
      createRateLimitHook({ ...rateLimit.global, name: 'global' }, 'global', settings),
    );
  return settings;
}

function checkCsrfConfig(options: SecurityOptions, hasSession: boolean): void {
  const csrf = options.csrf;
  if (csrf === false) return;
  if (!hasSession)
    throw new PithError(
      'ERR_CONFIG_INVALID',
      'plugins.security.csrf needs the session plugin (its token lives in, or is bound to, the session): enable plugins.session, or set plugins.security.csrf to false for an app without cookies',
    );
  if (csrf.mode === 'hmac' && !csrf.secrets?.length)
    throw new PithError(
      'ERR_CONFIG_INVALID',
      'plugins.security.csrf.secrets is required in "hmac" mode: a list of keys of at least 32 characters, newest first',
    );
}

function routeHooks(
  route: RouteDefinition,
  ctx: PluginContext,
  options: SecurityOptions,
  service: Security,
  limiter: LimiterSettings,
): RouteHooks | undefined {
  const hooks: RequestHook[] = [];
  const limit = route.getMetadata<RateLimitRule>(SECURITY_METADATA.rateLimit);
  if (limit)
    hooks.push(createRateLimitHook(limit, limit.name ?? `${route.method} ${route.path}`, limiter));
  const csrf = options.csrf;
  const exempt = route.getMetadata<boolean>(SECURITY_METADATA.csrfExempt) === true;
  if (csrf !== false && !exempt && !SAFE_METHODS.has(route.method)) {
    const trusted = new Set([
      ...csrf.trustedOrigins,
      ...(options.cors ? options.cors.origins.filter((o) => o !== '*') : []),
    ]);
    hooks.push(
      createCsrfHook({
        trustedOrigins: trusted,
        allowSameSite: csrf.allowSameSite,
        allowCookieless: csrf.allowCookieless,
        trustProxy: ctx.config.server.trustProxy,
        verifyToken: (req, token) => service.verifyCsrfToken(req, token),
      }),
    );
  }
  const auth = route.getMetadata<AuthenticatedRule>(SECURITY_METADATA.authenticated);
  if (auth) hooks.push(createAuthenticatedHook(service, auth.loginPath ?? options.auth.loginPath));
  return hooks.length > 0 ? { preHandler: hooks } : undefined;
}

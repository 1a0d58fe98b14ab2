import { createHmac } from 'node:crypto';
import { createToken, HttpError, type RequestContext } from '@pith/core';
import { getSession, type Session } from '@pith/session';
import {
  createCsrfSecret,
  createHmacCsrfToken,
  maskCsrfSecret,
  verifyHmacCsrfToken,
  verifyMaskedCsrfToken,
} from './csrf-token';
import { PasswordHasher } from './password-hasher';
import { RandomPool } from './random-pool';
import { cspNonce } from './security-headers';
import type { CsrfOptions, SecurityOptions, UserLoader } from './security-options';
import { SECURITY_STATE } from './security-state';

/** The session key of the CSRF secret; `__` keeps it out of view locals. */
const CSRF_KEY = '__csrf';
/** Marks a session created only to bind HMAC tokens to its id. */
const BOUND_KEY = '__csrfBound';

/** The user an authenticated request carries: what `loadUser` returned, or `{ id }` without one. */
export type CurrentUserValue = unknown;

/**
 * One app's security services: CSRF tokens, login and logout, the current user and the password
 * hasher. Resolve it with {@link SECURITY}, or use the request-level functions (`login(ctx, user)`).
 */
export class Security {
  readonly passwords: PasswordHasher;
  /** @internal random bytes for CSP nonces and CSRF masks */
  readonly random = new RandomPool();
  private readonly hmacKeys: readonly Buffer[];
  private readonly csrf: CsrfOptions | false;
  private readonly sessionKey: string;
  private readonly loadUser: UserLoader | undefined;

  constructor(options: SecurityOptions) {
    this.csrf = options.csrf;
    this.sessionKey = options.auth.sessionKey;
    this.loadUser = options.auth.loadUser;
    this.passwords = new PasswordHasher(options.auth.password);
    // Derived once: each configured secret becomes a key used only for CSRF tokens.
    this.hmacKeys = (this.csrf ? (this.csrf.secrets ?? []) : []).map((secret) =>
      createHmac('sha256', secret).update('pith:csrf').digest(),
    );
  }

  /**
   * A CSRF token for forms and `X-CSRF-Token` (each call a new masked value; all stay valid for
   * the session). Creates the session when there is none yet.
   */
  async csrfToken(ctx: RequestContext): Promise<string> {
    const session = getSession(ctx);
    if (this.csrf && this.csrf.mode === 'hmac')
      return createHmacCsrfToken(this.hmacKeys[0], await this.boundId(session));
    let secret = await session.get<string>(CSRF_KEY);
    if (typeof secret !== 'string') {
      secret = createCsrfSecret();
      await session.set(CSRF_KEY, secret);
    }
    return maskCsrfSecret(secret, this.random);
  }

  /** Whether `token` is valid for this request's session. */
  async verifyCsrfToken(ctx: RequestContext, token: string): Promise<boolean> {
    const session = getSession(ctx);
    if (this.csrf && this.csrf.mode === 'hmac') {
      await session.load();
      const id = session.id;
      return id !== undefined && verifyHmacCsrfToken(token, this.hmacKeys, id);
    }
    const secret = await session.get<string>(CSRF_KEY);
    return typeof secret === 'string' && verifyMaskedCsrfToken(token, secret);
  }

  /** The per-request CSP nonce for `<script nonce="…">`. */
  cspNonce(ctx: RequestContext): string {
    return cspNonce(ctx);
  }

  /**
   * Logs `user` in: a new session id (the old one dies: no session fixation), the user's id in
   * the session, and a new CSRF secret (tokens from before login stop working).
   */
  async login(ctx: RequestContext, user: { readonly id: string | number }): Promise<void> {
    if (
      user === null ||
      typeof user !== 'object' ||
      (typeof user.id !== 'string' && typeof user.id !== 'number')
    )
      throw new TypeError('login(ctx, user) needs a user with a string or number id');
    const session = getSession(ctx);
    await session.regenerate({ keepData: false });
    await session.set(this.sessionKey, String(user.id));
    if (this.csrf && this.csrf.mode === 'session') await session.set(CSRF_KEY, createCsrfSecret());
    ctx.state[SECURITY_STATE.user] = user;
  }

  /** Logs out: the session is destroyed in the store and its cookie cleared. */
  async logout(ctx: RequestContext): Promise<void> {
    await getSession(ctx).destroy();
    ctx.state[SECURITY_STATE.user] = null;
  }

  /** The logged-in user, loaded once per request; undefined for anonymous requests. */
  async currentUser<U = CurrentUserValue>(ctx: RequestContext): Promise<U | undefined> {
    const cached = ctx.state[SECURITY_STATE.user];
    if (cached !== undefined) return (cached ?? undefined) as U | undefined;
    // No cookie: no session to read, so no store I/O for anonymous API clients.
    const id = ctx.req.headers.cookie
      ? await getSession(ctx).get<string>(this.sessionKey)
      : undefined;
    let user: unknown = null;
    if (typeof id === 'string')
      user = this.loadUser ? ((await this.loadUser(id, ctx)) ?? null) : { id };
    ctx.state[SECURITY_STATE.user] = user;
    return (user ?? undefined) as U | undefined;
  }

  /** The current user, or a 401 for code paths that require one. */
  async requireUser<U = CurrentUserValue>(ctx: RequestContext): Promise<U> {
    const user = await this.currentUser<U>(ctx);
    if (user === undefined)
      throw new HttpError('ERR_UNAUTHORIZED', { detail: 'Log in to continue.' });
    return user;
  }

  private async boundId(session: Session): Promise<string> {
    await session.load();
    if (session.id === undefined) {
      // A new session gets its id only when saved; give it one now and a value so it is saved.
      await session.regenerate();
      await session.set(BOUND_KEY, true);
    }
    return session.id!;
  }
}

/** The app's {@link Security} service in the container. */
export const SECURITY = createToken<Security>('pith:security');

/** The request's {@link Security} service (set by the plugin in onRequest). */
export function securityOf(ctx: RequestContext): Security {
  const service = ctx.state[SECURITY_STATE.service] as Security | undefined;
  if (!service)
    throw new HttpError('ERR_INTERNAL', {
      detail: 'the security plugin is not enabled in this app (add plugins.security)',
    });
  return service;
}

import { isHttpError, type RequestContext } from '@pith/core';
import { readCookie, serializeCookie, type SessionCookieOptions } from './session-cookie';
import { storeUnavailable } from './session-errors';
import type { SessionStore } from './session-store';

/** Where the session plugin reads the time; tests pass a manual clock instead of sleeping. */
export interface SessionClock {
  now(): number;
}

/** The settings one app's sessions run with, fixed at boot. */
export interface SessionSettings {
  readonly store: SessionStore;
  readonly clock: SessionClock;
  /** A session unused for this long dies (ms). */
  readonly idleTimeout: number;
  /** A session dies this long after it was created or regenerated, used or not (ms). */
  readonly absoluteTimeout: number;
  /** Extend the idle deadline on every request that uses the session. */
  readonly rolling: boolean;
  /** A rolling refresh rewrites the session at most this often (ms), to spare the store. */
  readonly touchInterval: number;
  /** Every store call fails with a 503 after this long (ms). */
  readonly operationTimeout: number;
  readonly cookie: SessionCookieOptions;
}

/**
 * One app's session machinery: the store behind a bounded timeout, the clock and the cookie
 * rules. Built once at boot; every {@link SessionHandle} of the app shares it.
 */
export class SessionManager {
  private readonly plainName: string;
  private readonly hostName: string;

  constructor(readonly settings: SessionSettings) {
    this.plainName = settings.cookie.name;
    this.hostName = `__Host-${settings.cookie.name}`;
  }

  get store(): SessionStore {
    return this.settings.store;
  }

  now(): number {
    return this.settings.clock.now();
  }

  /** When a session with these times dies: the earlier of its idle and absolute deadlines. */
  expiresAt(createdAt: number, lastSeen: number): number {
    const { idleTimeout, absoluteTimeout } = this.settings;
    return Math.min(lastSeen + idleTimeout, createdAt + absoluteTimeout);
  }

  isSecure(ctx: RequestContext): boolean {
    return this.settings.cookie.secure === 'always' || ctx.protocol === 'https';
  }

  /** `__Host-` binds the cookie to this host over HTTPS: no subdomain can plant or read it. */
  cookieName(ctx: RequestContext): string {
    return this.isSecure(ctx) ? this.hostName : this.plainName;
  }

  readCookie(ctx: RequestContext): string | undefined {
    const value = readCookie(ctx.header('cookie'), this.cookieName(ctx));
    return value === '' ? undefined : value;
  }

  setCookie(ctx: RequestContext, value: string, maxAgeMs: number): void {
    const { sameSite } = this.settings.cookie;
    ctx.reply.appendHeader(
      'set-cookie',
      serializeCookie(this.cookieName(ctx), value, maxAgeMs / 1000, sameSite, this.isSecure(ctx)),
    );
  }

  clearCookie(ctx: RequestContext): void {
    this.setCookie(ctx, '', 0);
  }

  /**
   * Runs a store call with the operation timeout. A store that is down or slow becomes a 503
   * for this request only: there is no silent fall-through to an anonymous session.
   */
  async bounded<T>(work: () => Promise<T>): Promise<T> {
    const ms = this.settings.operationTimeout;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`the ${this.store.kind} session store did not answer within ${ms} ms`)),
        ms,
      );
    });
    try {
      return await Promise.race([work(), timeout]);
    } catch (error) {
      if (isHttpError(error)) throw error;
      throw storeUnavailable(error);
    } finally {
      clearTimeout(timer);
    }
  }
}

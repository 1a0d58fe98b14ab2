import { HttpError, RequestContext } from '@pith/core';
import { SessionErrors } from './session-errors';
import type { SessionManager } from './session-manager';
import { SessionHandle } from './session';

/** Keys of the plugin's per-request values in `ctx.state`. */
export const SESSION_STATE = Object.freeze({
  manager: Symbol('pith.session.manager'),
  session: Symbol('pith.session.handle'),
});

/**
 * The request's session handle, created on first use (creating it does no I/O). Same as
 * `ctx.session`, for code that prefers a plain function.
 */
export function getSession(ctx: RequestContext): SessionHandle {
  const state = ctx.state;
  const existing = state[SESSION_STATE.session] as SessionHandle | undefined;
  if (existing) return existing;
  const manager = state[SESSION_STATE.manager] as SessionManager | undefined;
  if (!manager) {
    throw new HttpError(
      'ERR_SESSION_NOT_ENABLED',
      {
        detail:
          'ctx.session was used, but the session plugin is not enabled in this app ' +
          '(add plugins.session), or a plugin used it in onRequest before the session plugin ran',
      },
      SessionErrors.ERR_SESSION_NOT_ENABLED,
    );
  }
  const session = new SessionHandle(manager, ctx);
  state[SESSION_STATE.session] = session;
  return session;
}

/** The handle if this request created one, without creating it (for hooks that only observe). */
export function peekSession(ctx: RequestContext): SessionHandle | undefined {
  return ctx.state[SESSION_STATE.session] as SessionHandle | undefined;
}

declare module '@pith/core' {
  interface RequestContext {
    /** This request's session (session plugin); lazy, see {@link SessionHandle}. */
    readonly session: SessionHandle;
  }
}

// A stateless accessor, the same for every app in the process: the per-app part (the manager)
// arrives per request through ctx.state, so many apps can share the class safely.
if (!Object.prototype.hasOwnProperty.call(RequestContext.prototype, 'session')) {
  Object.defineProperty(RequestContext.prototype, 'session', {
    configurable: true,
    enumerable: false,
    get(this: RequestContext): SessionHandle {
      return getSession(this);
    },
  });
}

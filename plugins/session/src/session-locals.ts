import type { RequestContext } from '@pith/core';
import { getSession, peekSession, SESSION_STATE } from './session-accessor';
import type { SessionManager } from './session-manager';

/**
 * What templates see: a copy of the session values (without `__`-prefixed internal keys) and
 * the pending flash messages by kind.
 */
export interface SessionLocals {
  readonly session: Readonly<Record<string, unknown>> | undefined;
  readonly flash: Readonly<Record<string, string[]>>;
}

const EMPTY: SessionLocals = Object.freeze({
  session: Object.freeze({}),
  flash: Object.freeze({}),
});
const UNAVAILABLE: SessionLocals = Object.freeze({ session: undefined, flash: Object.freeze({}) });

/**
 * Template locals for the views plugin (registered automatically when views is enabled). A
 * visitor with no session cookie costs nothing; otherwise the session is loaded and the flash
 * messages are handed to the template, which consumes them.
 *
 * A template only displays; it never decides access. So when the store is down the page still
 * renders, with `session` undefined and no messages (kept for later), instead of turning every
 * HTML page into a 503; routes that read the session themselves still answer 503.
 */
export function sessionLocals(
  ctx: RequestContext,
): SessionLocals | Promise<SessionLocals> | undefined {
  const manager = ctx.state[SESSION_STATE.manager] as SessionManager | undefined;
  if (!manager) return undefined;
  if (!peekSession(ctx) && manager.readCookie(ctx) === undefined) return EMPTY;
  return read(ctx);
}

async function read(ctx: RequestContext): Promise<SessionLocals> {
  const session = getSession(ctx);
  try {
    await session.load();
  } catch (error) {
    ctx.log.warn({ err: error }, 'session store unavailable while rendering; session locals empty');
    return UNAVAILABLE;
  }
  const values = await session.all();
  // `__`-prefixed keys are other plugins' internals (the CSRF secret): never handed to templates.
  for (const key of Object.keys(values)) if (key.startsWith('__')) delete values[key];
  return { session: values, flash: await session.readFlash() };
}

import type { RequestContext } from '@pith/core';
import type { SessionHandle } from './session';
import { getSession } from './session-accessor';

/** The session of a request, as `ctx.session` and `@Session()` give it. */
export type Session = SessionHandle;

function loadSession(ctx: RequestContext): Promise<SessionHandle> {
  return getSession(ctx).load();
}

/**
 * Injects the request's session, already loaded: a store that is down answers 503 before the
 * handler runs. Needs the router plugin (loaded only when this decorator is used).
 *
 * @example
 * @Post('/login')
 * async login(@Session() session: Session, @Body() form: LoginForm) {
 *   await session.regenerate();
 *   await session.set('userId', (await this.users.verify(form)).id);
 * }
 */
export function Session(): ParameterDecorator {
  // Required here, not at the top: an app without the router can still use ctx.session.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peer, loaded only when @Session() is used
  const { createParamDecorator } = require('@pith/router') as typeof import('@pith/router');
  return createParamDecorator<undefined, SessionHandle>(loadSession)();
}

import type { RequestContext } from '@pith/core';
import { createParamDecorator } from '@pith/router';
import { securityOf, type CurrentUserValue } from './security-service';

/**
 * Logs `user` in for this request's client: new session id, user id stored, CSRF secret rotated.
 *
 * @example
 * if (await passwords.verify(user?.passwordHash, body.password)) await login(ctx, user!);
 */
export function login(ctx: RequestContext, user: { readonly id: string | number }): Promise<void> {
  return securityOf(ctx).login(ctx, user);
}

/** Logs out: destroys the session and clears its cookie. */
export function logout(ctx: RequestContext): Promise<void> {
  return securityOf(ctx).logout(ctx);
}

/** A fresh masked CSRF token for this request's session (e.g. for `GET /session` in an SPA). */
export function csrfToken(ctx: RequestContext): Promise<string> {
  return securityOf(ctx).csrfToken(ctx);
}

/** The logged-in user of the request, or undefined. */
export function currentUser<U = CurrentUserValue>(ctx: RequestContext): Promise<U | undefined> {
  return securityOf(ctx).currentUser<U>(ctx);
}

/**
 * The logged-in user as a handler parameter (undefined when anonymous; pair with
 * `@Authenticated()` to require one).
 *
 * @example
 * @Get('/me') @Authenticated() me(@CurrentUser() user: User) { return user; }
 */
export const CurrentUser = createParamDecorator<undefined, unknown>((ctx) => currentUser(ctx));

import { HttpError, inject, type RequestContext } from '@pith/core';
import { Body, Consumes, Controller, Ctx, Get, Post, Query, UseInterceptors } from '@pith/router';
import {
  Authenticated,
  clientKey,
  safeRedirectPath,
  SECURITY,
  type Security,
} from '@pith/security';
import { Render } from '@pith/views';
import { renderFormOnInvalid } from '../http/form-errors.interceptor';
import { rewordFieldErrors } from '../http/field-messages.interceptor';
import { htmlOnly } from '../http/html-only.interceptor';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { LoginThrottle, throttleHeaders } from './login-throttle';
import { LoginInput } from './login.dto';

const INVALID = 'Invalid username or password.';
const AFTER_LOGIN = '/appointments';

function loginPage(next: unknown, username: unknown, error?: string): Record<string, unknown> {
  return {
    title: 'Sign in',
    next: safeRedirectPath(next, AFTER_LOGIN),
    username: typeof username === 'string' ? username : '',
    error,
  };
}

/** A field sign-in does not take is named plainly (not "property x should not exist"). */
const loginMessages = rewordFieldErrors(
  {},
  { names: ['username', 'password', 'next'], taker: 'sign-in', kind: 'field' },
);

const loginFormAgain = renderFormOnInvalid((ctx) => {
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  return loginPage(body.next, body.username, INVALID);
});

/** Signing in and out, and the session as API clients see it. */
@Controller('/')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    @inject(SECURITY) private readonly security: Security,
    private readonly throttle: LoginThrottle,
  ) {}

  /**
   * Offers HTML, JSON and XML like every page, so `Accept` is negotiated (a browser's
   * `application/xml;q=0.9` is not a request for XML) and the answer varies on it: signed out,
   * HTML gets 303 to the login page and JSON/XML 401 (the guard); signed in, 303 to the list.
   * The templates are never rendered.
   */
  @Get('/')
  @Authenticated()
  @Render({ html: 'home', xml: 'home.xml' })
  async home(@Ctx() ctx: RequestContext): Promise<undefined> {
    await ctx.reply.redirect(AFTER_LOGIN, 303);
    return undefined;
  }

  @Get('/login')
  @UseInterceptors(htmlOnly)
  @Render('auth/login')
  loginForm(@Query('next') next?: string): unknown {
    return loginPage(next, '');
  }

  @Post('/login')
  @Consumes('urlencoded', 'json')
  @UseInterceptors(loginFormAgain, loginMessages)
  @Render('auth/login')
  async login(@Body() input: LoginInput, @Ctx() ctx: RequestContext): Promise<unknown> {
    const address = clientKey(ctx.ip);
    const refused = await this.throttle.refusal(address, input.username);
    if (refused) {
      const minutes = Math.ceil(refused.wait / 60);
      const detail = `Too many failed sign-in attempts; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
      const headers = throttleHeaders(refused.wait, refused.limit);
      if (ctx.format !== 'html') throw new HttpError('ERR_TOO_MANY_REQUESTS', { detail, headers });
      // A browser gets the form again with the reason, not an error page.
      ctx.reply.status(429);
      for (const name in headers) ctx.reply.header(name, headers[name]);
      return loginPage(input.next, input.username, detail);
    }
    const user = await this.users.verify(input.username, input.password);
    if (!user) {
      const headers = await this.throttle.fail(address, input.username);
      if (ctx.format !== 'html')
        throw new HttpError('ERR_UNAUTHORIZED', { detail: INVALID, headers });
      ctx.reply.status(401);
      for (const name in headers) ctx.reply.header(name, headers[name]);
      return loginPage(input.next, input.username, INVALID);
    }
    await this.throttle.succeed(address, input.username);
    await this.security.login(ctx, user);
    if (ctx.format !== 'html') return { user: { username: user.username } };
    await ctx.reply.redirect(safeRedirectPath(input.next, AFTER_LOGIN), 303);
    return undefined;
  }

  @Get('/session')
  async session(@Ctx() ctx: RequestContext): Promise<unknown> {
    const user = await this.security.currentUser<User>(ctx);
    return {
      user: user ? { username: user.username } : null,
      csrfToken: await this.security.csrfToken(ctx),
    };
  }

  @Post('/logout')
  @Consumes('urlencoded', 'json')
  async logout(@Body() _form: unknown, @Ctx() ctx: RequestContext): Promise<undefined> {
    await this.security.logout(ctx);
    await ctx.reply.redirect('/login', 303);
    return undefined;
  }
}
